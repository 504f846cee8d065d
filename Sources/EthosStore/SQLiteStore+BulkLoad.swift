internal import EthosCore
internal import Foundation
// `package`: `ethos-bench` builds its indexes through ``SQLiteStore/withIndexBuildSettings(_:_:)``, which takes a GRDB `Database`.
package import GRDB

// MARK: Bulk loads

extension SQLiteStore {
    /// Runs `body`, a bulk import, as one load. When a batch of it (of at least
    /// ``historyIndexMinimumBatch`` records, its history facts answered from memory) lands in a
    /// database holding fewer records than the batch itself, the store drops the indexes in
    /// ``Migrations/deferrableIndexes`` in that batch's transaction and builds them once when
    /// `body` returns: maintaining seven indexes row by row, most of them in no particular order,
    /// costs several times what sorting each once does (docs/performance.md). While they are
    /// away, history facts come from the history index in memory, and duplicates from the stored
    /// ids' hashes and a map of content hashes (``ContentIndex``), a possible match confirmed
    /// with the id's unique index or the row; other connections read the same data, more slowly.
    ///
    /// The indexes are built again whether `body` returns or throws, and a load interrupted
    /// before that (the process killed) leaves a mark that the next ``init(path:)`` finds and
    /// repairs once that process has gone. A load that grows past ``historyIndexLimit`` builds them as soon as its history
    /// facts must come from queries again.
    public func bulkLoad<T>(_ body: () throws -> T, finishing: () -> Void) throws -> T {
        guard bulk.begin() else { return try body() }  // within another bulk load: it finishes
        let checkpointer = startCheckpointing()
        bulk.checkpointer = checkpointer
        let result = Result { try body() }
        bulk.checkpointer = nil
        defer { stopCheckpointing(checkpointer) }
        if bulk.end() {
            finishing()
            // The history and content hashes held for the load (some 90 MB at a million records)
            // go before SQLite's sorter takes its memory to build the indexes; a later import in
            // this process loads the history again.
            keptHistory.drop()
            do {
                try writer.writeWithoutTransaction { db in try Self.buildDeferredIndexes(db, checkpointing: checkpointer) }
            } catch {
                // A failed body's error comes first; the mark stays, and the next open builds them.
                _ = try result.get()
                throw error
            }
        }
        return try result.get()
    }

    /// A checkpointer for the load's transactions (``Checkpointer``), with the writer's own
    /// automatic checkpoint off while it runs; nil for a database in memory, which has no log,
    /// and if either cannot be set up: the load then checkpoints as any write does.
    private func startCheckpointing() -> Checkpointer? {
        guard let path, let checkpointer = try? Checkpointer(path: path) else { return nil }
        do {
            try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        } catch {
            checkpointer.finish()
            return nil
        }
        return checkpointer
    }

    /// Stops the checkpointer once it has copied what was committed, and turns the writer's
    /// automatic checkpoint back on (SQLite's default: every 1,000 pages).
    private func stopCheckpointing(_ checkpointer: Checkpointer?) {
        guard let checkpointer else { return }
        checkpointer.finish()
        try? writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 1000") }
    }

