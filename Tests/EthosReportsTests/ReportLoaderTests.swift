import EthosCore
@testable import EthosReports
import Testing

@Suite("Report loading on every core")
struct ReportLoaderTests {
    @Test("reading the span in parts gives the same rows, in the same order, as one read", arguments: [2, 3, 7])
    func partsAgree(parts: Int) async throws {
        // Given the fixture's records, one of them naming someone the directory does not know
        var rows = fixtureRows
        rows.append(row("11", .feedback, "zed", "ana", "2026-10-28", p: (.aligned, 0.5)))
        let source = FixtureSource(rows: rows, people: fixtureDirectory)
        let people = PeopleIndex(fixtureDirectory)
        let members = people.members(of: "a")
        let loader = ReportLoader(source: source, principles: ["p", "q"], period: october, start: october.previous.from,
                                  involving: nil, members: members, groups: TeamGroups(people, k: 3))
        // When it is read in one part and in several
        let whole = try await loader.load(people: people, parts: 1)
        let split = try await loader.load(people: people, parts: parts)
        // Then the rows, their people, their verdicts and the organisation's counts agree
        func describe(_ loaded: ReportLoader.Loaded, _ data: ReportData) -> [String] {
            data.rows.map { row in
                let author = row.author >= 0 ? loaded.people.handles[Int(row.author)] : "-"
                let verdicts = (0..<2).map { "\(data.verdict(row, $0).verdict.rawValue)\(data.verdict(row, $0).alignment)" }
                return "\(row.key) \(author)→\(loaded.people.handles[Int(row.subject)]) \(row.date) \(verdicts)"
            }
        }
        #expect(describe(split, split.current) == describe(whole, whole.current))
        #expect(describe(split, split.previous) == describe(whole, whole.previous))
        #expect(whole.current.rows.count == 8, "team a's records of October, zed's to ana among them")
        #expect(split.organisation.evidenced == whole.organisation.evidenced)
        #expect(split.organisation.people == whole.organisation.people)
        #expect(split.organisation.teamEvidenced == whole.organisation.teamEvidenced)
        #expect(split.organisation.teamReceived == whole.organisation.teamReceived)
        #expect(split.organisation.people == [6, 6], "p: ana, ben, cat, gus, zed and one anonymous; q: cat, ana, dan, eve, gus, hal")
    }

    @Test("people are indexed the same way however often they are looked up, short handles and long")
    func peopleIndex() {
        // Given a directory of 1,000 people, some with handles longer than 16 bytes
        let handles = (0..<1_000).map { $0 % 7 == 0 ? "someone-with-a-long-handle-\($0)" : "p\($0)" }
        var index = PeopleIndex(handles.enumerated().map { Person(handle: $1, team: "t\($0 % 3)") })
        // When each is looked up twice, and strangers are met
        let first = handles.map { index.index($0) }
        let again = handles.map { index.index($0) }
        let stranger = index.index("zed"), strangerAgain = index.index("zed")
        // Then every person keeps the directory's position, and strangers are added once, with no team
        #expect(first == (0..<1_000).map(Int32.init))
        #expect(again == first)
        #expect(stranger == 1_000 && strangerAgain == 1_000)
        #expect(index.teamOf[1_000] == -1 && index.teamOf[4] == 1)
        #expect(index.handles[1_000] == "zed")
    }
}
