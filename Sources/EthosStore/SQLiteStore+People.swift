public import EthosCore
internal import EthosStoreSupport
internal import GRDB

/// A row of the people directory.
struct PersonRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "people"

    var handle: String
    var name: String?
    var email: String?
    var team: String?
    var manager: String?
    var role: String?
    var joined: String?

    enum Columns {
        static let handle = Column(CodingKeys.handle)
        static let team = Column(CodingKeys.team)
    }

    /// Read by column position, not through Codable: GRDB's Codable decoding made reading a
    /// 400-person directory an eighth of a served page's or API call's time.
    init(row: Row) throws {
        (handle, name, email, team, manager, role, joined) = (row[0], row[1], row[2], row[3], row[4], row[5], row[6])
    }

    /// The columns, in the order ``init(row:)`` reads them.
    static var databaseSelection: [any SQLSelectable] { [Column("handle"), Column("name"), Column("email"), Column("team"),
                                                           Column("manager"), Column("role"), Column("joined")] }

    init(_ person: Person) {
        (handle, name, email, team, manager, role, joined) = (person.handle, person.name, person.email, person.team, person.manager,
                                                              person.role, person.joined)
    }

    var person: Person {
        Person(handle: handle, name: name, email: email, team: team, manager: manager, role: role, joined: joined)
    }
}

extension SQLiteStore {
    public func upsert(_ people: [Person]) async throws {
        try writing { db in
            for person in people { try PersonRow(person).upsert(db) }
        }
    }

    public func people(team: String?) async throws -> [Person] {
        try reading { db in
            var request = PersonRow.order(PersonRow.Columns.handle)
            if let team { request = request.filter(PersonRow.Columns.team == team) }
            return try request.fetchAll(db).map(\.person)
        }
    }

    public func directoryRevision() async throws -> Int64 {
        try readingOne { db in try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM directory_revision")) ?? 0 }
    }

    public func scoresRevision() async throws -> Int64 {
        try readingOne { db in try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM scores_revision")) ?? 0 }
    }

    public func people(handles: Set<String>) async throws -> [String: Person] {
        try readingOne { db in
            try PersonRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM people WHERE handle IN (SELECT value FROM json_each(?))"),
                                   arguments: [JSONText.array(handles.sorted())])
                .reduce(into: [:]) { people, row in people[row.handle] = row.person }
        }
    }
}

extension SQLiteStore {
    /// Everyone in the directory, by handle: what reports read.
    public func directory() async throws -> [Person] {
        try reading { db in try PersonRow.order(PersonRow.Columns.handle).fetchAll(db).map(\.person) }
    }
}
