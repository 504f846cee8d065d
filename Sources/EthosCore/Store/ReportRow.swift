/// One record as reports read it: who, when, what kind, and its verdict per principle.
public struct ReportRow: Sendable {
    /// The record's id.
    public var id: String
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
    /// The text, for quotes.
    public var text: String
    /// The verdict and alignment per principle id.
    public var verdicts: [String: (verdict: Verdict, alignment: Double)]

    /// Creates a row.
    public init(id: String, kind: RecordKind, author: String?, subject: String, date: Int64, minutes: Int?, visibility: Visibility,
                anonymous: Bool, text: String, verdicts: [String: (verdict: Verdict, alignment: Double)]) {
        self.id = id
        self.kind = kind
        self.author = author
        self.subject = subject
        self.date = date
        self.minutes = minutes
        self.visibility = visibility
        self.anonymous = anonymous
        self.text = text
        self.verdicts = verdicts
    }
}

/// What reports need from a store, beyond the records of a period.
public protocol ReportSource: Sendable {
    /// Every record dated in `[from, to)` (seconds), with its verdicts, oldest first.
    func forEachReportRow(from: Int64, to: Int64, _ body: (ReportRow) throws -> Void) throws
    /// The date of the first record between each pair of (non-anonymous) people, by
    /// `author|subject` with the handles sorted.
    func firstContacts() throws -> [String: Int64]
    /// Every mentoring session: mentor (nil when anonymous), mentee, date and whether it is
    /// public, oldest first.
    func mentoringSessions() throws -> [(mentor: String?, mentee: String, date: Int64, public: Bool)]
    /// Everyone in the directory.
    func people(team: String?) throws -> [Person]
}
