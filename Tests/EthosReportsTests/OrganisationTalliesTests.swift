import EthosCore
@testable import EthosReports
import Foundation
import Testing

@Suite("The organisation's figures, kept between team reports")
struct OrganisationTalliesTests {
    /// A directory of three teams (one too small to stand alone at k = 3) and records among them,
    /// some naming people the directory does not know, some anonymous.
    struct World {
        var random: SplitMix64
        var source: FixtureSource
        var nextKey: Int64 = 1

        init(seed: UInt64) {
            random = SplitMix64(seed: seed)
            let people = (0..<14).map { Person(handle: "p\($0)", team: ["a", "b", "c"][$0 < 6 ? 0 : $0 < 12 ? 1 : 2]) }
            source = FixtureSource(rows: [], people: people, keysGrow: true)
        }

        /// A record dated in September or October 2026 (or before, with `early`).
        mutating func add(early: Bool = false) {
            let handles = source.people.map(\.handle) + ["stranger\(random.next() % 3)"]
            let subject = handles[Int(random.next() % UInt64(handles.count))]
            var author: String? = handles[Int(random.next() % UInt64(handles.count))]
            if author == subject || random.next() % 6 == 0 { author = nil }
            let date = day("2026-09-01") + Int64(random.next() % UInt64((early ? 30 : 61) * 86_400))
            var row = FixtureRow(key: nextKey, kind: random.next() % 5 == 0 ? .mentoring : .feedback, author: author, subject: subject,
                                 date: date, minutes: 30, visibility: .public, text: "Record \(nextKey).", verdicts: [:])
            row.verdicts = verdicts()
            source.rows.append(row)
            nextKey += 1
        }

        mutating func verdicts() -> [String: PrincipleVerdict] {
            var verdicts: [String: PrincipleVerdict] = [:]
            for principle in ["p", "q"] {
                switch random.next() % 3 {
                case 0: verdicts[principle] = PrincipleVerdict(verdict: .aligned, alignment: Double(random.next() % 10) / 10)
                case 1: verdicts[principle] = PrincipleVerdict(verdict: .misaligned, alignment: -Double(random.next() % 10) / 10)
                default: break
                }
            }
            return verdicts
        }

        /// New verdicts for a few records, as a rescore writes them: the revision moves.
        mutating func rescore() {
            for _ in 0..<3 {
                let index = Int(random.next() % UInt64(source.rows.count))
                source.rows[index].verdicts = verdicts()
            }
            source.revision += 1
        }
    }

    func json(_ report: Report) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    func report(_ source: FixtureSource, team: String, kept: OrganisationTallies?) async throws -> Report {
        try await ReportBuilder(principles: fixturePrinciples, source: source, organisation: kept)
            .build(ReportRequest(scope: .team(team), period: october, viewer: "p0", minimumGroupSize: 3, principlesHash: "hash"),
                   now: FactTimestamp(parsing: "2026-11-26T00:00:00Z")!)
    }

    @Test("a team report with kept figures is the report made from scratch, through new, backdated and rescored records",
          arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func agreesWithScratch(seed: UInt64) async throws {
        // Given a store of records and figures kept by earlier reports
        var world = World(seed: seed)
        for _ in 0..<20 { world.add() }
        let kept = OrganisationTallies()
        for step in 0..<24 {
            // When records are added (some dated in the previous period, some naming strangers),
            // rescored, or the directory changes, between reports of every team
            switch step % 6 {
            case 2: world.rescore()
            case 4: world.source.people[Int(world.random.next() % 12)].team = "c"
            default: for _ in 0..<Int(world.random.next() % 8) { world.add(early: step % 2 == 0) }
            }
            for team in ["a", "b", "c"] {
                // Then every report equals the one made without kept figures
                let scratch = try await report(world.source, team: team, kept: nil)
                #expect(try json(try await report(world.source, team: team, kept: kept)) == json(scratch), "step \(step), team \(team)")
            }
        }
        #expect(await kept.count > 0)
    }

    @Test("once kept, a team report reads its team's records and those stored since, not the organisation's")
    func readsLess() async throws {
        // Given a store whose reads are counted, and figures kept by one team report
        var world = World(seed: 9)
        for _ in 0..<200 { world.add() }
        let counting = CountingSource(world.source)
        let kept = OrganisationTallies()
        _ = try await ReportBuilder(principles: fixturePrinciples, source: counting, organisation: kept)
            .build(ReportRequest(scope: .team("a"), period: october, minimumGroupSize: 3, principlesHash: "hash"),
                   now: FactTimestamp(parsing: "2026-11-26T00:00:00Z")!)
        let first = counting.rowsRead
        func teamB() async throws {
            _ = try await ReportBuilder(principles: fixturePrinciples, source: counting, organisation: kept)
                .build(ReportRequest(scope: .team("b"), period: october, minimumGroupSize: 3, principlesHash: "hash"),
                       now: FactTimestamp(parsing: "2026-11-26T00:00:00Z")!)
        }
        // When the next team's report is made, twice
        try await teamB()
        let second = counting.rowsRead
        try await teamB()
        // Then it reads only records involving team b, and the second time only October's
        let involvingB = world.source.rows.filter { row in
            [row.subject, row.author].contains { handle in world.source.people.contains { $0.handle == handle && $0.team == "b" } }
        }
        #expect(first == 200)
        #expect(second - first == involvingB.count)
        #expect(counting.rowsRead - second == involvingB.filter { $0.date >= october.from }.count)
        #expect(involvingB.contains { $0.date < october.from })
    }
}

/// A source that counts the report rows it hands out.
final class CountingSource: ReportSource, @unchecked Sendable {
    let source: FixtureSource
    private let lock = NSLock()
    private var read = 0

    init(_ source: FixtureSource) { self.source = source }

    var rowsRead: Int { lock.withLock { read } }

    func forEachReportRow(from: Int64, to: Int64, principles: [String], involving: Set<String>?, storedAfter: Int64?, storedThrough: Int64?,
                          _ body: (ReportRow) throws -> Void) throws {
        try source.forEachReportRow(from: from, to: to, principles: principles, involving: involving, storedAfter: storedAfter,
                                    storedThrough: storedThrough) { row in
            lock.withLock { read += 1 }
            try body(row)
        }
    }

    func latestKey() throws -> Int64? { try source.latestKey() }
    func scoresRevision() throws -> Int64 { try source.scoresRevision() }
    func texts(of keys: [Int64]) throws -> [Int64: String] { try source.texts(of: keys) }
    func metBefore(_ date: Int64, pairs: Set<PersonPair>) throws -> Set<PersonPair> { try source.metBefore(date, pairs: pairs) }
    func firstMentoring(of mentees: Set<String>) throws -> [String: (mentor: String?, date: Int64)] { try source.firstMentoring(of: mentees) }
    func directory() throws -> [Person] { try source.directory() }
}
