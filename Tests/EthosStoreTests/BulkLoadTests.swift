import EthosCore
@testable import EthosStore
import EthosTestSupport
import Foundation
import GRDB
import Testing

@Suite("Bulk loads")
struct BulkLoadTests {
    let scorer = try! Scorer(principles: storePrinciples)

    /// Generated records (see ``HistoryIndexTests/records(_:seed:)``), then copies without ids of
    /// some of them — of records stored without an id and of records stored with one — which are
    /// duplicates by content, and records with a stored record's id and other text, duplicates by
    /// id, all in later batches than their originals.
    static func records(_ count: Int, seed: UInt64) -> [EthosCore.Record] {
        let records = HistoryIndexTests.records(count, seed: seed)
        let copies = stride(from: 7, to: count / 2, by: 40).flatMap { index -> [EthosCore.Record] in
            var withoutID = records[index], ofIdentified = records[index + 1]
            withoutID.id = nil
            ofIdentified.id = nil
            guard var sameID = records[index...].first(where: { $0.id != nil }) else { return [withoutID, ofIdentified] }
            sameID.text += " Sent again, edited."
            return [withoutID, ofIdentified, sameID]
        }
        return records + copies
    }

    /// What an import tells and scores: each record's outcome, and the history facts each stored
    /// record was scored with (by its text, unique to each generated record).
    struct Imported: Equatable {
        var outcomes: [String] = []
        var facts: [String: HistoryFacts] = [:]

        /// Where `other` differs, briefly: the first outcome that differs and the records whose facts do.
        func differences(from other: Imported) -> String {
            let outcome = zip(outcomes, other.outcomes).enumerated().first { $1.0 != $1.1 }
                .map { "record \($0): \($1.0) instead of \($1.1)" } ?? "outcomes: \(outcomes.count) and \(other.outcomes.count)"
            let facts = Set(facts.keys).union(other.facts.keys).filter { self.facts[$0] != other.facts[$0] }.sorted().prefix(5)
            return outcome + "; facts differ for \(facts)"
        }
    }

    func importing(_ records: [EthosCore.Record], into store: SQLiteStore, batch size: Int, afterBatch: (Int) throws -> Void = { _ in }) throws -> Imported {
        let seen = SeenHistory()
        let scorer = scorer
        var imported = Imported()
        for (round, start) in stride(from: 0, to: records.count, by: size).enumerated() {
            let batch = Array(records[start..<min(records.count, start + size)])
            let outcomes = try store.record(batch, createPeople: true, score: { record, history, people in
                seen.note(record.text, history)
                return scorer.score(record, people: people, history: history)
            }, fingerprint: scorer.fingerprint, pluginVersions: scorer.pluginVersions)
            // Ids made from content hashes differ between stores for anonymous records (each
            // store has its own anonymity key), so outcomes are compared without them.
            imported.outcomes += outcomes.map { "\($0)".replacing(/r-[0-9a-f]{16}/, with: "r-(hash)") }
            try afterBatch(round)
        }
        imported.facts = seen.all
        return imported
    }

