/// One record as reports read it: who, when, what kind, and its verdict on each principle — not
/// its text, which only a quote needs (``ReportSource/texts(of:)``).
public struct ReportRow: Sendable {
    /// The store's key for the record.
    public var key: Int64
    /// Feedback or mentoring.
    public var kind: RecordKind
    /// The author; `nil` when anonymous.
    public var author: String?
    /// The subject.
    public var subject: String
    /// When it happened, in seconds since 1970.
    public var date: Int64
    /// Mentoring minutes.
    public var minutes: Int?
    /// Who may read it.
    public var visibility: Visibility
    /// Whether the author is hidden.
    public var anonymous: Bool
    /// The verdict on each principle asked for, in that order (not evidenced when it has none).
    public var verdicts: [PrincipleVerdict]
    /// Whether its text is in a language Ethos reads (``TextLanguage``).
    public var languageSupported = true

    /// Creates a row.
    public init(key: Int64, kind: RecordKind, author: String?, subject: String, date: Int64, minutes: Int?, visibility: Visibility,
                anonymous: Bool, verdicts: [PrincipleVerdict]) {
        self.key = key
        self.kind = kind
        self.author = author
        self.subject = subject
        self.date = date
        self.minutes = minutes
        self.visibility = visibility
        self.anonymous = anonymous
        self.verdicts = verdicts
    }
}

/// A record's verdict on one principle, as reports count it.
public struct PrincipleVerdict: Hashable, Sendable {
    /// Aligned, misaligned or not evidenced.
    public var verdict: Verdict
    /// The alignment, from −1 to 1.
    public var alignment: Double

    /// Not evidenced.
    public static let none = PrincipleVerdict(verdict: .notEvidenced, alignment: 0)

    /// Creates a verdict.
    public init(verdict: Verdict, alignment: Double) {
        self.verdict = verdict
        self.alignment = alignment
    }
}

/// Two people, in either order: the key of a connection.
public struct PersonPair: Hashable, Sendable {
    /// The handle that sorts first.
    public let first: String
    /// The other handle.
    public let second: String

    /// The pair of `one` and `other`, whichever order they come in.
    public init(_ one: String, _ other: String) {
        (first, second) = one < other ? (one, other) : (other, one)
    }
}

/// What reports need from a store, async as the store contract is. A report reads the records of its period once, without their
/// texts, and asks for history only about the people and pairs it found there, so its cost
/// follows the period and scope, not the whole history.
public protocol ReportSource: Sendable {
    /// Every record dated in `[from, to)` (seconds), oldest first, with its verdict on each of
    /// `principles` (by id, in that order). With `involving`, only the records whose author or
    /// subject is one of those people; with `storedAfter` and `storedThrough`, only records whose
    /// key is greater than the one and at most the other (see ``latestKey()``). A read with
    /// `storedAfter` is expected to find few records, and should take time that follows them.
    func forEachReportRow(from: Int64, to: Int64, principles: [String], involving: Set<String>?, storedAfter: Int64?,
                          storedThrough: Int64?, _ body: (ReportRow) throws -> Void) async throws
    /// The key of the latest stored record, when keys grow as records are stored (nil otherwise):
    /// a report read in several parts passes it to each, so all parts see the same records even
    /// while others are being stored.
    func latestKey() async throws -> Int64?
    /// A number that changes whenever stored verdicts are replaced (rescoring), by this process or
    /// another; storing new records does not move it. With ``latestKey()``, what tells figures
    /// kept between reports whether they can be brought up to date by adding new records.
    func scoresRevision() async throws -> Int64
    /// The texts of the records with these keys, for quotes.
    func texts(of keys: [Int64]) async throws -> [Int64: String]
    /// The pairs among `pairs` with a named record between them (either way, either kind) dated
    /// before `date`.
    func metBefore(_ date: Int64, pairs: Set<PersonPair>) async throws -> Set<PersonPair>
    /// Each of `mentees`' first mentoring session ever, as a mentee: its date, and its mentor
    /// when the session is public and named (nil otherwise).
    func firstMentoring(of mentees: Set<String>) async throws -> [String: (mentor: String?, date: Int64)]
    /// Everyone in the directory.
    func directory() async throws -> [Person]
}

extension ReportSource {
    /// Every record dated in `[from, to)`, whenever stored.
    public func forEachReportRow(from: Int64, to: Int64, principles: [String], involving: Set<String>?,
                                 _ body: (ReportRow) throws -> Void) async throws {
        try await forEachReportRow(from: from, to: to, principles: principles, involving: involving, storedAfter: nil, storedThrough: nil,
                                   body)
    }
}
