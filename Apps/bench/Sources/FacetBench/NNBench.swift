import Foundation
import NN
import Tensor

/// One training step of a small CNN (the shape tools/peers/nn.py trains in PyTorch).
enum NNBench {
    static func run(_ args: [String]) throws {
        let steps = args.firstIndex(of: "--steps").flatMap { Int(args[$0 + 1]) } ?? 30
        if let i = args.firstIndex(of: "--safetensors-roundtrip"), i + 2 < args.count {
            // Read a file the Python package wrote and write it back with Facet's writer;
            // the peer script then checks the result bit for bit.
            let file = try SafetensorsFile(contentsOf: URL(fileURLWithPath: args[i + 1]))
            try file.write(to: URL(fileURLWithPath: args[i + 2]))
        }
        Initializer.seed(0)
        let model = Sequential([
            Conv2d(1, 32, kernel: 3, padding: 1), ReLU(), MaxPool2d(kernel: 2),
            Conv2d(32, 64, kernel: 3, padding: 1), ReLU(), MaxPool2d(kernel: 2),
            Flatten(), Linear(64 * 7 * 7, 10),
        ])
        let optimizer = try SGD(model.namedParameters(), learningRate: 0.01, momentum: 0.9)
        var rng = RandomGenerator(seed: 0)
        let x = Variable(rng.normal([64, 1, 28, 28]))
        let labels = IndexTensor((0..<64).map { _ in rng.integer(in: 0..<10) })

        func step() throws {
            optimizer.zeroGrad()
            let loss = try Loss.crossEntropy(logits: model(x), labels: labels)
            try loss.backward()
            try optimizer.step()
        }
        let seconds = try medianTime(warmup: 5, repeats: steps, step)
        report("blas_core", BLAS.coreName)
        report("train_step_ms", seconds * 1e3)
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        report("peak_rss_mb", Double(usage.ru_maxrss) / 1024, digits: 1)
    }
}
