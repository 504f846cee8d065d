import EthosPlugins
import EthosCore
import EthosRecording
import EthosStore
import EthosTestSupport
import Foundation
import Testing

/// The backends the store contract is tested against: every test here runs on each, and on
/// PostgreSQL when a test server is given (PostgresServer).
enum Backend: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, memory, postgres

    static var allCases: [Backend] { PostgresServer.enabled ? [.sqlite, .memory, .postgres] : [.sqlite, .memory] }

    func make() async throws -> any RecordStore {
        switch self {
        case .sqlite: try SQLiteStore()
        case .memory: InMemoryStore()
        case .postgres: try await PostgresServer.store()
        }
    }

    var testDescription: String { rawValue }
}

@Suite("The store contract, on every backend")
struct StoreContractTests {
    let now = FactTimestamp(seconds: day("2026-11-26"))!
    let scorer = try! Scorer(principles: probePrinciples, factories: BuiltinPlugins.factories)

    func recorder(_ backend: Backend) async throws -> Recorder {
        let store = try await backend.make()
        try await store.upsert([Person(handle: "ana", team: "platform"), Person(handle: "ravi", team: "platform"),
                                Person(handle: "lena", team: "mobile")])
        return Recorder(store: store, scorer: scorer, now: now)
    }

    func at(_ text: String) -> FactTimestamp { FactTimestamp(seconds: day(text))! }

