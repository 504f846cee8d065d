import EthosCore
@testable import EthosRecording
import EthosStore
import EthosTestSupport
import Foundation
import Testing

/// A plugin that writes the history facts each record was scored with into its evidence, so a
/// test reads back, from the store, exactly what the pipeline computed.
struct HistoryProbe: PluginFactory, Plugin, EvidenceProvider {
    var id: String { "history-probe" }
    var version: String { "1.0.0" }
    var summary: String { "Echoes history facts." }
    var readsFacts: Bool { true }

    func make(_ settings: PluginSettings) throws(PluginSetupError) -> any Plugin { self }

    func evidence(for record: Record, context: RecordContext) -> [Evidence] {
        let names = ["network.firstContact", "network.distinctPeople30d", "mentoring.sessions", "mentoring.payItForward", "network.crossTeam"]
        let text = names.map { "\($0)=\(context.facts.fact(named: $0).map { "\($0)" } ?? "-")" }.joined(separator: ";")
        return [Evidence(principle: context.principles.ids.first, strength: 0, confidence: 0, reason: text)]
    }

    /// The probe's reason in `scores`.
    static func facts(in scores: [StoredScore]) -> String? {
        scores.first?.evidence.first { $0.plugin == "history-probe" }?.reason
    }
}

let probePrinciples: PrincipleSet = {
    let text = """
        principles:
          - id: growth
            name: Growth
            statement: We grow.
            tenets: [Each person grows.]
            signals: [{terms: [learn]}]
            examples: {aligned: [She learned Swift.]}
        """
    return (try? PrinciplesLoader.builtins().load([SourceFile(path: "p.yaml", text: text)]).get()) ?? PrincipleSet([])
}()

func day(_ text: String) -> Int64 { FactTimestamp(parsing: text, allowDate: true)?.seconds ?? 0 }

@Suite("History facts: one implementation, every path")
struct HistoryIndexTests {
    let scorer = try! Scorer(principles: probePrinciples, factories: [HistoryProbe()])
    let now = FactTimestamp(seconds: day("2026-12-01"))!

