/// How evidence becomes verdicts, and which plugins take part with what weight: the
/// `scoring:` and `plugins:` sections of `ethos.yaml`.
public struct ScoringSettings: Hashable, Sendable {
    /// A principle is evidenced only when its relevance reaches this (default 0.35).
    public var relevanceThreshold: Double
    /// An evidenced principle is aligned at or above this alignment, misaligned at or below its
    /// negation, and otherwise not evidenced (default 0.15).
    public var alignmentThreshold: Double
    /// Plugins turned off.
    public var disabled: Set<String>
    /// Each plugin's weight, where it differs from the default.
    public var weights: [String: Double]
    /// Each plugin's options, by plugin id and option name.
    public var options: [String: [String: FactValue]]

    /// The default weight of each built-in plugin; others default to 1.
    public static let defaultWeights: [String: Double] = ["tags": 1, "keywords": 1, "sentiment": 0.6, "similarity": 0.5, "semantic": 0.6, "rules": 1]

    /// Creates settings.
    public init(relevanceThreshold: Double = 0.35, alignmentThreshold: Double = 0.15, disabled: Set<String> = [],
                weights: [String: Double] = [:], options: [String: [String: FactValue]] = [:]) {
        self.relevanceThreshold = relevanceThreshold
        self.alignmentThreshold = alignmentThreshold
        self.disabled = disabled
        self.weights = weights
        self.options = options
    }

    /// The weight plugin `id` has.
    public func weight(of id: String) -> Double {
        weights[id] ?? Self.defaultWeights[id] ?? 1
    }
}
