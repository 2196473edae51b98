import Tensor

/// Classification accuracy of `model` on a labelled data set, in evaluation mode without
/// recording; batches keep memory flat on large sets.
public func classificationAccuracy(_ model: any Layer, on dataset: TensorDataset, batchSize: Int = 256) throws -> Double {
    guard let labels = dataset.labels else {
        throw NNError.invalidArgument("classificationAccuracy needs a data set with labels")
    }
    let wasTraining = model.isTraining
    model.eval()
    defer { model.train(wasTraining) }
    var correct = 0
    try Autograd.noGrad {
        var start = 0
        while start < dataset.count {
            let end = Swift.min(dataset.count, start + batchSize)
            let batch = try dataset.batch(at: Array(start..<end))
            let predicted = try model(Variable(batch.inputs)).value.argmax(alongAxis: 1)
            for (i, p) in predicted.values.enumerated() where p == labels.values[start + i] { correct += 1 }
            start = end
        }
    }
    return Double(correct) / Double(Swift.max(1, dataset.count))
}
