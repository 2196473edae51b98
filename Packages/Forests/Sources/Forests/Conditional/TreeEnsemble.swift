/// A forest whose trees can be evaluated one at a time: what a conditional forest draws
/// from. Random forests (classification: class probabilities; regression: target
/// vectors) conform.
public protocol TreeEnsemble: Sendable {
    var treeCount: Int { get }
    /// Length of one tree's output: the class count, or the target dimension.
    var outputCount: Int { get }
    /// Adds tree `tree`'s output for one sample (its `featureCount` values) into `into`.
    func accumulate(tree: Int, sample: UnsafePointer<Float>, into: UnsafeMutablePointer<Float>)
}
