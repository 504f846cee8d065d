import EthosCore
import Testing

@Suite("People files")
struct PeopleFileTests {
    @Test("reads YAML, as a list or under 'people:', with located errors")
    func yaml() throws {
        let good = PeopleFile.read(SourceFile(path: "p.yaml", text: """
            people:
              - {handle: ana, team: platform}
              - {handle: ravi, manager: ana, joined: 2023-06-12}
            """), existing: [])
        #expect(try good.get().map(\.handle) == ["ana", "ravi"])
        #expect(try good.get()[1].manager == "ana")
        let bad = PeopleFile.read(SourceFile(path: "p.yaml", text: """
            - handle: ana
              tema: platform
            - handle: ravi
              manager: anna
            """), existing: [Person(handle: "bo")])
        guard case let .failure(error) = bad else { Issue.record("should fail"); return }
        #expect(error.diagnostics.map(\.formatted) == [
            "p.yaml:2:3: error: Unknown key 'tema' in a person; did you mean 'team'?",
            "p.yaml:3:3: error: The manager 'anna' of 'ravi' is not a known person; did you mean 'ana'?",
        ])
        let unknown = PeopleFile.read(SourceFile(path: "p.yaml", text: "- handle: ravi\n  manager: anna\n"), existing: [Person(handle: "ana")])
        guard case let .failure(managerError) = unknown else { Issue.record("should fail"); return }
        #expect(managerError.diagnostics.map(\.formatted) == ["p.yaml:1:3: error: The manager 'anna' of 'ravi' is not a known person; did you mean 'ana'?"])
    }

    @Test("a manager may be someone already stored, and the chain may run through stored people")
    func existingManagers() throws {
        let existing = [Person(handle: "ana"), Person(handle: "lena", manager: "ana")]
        let result = PeopleFile.read(SourceFile(path: "p.csv", text: "handle,manager\nomar,lena\n"), existing: existing)
        #expect(try result.get().map(\.manager) == ["lena"])
        let cycle = PeopleFile.read(SourceFile(path: "p.csv", text: "handle,manager\nana,lena\n"), existing: existing)
        guard case let .failure(error) = cycle else { Issue.record("should fail"); return }
        #expect(error.diagnostics.map(\.message) == [
            "The management chain goes round in a circle: ana → lena → ana; every chain must end with someone who has no manager.",
        ])
    }

    @Test("a file updates only the columns or keys it has; an empty cell clears one")
    func partialUpdates() throws {
        let stored = [Person(handle: "ana", name: "Ana Silva", email: "ana@example.com", team: "platform", role: "Head")]
        let yaml = try PeopleFile.read(SourceFile(path: "p.yaml", text: "- handle: ana\n  team: mobile\n"), existing: stored).get()
        #expect(yaml == [Person(handle: "ana", name: "Ana Silva", email: "ana@example.com", team: "mobile", role: "Head")])
        let csv = try PeopleFile.read(SourceFile(path: "p.csv", text: "handle,role,email\nana,Director,\n"), existing: stored).get()
        #expect(csv == [Person(handle: "ana", name: "Ana Silva", email: nil, team: "platform", role: "Director")])
        let new = try PeopleFile.read(SourceFile(path: "p.csv", text: "handle,team\nravi,platform\n"), existing: stored).get()
        #expect(new == [Person(handle: "ravi", team: "platform")])
    }

    @Test("rows with the wrong number of fields and bad dates are located by row")
    func rows() {
        let result = PeopleFile.read(SourceFile(path: "p.csv", text: "handle,joined\nana,2021-13-01\nravi\nlena,2022-01-10,extra\n"), existing: [])
        guard case let .failure(error) = result else { Issue.record("should fail"); return }
        #expect(error.diagnostics.map(\.formatted) == [
            "p.csv:2:1: error: The date '2021-13-01' is not a date; use YYYY-MM-DD or RFC 3339, like 2026-11-20 or 2026-11-20T09:30:00Z.",
            "p.csv:3:1: error: The row has 1 field, but the header has 2; quote fields that contain commas.",
            "p.csv:4:1: error: The row has 3 fields, but the header has 2; quote fields that contain commas.",
        ])
    }
}
