/// Facts that come from history rather than from the record itself: whether two people have
/// met before, how widely someone gives feedback, whether mentoring is paid forward.
///
/// Every path computes them the same way: EthosRecording's `HistoryIndex`, from the records that
/// stand before the record (by date, then by the order they were stored).
public struct HistoryFacts: Hashable, Sendable {
    /// No earlier record between these two people, in either direction.
    public var firstContact: Bool
    /// Author and subject are in different teams; `nil` when a team is unknown or the author is anonymous.
    public var crossTeam: Bool?
    /// How many distinct people the author gave records to in the 30 days before this one.
    public var distinctPeople30d: Int
    /// Earlier mentoring sessions between this mentor and mentee.
    public var mentoringSessions: Int
    /// The mentor was earlier mentored by someone else.
    public var payItForward: Bool

    /// Creates history facts.
    public init(firstContact: Bool, crossTeam: Bool?, distinctPeople30d: Int, mentoringSessions: Int, payItForward: Bool) {
        self.firstContact = firstContact
        self.crossTeam = crossTeam
        self.distinctPeople30d = distinctPeople30d
        self.mentoringSessions = mentoringSessions
        self.payItForward = payItForward
    }

    /// The declarations rules see.
    public static let schema = FactSchema([
        FactDeclaration("network.firstContact", .bool, "No earlier record between these two people, in either direction."),
        FactDeclaration("network.crossTeam", .bool, "Author and subject are in different teams (absent when a team is unknown or the author is anonymous)."),
        FactDeclaration("network.distinctPeople30d", .int, "Distinct people the author gave records to in the 30 days before this one."),
        FactDeclaration("mentoring.sessions", .int, "Earlier mentoring sessions of this mentor and mentee."),
        FactDeclaration("mentoring.payItForward", .bool, "The mentor was earlier mentored by someone else."),
    ])

    /// The value of fact `name`, or `nil` when absent.
    public func value(_ name: String) -> FactValue? {
        Fact(name).flatMap(value)
    }

    /// A history fact, resolved from its name.
    enum Fact: Sendable {
        case firstContact, crossTeam, distinctPeople30d, mentoringSessions, payItForward

        init?(_ name: String) {
            switch name {
            case "network.firstContact": self = .firstContact
            case "network.crossTeam": self = .crossTeam
            case "network.distinctPeople30d": self = .distinctPeople30d
            case "mentoring.sessions": self = .mentoringSessions
            case "mentoring.payItForward": self = .payItForward
            default: return nil
            }
        }
    }

    /// The value of `fact`, or `nil` when absent.
    func value(_ fact: Fact) -> FactValue? {
        switch fact {
        case .firstContact: .bool(firstContact)
        case .crossTeam: crossTeam.map(FactValue.bool)
        case .distinctPeople30d: .int(Int64(distinctPeople30d))
        case .mentoringSessions: .int(Int64(mentoringSessions))
        case .payItForward: .bool(payItForward)
        }
    }

    /// Whether two people are in different teams, when both teams are known.
    public static func crossTeam(_ author: Person?, _ subject: Person?) -> Bool? {
        guard let first = author?.team, let second = subject?.team, !first.isEmpty, !second.isEmpty else { return nil }
        return first != second
    }
}
