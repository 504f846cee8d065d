/// Facts that come from history rather than from the record itself: whether two people have
/// met before, how widely someone gives feedback, whether mentoring is paid forward.
///
/// Every path computes them the same way: EthosRecording's `HistoryIndex`, from the named records
/// that stand before the record (by date, then by the order they were stored). An anonymous
/// record has none of them (``unknown``), and is in no one's history: a fact of one record must
/// not tell whoever reads it who wrote another.
public struct HistoryFacts: Hashable, Sendable {
    /// No earlier record between these two people, in either direction.
    public var firstContact: Bool?
    /// Author and subject are in different teams; `nil` when a team is unknown or the author is anonymous.
    public var crossTeam: Bool?
    /// How many distinct people the author gave records to in the 30 days before this one.
    public var distinctPeople30d: Int?
    /// Earlier mentoring sessions between this mentor and mentee.
    public var mentoringSessions: Int?
    /// The mentor was earlier mentored by someone else.
    public var payItForward: Bool?

    /// The history facts of an anonymous record: every one absent.
    public static let unknown = HistoryFacts(firstContact: nil, crossTeam: nil, distinctPeople30d: nil, mentoringSessions: nil, payItForward: nil)

    /// Creates history facts.
    public init(firstContact: Bool?, crossTeam: Bool?, distinctPeople30d: Int?, mentoringSessions: Int?, payItForward: Bool?) {
        self.firstContact = firstContact
        self.crossTeam = crossTeam
        self.distinctPeople30d = distinctPeople30d
        self.mentoringSessions = mentoringSessions
        self.payItForward = payItForward
    }

    /// The declarations rules see.
    public static let schema = FactSchema([
        FactDeclaration("network.firstContact", .bool, "No earlier named record between these two people, in either direction (absent when the author is anonymous)."),
        FactDeclaration("network.crossTeam", .bool, "Author and subject are in different teams (absent when a team is unknown or the author is anonymous)."),
        FactDeclaration("network.distinctPeople30d", .int, "Distinct people the author gave named records to in the 30 days before this one (absent when the author is anonymous)."),
        FactDeclaration("mentoring.sessions", .int, "Earlier named mentoring sessions of this mentor and mentee (absent when the mentor is anonymous)."),
        FactDeclaration("mentoring.payItForward", .bool, "The mentor was earlier mentored by someone else (absent when the mentor is anonymous)."),
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
        case .firstContact: firstContact.map(FactValue.bool)
        case .crossTeam: crossTeam.map(FactValue.bool)
        case .distinctPeople30d: distinctPeople30d.map { .int(Int64($0)) }
        case .mentoringSessions: mentoringSessions.map { .int(Int64($0)) }
        case .payItForward: payItForward.map(FactValue.bool)
        }
    }

    /// Whether two people are in different teams, when both teams are known.
    public static func crossTeam(_ author: Person?, _ subject: Person?) -> Bool? {
        guard let first = author?.team, let second = subject?.team, !first.isEmpty, !second.isEmpty else { return nil }
        return first != second
    }
}
