/// The verdict on one principle for one record.
public enum Verdict: String, Hashable, Sendable, CaseIterable, Codable {
    /// The record shows the principle lived.
    case aligned
    /// The record shows the principle breached.
    case misaligned
    /// The record says nothing (or nothing decisive) about the principle.
    case notEvidenced = "not-evidenced"
}

/// How one record stands against one principle, and why.
public struct PrincipleScore: Hashable, Sendable {
    /// The principle's id.
    public var principle: String
    /// The verdict.
    public var verdict: Verdict
    /// From -1 (breached) to 1 (lived).
    public var alignment: Double
    /// From 0 (unrelated) to 1 (certainly about the principle).
    public var relevance: Double
    /// The evidence behind it: the principle's own, then the tone evidence that tilted it.
    public var evidence: [Evidence]

    /// A score as stored (copying a stored record elsewhere); the scorer makes its own.
    public init(principle: String, verdict: Verdict, alignment: Double, relevance: Double, evidence: [Evidence]) {
        self.principle = principle
        self.verdict = verdict
        self.alignment = alignment
        self.relevance = relevance
        self.evidence = evidence
    }
}

/// A record's scores against every principle, in the principles' order.
public struct RecordScore: Sendable {
    /// One score per principle.
    public var principles: [PrincipleScore]
    /// Every fact computed for the record (all of them when asked for, else those that were read).
    public var facts: [String: FactValue] {
        get {
            var all = Dictionary(factParts.pairs) { _, last in last }
            for (owner, values) in factParts.answers {
                // Only the facts the plugin declared (and so owns): an answer may hold others,
                // which no read reaches and no output lists.
                for (name, value) in values where factParts.owners[name] == owner { all[name] = value }
            }
            for (names, values) in factParts.lists {
                for (name, value) in zip(names, values) { if let value { all[name] = value } }
            }
            return all
        }
        set { factParts = FactParts(pairs: Array(newValue), answers: [], lists: [], owners: [:]) }
    }
    /// Every rule's outcome with its trace, when an explanation was asked for.
    public var rules: [RuleExplanation]

    /// The facts as scoring left them — the record's own as read, each plugin's as it answered —
    /// put together into ``facts`` only when asked: most scores (an import's, a benchmark's) are
    /// never asked.
    struct FactParts: Sendable {
        /// The record's and history's facts, as read.
        var pairs: [(String, FactValue)]
        /// Each plugin's answer, with the plugin's index.
        var answers: [(owner: Int, values: [String: FactValue])]
        /// The answers of plugins that answer with a list (``FactListProvider``): their declared
        /// names, in order, and the values.
        var lists: [(names: [String], values: [FactValue?])]
        /// Fact name → index of the plugin that declared it.
        var owners: [String: Int]
    }

    private var factParts: FactParts

    init(principles: [PrincipleScore], factParts: FactParts, rules: [RuleExplanation]) {
        self.principles = principles
        self.factParts = factParts
        self.rules = rules
    }

    /// The score of principle `id`.
    public subscript(id: String) -> PrincipleScore? {
        principles.first { $0.principle == id }
    }
}
