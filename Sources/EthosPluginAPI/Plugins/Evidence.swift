/// One piece of evidence: that a record lives (positive strength) or breaches (negative) a
/// principle, how sure the plugin is, why, and which words it rests on.
public struct Evidence: Hashable, Sendable {
    /// The principle, or `nil` for evidence about the record's tone that applies to whichever
    /// principles other evidence makes relevant (the sentiment plugin's).
    public var principle: String?
    /// The plugin that gave it; the pipeline fills it in.
    public var plugin: String
    /// From -1 (breached) to 1 (lived); 0 for evidence that the record is *about* the
    /// principle without saying which way (an explicit tag, topical similarity).
    public var strength: Double
    /// From 0 to 1: how much to trust it.
    public var confidence: Double
    /// A sentence a person can read: why this counts.
    public var reason: String
    /// The words of the record text it rests on.
    public var spans: [TextSpan]
    /// The rule that fired, for the rules plugin's evidence.
    public var rule: String?

    /// Creates evidence.
    public init(principle: String?, plugin: String = "", strength: Double, confidence: Double, reason: String,
                spans: [TextSpan] = [], rule: String? = nil) {
        self.principle = principle
        self.plugin = plugin
        self.strength = strength
        self.confidence = confidence
        self.reason = reason
        self.spans = spans
        self.rule = rule
    }
}

/// A stretch of a record's text, in Unicode scalars, with the text it covers.
public struct TextSpan: Hashable, Sendable {
    /// The first scalar.
    public var start: Int
    /// One past the last scalar.
    public var end: Int
    /// The covered text.
    public var text: String

    /// Creates a span.
    public init(start: Int, end: Int, text: String) {
        self.start = start
        self.end = end
        self.text = text
    }
}
