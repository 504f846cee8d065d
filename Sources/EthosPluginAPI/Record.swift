/// A feedback or mentoring record: what one person said of, or did with, another.
public struct Record: Hashable, Sendable {
    /// The record's id in the source system, if it has one.
    public var id: String?
    /// Feedback or mentoring.
    public var kind: RecordKind
    /// The author's handle (for mentoring, the mentor).
    public var from: String
    /// The subject's handle (for mentoring, the mentee).
    public var to: String
    /// When it happened.
    public var date: FactTimestamp?
    /// What was said, or the session notes.
    public var text: String
    /// The length of a mentoring session.
    public var minutes: Int?
    /// Principles the author tagged explicitly.
    public var principles: [String]
    /// Free-form tags.
    public var tags: [String]
    /// Who may read the record.
    public var visibility: Visibility
    /// Whether the author is hidden from everyone.
    public var anonymous: Bool

    /// Creates a record.
    public init(id: String? = nil, kind: RecordKind = .feedback, from: String, to: String, date: FactTimestamp? = nil,
                text: String, minutes: Int? = nil, principles: [String] = [], tags: [String] = [],
                visibility: Visibility = .public, anonymous: Bool = false) {
        self.id = id
        self.kind = kind
        self.from = from
        self.to = to
        self.date = date
        self.text = text
        self.minutes = minutes
        self.principles = principles
        self.tags = tags
        self.visibility = visibility
        self.anonymous = anonymous
    }
}

/// Who may read a record.
public enum Visibility: String, Hashable, Sendable, CaseIterable, Codable {
    /// Everyone in the organisation.
    case `public`
    /// The subject and their managers (and the author): the default for new feedback.
    case recipient
    /// The subject's managers (and the author).
    case manager
    /// The author only; counted in aggregates, never quoted.
    case `private`
}

/// A person in the directory.
public struct Person: Hashable, Sendable {
    /// The unique handle: `ana`.
    public var handle: String
    /// The display name.
    public var name: String?
    /// The e-mail address.
    public var email: String?
    /// The team.
    public var team: String?
    /// The manager's handle.
    public var manager: String?
    /// The role or job title.
    public var role: String?
    /// When the person joined, `YYYY-MM-DD`.
    public var joined: String?

    /// Creates a person.
    public init(handle: String, name: String? = nil, email: String? = nil, team: String? = nil, manager: String? = nil,
                role: String? = nil, joined: String? = nil) {
        self.handle = handle
        self.name = name
        self.email = email
        self.team = team
        self.manager = manager
        self.role = role
        self.joined = joined
    }
}
