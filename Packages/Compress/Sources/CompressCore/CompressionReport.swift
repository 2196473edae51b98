import Foundation

/// What a compression did, measured on the real models: the numbers a user needs to trust
/// (or not) the smaller model. `CostModel` and `LatencyHarness` fill the counts and times.
public struct CompressionReport: Sendable, Codable, Equatable {
    public struct BeforeAfter<T: Sendable & Codable & Equatable>: Sendable, Codable, Equatable {
        public var before: T
        public var after: T
        public init(before: T, after: T) { self.before = before; self.after = after }
    }

    /// One layer's line of the report.
    public struct LayerReport: Sendable, Codable, Equatable {
        public var name: String
        public var shapeBefore: [Int]
        public var shapeAfter: [Int]
        /// Bits per weight after compression (32 when float).
        public var bits: Int
        /// Free-form figures of the method (exponent, KDE modes, merged neurons, errors...).
        public var details: [String: Double]

        public init(name: String, shapeBefore: [Int], shapeAfter: [Int], bits: Int = 32, details: [String: Double] = [:]) {
            self.name = name
            self.shapeBefore = shapeBefore
            self.shapeAfter = shapeAfter
            self.bits = bits
            self.details = details
        }
    }

    public var methodID: String
    public var methodVersion: String
    public var hyperparameters: [String: String]
    public var dataAccess: DataAccess
    public var parameters: BeforeAfter<Int>
    /// Per sample.
    public var multiplications: BeforeAfter<Int>
    public var additions: BeforeAfter<Int>
    /// Stored bytes, including scales, codebooks and index maps.
    public var modelBytes: BeforeAfter<Int>
    /// Median latency in milliseconds by batch size ("1", "32"), when measured.
    public var latencyMilliseconds: [String: BeforeAfter<Double>]
    public var accuracy: BeforeAfter<Double>?
    /// Top-1 agreement of the compressed model with the original.
    public var agreement: Double?
    public var perLayer: [LayerReport]
    public var wallTimeSeconds: Double

    public init(methodID: String, methodVersion: String, hyperparameters: [String: String] = [:], dataAccess: DataAccess,
                parameters: BeforeAfter<Int>, multiplications: BeforeAfter<Int>, additions: BeforeAfter<Int>,
                modelBytes: BeforeAfter<Int>, latencyMilliseconds: [String: BeforeAfter<Double>] = [:],
                accuracy: BeforeAfter<Double>? = nil, agreement: Double? = nil, perLayer: [LayerReport] = [],
                wallTimeSeconds: Double = 0) {
        self.methodID = methodID
        self.methodVersion = methodVersion
        self.hyperparameters = hyperparameters
        self.dataAccess = dataAccess
        self.parameters = parameters
        self.multiplications = multiplications
        self.additions = additions
        self.modelBytes = modelBytes
        self.latencyMilliseconds = latencyMilliseconds
        self.accuracy = accuracy
        self.agreement = agreement
        self.perLayer = perLayer
        self.wallTimeSeconds = wallTimeSeconds
    }
}
