import Tensor

/// Reference models for scikit-learn's 8x8 digits: small, quick to train on a CPU, and
/// the base of the compression model zoo.
public enum DigitsModels {
    /// 64 -> 256 -> 10 with ReLU and dropout; input [N, 64].
    public static func mlp() -> Sequential {
        Sequential([Linear(64, 256), ReLU(), Dropout(0.2), Linear(256, 10)])
    }

    /// Three 3x3 convolutions with batch norm, one 2x2 max-pool, and a linear classifier;
    /// input [N, 1, 8, 8].
    public static func cnn() -> Sequential {
        Sequential([
            Conv2d(1, 32, kernel: 3, padding: 1), BatchNorm(32), ReLU(),
            Conv2d(32, 64, kernel: 3, padding: 1), BatchNorm(64), ReLU(), MaxPool2d(kernel: 2),
            Conv2d(64, 64, kernel: 3, padding: 1), BatchNorm(64), ReLU(),
            Flatten(), Dropout(0.3), Linear(64 * 4 * 4, 10),
        ])
    }
}
