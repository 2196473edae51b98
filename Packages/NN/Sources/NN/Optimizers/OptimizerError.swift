/// Errors of optimizer steps, saved optimizer state and hyperparameters.
public enum OptimizerError: Error, Equatable, CustomStringConvertible {
    /// A gradient held NaN or ±inf; the step changed nothing.
    case nonFiniteGradient(parameter: String)
    /// The global gradient norm was NaN or ±inf (from `clipGradientNorm(errorIfNonFinite: true)`).
    case nonFiniteGradientNorm
    /// A gradient or a parameter's saved state does not have the parameter's shape.
    case shape(key: String, expected: [Int], found: [Int])
    /// A saved state lacks keys the optimizer needs or holds keys it does not know.
    case stateMismatch(missing: [String], unexpected: [String])
    case invalidHyperparameter(String)

    public var description: String {
        switch self {
        case .nonFiniteGradient(let name):
            return "the gradient of '\(name)' holds NaN or infinity, so the optimizer step was skipped and no parameter changed; lower the learning rate, clip gradients (clipGradientNorm), or check the loss for log(0) or division by zero"
        case .nonFiniteGradientNorm:
            return "the total gradient norm is NaN or infinite; lower the learning rate or check the loss for log(0) or division by zero"
        case .shape(let key, let expected, let found):
            return "'\(key)' has shape \(found) but its parameter has shape \(expected); if the model was changed (pruned, resized) since, create a new optimizer"
        case .stateMismatch(let missing, let unexpected):
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing keys: " + missing.joined(separator: ", ")) }
            if !unexpected.isEmpty { parts.append("unexpected keys: " + unexpected.joined(separator: ", ")) }
            return "the saved optimizer state does not match this optimizer (\(parts.joined(separator: "; "))); was it saved by another optimizer type or for other parameters?"
        case .invalidHyperparameter(let message):
            return message
        }
    }
}
