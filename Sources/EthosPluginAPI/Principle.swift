/// A principle a company holds itself to, as written in a `Principles/*.yaml` file.
///
/// Principles are plain values: load them with `PrinciplesLoader` (in `EthosCore`), or build
/// them in code for tests and embedding.
public struct Principle: Hashable, Sendable, Identifiable {
    /// The kebab-case id, unique in a set: `journey-of-experiences`.
    public var id: String
    /// The display name: `Journey of Experiences`.
    public var name: String
    /// One line that says what the principle is.
    public var statement: String
    /// The sentences that spell the principle out, in the company's own words.
    public var tenets: [String]
    /// How much the principle counts in overall figures, greater than 0 (default 1).
    public var weight: Double
    /// Groups of words and phrases that evidence the principle, for the `keywords` plugin.
    public var signals: [SignalGroup]
    /// Rules that say when a record counts for or against the principle.
    public var rules: [PrincipleRule]
    /// Texts that should and should not be scored as evidence: documentation and tests at once.
    public var examples: PrincipleExamples
    /// Sentences that show the principle lived, breached, or neither: the bank the `semantic`
    /// plugin matches each sentence of a record against, beside the tenets and examples.
    public var exemplars: PrincipleExemplars
    /// Where the principle is defined, when it was loaded from a file.
    public var source: SourceLocation?

    /// Creates a principle.
    public init(
        id: String,
        name: String,
        statement: String,
        tenets: [String],
        weight: Double = 1,
        signals: [SignalGroup] = [],
        rules: [PrincipleRule] = [],
        examples: PrincipleExamples = PrincipleExamples(),
        exemplars: PrincipleExemplars = PrincipleExemplars(),
        source: SourceLocation? = nil
    ) {
        self.id = id
        self.name = name
        self.statement = statement
        self.tenets = tenets
        self.weight = weight
        self.signals = signals
        self.rules = rules
        self.examples = examples
        self.exemplars = exemplars
        self.source = source
    }
}

/// A principle's `exemplars`: short sentences, each one way the principle is lived (`aligned`),
/// breached (`misaligned`), or a sentence that is about neither though it may sound close
/// (`unrelated`).
public struct PrincipleExemplars: Hashable, Sendable {
    /// Sentences that live the principle.
    public var aligned: [String]
    /// Sentences that breach it.
    public var misaligned: [String]
    /// Sentences about neither.
    public var unrelated: [String]

    /// Creates a bank of exemplars.
    public init(aligned: [String] = [], misaligned: [String] = [], unrelated: [String] = []) {
        self.aligned = aligned
        self.misaligned = misaligned
        self.unrelated = unrelated
    }
}

/// Words and phrases that evidence a principle, with how strongly.
///
/// A positive weight marks the principle lived; a negative weight marks it breached
/// (`refused feedback`, `took credit`).
public struct SignalGroup: Hashable, Sendable {
    /// Words or phrases, matched on normalised, stemmed tokens.
    public var terms: [String]
    /// Signed strength, non-zero, from -10 to 10 (default 1).
    public var weight: Double
    /// Where the group is defined.
    public var source: SourceLocation?

    /// Creates a signal group.
    public init(terms: [String], weight: Double = 1, source: SourceLocation? = nil) {
        self.terms = terms
        self.weight = weight
        self.source = source
    }
}

/// A rule of a principle: when its expression holds for a record, the record counts for (a
/// positive score) or against (a negative score) the principle.
public struct PrincipleRule: Hashable, Sendable, Identifiable {
    /// The kebab-case id, unique within its principle.
    public var id: String
    /// The condition, in Ethos's subset of CEL: `record.kind == "mentoring" && record.minutes >= 30`.
    public var when: String
    /// The score when the rule fires, from -1 to 1.
    public var score: Double
    /// Why the rule matters, shown whenever it fires.
    public var because: String
    /// Where the rule is defined.
    public var source: SourceLocation?

    /// Creates a rule.
    public init(id: String, when: String, score: Double, because: String, source: SourceLocation? = nil) {
        self.id = id
        self.when = when
        self.score = score
        self.because = because
        self.source = source
    }
}

/// Example texts for a principle, by the verdict scoring should give them.
public struct PrincipleExamples: Hashable, Sendable {
    /// Records that show the principle lived.
    public var aligned: [PrincipleExample]
    /// Records that show the principle breached.
    public var misaligned: [PrincipleExample]
    /// Records that say nothing about the principle.
    public var unrelated: [PrincipleExample]

    /// Creates examples.
    public init(aligned: [PrincipleExample] = [], misaligned: [PrincipleExample] = [], unrelated: [PrincipleExample] = []) {
        self.aligned = aligned
        self.misaligned = misaligned
        self.unrelated = unrelated
    }

    /// Whether there are no examples at all.
    public var isEmpty: Bool { aligned.isEmpty && misaligned.isEmpty && unrelated.isEmpty }

    /// Every example.
    public var all: [PrincipleExample] { aligned + misaligned + unrelated }
}

/// One example record: its text, and optionally its kind and (for mentoring) minutes.
public struct PrincipleExample: Hashable, Sendable {
    /// The record's text.
    public var text: String
    /// Feedback (the default) or mentoring.
    public var kind: RecordKind
    /// The length of a mentoring session.
    public var minutes: Int?
    /// Where the example is written.
    public var source: SourceLocation?

    /// Creates an example.
    public init(text: String, kind: RecordKind = .feedback, minutes: Int? = nil, source: SourceLocation? = nil) {
        self.text = text
        self.kind = kind
        self.minutes = minutes
        self.source = source
    }
}

/// What a record is.
public enum RecordKind: String, Hashable, Sendable, CaseIterable, Codable {
    /// One colleague's feedback about another.
    case feedback
    /// A mentoring session, mentor to mentee.
    case mentoring
}
