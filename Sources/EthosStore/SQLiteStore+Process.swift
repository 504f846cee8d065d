internal import CEthosSQLite

// MARK: The process

extension SQLiteStore {
    /// Prepares SQLite for this process: turns off its count of the memory it allocates, which
    /// takes one process-wide lock around every allocation and free SQLite makes. With the count
    /// off, SQLite's own rate of writing an import's rows rose by 8 % and an import by about 3 %
    /// on the benchmark machine (docs/performance.md); nothing in Ethos reads the count.
    ///
    /// SQLite accepts this only before it has started, so call it first thing, before anything
    /// in the process opens a database: `ethos` and `ethos-bench` do. A program that embeds
    /// Ethos may call it the same way, or not at all. Returns whether SQLite took it; once SQLite
    /// has started it answers false and goes on counting, which is harmless.
    @discardableResult
    public static func configureProcess() -> Bool {
        ethos_sqlite_stop_counting_memory() == 0  // SQLITE_OK
    }

    /// Whether SQLite counts the memory it allocates in this process: true once it has allocated
    /// any while counting; false when ``configureProcess()`` turned the count off (or before
    /// SQLite has allocated anything).
    public static var countsMemory: Bool {
        ethos_sqlite_counts_memory() != 0
    }
}
