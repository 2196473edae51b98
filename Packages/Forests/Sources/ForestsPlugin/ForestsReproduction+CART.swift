import Forests
import Foundation
import Registry
import Tensor

extension ForestsReproduction {
    /// F1: a random forest (100 trees, sqrt features, bootstrap) and a single unpruned CART
    /// on the 64 pixels; accuracy over seeds. Parity with scikit-learn on the same split is
    /// measured by `tools/bench forests`, which runs both in one process.
    static func runCART(_ digits: DigitsSplit, _ options: ReproductionOptions) throws -> ReproductionClaim {
        let seeds = options.seedCount(full: 5, quick: 2)
        options.log("F1: CART and random forest on the 8x8 digits (1257 train / 540 test), \(seeds) seed(s)")
        var forest: [Double] = [], cart: [Double] = [], oob: [Double] = [], seconds: [Double] = []
        for seed in 0..<seeds {
            let rf = RandomForestClassifier(config: ForestConfig(treeCount: 100, seed: UInt64(seed), oobScore: true))
            let start = Date()
            try rf.fit(digits.trainX, labels: digits.trainY, classCount: 10)
            seconds.append(Date().timeIntervalSince(start))
            forest.append(ReproductionMath.accuracy(try rf.predict(digits.testX), digits.testY))
            oob.append(rf.oobScore ?? .nan)
            // A single tree: no bootstrap, every feature, grown until pure.
            let tree = RandomForestClassifier(config: ForestConfig(treeCount: 1, bootstrap: false,
                                                                   tree: TreeConfig(maxFeatures: .all), seed: UInt64(seed)))
            try tree.fit(digits.trainX, labels: digits.trainY, classCount: 10)
            cart.append(ReproductionMath.accuracy(try tree.predict(digits.testX), digits.testY))
        }
        var table = ResultTable(header: ["model", "test accuracy", "OOB accuracy", "fit seconds"])
        table.append(["CART (no depth limit)", ReproductionMath.meanSpread(cart), "", ""])
        table.append(["random forest, 100 trees", ReproductionMath.meanSpread(forest), ReproductionMath.meanSpread(oob),
                      ReproductionMath.fixed(ReproductionMath.mean(seconds), 2)])
        options.log(table.render())
        let rf = ReproductionMath.mean(forest), single = ReproductionMath.mean(cart)
        return ReproductionClaim(experiment: "F1", holds: rf >= 0.96 && single >= 0.80,
                                 summary: "random forest \(ReproductionMath.fixed(rf)) (bar 0.96), CART \(ReproductionMath.fixed(single)) (bar 0.80)")
    }
}
