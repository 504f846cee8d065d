import EthosCore
@testable import EthosStore
import EthosTestSupport
import Foundation
import Testing

/// History facts as import sees them, collected from the scoring closure by record id.
final class SeenHistory: @unchecked Sendable {
    // @unchecked: `facts` is read and written only under `lock`.
    private let lock = NSLock()
    private var facts: [String: HistoryFacts] = [:]

    func note(_ id: String, _ history: HistoryFacts) { lock.withLock { facts[id] = history } }
    var all: [String: HistoryFacts] { lock.withLock { facts } }
}

@Suite("History facts from memory")
struct HistoryIndexTests {
    let scorer = try! Scorer(principles: storePrinciples)

    /// Records among 30 people over 90 days (so 30-day windows overlap), in random date order:
    /// about a third mentoring, one feedback in eight anonymous, several on the same day, every
    /// 40th without an id and every 97th repeating an earlier record's id.
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

    /// Imports `records` into `store` in batches of the given sizes (the last repeated), and
    /// returns the history facts each stored record was scored with, by its text (unique to each
    /// generated record).
    func importing(_ records: [Record], into store: SQLiteStore, batches sizes: [Int]) throws -> [String: HistoryFacts] {
        let seen = SeenHistory()
        let scorer = scorer
        var start = 0, round = 0
        while start < records.count {
            let size = sizes[min(round, sizes.count - 1)]
            let batch = Array(records[start..<min(records.count, start + size)])
            let outcomes = try store.record(batch, createPeople: true, score: { record, history, people in
                seen.note(record.text, history)
                return scorer.score(record, people: people, history: history)
            }, fingerprint: scorer.fingerprint, pluginVersions: scorer.pluginVersions)
            #expect(outcomes.count == batch.count)
            start += size
            round += 1
        }
        return seen.all
    }

    @Test("imports answer history facts from memory exactly as the indexed queries do, in any batch sizes")
    func sameAsQueries() throws {
        let records = Self.records(1_500, seed: 11)
        // One record per transaction: every fact from the queries alone, as before the index.
        let truth = try importing(records, into: try SQLiteStore(), batches: [1])
        #expect(truth.count > 1_400)
        #expect(Set(truth.values.map(\.distinctPeople30d)).count > 5)
        #expect(truth.values.contains { $0.payItForward } && truth.values.contains { !$0.firstContact })
        #expect(truth.values.contains { $0.mentoringSessions >= 2 })
        // Batches of 50: queries for what is stored, the batch's own earlier records from memory.
        #expect(try importing(records, into: try SQLiteStore(), batches: [50]) == truth)
        // One batch of 1,500: an index built for the batch.
        #expect(try importing(records, into: try SQLiteStore(), batches: [1_500]) == truth)
        // 600 by queries, then a batch that loads the index from those 600 rows, then the index kept.
        #expect(try importing(records, into: try SQLiteStore(), batches: [200, 200, 200, 1_000, 30]) == truth)
    }

    @Test("a handle and an anonymous key are different authors, whatever their letters")
    func authorsApart() {
        var index = HistoryIndex()
        index.add(author: .handle("x"), subject: "ana", date: 10, kind: .mentoring)
        #expect(index.met(.handle("x"), "ana", by: 10))
        #expect(!index.met(.anonymous(key: "x"), "ana", by: 10))
        #expect(!index.met(.handle("x"), "ana", by: 9))
        #expect(index.sessions(.handle("x"), "ana", by: 10) == 1 && index.sessions(.anonymous(key: "x"), "ana", by: 10) == 0)
        #expect(index.mentored("ana", by: 10) && !index.mentored("x", by: 10))
        #expect(index.distinctSubjects(of: .handle("x"), from: 0, through: 10) == 1)
        #expect(index.distinctSubjects(of: .anonymous(key: "x"), from: 0, through: 10) == 0)
    }

    @Test("memory is bounded: no index, kept or loaded, grows past the limit")
    func bounded() {
        #expect(SQLiteStore.keepsIndex(holding: 980_000, batch: 20_000))
        #expect(!SQLiteStore.keepsIndex(holding: 990_000, batch: 20_000))
        #expect(!SQLiteStore.keepsIndex(holding: 0, batch: 1_000_001))
        #expect(SQLiteStore.keepsIndex(holding: 10, batch: 5, limit: 15) && !SQLiteStore.keepsIndex(holding: 11, batch: 5, limit: 15))
    }

    @Test("a kept index is dropped when another connection writes, and when a batch rolls back")
    func invalidation() throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ethos.sqlite").path
        let records = Self.records(2_600, seed: 12)
        let truth = try importing(records, into: try SQLiteStore(), batches: [1])

        let first = try SQLiteStore(path: path), second = try SQLiteStore(path: path)
        var seen = try importing(Array(records[0..<1_200]), into: first, batches: [1_200])  // index kept by `first`
        seen.merge(try importing(Array(records[1_200..<1_300]), into: second, batches: [100])) { $1 }  // another connection writes
        seen.merge(try importing(Array(records[1_300..<1_400]), into: first, batches: [100])) { $1 }  // so `first` reads again

        // A batch whose scores cannot be written (two scores for one principle) rolls back whole.
        let doubled = Array(records[1_400..<1_500])
        #expect(throws: (any Error).self) {
            _ = try first.record(doubled, createPeople: true, score: { record, history, people in
                var score = scorer.score(record, people: people, history: history)
                score.principles += score.principles
                return score
            }, fingerprint: scorer.fingerprint, pluginVersions: scorer.pluginVersions)
        }
        seen.merge(try importing(Array(records[1_400...]), into: first, batches: [1_200])) { $1 }
        #expect(seen == truth)
        #expect(try first.count() == truth.count)
    }
}
