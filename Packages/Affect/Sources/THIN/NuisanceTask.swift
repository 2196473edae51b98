import Tensor

/// One split of a reproduction task: inputs, class labels, and the nuisance variable as
/// numbers (angle (cos θ, sin θ), log scale, identity shape parameters). The nuisance numbers
/// serve as the oracle gate's input and as the target of the leakage probe.
struct NuisanceSplit {
    let x: Tensor
    let y: [Int]
    let nuisance: Tensor
    /// Nuisance classes (identities) when E learns by classification; nil for regression.
    var nuisanceClasses: [Int]? = nil

    var count: Int { y.count }
}

/// A task of the reproduction: train / validation / test splits of inputs whose labels are
/// independent of a nuisance variable that changes how every class looks. Hyperparameters are
/// chosen on `validation`; `test` is only scored.
struct NuisanceTask {
    let train: NuisanceSplit
    let validation: NuisanceSplit
    let test: NuisanceSplit
}
