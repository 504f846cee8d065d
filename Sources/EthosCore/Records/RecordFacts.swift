public import EthosRules
/// The facts every record provides to rules: `record.*`, and `author.*` and `subject.*` from
/// the people directory.
///
/// The author of an anonymous record is hidden from rules as from everything else: every
/// `author.*` fact is absent for it, so no explanation can print it.
public enum RecordFacts {
    /// The declarations of the record facts.
    public static let schema = FactSchema([
        FactDeclaration("record.id", .string, "The record's id in the source system, when it has one."),
        FactDeclaration("record.kind", .string, "\"feedback\" or \"mentoring\"."),
        FactDeclaration("record.text", .string, "The feedback text or the mentoring notes."),
        FactDeclaration("record.date", .timestamp, "When it happened (midnight UTC for a bare date)."),
        FactDeclaration("record.minutes", .int, "The length of a mentoring session; absent for feedback."),
        FactDeclaration("record.principles", .list(.string), "Principle ids the author tagged explicitly."),
        FactDeclaration("record.tags", .list(.string), "Free-form tags."),
        FactDeclaration("record.anonymous", .bool, "Whether the author is hidden."),
        FactDeclaration("record.visibility", .string, "\"public\", \"recipient\", \"manager\" or \"private\"."),
    ] + person("author", "The author (for mentoring, the mentor)") + person("subject", "The subject (for mentoring, the mentee)"))

    private static func person(_ prefix: String, _ who: String) -> [FactDeclaration] {
        [
            FactDeclaration("\(prefix).handle", .string, "\(who): handle."),
            FactDeclaration("\(prefix).name", .string, "\(who): display name, from the people directory."),
            FactDeclaration("\(prefix).team", .string, "\(who): team, from the people directory."),
            FactDeclaration("\(prefix).role", .string, "\(who): role, from the people directory."),
            FactDeclaration("\(prefix).manager", .string, "\(who): manager's handle, from the people directory."),
        ]
    }

    /// The value of record fact `name` for `record`, or `nil` when absent. `author` and
    /// `subject` come from the people directory when there is one.
    public static func value(_ name: String, of record: Record, author: Person? = nil, subject: Person? = nil) -> FactValue? {
        // One hash lookup names the fact: rules read several of these for every record scored.
        guard let fact = facts[name] else { return nil }
        return value(fact, of: record, author: author, subject: subject)
    }

    /// The record fact named `name`, resolved once (``FactLayout``).
    static func key(_ name: String) -> Fact? { facts[name] }

    /// The value of record fact `fact` for `record`, the author or subject looked up in `people`
    /// only for a fact about them.
    static func value(_ fact: Fact, of record: Record, people: PeopleLookup) -> FactValue? {
        switch fact {
        case .author: return value(fact, of: record, author: people.person(record.from), subject: nil)
        case .subject: return value(fact, of: record, author: nil, subject: people.person(record.to))
        default: return value(fact, of: record, author: nil, subject: nil)
        }
    }

    private static func value(_ fact: Fact, of record: Record, author: Person?, subject: Person?) -> FactValue? {
        switch fact {
        case .id: return record.id.map(FactValue.string)
        case .kind: return .string(record.kind.rawValue)
        case .text: return .string(record.text)
        case .date: return record.date.map(FactValue.timestamp)
        case .minutes: return record.minutes.map { .int(Int64($0)) }
        case .principles: return .list(record.principles.map(FactValue.string))
        case .tags: return .list(record.tags.map(FactValue.string))
        case .anonymous: return .bool(record.anonymous)
        case .visibility: return .string(record.visibility.rawValue)
        case let .author(field):
            if record.anonymous { return nil }
            return value(field, of: author, handle: record.from)
        case let .subject(field):
            return value(field, of: subject, handle: record.to)
        }
    }

    private static func value(_ field: PersonField, of person: Person?, handle: String) -> FactValue? {
        switch field {
        case .handle: .string(handle)
        case .name: person?.name.map(FactValue.string)
        case .team: person?.team.map(FactValue.string)
        case .role: person?.role.map(FactValue.string)
        case .manager: person?.manager.map(FactValue.string)
        }
    }

    enum PersonField: Sendable, CaseIterable {
        case handle, name, team, role, manager
    }

    /// A record fact, resolved from its name.
    enum Fact: Sendable {
        case id, kind, text, date, minutes, principles, tags, anonymous, visibility
        case author(PersonField), subject(PersonField)
    }

    /// Every record fact by name.
    private static let facts: [String: Fact] = {
        var facts: [String: Fact] = [
            "record.id": .id, "record.kind": .kind, "record.text": .text, "record.date": .date, "record.minutes": .minutes,
            "record.principles": .principles, "record.tags": .tags, "record.anonymous": .anonymous, "record.visibility": .visibility,
        ]
        for field in PersonField.allCases {
            facts["author.\(field)"] = .author(field)
            facts["subject.\(field)"] = .subject(field)
        }
        return facts
    }()
}

/// A record's facts for the rules engine, computed when a rule reads them.
public struct RecordFactSource: FactSource, Sendable {
    /// The record.
    public var record: Record
    /// The author, from the people directory.
    public var author: Person?
    /// The subject, from the people directory.
    public var subject: Person?

    /// Creates the facts of `record`.
    public init(record: Record, author: Person? = nil, subject: Person? = nil) {
        self.record = record
        self.author = author
        self.subject = subject
    }

    /// The value of `name`, or `nil` when absent.
    public func fact(named name: String) -> FactValue? {
        RecordFacts.value(name, of: record, author: author, subject: subject)
    }
}

/// No facts at all: every read is absent (`ethos rules eval` without `--record`).
public struct EmptyFacts: FactSource, Sendable {
    /// Creates an empty source.
    public init() {}
    /// Always `nil`.
    public func fact(named _: String) -> FactValue? { nil }
}
