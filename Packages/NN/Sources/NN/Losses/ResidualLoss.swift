import Tensor

extension Loss {
    /// A loss ℓ(d) applied to every residual d = prediction − target (broadcast together),
    /// with its derivative ℓ′ given explicitly: one graph node instead of a chain of ops, and
    /// piecewise losses need no masks. ∂/∂prediction = ℓ′(d), ∂/∂target = −ℓ′(d).
    static func residualLoss(_ prediction: Variable, _ target: Variable, op: String, reduction: LossReduction,
                             value: (Float) -> Float, derivative: @escaping (Float) -> Float) throws -> Variable {
        let residual: Tensor
        do {
            residual = try prediction.value - target.value
        } catch {
            throw NNError.invalidArgument("\(op): prediction of shape \(prediction.shape) and target of shape \(target.shape) do not broadcast together; pass a target of the prediction's shape")
        }
        let (predictionShape, targetShape) = (prediction.shape, target.shape)
        let losses = Variable(residual.map(value), parents: [prediction, target]) { g in
            let local = try g * residual.map(derivative)
            return [prediction.requiresGrad ? try local.summed(toShape: predictionShape) : nil,
                    target.requiresGrad ? try (-local).summed(toShape: targetShape) : nil]
        }
        return reduction.apply(losses)
    }
}