    /// The deferrable indexes present in `store`'s database, and whether it is marked as missing some.
    func indexes(_ store: SQLiteStore) throws -> (present: Set<String>, marked: Bool) {
        try store.writer.read { db in
            let names = try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index'")
            let marked = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [SQLiteStore.deferredIndexesKey]) != nil
            return (names.intersection(Migrations.deferrableIndexes.map(\.name)), marked)
        }
    }

    static let allIndexes = Set(Migrations.deferrableIndexes.map(\.name))

    /// `records` imported as one bulk load in batches of 1,000, and the indexes after each batch
    /// (checking that the load tells it is finishing, once, exactly when it has indexes to build).
    func bulkLoading(_ records: [EthosCore.Record], into store: SQLiteStore) throws -> (Imported, [(present: Set<String>, marked: Bool)]) {
        var during: [(present: Set<String>, marked: Bool)] = []
        var finishing = 0
        let loaded = try store.bulkLoad({
            try importing(records, into: store, batch: 1_000) { _ in during.append(try indexes(store)) }
        }, finishing: {
            finishing += 1
            #expect((try? indexes(store).marked) == true)
        })
        #expect(finishing == (during.last?.marked == true ? 1 : 0))
        return (loaded, during)
    }

    @Test("a bulk load into an empty database stores, skips and scores as records given one at a time do, and ends fully indexed")
    func sameAsOneAtATime() throws {
        let records = Self.records(3_000, seed: 21)
        let truth = try importing(records, into: try SQLiteStore(), batch: 1)
        #expect(truth.outcomes.filter { $0.hasPrefix("duplicate") }.count > 100, "copies without ids are duplicates by content")
        #expect(truth.outcomes.filter { $0.hasPrefix("duplicate") && !$0.contains("r-(hash)") }.count > 30, "records sent again are duplicates by id")

        let (path, directory) = try temporaryStorePath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: path)
        let (loaded, during) = try bulkLoading(records, into: store)
        #expect(loaded == truth, "\(loaded.differences(from: truth))")
        #expect(during.allSatisfy { $0.present.isEmpty && $0.marked }, "indexes dropped from the first batch on")
        #expect(try indexes(store) == (Self.allIndexes, false))
        #expect(try store.count() == truth.outcomes.filter { $0.hasPrefix("stored") }.count)
        // Indexed queries answer again: records by person, report rows.
        #expect(try store.records(RecordFilter(to: "p3")).count > 50)
        // And the writer's connection has its page cache back, and no sorting threads.
        let settings = try store.writer.write { db in
            (try Int.fetchOne(db, sql: "PRAGMA cache_size"), try Int.fetchOne(db, sql: "PRAGMA threads"))
        }
        #expect(settings.0 == -65_536 && settings.1 == 0)
    }

    @Test("indexes are built with sorter runs of a kilobyte a hundred records, from 1 MB to 4 MB, on every core")
    func indexBuildSettings() {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        #expect(SQLiteStore.indexBuildPragmas(records: 0) == ["PRAGMA cache_size = -1024", "PRAGMA threads = \(cores)"])
        #expect(SQLiteStore.indexBuildPragmas(records: 100_000)[0] == "PRAGMA cache_size = -1024")
        #expect(SQLiteStore.indexBuildPragmas(records: 250_000)[0] == "PRAGMA cache_size = -2500")
        #expect(SQLiteStore.indexBuildPragmas(records: 1_000_000)[0] == "PRAGMA cache_size = -4096")
    }

    @Test("a bulk load on disk checkpoints each transaction in the background: the log is reused, and the writer's own checkpoint comes back")
    func backgroundCheckpoints() throws {
        let (path, directory) = try temporaryStorePath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: path)
        let records = Self.records(4_000, seed: 33)
        let walSize = { ((try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size]) as? Int) ?? 0 }
        var sizes: [Int] = []
        var autocheckpoint: [Int?] = []
        let loaded = try store.bulkLoad {
            try importing(records, into: store, batch: 1_000) { _ in
                sizes.append(walSize())
                autocheckpoint.append(try store.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") })
            }
        }
        // The writer's automatic checkpoint is off during the load, and the background one keeps
        // the log from growing with it: every other transaction at least restarts it from its
        // beginning, so it never holds more than two.
        #expect(autocheckpoint.allSatisfy { $0 == 0 })
        #expect(sizes.count >= 4 && sizes.allSatisfy { $0 > 0 }, "\(sizes)")
        #expect(sizes.last! < sizes.first! * 2, "the log grew with the load: \(sizes)")
        // Nothing was lost on the way: every stored record is in the database file, which is sound.
        #expect(try store.count() == loaded.outcomes.filter { $0.hasPrefix("stored") }.count)
        let (integrity, setting) = try store.writer.write { db in
            (try String.fetchAll(db, sql: "PRAGMA integrity_check"), try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint"))
        }
        #expect(integrity == ["ok"])
        #expect(setting == 1_000)
        // The indexes, each built in a transaction of its own, were all copied from the log
        // before the load returned: the database file alone, without its log, has them and is sound.
        #expect(try indexes(store) == (Self.allIndexes, false))
        let fileAlone = directory.appendingPathComponent("file-alone.sqlite").path
        try FileManager.default.copyItem(atPath: path, toPath: fileAlone)
        let (names, sound) = try DatabaseQueue(path: fileAlone).read { db in
            (try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index'"), try String.fetchAll(db, sql: "PRAGMA integrity_check"))
        }
        #expect(names.isSuperset(of: Self.allIndexes) && sound == ["ok"])
    }

    @Test("a bulk load that outgrows the history held in memory builds its indexes there and goes on with queries")
    func pastTheHistoryLimit() throws {
        let records = Self.records(3_000, seed: 25)
        let truth = try importing(records, into: try SQLiteStore(), batch: 1)
        let (path, directory) = try temporaryStorePath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: path, historyLimit: 2_500)
        let (loaded, during) = try bulkLoading(records, into: store)
        #expect(loaded == truth, "\(loaded.differences(from: truth))")
        // Two batches with the history in memory (indexes dropped), then past 2,500 records held.
        #expect(during.map { $0.present.isEmpty } == [true, true, false, false])
        #expect(during.map(\.marked) == [true, true, false, false])
        #expect(try indexes(store) == (Self.allIndexes, false))
    }

    @Test("another connection writing during a bulk load is seen by its next batch")
    func otherWriter() throws {
        let records = Self.records(2_600, seed: 22)
        let truth = try importing(records, into: try SQLiteStore(), batch: 1)
        let (path, directory) = try temporaryStorePath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try SQLiteStore(path: path), second = try SQLiteStore(path: path)
        let ranges = [0..<1_200, 1_200..<1_300, 1_300..<records.count]
        var loaded = Imported()
        try first.bulkLoad {
            for (index, range) in ranges.enumerated() {
                let part = try importing(Array(records[range]), into: index == 1 ? second : first, batch: 1_200)
                loaded.outcomes += part.outcomes
                loaded.facts.merge(part.facts) { $1 }
            }
        }
        #expect(loaded == truth, "\(loaded.differences(from: truth))")
        #expect(try indexes(first) == (Self.allIndexes, false))
    }

    @Test("a bulk load whose body throws still builds its indexes, keeping what it stored")
    func throwingBody() throws {
        struct Stop: Error {}
        let (path, directory) = try temporaryStorePath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: path)
        #expect(throws: Stop.self) {
            try store.bulkLoad {
                _ = try importing(Self.records(1_500, seed: 23), into: store, batch: 1_500)
                throw Stop()
            }
        }
        #expect(try indexes(store) == (Self.allIndexes, false))
        #expect(try store.count() > 1_400)
    }

    @Test("a bulk load into a database holding more records than its batches keeps the indexes")
    func keepsIndexesOfALargerDatabase() throws {
        let records = Self.records(3_000, seed: 24)
        let (path, directory) = try temporaryStorePath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: path)
        _ = try importing(Array(records[0..<2_000]), into: store, batch: 2_000)
        var during: [(present: Set<String>, marked: Bool)] = []
        try store.bulkLoad {
            _ = try importing(Array(records[2_000...]), into: store, batch: 1_000) { _ in during.append(try indexes(store)) }
        }
        #expect(!during.isEmpty && during.allSatisfy { $0 == (Self.allIndexes, false) })
    }

    @Test("a load interrupted with its indexes dropped is repaired when the database is next opened, unless its process still runs")
    func repairedOnOpen() throws {
        let (path, directory) = try temporaryStorePath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: path)
        // As a load leaves the database while it runs, or when killed: by this process, by
        // another that still runs (the test runner's parent), by one that has ended.
        let ended = Int32.max  // no process has this id
        #expect(!SQLiteStore.isRunning(ended) && SQLiteStore.isRunning(getppid()))
        for (loader, repaired) in [(getpid(), true), (getppid(), false), (ended, true)] {
            try store.writer.write { db in try SQLiteStore.dropDeferrableIndexes(db, by: loader) }
            #expect(try indexes(store) == ([], true))
            let reopened = try indexes(try SQLiteStore(path: path))
            #expect(repaired ? reopened == (Self.allIndexes, false) : reopened == ([], true), "loader \(loader)")
            try store.writer.write { db in try SQLiteStore.buildDeferredIndexes(db) }
        }
    }

    @Test("the deferrable indexes are every index the migrations make on records and scores, as they define them")
    func definitions() throws {
        let store = try SQLiteStore()
        let made = try store.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('records', 'scores') AND sql IS NOT NULL
                """).map { (name: $0["name"] as String, sql: $0["sql"] as String) }
        }
        let squeezed = { (text: String) in text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        #expect(Set(made.map(\.name)) == Self.allIndexes)
        for index in Migrations.deferrableIndexes {
            #expect(made.first { $0.name == index.name }.map { squeezed($0.sql) } == "CREATE INDEX \(index.name) ON \(index.definition)")
        }
    }
}
