public import EthosText

/// What every plugin is: an id, a version, a description, and the facts it provides.
///
/// A plugin does its work through one or both refining protocols: ``FactProvider`` computes
/// facts rules can read, ``EvidenceProvider`` says which principles a record evidences.
/// Plugins are values built once per run from their configuration (see ``PluginFactory``).
public protocol Plugin: Sendable {
    /// The kebab-case id, unique among the plugins of a run: `sentiment`.
    var id: String { get }
    /// The plugin's version; scores record it, so a new version marks them stale.
    var version: String { get }
    /// One sentence that says what the plugin does.
    var summary: String { get }
    /// The facts the plugin provides; they join the rules engine's fact schema.
    var facts: [FactDeclaration] { get }
}

extension Plugin {
    /// No facts, by default.
    public var facts: [FactDeclaration] { [] }
}

/// A plugin that computes facts for a record, for rules and for other plugins.
///
/// It is asked at most once per record, and only when some rule or plugin reads one of its
/// facts; it returns values for the facts it declared (a missing one is absent).
public protocol FactProvider: Plugin {
    /// The facts for `record`, by name.
    func facts(for record: Record, context: RecordContext) -> [String: FactValue]
}

/// A fact provider that answers with the values of its declared facts, in the order of
/// ``Plugin/facts``: a list the scorer reads by position, rather than a dictionary built (every
/// name hashed) for every record and read by name. How the built-in plugins answer fast; not
/// part of the plugin API.
package protocol FactListProvider: FactProvider {
    /// The values of ``Plugin/facts`` for `record`, in their order; nil for a fact absent for it.
    func factValues(for record: Record, context: RecordContext) -> [FactValue?]
}

extension FactListProvider {
    /// The values of ``factValues(for:context:)`` by name: what `facts(for:context:)` answers.
    package func listedFacts(for record: Record, context: RecordContext) -> [String: FactValue] {
        var answer: [String: FactValue] = [:]
        for (declaration, value) in zip(facts, factValues(for: record, context: context)) {
            if let value { answer[declaration.name] = value }
        }
        return answer
    }
}

/// A plugin that gives evidence that a record lives or breaches principles.
public protocol EvidenceProvider: Plugin {
    /// The evidence `record` gives. Strengths are clamped to [-1, 1] and confidences to
    /// [0, 1] by the pipeline.
    func evidence(for record: Record, context: RecordContext) -> [Evidence]
}

/// A plugin that looks a text's words up in lists of its own (a lexicon, terms from its settings)
/// and names those words, so the scorer's text analysis holds their stems in advance
/// (``Vocabulary``) rather than stemming them in every record. Only speed depends on it: the
/// tokens a plugin sees are the same either way.
package protocol VocabularyProvider: Plugin {
    /// The words, in any case; repeats are harmless.
    var vocabulary: [String] { get }
}

/// A plugin that matches tokens by their stems and can do it by number. The scorer builds its
/// vocabulary after every plugin is made (from the principles' words and every
/// ``VocabularyProvider``'s) and asks each such plugin for a copy of itself that knows the ids
/// of its own stems there; that copy reads ``AnalyzedText/stemIDs`` instead of looking each
/// token's stem up by its letters, and falls back to the letters for a text analysed with any
/// other vocabulary. Only speed depends on it.
package protocol VocabularyAdopting: Plugin {
    /// This plugin, matching stems of texts analysed with `vocabulary` by their ids.
    func adopting(_ vocabulary: Vocabulary) -> Self
}

/// What a plugin sees besides the record itself. It lives for one record's scoring.
public struct RecordContext {
    /// The principles being scored.
    public let principles: PrincipleSet
    /// The record's text, tokenised and stemmed once for every plugin.
    public let text: AnalyzedText
    /// Every fact of the record (its own, and other plugins'), computed on demand.
    public let facts: any FactSource

    /// Creates a context.
    public init(principles: PrincipleSet, text: AnalyzedText, facts: any FactSource) {
        self.principles = principles
        self.text = text
        self.facts = facts
    }
}

/// How one sentence of a record reads for one principle, in the judgement of a plugin that reads
/// meaning: the scorer weighs other plugins' evidence from that sentence by it (a signal word in
/// a sentence that reads as unrelated counts for less; one against the sentence's clear reading
/// keeps only its topic).
package struct SentenceReading: Sendable, Hashable {
    /// Which way the sentence reads.
    package enum Kind: Sendable, Hashable {
        case unrelated, aligned, misaligned
    }

    /// The principle's id.
    package var principle: String
    /// The sentence's characters, in Unicode scalars.
    package var range: Range<Int>
    package var kind: Kind
    /// The exemplar the sentence reads like, for the reason.
    package var exemplar: String

    package init(principle: String, range: Range<Int>, kind: Kind, exemplar: String) {
        self.principle = principle
        self.range = range
        self.kind = kind
        self.exemplar = exemplar
    }
}

/// A plugin that reads each sentence's meaning: it gives its evidence and, in the same pass, how
/// each sentence clearly reads for each principle.
package protocol SentenceReader: EvidenceProvider {
    /// The record's evidence, and the readings of its sentences that are clear.
    func evidenceAndReadings(for record: Record, context: RecordContext) -> (evidence: [Evidence], readings: [SentenceReading])
}