    /// Drops the deferrable indexes and marks the database as missing them, with the process
    /// that will build them.
    static func dropDeferrableIndexes(_ db: Database, by process: Int32 = getpid()) throws {
        for index in Migrations.deferrableIndexes { try db.execute(sql: "DROP INDEX IF EXISTS \(index.name)") }
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [Self.deferredIndexesKey, String(process)])
    }

    /// Builds whichever deferrable indexes are missing and removes the mark, within the
    /// transaction `db` is in.
    static func buildDeferredIndexes(_ db: Database) throws {
        try buildDeferredIndexes(db) { create in try create() }
    }

    /// At a bulk load's end, on a connection outside a transaction: builds each missing index in
    /// a transaction of its own, which `checkpointer` copies into the database file while the
    /// next is built — the first while the load's last batch is copied. Copying each after its
    /// build, with nothing else running, was a tenth of the load's time at 100,000 records
    /// (docs/performance.md). The log holds the indexes' pages until the last is copied (about
    /// a sixth of the database), and restarts with the next write.
    static func buildDeferredIndexes(_ db: Database, checkpointing checkpointer: Checkpointer?) throws {
        guard let checkpointer else {
            try db.inTransaction { try buildDeferredIndexes(db); return .commit }
            return
        }
        try buildDeferredIndexes(db) { create in
            try db.inTransaction { try create(); return .commit }
            checkpointer.committed()
        }
    }

    /// Builds the missing deferrable indexes, each through `build` (which runs the statement it
    /// is given, where the caller wants it run), and removes the mark.
    private static func buildDeferredIndexes(_ db: Database, each build: (() throws -> Void) throws -> Void) throws {
        try withIndexBuildSettings(db) {
            for index in Migrations.deferrableIndexes {
                try build { try db.execute(sql: "CREATE INDEX IF NOT EXISTS \(index.name) ON \(index.definition)") }
            }
            try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [Self.deferredIndexesKey])
        }
    }

    /// Runs `body` with the connection's settings for building the indexes of the records it
    /// holds (``indexBuildPragmas(records:)``), restoring its own after; `ethos-bench` builds the
    /// indexes of SQLite's own limit with it too.
    package static func withIndexBuildSettings(_ db: Database, _ body: () throws -> Void) throws {
        let cache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -65_536
        let threads = try Int.fetchOne(db, sql: "PRAGMA threads") ?? 0
        let records = try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM records") ?? 0
        for pragma in indexBuildPragmas(records: records) { try db.execute(sql: pragma) }
        defer {
            try? db.execute(sql: "PRAGMA cache_size = \(cache)")
            try? db.execute(sql: "PRAGMA threads = \(threads)")
        }
        try body()
    }

    /// The settings a bulk load builds the indexes of about `records` records with (see
    /// ``buildDeferredIndexes(_:)``).
    ///
    /// SQLite's sorter sorts runs of up to the page cache's size, in memory on top of the cache,
    /// and with `threads` sorts each run on a helper thread while it reads the next: it works
    /// on every core only when an index has several runs. A run is a kilobyte for every hundred
    /// records, from 1 MB to 4 MB: four or so runs an index. At a million records, 4 MB runs on
    /// every core built the indexes in 3.0 s, against 3.3 s with 1 MB runs and 4.9–5.6 s with
    /// 16 MB runs on one thread (with a peak of 34 MB against 51); at 100,000 records, 1 MB runs
    /// took 0.30 s against 0.37 s with 4 MB, whose one run an index sorted on one thread
    /// (docs/performance.md).
    static func indexBuildPragmas(records: Int) -> [String] {
        let kilobytes = min(4_096, max(1_024, records / 100))
        return ["PRAGMA cache_size = -\(kilobytes)", "PRAGMA threads = \(ProcessInfo.processInfo.activeProcessorCount)"]
    }

    /// Builds the indexes a bulk load dropped and did not build again because its process ended
    /// first. While that process runs, it is left to build them itself: building them here would
    /// hold the database for seconds while it waits to write its next batch.
    static func repairInterruptedLoad(_ writer: some DatabaseWriter) throws {
        guard let mark = try writer.read(deferralMark) else { return }
        if let loader = Int32(mark), loader != getpid(), isRunning(loader) { return }
        try writer.write { db in
            guard try deferralMark(db) == mark else { return }  // built meanwhile, or another load began
            try buildDeferredIndexes(db)
        }
    }

    /// The mark a bulk load leaves while the deferrable indexes are dropped: its process id.
    private static func deferralMark(_ db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [deferredIndexesKey])
    }

    /// Whether a process with this id exists (one that is not ours counts: it exists).
    static func isRunning(_ process: Int32) -> Bool {
        process > 0 && (kill(process, 0) == 0 || errno == EPERM)
    }

    /// The `meta` key present while a bulk load has the deferrable indexes dropped.
    static let deferredIndexesKey = "bulk-load-indexes-deferred"

    /// Whether a bulk load is running, and whether it has dropped the deferrable indexes. A class
    /// with a lock because the store is shared between threads.
    final class BulkLoadState: @unchecked Sendable {
        // @unchecked: its properties are all read and written only under `lock`.
        private let lock = NSLock()
        private var active = false
        private var deferred = false
        private var loadCheckpointer: Checkpointer?

        /// Starts a bulk load; false if one is running already.
        func begin() -> Bool {
            lock.withLock {
                defer { active = true }
                return !active
            }
        }

        /// Ends the bulk load; true if the indexes it dropped are still to be built.
        func end() -> Bool {
            lock.withLock {
                defer { active = false; deferred = false }
                return deferred
            }
        }

        var isActive: Bool { lock.withLock { active } }
        /// The load's checkpointer, while it runs.
        var checkpointer: Checkpointer? {
            get { lock.withLock { loadCheckpointer } }
            set { lock.withLock { loadCheckpointer = newValue } }
        }
        var isDeferred: Bool {
            get { lock.withLock { deferred } }
            set { lock.withLock { deferred = newValue } }
        }
    }
}

/// What a bulk load knows of the stored records while their content hash's index is dropped:
/// the content hashes, so a record without an id is still found to duplicate any stored record
/// with the same content, and the ids' hashes, so an id none of them has is known to be new
/// without a query (looking each up in the id's index was about 6 % of what taking a record
/// in cost the writer). Content hashes are keyed by their first 64 bits, to the row that has it; a hit is
/// confirmed against the row, and the rare miss (two contents whose hashes share 64 bits) asks
/// the table.
struct ContentIndex {
    private var rows: [Int: Int64] = [:]
    private var ids: Set<Int> = []

    /// The content hashes and ids of every stored record.
    init(loading db: Database) throws {
        try BoundStatement(db, "SELECT seq, content_hash, id FROM records").forEachRow { row in
            if let seq = row.int(0), let hash = row.text(1), let id = row.text(2) {
                add(HashedText(contentHash: hash), id: HashedText(id), seq: seq)
            }
        }
    }

    mutating func add(_ hash: HashedText, id: HashedText, seq: Int64) {
        if rows[hash.hash] == nil { rows[hash.hash] = seq }
        ids.insert(id.hash)
    }

    /// Whether a stored record may have `id`: false means none has.
    func mayHold(id: HashedText) -> Bool {
        ids.contains(id.hash)
    }

    /// The id of a stored record whose content hash is `hash`.
    func duplicate(of hash: HashedText, _ db: Database) throws -> String? {
        guard let seq = rows[hash.hash] else { return nil }
        if let id = try BoundStatement(db, "SELECT id FROM records WHERE seq = ? AND content_hash = ?").text(.int(seq), .text(hash.text)) {
            return id
        }
        return try BoundStatement(db, "SELECT id FROM records WHERE \(SQLiteStore.sameContent)").text(.text(String(hash.text.prefix(16))), .text(hash.text))
    }
}
