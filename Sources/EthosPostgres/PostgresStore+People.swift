public import EthosCore
internal import PostgresNIO

extension PostgresStore {
    public func upsert(_ people: [Person]) async throws {
        guard !people.isEmpty else { return }
        // Each column as an array, so a directory of any size is one statement.
        try await transaction(writing: true) { connection in
            try await connection.query("""
                INSERT INTO people (handle, name, email, team, manager, role, joined)
                SELECT * FROM unnest(\(people.map(\.handle))::text[], \(NullableArray(people.map(\.name)))::text[],
                                     \(NullableArray(people.map(\.email)))::text[], \(NullableArray(people.map(\.team)))::text[],
                                     \(NullableArray(people.map(\.manager)))::text[], \(NullableArray(people.map(\.role)))::text[],
                                     \(NullableArray(people.map(\.joined)))::text[])
                ON CONFLICT (handle) DO UPDATE SET name = excluded.name, email = excluded.email, team = excluded.team,
                    manager = excluded.manager, role = excluded.role, joined = excluded.joined
                WHERE (people.name, people.email, people.team, people.manager, people.role, people.joined)
                    IS DISTINCT FROM (excluded.name, excluded.email, excluded.team, excluded.manager, excluded.role, excluded.joined)
                """, logger: logger)
        }
    }

    public func people(team: String?) async throws -> [Person] {
        if let team {
            return try await people("SELECT \(unescaped: Self.personColumns) FROM people WHERE team = \(team) ORDER BY handle")
        }
        return try await people("SELECT \(unescaped: Self.personColumns) FROM people ORDER BY handle")
    }

    public func people(handles: Set<String>) async throws -> [String: Person] {
        try await people("SELECT \(unescaped: Self.personColumns) FROM people WHERE handle = ANY(\(handles.sorted()))")
            .reduce(into: [:]) { people, person in people[person.handle] = person }
    }

    public func directory() async throws -> [Person] {
        try await people(team: nil)
    }

    public func directoryRevision() async throws -> Int64 {
        try await one("SELECT value FROM revisions WHERE name = 'directory'", as: Int64.self) ?? 0
    }

    public func scoresRevision() async throws -> Int64 {
        try await one("SELECT value FROM revisions WHERE name = 'scores'", as: Int64.self) ?? 0
    }

    static let personColumns = "handle, name, email, team, manager, role, joined"

    private func people(_ sql: PostgresQuery) async throws -> [Person] {
        var people: [Person] = []
        for try await (handle, name, email, team, manager, role, joined) in try await query(sql)
            .decode((String, String?, String?, String?, String?, String?, String?).self) {
            people.append(Person(handle: handle, name: name, email: email, team: team, manager: manager, role: role, joined: joined))
        }
        return people
    }
}