    /// Records among 30 people in 3 teams over 90 days (so 30-day windows overlap), in random
    /// date order: about a third mentoring, one feedback in eight anonymous, several on the same
    /// day, every 40th without an id and every 97th repeating an earlier record's id.
    static func records(_ count: Int, seed: UInt64) -> [Record] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { index in
            let from = Int(random.next() % 30)
            var to = Int(random.next() % 29)
            if to >= from { to += 1 }
            let mentoring = random.next() % 3 == 0
            let date = FactTimestamp(seconds: day("2026-06-01") + Int64(random.next() % 90) * 86_400 + Int64(random.next() % 3) * 3_600)
            let id: String? = index % 40 == 7 ? nil : index % 97 == 50 ? "h\(index / 2)" : "h\(index)"
            return Record(id: id, kind: mentoring ? .mentoring : .feedback, from: "p\(from)", to: "p\(to)", date: date,
                          text: "Record \(index) about learning.", minutes: mentoring ? 30 : nil,
                          anonymous: !mentoring && random.next() % 8 == 0)
        }
    }

    static let people = (0..<30).map { Person(handle: "p\($0)", team: "t\($0 % 3)") }

    /// Imports `records` into a fresh store in batches of the given sizes (the last repeated),
    /// one session, and returns the store and the facts each stored record was scored with, by
    /// its text (unique to each generated record; ids of anonymous records without one depend on
    /// each store's key).
    func importing(_ records: [Record], batches sizes: [Int], backend: Backend = .sqlite,
                   overlapped: Bool = false) async throws -> (any RecordStore, [String: String]) {
        let store = try await backend.make()
        try await store.upsert(Self.people)
        var session = Recorder(store: store, scorer: scorer, now: now).session()
        var start = 0, round = 0, ids: [String] = []
        func note(_ outcomes: [RecordOutcome]?) {
            for outcome in outcomes ?? [] { if case let .stored(id) = outcome { ids.append(id) } }
        }
        while start < records.count {
            let size = sizes[min(round, sizes.count - 1)]
            let batch = Array(records[start..<min(records.count, start + size)])
            // Overlapped, as `ethos import` runs: each batch scored while the one before is written.
            note(overlapped ? try await session.submit(batch, createPeople: false) : try await session.record(batch, createPeople: false))
            start += size
            round += 1
        }
        note(try await session.finishWriting())
        return (store, try await Self.facts(in: store, ids: ids))
    }

    static func facts(in store: any RecordStore, ids: [String]) async throws -> [String: String] {
        let scores = try await store.scores(of: ids)
        let texts = Dictionary(uniqueKeysWithValues: try await store.records(RecordFilter()).map { ($0.id, $0.text) })
        return Dictionary(uniqueKeysWithValues: ids.map { (texts[$0] ?? $0, HistoryProbe.facts(in: scores[$0] ?? []) ?? "") })
    }

    @Test("import in any batch sizes, explain and rescore, and score --input compute the same history facts", arguments: Backend.allCases)
    func samePaths(backend: Backend) async throws {
        let records = Self.records(1_500, seed: 11)
        // One record per transaction: what `feedback give` computes, record by record.
        let truth = try await importing(records, batches: [1], backend: backend).1
        #expect(truth.count > 1_400)
        #expect(Set(truth.values).count > 100)
        #expect(truth.values.contains { $0.contains("payItForward=bool(true)") } && truth.values.contains { $0.contains("firstContact=bool(false)") })
        #expect(truth.values.contains { $0.contains("sessions=int(2)") })
        // Batches of 50 (small: their people's history, read afresh), one of 1,500 (the whole
        // history, read once), and a mix that switches from one to the other.
        #expect(try await importing(records, batches: [50], backend: backend).1 == truth)
        #expect(try await importing(records, batches: [1_500], backend: backend).1 == truth)
        #expect(try await importing(records, batches: [200, 200, 200, 1_000, 30], backend: backend).1 == truth)
        #expect(try await importing(records, batches: [1_000, 100], backend: backend, overlapped: true).1 == truth)
        #expect(try await importing(records, batches: [300], backend: backend, overlapped: true).1 == truth)
        // Explaining and rescoring read the facts as of where each record stands, by date: what
        // an import in date order computed. So does `score --input`, from the lines before.
        let sorted = records.enumerated().sorted { ($0.element.date!, $0.offset) < ($1.element.date!, $1.offset) }.map(\.element)
        let (store, inOrder) = try await importing(sorted, batches: [1], backend: backend)
        #expect(inOrder != truth, "an import out of date order sees less history than the records' dates allow")
        let recorder = Recorder(store: store, scorer: scorer, now: now)
        let stored = try await store.records(RecordFilter())
        for record in stored.prefix(300) {
            #expect(try await recorder.explain(id: record.id).map { HistoryProbe.facts(in: $0.principles.map(Self.stored)) } == inOrder[record.text],
                    "\(record.id)")
        }
        #expect(try await recorder.rescore(all: true) == inOrder.count)
        #expect(try await Self.facts(in: store, ids: stored.map(\.id)) == inOrder)
        // `score --input` (no store) reads the same facts from the lines before, in order.
        var running = RunningHistory(now: now)
        let people = Dictionary(uniqueKeysWithValues: Self.people.map { ($0.handle, $0) })
        var seen: Set<String> = []
        let storedIDs = Set(stored.map(\.id))
        for record in sorted {
            let id = RecordIdentity(record, now: now, key: store.anonymityKey).id
            guard storedIDs.contains(id), seen.insert(id).inserted else { continue }
            let history = running.facts(for: record, people: (record.anonymous ? nil : people[record.from], people[record.to]))
            let score = scorer.score(record, people: PeopleLookup(Self.people), history: history)
            #expect(HistoryProbe.facts(in: score.principles.map(Self.stored)) == inOrder[record.text], "\(id)")
        }
    }

    static func stored(_ score: PrincipleScore) -> StoredScore {
        StoredScore(principle: score.principle, verdict: score.verdict, alignment: score.alignment, relevance: score.relevance,
                    evidence: score.evidence, principlesHash: "", pluginVersions: "")
    }

    @Test("a record's history is what stands strictly before it, and the window is 30 days")
    func before() {
        var index = HistoryIndex()
        let at10 = HistoryPosition(date: 10, key: 1)
        index.add(HistoryEntry(author: "x", subject: "ana", position: at10, kind: .mentoring))
        let after = HistoryPosition(date: 10, key: 2), before = HistoryPosition(date: 10, key: 1)
        #expect(index.met("x", "ana", before: after))
        #expect(!index.met("x", "ana", before: before), "a record is not its own history")
        #expect(!index.met("ana", "x", before: after))
        #expect(index.sessions("x", "ana", before: after) == 1 && index.sessions("x", "ana", before: before) == 0)
        #expect(index.mentored("ana", before: after) && !index.mentored("x", before: after))
        #expect(index.distinctSubjects(of: "x", from: 0, before: after) == 1)
        #expect(index.distinctSubjects(of: "x", from: 11, before: HistoryPosition(date: 50, key: 9)) == 0, "outside the window")
    }

    @Test("an anonymous record has no history facts and is in no one's history")
    func anonymousOutside() {
        var history = RunningHistory(now: now)
        let day = 86_400
        func at(_ days: Int) -> FactTimestamp { FactTimestamp(seconds: 1_780_000_000 + Int64(days * day))! }
        // ana writes to ben anonymously, twice; then ben writes to ana, and ana to ben, by name.
        let first = history.facts(for: Record(kind: .feedback, from: "ana", to: "ben", date: at(0), text: "a", anonymous: true))
        let second = history.facts(for: Record(kind: .feedback, from: "ana", to: "ben", date: at(1), text: "b", anonymous: true))
        #expect(first == .unknown && second == .unknown)
        let reply = history.facts(for: Record(kind: .feedback, from: "ben", to: "ana", date: at(2), text: "c"))
        #expect(reply.firstContact == true, "ben's record must not tell him ana wrote to him")
        let named = history.facts(for: Record(kind: .feedback, from: "ana", to: "ben", date: at(3), text: "d"))
        #expect(named.firstContact == false, "ben wrote to ana by name")
        #expect(named.distinctPeople30d == 0, "ana's anonymous records are not counted")
    }

    @Test("a recorder given the caller's directory scores with the people it holds, not the store's")
    func callersDirectory() async throws {
        let store = InMemoryStore()
        try await store.upsert([Person(handle: "ana", team: "platform"), Person(handle: "ravi", team: "platform")])
        var recorder = Recorder(store: store, scorer: scorer, now: now)
        func crossTeam(_ text: String) async throws -> String? {
            guard case let .stored(stored) = try await recorder.recordOne(Record(from: "ana", to: "ravi", text: text), createPeople: false) else {
                return nil
            }
            return HistoryProbe.facts(in: stored.scores)?.split(separator: ";").first { $0.hasPrefix("network.crossTeam") }.map(String.init)
        }
        #expect(try await crossTeam("From the store.") == "network.crossTeam=bool(false)")
        // A directory read at a later revision, where ravi has moved team.
        recorder.people = { handles in
            Dictionary(uniqueKeysWithValues: handles.map { ($0, Person(handle: $0, team: $0 == "ravi" ? "mobile" : "platform")) })
        }
        #expect(try await crossTeam("From the directory.") == "network.crossTeam=bool(true)")
    }
}
