#ifndef CETHOSSQLITE_H
#define CETHOSSQLITE_H

/// Turns off SQLite's count of the memory it has allocated (SQLITE_CONFIG_MEMSTATUS), for the
/// whole process. `sqlite3_config` is variadic, which Swift cannot call; this is the call.
/// SQLite accepts it only before it has started (before any database is opened in the process)
/// and answers SQLITE_MISUSE after: the result is SQLite's code, 0 when it took it.
int ethos_sqlite_stop_counting_memory(void);

/// Whether SQLite counts the memory it allocates (SQLite keeps no count when it does not).
int ethos_sqlite_counts_memory(void);

#endif
