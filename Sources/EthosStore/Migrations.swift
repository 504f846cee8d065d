internal import GRDB

/// The schema, as versioned migrations with stable ids. A database made by an older Ethos is
/// upgraded in place when it is opened; a shipped migration is never edited.
enum Migrations {
    /// The indexes a bulk load into an (almost) empty database drops and builds again at its end
    /// (``SQLiteStore/bulkLoad(_:finishing:)``), as the migrations below leave them: every index of
    /// `records` but the id's uniqueness, and the index of `scores`. A test holds this list to
    /// what the migrations make.
    static let deferrableIndexes: [(name: String, definition: String)] = [
        ("records_subject_date", "records(subject, date)"),
        ("records_pair", "records(author, subject, date)"),
        ("records_content_hash", "records(substr(content_hash, 1, 16))"),
        ("records_author_date_subject", "records(author, date, subject)"),
        ("records_anonymous_author_date_subject", "records(anonymous_author_key, date, subject) WHERE anonymous_author_key IS NOT NULL"),
        ("records_report", "records(date, seq, kind, author, subject, minutes, visibility, anonymous, verdict_layout, verdicts)"),
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

                CREATE TABLE people (
                    handle TEXT PRIMARY KEY,
                    name TEXT, email TEXT, team TEXT,
                    manager TEXT REFERENCES people(handle) DEFERRABLE INITIALLY DEFERRED,
                    role TEXT, joined TEXT
                );
                CREATE INDEX people_team ON people(team);

                CREATE TABLE records (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    content_hash TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('feedback', 'mentoring')),
                    author TEXT REFERENCES people(handle),
                    anonymous_author_key TEXT,
                    subject TEXT NOT NULL REFERENCES people(handle),
                    date INTEGER NOT NULL,
                    date_nanos INTEGER NOT NULL DEFAULT 0,
                    text TEXT NOT NULL,
                    minutes INTEGER,
                    principles TEXT NOT NULL DEFAULT '[]',
                    tags TEXT NOT NULL DEFAULT '[]',
                    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'recipient', 'manager', 'private')),
                    anonymous INTEGER NOT NULL,
                    recorded_at INTEGER NOT NULL,
                    CHECK ((anonymous = 1) = (author IS NULL)),
                    CHECK ((anonymous = 1) = (anonymous_author_key IS NOT NULL))
                );
                CREATE INDEX records_author_date ON records(author, date);
                CREATE INDEX records_anonymous_author_date ON records(anonymous_author_key, date);
                CREATE INDEX records_subject_date ON records(subject, date);
                CREATE INDEX records_pair ON records(author, subject, date);
                CREATE INDEX records_date ON records(date);
                CREATE INDEX records_content_hash ON records(content_hash);

                CREATE TABLE scores (
                    record INTEGER NOT NULL REFERENCES records(seq) ON DELETE CASCADE,
                    principle TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    verdict TEXT NOT NULL,
                    alignment REAL NOT NULL,
                    relevance REAL NOT NULL,
                    principles_hash TEXT NOT NULL,
                    plugin_versions TEXT NOT NULL,
                    PRIMARY KEY (record, principle)
                ) WITHOUT ROWID;
                CREATE INDEX scores_principle_verdict ON scores(principle, verdict);
                CREATE INDEX scores_hash ON scores(principles_hash);

                CREATE TABLE evidence (
                    record INTEGER NOT NULL REFERENCES records(seq) ON DELETE CASCADE,
                    principle TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    plugin TEXT NOT NULL,
                    strength REAL NOT NULL,
                    confidence REAL NOT NULL,
                    reason TEXT NOT NULL,
                    rule TEXT,
                    tone INTEGER NOT NULL,
                    spans TEXT NOT NULL DEFAULT '[]',
                    PRIMARY KEY (record, principle, position)
                ) WITHOUT ROWID;

                CREATE TABLE rule_traces (
                    record INTEGER NOT NULL REFERENCES records(seq) ON DELETE CASCADE,
                    principle TEXT NOT NULL,
                    rule TEXT NOT NULL,
                    status TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    PRIMARY KEY (record, principle, rule)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2") { db in
            // Rule traces were about 6 KB a record and 40 % of import time; `ethos explain` now
            // recomputes them from the record and its history facts.
            // The history fact "distinct people in 30 days" reads each author's recent subjects:
            // with the subject in the index, that is an index range, not one table seek per row.
            try db.execute(sql: """
                DROP TABLE rule_traces;
                DROP INDEX records_author_date;
                DROP INDEX records_anonymous_author_date;
                CREATE INDEX records_author_date_subject ON records(author, date, subject);
                CREATE INDEX records_anonymous_author_date_subject ON records(anonymous_author_key, date, subject);
                """)
        }
        migrator.registerMigration("v3") { db in
            // Each record carries a compact copy of its verdicts, and one covering index holds
            // what a report reads, in date order: a report over a period reads that index alone.
            try db.execute(sql: """
                CREATE TABLE verdict_layouts (id INTEGER PRIMARY KEY, principles TEXT NOT NULL UNIQUE);
                ALTER TABLE records ADD COLUMN verdict_layout INTEGER REFERENCES verdict_layouts(id);
                ALTER TABLE records ADD COLUMN verdicts BLOB;
                """)
            try VerdictSummary.backfill(db)
            try db.execute(sql: """
                CREATE INDEX records_report ON records(date, seq, kind, author, subject, minutes, visibility, anonymous, verdict_layout, verdicts)
                    WHERE verdicts IS NOT NULL;
                """)
        }
        migrator.registerMigration("v4") { db in
            // A record's evidence in one row (JSON, see EvidenceJSON) instead of one row per piece:
            // about seven rows and their index entries a record were a third of import's writing.
            try db.execute(sql: """
                CREATE TABLE record_evidence (
                    record INTEGER PRIMARY KEY REFERENCES records(seq) ON DELETE CASCADE,
                    items TEXT NOT NULL
                );
                """)
            try EvidenceJSON.backfill(db)
            // Each score named the principles' hash (64 characters) and the plugin versions (about
            // 70) it was made with, and an index repeated the hash, which no query reads: a third
            // of a record's bytes. Scores now point to one row per distinct pair.
            try db.execute(sql: """
                DROP TABLE evidence;
                CREATE TABLE scorings (
                    id INTEGER PRIMARY KEY,
                    principles_hash TEXT NOT NULL,
                    plugin_versions TEXT NOT NULL,
                    UNIQUE (principles_hash, plugin_versions)
                );
                INSERT INTO scorings (principles_hash, plugin_versions) SELECT DISTINCT principles_hash, plugin_versions FROM scores;
                CREATE TABLE scores_v4 (
                    record INTEGER NOT NULL REFERENCES records(seq) ON DELETE CASCADE,
                    principle TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    verdict TEXT NOT NULL,
                    alignment REAL NOT NULL,
                    relevance REAL NOT NULL,
                    scoring INTEGER NOT NULL REFERENCES scorings(id),
                    PRIMARY KEY (record, principle)
                ) WITHOUT ROWID;
                INSERT INTO scores_v4
                    SELECT s.record, s.principle, s.position, s.verdict, s.alignment, s.relevance, g.id FROM scores s
                    JOIN scorings g ON g.principles_hash = s.principles_hash AND g.plugin_versions = s.plugin_versions;
                DROP TABLE scores;
                ALTER TABLE scores_v4 RENAME TO scores;
                CREATE INDEX scores_principle_verdict ON scores(principle, verdict);
                """)
        }
        migrator.registerMigration("v5") { db in
            // `visibility IN (four values)` made SQLite build a temporary index of the four for
            // every row it checked: 1.3 µs of a record's insert (docs/performance.md). The same
            // test as comparisons has none. A CHECK constraint that every stored row still meets
            // is changed in place, as SQLite documents for changes that leave the stored content
            // as it is (https://sqlite.org/lang_altertable.html#otheralter): no table rebuild.
            try replaceInSchema(of: "records", Self.visibilityCheckV1, with: Self.visibilityCheck, db)
            // Two indexes cost a bulk load more than they gave (building them was a third of the
            // time it spent building indexes at 100,000 records). No query reads the scores by
            // principle and verdict: `records list` finds a record's scores by its key. And only
            // anonymous records, one in twenty, have an anonymous author's key: the queries that
            // read the index ask for one (`anonymous_author_key = ?`), which a partial index
            // without the other records' empty keys answers.
            try db.execute(sql: """
                DROP INDEX IF EXISTS scores_principle_verdict;
                DROP INDEX IF EXISTS records_anonymous_author_date_subject;
                CREATE INDEX records_anonymous_author_date_subject ON records(anonymous_author_key, date, subject)
                    WHERE anonymous_author_key IS NOT NULL;
                """)
        }
        migrator.registerMigration("v6") { db in
            // Evidence was three fifths of a database's bytes, and writing it a third of what an
            // import asked of SQLite. Rows written from now on may be compressed with a dictionary
            // trained on the database's own evidence (EvidenceCodec): `items` then holds the
            // compressed bytes as a BLOB and `dictionary` names the dictionary; rows without one
            // hold JSON text, as every row did before.
            try db.execute(sql: """
                CREATE TABLE evidence_dictionaries (id INTEGER PRIMARY KEY, content BLOB NOT NULL UNIQUE);
                ALTER TABLE record_evidence ADD COLUMN dictionary INTEGER REFERENCES evidence_dictionaries(id);
                """)
            // Building the indexes was a fifth of a bulk load's time at 100,000 records, with one
            // core idle (docs/performance.md). One goes, one widens and one narrows, for 18 % less of it:
            // - the report index holds every record, not only those with verdicts, and so serves
            //   the queries by date that the index of dates alone served (it leads with the date);
            // - duplicates by content are found by the first 16 characters of the content hash
            //   (64 bits), confirmed against the whole hash in the row: a quarter of the key.
            try db.execute(sql: """
                DROP INDEX IF EXISTS records_date;
                DROP INDEX IF EXISTS records_report;
                DROP INDEX IF EXISTS records_content_hash;
                CREATE INDEX records_report ON records(date, seq, kind, author, subject, minutes, visibility, anonymous, verdict_layout, verdicts);
                CREATE INDEX records_content_hash ON records(substr(content_hash, 1, 16));
                """)
        }
        return migrator
    }

    /// The visibility test as the first schema wrote it, and as it is now.
    static let visibilityCheckV1 = "CHECK (visibility IN ('public', 'recipient', 'manager', 'private'))"
    static let visibilityCheck = "CHECK (visibility = 'public' OR visibility = 'recipient' OR visibility = 'manager' OR visibility = 'private')"

    /// Replaces `old`, which must occur exactly once in `table`'s definition, with `new`, which
    /// must accept every stored row, by editing the schema as SQLite's documentation describes:
    /// within the migration's transaction, with the schema writable for one update and its
    /// version raised so every connection reads the new definition.
    static func replaceInSchema(of table: String, _ old: String, with new: String, _ db: Database) throws {
        guard let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", arguments: [table]),
              sql.ranges(of: old).count == 1 else {
            throw DatabaseError(message: "The definition of table \(table) does not hold \(old) exactly once.")
        }
        let version = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
        try db.execute(sql: "PRAGMA writable_schema = ON")
        do {
            try db.execute(sql: "UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = ?",
                           arguments: [sql.replacing(old, with: new), table])
            try db.execute(sql: "PRAGMA schema_version = \(version + 1)")
        } catch {
            try? db.execute(sql: "PRAGMA writable_schema = OFF")
            throw error
        }
        try db.execute(sql: "PRAGMA writable_schema = OFF")
    }
}