    @Test("the history a few records need gives the same facts as their people's whole history", arguments: Backend.allCases)
    func narrowHistory(backend: Backend) async throws {
        let recorder = try await recorder(backend), store = recorder.store
        let people = ["ana", "ravi", "lena", "omar", "iris", "zoe"]
        var generator = SplitMix64(seed: 7)
        func pair() -> (String, String) {
            let from = people.randomElement(using: &generator)!
            return (from, people.filter { $0 != from }.randomElement(using: &generator)!)
        }
        let start = day("2026-06-01")
        var records: [Record] = []
        for index in 0..<400 {
            let (from, to) = pair(), mentoring = Bool.random(using: &generator)
            let date = FactTimestamp(seconds: start + Int64.random(in: 0..<150 * 86_400, using: &generator))!
            records.append(mentoring
                ? Record(kind: .mentoring, from: from, to: to, date: date, text: "Session \(index).", minutes: 30)
                : Record(from: from, to: to, date: date, text: "Feedback \(index).", anonymous: index % 9 == 0))
        }
        _ = try await recorder.record(records, createPeople: true)
        let latest = try await store.lastKey()
        for trial in 0..<200 {
            // One record alone, or a few together as a small batch reads them.
            let batch = (0..<(trial % 3 == 0 ? 4 : 1)).map { _ -> (HistoryNeed, Record) in
                let (from, to) = pair()
                let date = start + Int64.random(in: -20 * 86_400..<180 * 86_400, using: &generator)
                return (HistoryNeed(author: from, subject: to, date: date),
                        Record(kind: Bool.random(using: &generator) ? .mentoring : .feedback, from: from, to: to, date: FactTimestamp(seconds: date)!,
                               text: "x", minutes: 30))
            }
            let whole = HistoryIndex(try await store.history(involving: Set(batch.flatMap { [$0.1.from, $0.1.to] }), after: 0))
            let narrow = HistoryIndex(try await store.history(for: batch.map(\.0)))
            for (need, record) in batch {
                let position = HistoryPosition(date: need.since + HistoryIndex.recentWindow, key: latest + 1)
                #expect(narrow.facts(for: record, at: position, people: (nil, nil)) == whole.facts(for: record, at: position, people: (nil, nil)),
                        "\(need)")
            }
            #expect(narrow.count <= whole.count)
        }
    }

    @Test("records are stored once, by id or by content; unknown people are refused unless created", arguments: Backend.allCases)
    func duplicatesAndPeople(backend: Backend) async throws {
        let recorder = try await recorder(backend), store = recorder.store
        let record = Record(from: "ana", to: "ravi", date: at("2026-11-20"), text: "Ravi learned Rust.")
        let first = try await recorder.record([record, record], createPeople: false)
        guard case let .stored(id) = first[0] else { Issue.record("not stored"); return }
        #expect(first[1] == .duplicate(id: id))
        #expect(try await recorder.record([record], createPeople: false) == [.duplicate(id: id)])
        var withID = record
        withID.id = "ext-1"
        #expect(try await recorder.record([withID], createPeople: false) == [.stored(id: "ext-1")], "with an id, only the id decides")
        let stranger = Record(from: "zed", to: "ravi", date: at("2026-11-20"), text: "Hello.")
        #expect(try await recorder.record([stranger], createPeople: false)
            == [.rejected("No person has the handle 'zed'; import people first, or pass --create-people.")])
        #expect(try await recorder.record([stranger], createPeople: true).count == 1)
        #expect(try await store.person("zed") != nil)
        #expect(try await store.count() == 3)
    }

    @Test("listing filters by people, team, kind, principle and dates, newest first; anonymous authors never show", arguments: Backend.allCases)
    func listing(backend: Backend) async throws {
        let recorder = try await recorder(backend), store = recorder.store
        _ = try await recorder.record([
            Record(id: "a", from: "ana", to: "ravi", date: at("2026-09-01"), text: "Ravi learned Rust."),
            Record(id: "b", kind: .mentoring, from: "lena", to: "ravi", date: at("2026-10-01"), text: "Paired.", minutes: 30),
            Record(id: "c", from: "lena", to: "ana", date: at("2026-11-01"), text: "Thanks.", anonymous: true),
        ], createPeople: false)
        func ids(_ filter: RecordFilter) async throws -> [String] { try await store.records(filter).map(\.id) }
        #expect(try await ids(RecordFilter()) == ["c", "b", "a"])
        #expect(try await ids(RecordFilter(from: "lena")) == ["b"])
        #expect(try await ids(RecordFilter(team: "mobile")) == ["b"], "the anonymous record is found through its subject only")
        #expect(try await ids(RecordFilter(kind: .mentoring)) == ["b"])
        #expect(try await ids(RecordFilter(principle: "growth")) == ["a"])
        #expect(try await ids(RecordFilter(since: at("2026-09-15"), until: at("2026-11-01"))) == ["b"])
        #expect(try await ids(RecordFilter(limit: 1)) == ["c"])
        #expect(try await store.record(id: "c")?.author == nil)
    }

    @Test("what storing one record answers is what reading it back gives", arguments: Backend.allCases)
    func storedForm(backend: Backend) async throws {
        let recorder = try await recorder(backend), store = recorder.store
        let records = [
            Record(from: "ana", to: "ravi", date: at("2026-09-01"), text: "Ravi learned Rust in a week.", principles: ["growth"],
                   tags: ["rust", "a \"quoted\" tag"], visibility: .manager),
            Record(id: "m", kind: .mentoring, from: "lena", to: "ravi", text: "Paired on the learning plan.", minutes: 45),
            Record(from: "lena", to: "ana", date: at("2026-11-01"), text: "Thanks for learning with us.", anonymous: true),
        ]
        var evidenced = false
        for record in records {
            guard case let .stored(answer) = try await recorder.recordOne(record, createPeople: false) else {
                Issue.record("\(record.text) was not stored")
                continue
            }
            #expect(try await store.record(id: answer.record.id) == answer.record)
            #expect(try await store.scores(of: answer.record.id) == answer.scores)
            evidenced = evidenced || answer.scores.contains { !$0.evidence.isEmpty }
        }
        #expect(evidenced, "at least one answer carries evidence")
        guard case let .duplicate(id) = try await recorder.recordOne(records[1], createPeople: false) else {
            Issue.record("the same record twice was not a duplicate")
            return
        }
        #expect(id == "m")
    }

    @Test("scores made while a plugin had failed, or by other settings, are stale until rescored", arguments: Backend.allCases)
    func staleness(backend: Backend) async throws {
        let recorder = try await recorder(backend), store = recorder.store
        _ = try await recorder.record([Record(id: "a", from: "ana", to: "ravi", date: at("2026-09-01"), text: "Ravi learned Rust.")],
                                      createPeople: false)
        #expect(try await recorder.staleCount() == 0)
        let key = try #require(try await store.keyedRecord(id: "a")?.key)
        let revision = try await store.scoresRevision()
        _ = try await recorder.record([Record(id: "b", from: "ravi", to: "ana", date: at("2026-09-02"), text: "Ana shared the runbook.")],
                                      createPeople: false)
        #expect(try await store.scoresRevision() == revision, "a new record leaves the scores revision")
        let partial = ScoringStamp(scorer, faulted: ["similarity"])
        try await store.replaceScores([(key, scorer.score(Record(from: "ana", to: "ravi", text: "x")).principles)], stamp: partial)
        #expect(try await store.scoresRevision() > revision, "replaced scores move it")
        #expect(try await recorder.staleCount() == 1)
        #expect(try await store.scores(of: "a").first?.pluginVersions == partial.pluginVersions)
        #expect(try await recorder.rescore() == 1)
        #expect(try await recorder.staleCount() == 0)
        #expect(try await store.scores(of: "a").first?.verdict == .aligned)
        #expect(try await recorder.rescore(all: true) == 2)
    }

    @Test("rescoring a record that had no evidence moves the scores revision too", arguments: Backend.allCases)
    func rescoringWithoutEvidence(backend: Backend) async throws {
        // Given a record whose scores have no evidence (so no evidence row to replace)
        let recorder = try await recorder(backend), store = recorder.store
        _ = try await recorder.record([Record(id: "a", from: "ana", to: "ravi", date: at("2026-09-01"), text: "Noted.")], createPeople: false)
        let key = try #require(try await store.keyedRecord(id: "a")?.key)
        let revision = try await store.scoresRevision()
        // When its scores are replaced by evidenced ones
        let evidenced = scorer.score(Record(from: "ana", to: "ravi", text: "Ravi learned Rust and taught the team.")).principles
        #expect(evidenced.contains { $0.verdict != .notEvidenced })
        try await store.replaceScores([(key, evidenced)], stamp: ScoringStamp(scorer))
        // Then the revision moves, so a verdict kept in memory is drawn again
        #expect(try await store.scoresRevision() > revision)
    }

    @Test("a dry run sees the real records and leaves nothing behind", arguments: Backend.allCases)
    func dryRun(backend: Backend) async throws {
        let recorder = try await recorder(backend), store = recorder.store
        let record = Record(id: "x", from: "ana", to: "ravi", date: at("2026-09-01"), text: "Ravi learned Rust.")
        _ = try await recorder.record([record], createPeople: false)
        let outcomes = try await store.rollingBack { scratch in
            try await Recorder(store: scratch, scorer: scorer, now: now).record(
                [record, Record(id: "y", from: "ana", to: "zed", date: at("2026-09-02"), text: "New.")], createPeople: true)
        }
        #expect(outcomes == [.duplicate(id: "x"), .stored(id: "y")])
        #expect(try await store.count() == 1)
        #expect(try await store.person("zed") == nil)
    }

    @Test("a listing of every record streams in the filter's order, past a page, and stops at its limit", arguments: Backend.allCases)
    func streaming(backend: Backend) async throws {
        let recorder = try await recorder(backend), store = recorder.store
        // 2,100 records over 70 days, several a day: more than a page of the SQLite store's 1,000.
        let records = (0..<2_100).map { index in
            Record(id: "s\(index)", from: index % 2 == 0 ? "ana" : "lena", to: "ravi",
                   date: FactTimestamp(seconds: day("2026-06-01") + Int64(index % 70) * 86_400), text: "Note \(index).")
        }
        _ = try await recorder.record(records, createPeople: false)
        var newest: [StoredRecord] = []
        try await store.forEachRecord(RecordFilter()) { newest.append($0.stored) }
        #expect(newest.count == 2_100 && Set(newest.map(\.id)).count == 2_100)
        #expect(zip(newest, newest.dropFirst()).allSatisfy { $0.date >= $1.date })
        var oldest: [String] = []
        try await store.forEachRecord(RecordFilter(from: "ana", oldestFirst: true)) { oldest.append($0.stored.id) }
        #expect(oldest.count == 1_050 && oldest == newest.filter { $0.author == "ana" }.reversed().map(\.id))
        var limited = 0
        try await store.forEachRecord(RecordFilter(limit: 1_234)) { _ in limited += 1 }
        #expect(limited == 1_234)
    }
}
