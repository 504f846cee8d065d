/// A record as the store holds it: never with an anonymous author.
public struct StoredRecord: Hashable, Sendable {
    /// The record's id: the one it was imported with, or one Ethos made from its content.
    public var id: String
    /// Feedback or mentoring.
    public var kind: RecordKind
    /// The author's handle; `nil` for anonymous records, whose author is not stored.
    public var author: String?
    /// The subject's handle.
    public var subject: String
    /// When it happened.
    public var date: FactTimestamp
    /// The text or notes.
    public var text: String
    /// Mentoring minutes.
    public var minutes: Int?
    /// Principles the author tagged.
    public var principles: [String]
    /// Free-form tags.
    public var tags: [String]
    /// Who may read it.
    public var visibility: Visibility
    /// Whether the author is hidden.
    public var anonymous: Bool
    /// When it was recorded.
    public var recordedAt: FactTimestamp
    /// Whether its text is in a language Ethos reads (``TextLanguage``).
    public var languageSupported: Bool

    /// Creates a stored record; `languageSupported` is found from the text when not given (a
    /// store gives the flag it stored, so pages need not check every text again).
    public init(id: String, kind: RecordKind, author: String?, subject: String, date: FactTimestamp, text: String, minutes: Int?,
                principles: [String], tags: [String], visibility: Visibility, anonymous: Bool, recordedAt: FactTimestamp,
                languageSupported: Bool? = nil) {
        self.id = id
        self.kind = kind
        self.author = author
        self.subject = subject
        self.date = date
        self.text = text
        self.minutes = minutes
        self.principles = principles
        self.tags = tags
        self.visibility = visibility
        self.anonymous = anonymous
        self.recordedAt = recordedAt
        self.languageSupported = languageSupported ?? TextLanguage.isSupported(text)
    }
}

extension StoredRecord {
    /// The record as scoring sees it again: an anonymous record, whose author is not stored,
    /// reads as from "anonymous".
    public var record: Record {
        Record(id: id, kind: kind, from: author ?? "anonymous", to: subject, date: date, text: text, minutes: minutes,
               principles: principles, tags: tags, visibility: visibility, anonymous: anonymous)
    }
}

/// A stored verdict on one principle, with the evidence behind it and what produced it.
public struct StoredScore: Hashable, Sendable {
    /// The principle.
    public var principle: String
    /// The verdict.
    public var verdict: Verdict
    /// From -1 to 1.
    public var alignment: Double
    /// From 0 to 1.
    public var relevance: Double
    /// The evidence, in order.
    public var evidence: [Evidence]
    /// The hash of the principles and settings that produced it.
    public var principlesHash: String
    /// The plugins and versions that produced it.
    public var pluginVersions: String

    /// Creates a stored score.
    public init(principle: String, verdict: Verdict, alignment: Double, relevance: Double, evidence: [Evidence], principlesHash: String,
                pluginVersions: String) {
        self.principle = principle
        self.verdict = verdict
        self.alignment = alignment
        self.relevance = relevance
        self.evidence = evidence
        self.principlesHash = principlesHash
        self.pluginVersions = pluginVersions
    }
}

/// What a stored record is scored from: the record, its history facts as of its date (from every
/// other stored record) and the people it names. `ethos explain` re-scores from it to show each
/// rule's trace, which is not stored.
public struct ScoringInput: Sendable {
    /// The stored record.
    public var stored: StoredRecord
    /// Its history facts.
    public var history: HistoryFacts
    /// Its author (unless anonymous) and subject.
    public var people: PeopleLookup

    /// Creates a scoring input.
    public init(stored: StoredRecord, history: HistoryFacts, people: PeopleLookup) {
        self.stored = stored
        self.history = history
        self.people = people
    }
}

/// Where a record stands in a listing: its date and the key the store gave it.
public struct RecordPosition: Hashable, Sendable {
    public var date: Int64
    public var key: Int64

    public init(date: Int64, key: Int64) {
        self.date = date
        self.key = key
    }
}

/// Which records to list.
public struct RecordFilter: Hashable, Sendable {
    /// Author handle (never matches anonymous records).
    public var from: String?
    /// Subject handle.
    public var to: String?
    /// Team of the author or the subject.
    public var team: String?
    /// Kind.
    public var kind: RecordKind?
    /// A principle the record has a verdict for (with `verdict`, that verdict; else any but not-evidenced).
    public var principle: String?
    /// A verdict.
    public var verdict: Verdict?
    /// On or after this date.
    public var since: FactTimestamp?
    /// Before this date.
    public var until: FactTimestamp?
    /// At most this many.
    public var limit: Int?
    /// Newest first (listings), or oldest first (exports).
    public var oldestFirst: Bool
    /// Only records after this one in the listing's order: the next page of a paged listing.
    public var startAfter: RecordPosition?

    /// Creates a filter.
    public init(from: String? = nil, to: String? = nil, team: String? = nil, kind: RecordKind? = nil, principle: String? = nil,
                verdict: Verdict? = nil, since: FactTimestamp? = nil, until: FactTimestamp? = nil, limit: Int? = nil,
                oldestFirst: Bool = false) {
        self.oldestFirst = oldestFirst
        self.from = from
        self.to = to
        self.team = team
        self.kind = kind
        self.principle = principle
        self.verdict = verdict
        self.since = since
        self.until = until
        self.limit = limit
    }
}

/// What happened to one record of a batch.
public enum RecordOutcome: Hashable, Sendable {
    /// Stored, with this id.
    case stored(id: String)
    /// Already stored (same id, or same content): skipped.
    case duplicate(id: String)
    /// Not stored, with the reason.
    case rejected(String)
}
