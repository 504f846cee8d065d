import EthosPlugins
import EthosCore
import EthosRecording
import EthosStore
import EthosTestSupport
import Foundation
import Testing

/// The backends the store contract is tested against: every test here runs on each.
enum Backend: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, memory

    func make() throws -> any RecordStore {
        switch self {
        case .sqlite: try SQLiteStore()
        case .memory: InMemoryStore()
        }
    }

    var testDescription: String { rawValue }
}

@Suite("The store contract, on every backend")
struct StoreContractTests {
    let now = FactTimestamp(seconds: day("2026-11-26"))!
    let scorer = try! Scorer(principles: probePrinciples, factories: BuiltinPlugins.factories)

    func recorder(_ backend: Backend) async throws -> Recorder {
        let store = try backend.make()
        try await store.upsert([Person(handle: "ana", team: "platform"), Person(handle: "ravi", team: "platform"),
                                Person(handle: "lena", team: "mobile")])
        return Recorder(store: store, scorer: scorer, now: now)
    }

    func at(_ text: String) -> FactTimestamp { FactTimestamp(seconds: day(text))! }

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

    @Test("scores made while a plugin had failed, or by other settings, are stale until rescored", arguments: Backend.allCases)
    func staleness(backend: Backend) async throws {
        let recorder = try await recorder(backend), store = recorder.store
        _ = try await recorder.record([Record(id: "a", from: "ana", to: "ravi", date: at("2026-09-01"), text: "Ravi learned Rust.")],
                                      createPeople: false)
        #expect(try await recorder.staleCount() == 0)
        let key = try #require(try await store.keyedRecord(id: "a")?.key)
        let partial = ScoringStamp(scorer, faulted: ["similarity"])
        try await store.replaceScores([(key, scorer.score(Record(from: "ana", to: "ravi", text: "x")).principles)], stamp: partial)
        #expect(try await recorder.staleCount() == 1)
        #expect(try await store.scores(of: "a").first?.pluginVersions == partial.pluginVersions)
        #expect(try await recorder.rescore() == 1)
        #expect(try await recorder.staleCount() == 0)
        #expect(try await store.scores(of: "a").first?.verdict == .aligned)
        #expect(try await recorder.rescore(all: true) == 1)
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
