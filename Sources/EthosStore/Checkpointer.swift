internal import Foundation
internal import GRDB

/// Copies a bulk load's committed pages from the write-ahead log into the database file on a
/// thread of its own, while the importer does what it does between transactions (`ethos import`
/// reads and decodes its next batch). SQLite's automatic checkpoint runs on the connection that
/// commits, after the commit: reading the log's new pages, writing them into the database and
/// syncing both, about a tenth of a second for each transaction of 20,000 records, during which
/// nothing else of an import ran (docs/performance.md).
///
/// Every other transaction waits for the checkpoints to end before it begins
/// (``beforeTransaction()``), so it restarts the log from its beginning as it would after an
/// automatic checkpoint: the log stays the size of two transactions, and a reader sees the same
/// database at every point. (Waiting before every transaction kept it to one, but left both
/// cores half idle while each checkpoint ended: the other waits gave 1.5 % more records a second,
/// docs/performance.md.) A bulk load's indexes are built while it copies too
/// (``SQLiteStore/buildDeferredIndexes(_:checkpointing:)``).
///
/// A class with a lock because the writer and the checkpointing thread share it.
final class Checkpointer: @unchecked Sendable {
    // @unchecked: every `var` is read and written only under `condition`'s lock.
    private let condition = NSCondition()
    private let connection: DatabaseQueue
    /// Commits signalled, and how many of them the checkpoints have covered.
    private var commits = 0
    private var checkpointed = 0
    /// Transactions begun.
    private var began = 0
    private var closed = false
    private var running = true

    /// Opens a connection of its own to the database at `path` and starts the thread.
    init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(1)
        connection = try DatabaseQueue(path: path, configuration: configuration)
        let thread = Thread { [self] in run() }
        thread.start()
    }

    /// A transaction has committed: its pages are copied in the background.
    func committed() {
        condition.lock()
        commits += 1
        condition.broadcast()
        condition.unlock()
    }

    /// Called before a transaction begins: every other time, waits until every committed
    /// transaction has been checkpointed, so this one restarts the log.
    func beforeTransaction() {
        condition.lock()
        began += 1
        if began % 2 == 0 {
            while checkpointed < commits, running { condition.wait() }
        }
        condition.unlock()
    }

    /// Checkpoints what is left and stops the thread.
    func finish() {
        condition.lock()
        closed = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }

    private func run() {
        condition.lock()
        while true {
            while checkpointed == commits, !closed { condition.wait() }
            if checkpointed == commits { break }
            let target = commits
            condition.unlock()
            // A checkpoint that cannot copy everything (another connection reading an older
            // snapshot) leaves the rest in the log, where it is read as before, for the next one
            // or for SQLite's own once the load ends; so does one that fails.
            _ = try? connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            condition.lock()
            checkpointed = target
            condition.broadcast()
        }
        running = false
        condition.broadcast()
        condition.unlock()
    }
}
