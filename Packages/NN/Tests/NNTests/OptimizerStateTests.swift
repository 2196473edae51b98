import XCTest
@testable import NN
import Tensor

/// Export → import → continue gives bit-identical results to an uninterrupted run.
final class OptimizerStateTests: XCTestCase {
    /// A small model whose gradients depend on its weights, so any state error shows.
    final class Model: Module {
        let w = Variable(Tensor([0.5, -1.5, 2]), requiresGrad: true)
        let b = Variable(Tensor([0.1, 0.2, 0.3, -0.4]), requiresGrad: true)
        let frozenUntilLater = Variable(Tensor([1]), requiresGrad: true)

        func loss(step: Int) throws -> Variable {
            let target = Variable(Tensor([1, Float(step % 3), -1]))
            var total = try ((w - target).squared() * (w.tanh() + 2)).sum() + (b.exp() - 1).squared().sum()
            if step >= 3 { total = try total + frozenUntilLater.squared().sum() }   // no gradient before step 3
            return total
        }
    }

    func train(_ model: Model, _ optimizer: any Optimizer, steps: Range<Int>) throws {
        for step in steps {
            optimizer.zeroGrad()
            try model.loss(step: step).backward()
            try optimizer.step()
        }
    }

    func copy(_ model: Model) throws -> Model {
        let fresh = Model()
        try fresh.loadStateDict(model.stateDict())
        return fresh
    }

    func checkResume(_ make: (Model) throws -> any Optimizer, file: StaticString = #filePath, line: UInt = #line) throws {
        let uninterrupted = Model()
        let full = try make(uninterrupted)
        try train(uninterrupted, full, steps: 0..<8)

        let first = Model()
        let firstOptimizer = try make(first)
        try train(first, firstOptimizer, steps: 0..<2)
        let savedState = firstOptimizer.state()
        let resumed = try copy(first)
        // Another configuration on purpose: loading restores the saved hyperparameters.
        let resumedOptimizer = try make(resumed)
        resumedOptimizer.learningRate = 123
        try resumedOptimizer.load(state: savedState)
        try train(resumed, resumedOptimizer, steps: 2..<8)

        for (name, value) in uninterrupted.stateDict() {
            XCTAssertEqual(resumed.stateDict()[name], value, "\(name) differs after resuming", file: file, line: line)
        }
        XCTAssertEqual(resumedOptimizer.state(), full.state(), file: file, line: line)
    }

    func testSGDResumesExactly() throws {
        try checkResume { try SGD($0.namedParameters(), learningRate: 0.05, momentum: 0.9, weightDecay: 1e-3, nesterov: true) }
        try checkResume { try SGD($0.parameters(), learningRate: 0.05, momentum: 0.5, dampening: 0.2) }
    }

    func testAdamAndAdamWResumeExactly() throws {
        try checkResume { try Adam($0.namedParameters(), learningRate: 0.05, weightDecay: 1e-2) }
        try checkResume { try AdamW($0.namedParameters(), learningRate: 0.05, beta1: 0.8, weightDecay: 0.1) }
    }

    func testStateKeysAndScalars() throws {
        let model = Model()
        let optimizer = try Adam(model.namedParameters(), learningRate: 0.01)
        try train(model, optimizer, steps: 0..<1)
        let state = optimizer.state()
        XCTAssertEqual(Set(state.keys), ["lr", "beta1", "beta2", "eps", "weight_decay", "decoupled_weight_decay",
                                         "state.w.exp_avg", "state.w.exp_avg_sq", "state.w.step",
                                         "state.b.exp_avg", "state.b.exp_avg_sq", "state.b.step"])
        XCTAssertEqual(state["lr"]?.scalar, 0.01)
        XCTAssertEqual(state["state.w.step"]?.scalars, [0, 1])
    }

    func testStepCountsBeyondFloat32PrecisionSurvive() throws {
        let p = Variable(Tensor([1]), requiresGrad: true)
        let optimizer = try Adam([p])
        p.grad = Tensor([1])
        try optimizer.step()
        optimizer.steps[0] = 123_456_789            // not representable as one Float32
        let restored = try Adam([Variable(Tensor([1]), requiresGrad: true)])
        try restored.load(state: optimizer.state())
        XCTAssertEqual(restored.steps, [123_456_789])
    }

    func testMismatchedStateIsRejectedAndChangesNothing() throws {
        let model = Model()
        let sgd = try SGD(model.namedParameters(), learningRate: 0.1, momentum: 0.9)
        try train(model, sgd, steps: 0..<1)
        let adam = try Adam(model.namedParameters())
        XCTAssertThrowsError(try adam.load(state: sgd.state())) { error in
            guard case OptimizerError.stateMismatch(let missing, let unexpected) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(missing.contains("beta1"))
            XCTAssertTrue(unexpected.contains("state.w.momentum_buffer"))
        }
        var wrongShape = sgd.state()
        wrongShape["state.w.momentum_buffer"] = Tensor([1, 2])
        let other = try SGD(model.namedParameters(), learningRate: 0.7, momentum: 0.9)
        XCTAssertThrowsError(try other.load(state: wrongShape)) { error in
            XCTAssertEqual(error as? OptimizerError, .shape(key: "state.w.momentum_buffer", expected: [3], found: [2]))
        }
        XCTAssertEqual(other.learningRate, 0.7)
        XCTAssertTrue(other.state().keys.allSatisfy { !$0.hasPrefix("state.") })
        // A partial set of a parameter's slots is named.
        let adamTrained = try Adam(model.namedParameters())
        try train(model, adamTrained, steps: 0..<1)
        var partial = adamTrained.state()
        partial["state.w.exp_avg_sq"] = nil
        XCTAssertThrowsError(try adam.load(state: partial)) { error in
            XCTAssertEqual(error as? OptimizerError, .stateMismatch(missing: ["state.w.exp_avg_sq"], unexpected: []))
        }
        // Adam state does not load into AdamW.
        XCTAssertThrowsError(try AdamW(model.namedParameters()).load(state: adamTrained.state())) { error in
            XCTAssertTrue("\(error)".contains("from Adam"), "\(error)")
        }
    }
}
