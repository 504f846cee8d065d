internal import EthosCore
internal import EthosPluginHost
internal import EthosPlugins
internal import EthosRecording
internal import EthosReports
internal import EthosStore
internal import Foundation
internal import GRDB
internal import GRDBSQLite

/// The shared inputs of every benchmark: the shipped principles and the generated records.
struct BenchContext {
    let principles: PrincipleSet
    let people: [Person]
    let records: [EthosCore.Record]
    var runs: Int
    let principlesPath: String
    let scratch: URL
    /// The database the import benchmark filled, for the report benchmarks.
    var database: String?

    init(size: Int, seed: UInt64, runs: Int, principlesPath: String) throws {
        let schema = try Scorer.schema(factories: BuiltinPlugins.factories)
        principles = try PrinciplesLoader(schema: schema).load(paths: [principlesPath]).get()
        var generator = RecordGenerator(seed: seed)
        people = generator.people
        records = generator.records(size)
        self.runs = runs
        self.principlesPath = URL(fileURLWithPath: principlesPath).standardizedFileURL.path
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ethos-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    static func machine() -> String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        let memory = ProcessInfo.processInfo.physicalMemory / (1 << 30)
        let sqlite = "SQLite \(String(cString: sqlite3_libversion()))"
        return "\(cpu), \(Measure.cores) cores, \(memory) GiB; \(sqlite)"
    }

    // MARK: Scoring

    /// Records per second through `scorer` on one core.
    func throughput(_ scorer: Scorer, _ records: [EthosCore.Record]) -> Double {
        var sink = 0.0
        let seconds = Measure.seconds {
            for record in records { sink += scorer.score(record).principles.first?.alignment ?? 0 }
        }
        precondition(sink.isFinite)
        return Double(records.count) / seconds
    }

    /// Records per second through `scorer` on every core: the records split into one slice per core.
    func parallelThroughput(_ scorer: Scorer, _ records: [EthosCore.Record]) -> Double {
        let cores = Measure.cores
        let seconds = Measure.seconds {
            DispatchQueue.concurrentPerform(iterations: cores) { slice in
                var sink = 0.0
                for index in stride(from: slice, to: records.count, by: cores) {
                    sink += scorer.score(records[index]).principles.first?.alignment ?? 0
                }
                precondition(sink.isFinite)
            }
        }
        return Double(records.count) / seconds
    }

    func pluginsAlone() throws -> [Measurement] {
        let ids = BuiltinPlugins.factories.map(\.id)
        // What every row below shares: text analysis, the fact cache, the combiner, the result.
        let bare = try Scorer(principles: principles, factories: BuiltinPlugins.factories, settings: ScoringSettings(disabled: Set(ids)))
        let base = Measure.run("score: no plugins (analysis, facts, combiner), 1 core", unit: "records/s", runs: runs) {
            throughput(bare, records)
        }
        return try [base] + ids.map { id in
            // The shipped rules read sentiment and keywords facts, so the rules plugin cannot run without them.
            let needs: Set<String> = id == "rules" ? [id, "sentiment", "keywords"] : [id]
            let scorer = try Scorer(principles: principles, factories: BuiltinPlugins.factories, settings: ScoringSettings(disabled: Set(ids).subtracting(needs)))
            let name = id == "rules" ? "score: rules + sentiment + keywords (its rules read them), 1 core" : "score: \(id) alone, 1 core"
            return Measure.run(name, unit: "records/s", runs: runs) { throughput(scorer, records) }
        } + [sentimentPluginAlone()]
    }

    /// The sentiment plugin's own work — VADER's four scores of the text as facts — without the
    /// scorer around it (the shared text analysis, the other plugins' evidence, the combiner):
    /// what the reference `polarity_scores` does, and what the Python ratio compares with.
    func sentimentPluginAlone() -> Measurement {
        let plugin = SentimentPlugin()
        // The plugin reads the record's text, not the shared analysis, so the context's is empty.
        let context = RecordContext(principles: principles, text: AnalyzedText(""), facts: FactValues())
        return Measure.run("sentiment plugin alone (its facts), 1 core", unit: "records/s", runs: runs) {
            var sink = 0.0
            let seconds = Measure.seconds {
                for record in records {
                    // The list the scorer reads (``FactListProvider``): VADER's four scores, compound first.
                    if case let .double(compound)? = plugin.factValues(for: record, context: context).first ?? nil { sink += compound }
                }
            }
            precondition(sink.isFinite)
            return Double(records.count) / seconds
        }
    }

    func pipeline() throws -> [Measurement] {
        let scorer = try Scorer(principles: principles, factories: BuiltinPlugins.factories)
        // Sentence meaning (the `semantic` plugin) is most of a record's cost; the pipeline without
        // it is the one-core figure the other plugins are held to.
        let lexical = try Scorer(principles: principles, factories: BuiltinPlugins.factories, settings: ScoringSettings(disabled: ["semantic"]))
        return [
            Measure.run("score: built-in pipeline without semantic, 1 core", unit: "records/s", runs: runs) { throughput(lexical, records) },
            Measure.run("score: built-in pipeline, 1 core", unit: "records/s", runs: runs) { throughput(scorer, records) },
            Measure.run("score: built-in pipeline, \(Measure.cores) cores", unit: "records/s", runs: runs) { parallelThroughput(scorer, records) },
        ]
    }

    // MARK: Rules

    /// The 100 rules: five shapes of condition over record, author and plugin facts.
    static func hundredRules() -> [RuleDefinition] {
        (0..<100).map { index in
            let when = switch index % 5 {
            case 0: "record.kind == \"mentoring\" && record.minutes >= \(index)"
            case 1: "sentiment.compound < -0.\(index % 9 + 1) || record.anonymous"
            case 2: "record.text.contains(\"review\(index)\")"
            case 3: "\"tag\(index)\" in record.tags || author.team == \"t\(index)\""
            default: "record.visibility in [\"public\", \"recipient\"] && size(record.principles) > \(index % 3)"
            }
            return RuleDefinition(principle: "p", id: "r\(index)", when: when, score: 0.1, because: "b")
        }
    }

    static let ruleFacts: FactValues = [
        "record.kind": "mentoring", "record.minutes": 45, "sentiment.compound": 0.2, "record.anonymous": false,
        "record.text": "We went through the review comments on the parser and the design doc together, about thirty words in all.",
        "record.tags": ["design-review", "swift"], "author.team": "platform", "record.visibility": "public", "record.principles": ["a"],
    ]

    func rules() throws -> Measurement {
        let schema = try Scorer.schema(factories: BuiltinPlugins.factories)
        let (set, failures) = RuleSet.compile(Self.hundredRules(), schema: schema)
        precondition(failures.isEmpty, "\(failures)")
        let facts = Self.ruleFacts
        let iterations = 100_000
        var fired = 0
        let result = Measure.run("rules: 100 compiled rules, 1 record", unit: "µs", runs: runs) {
            let seconds = Measure.seconds { for _ in 0..<iterations { fired &+= set.evaluate(facts).count } }
            return seconds / Double(iterations) * 1e6
        }
        precondition(fired > 0)
        return result
    }

    // MARK: External plugins

    func externalProtocol() throws -> [Measurement] {
        let folder = scratch.appendingPathComponent("Plugins/trivial")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
            id: trivial
            command: [python3, trivial.py]
            batch-size: 1000
            facts:
              - {name: trivial.length, type: int}
            """.write(to: folder.appendingPathComponent("plugin.yaml"), atomically: true, encoding: .utf8)
        try """
            import json, sys
            for line in sys.stdin:
                m = json.loads(line)
                if m["type"] == "hello":
                    out = {"type": "hello", "protocol": 1, "id": "trivial"}
                else:
                    out = {"type": "results", "batch": m["batch"],
                           "results": [{"ref": r["ref"], "facts": {"trivial.length": len(r["text"])}} for r in m["records"]]}
                sys.stdout.write(json.dumps(out) + "\\n")
                sys.stdout.flush()
            """.write(to: folder.appendingPathComponent("trivial.py"), atomically: true, encoding: .utf8)
        let custom = CustomPlugins.load(directory: scratch.appendingPathComponent("Plugins").path, compiled: [])
        precondition(custom.diagnostics.isEmpty, "\(custom.diagnostics)")
        let scorer = try Scorer(principles: principles, factories: custom.factories)
        guard let plugin = scorer.plugins.first as? ExternalPlugin else { return [] }
        defer { scorer.finish() }
        let result = Measure.run("external plugin protocol (trivial Python plugin)", unit: "records/s", runs: runs,
                                 note: "batches of 1,000; host encode + pipe + Python json + host decode") {
            let seconds = Measure.seconds { try? plugin.prepare(records, failOnFault: true) }
            return Double(records.count) / seconds
        }
        precondition(plugin.fault == nil, "\(plugin.fault!)")
        return [result]
    }

    // MARK: Import

    mutating func importing(keepingAt kept: String? = nil) throws -> [Measurement] {
        let scorer = try Scorer(principles: principles, factories: BuiltinPlugins.factories)
        var last: String?
        var processor: [Double] = []
        let scored = try Measure.run("import with scoring into SQLite", unit: "records/s", runs: max(1, runs / 2), warmUp: false,
                                     note: "Recorder + SQLiteStore, transactions of \(Recorder.importBatchSize) as ethos import: history facts, scores and evidence, each batch scored on all cores while the one before is written") {
            let path = scratch.appendingPathComponent("import-\(UUID().uuidString).sqlite").path
            if let last { try? removeDatabase(last) }
            last = path
            let store = try SQLiteStore(path: path)
            let people = people, batches = importBatches()
            try Measure.blocking { try await store.upsert(people) }
            let recorder = Recorder(store: store, scorer: scorer, now: FactTimestamp(seconds: 1_800_000_000)!)
            let used = Measure.processorSeconds()
            let seconds = try Measure.seconds {
                try Measure.blocking {
                    var session = recorder.session()
                    for batch in batches { _ = try await session.submit(batch, createPeople: false) }
                    _ = try await session.finishWriting()
                }
            }
            processor.append((Measure.processorSeconds() - used) / Double(records.count) * 1e6)
            return Double(records.count) / seconds
        }
        // What the import asks of the processors, whichever thread does it: with `cores` cores
        // it can go no faster than cores / (this), however its work is spread.
        let perRecord = Measure.summary("import with scoring: processor time a record", unit: "µs", samples: processor,
                                        note: "user + system time of all threads over the import above, a record; \(Measure.cores) cores allow at most \(Measure.cores) s of it a second")
        if let kept, let last {
            try removeDatabase(kept)
            for suffix in Self.databaseSuffixes where FileManager.default.fileExists(atPath: last + suffix) {
                try FileManager.default.moveItem(atPath: last + suffix, toPath: kept + suffix)
            }
            database = kept
        } else {
            database = last
        }
        let raw = try Measure.run("raw SQLite insert of the same rows", unit: "records/s", runs: runs, warmUp: false,
                                  note: "GRDB, one prepared statement, one transaction, a plain table without indexes") {
            let path = scratch.appendingPathComponent("raw-\(UUID().uuidString).sqlite").path
            defer { try? removeDatabase(path) }
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in
                try db.execute(sql: """
                    CREATE TABLE records (id TEXT PRIMARY KEY, kind TEXT NOT NULL, author TEXT, subject TEXT NOT NULL, date INTEGER NOT NULL,
                                          text TEXT NOT NULL, minutes INTEGER, visibility TEXT NOT NULL, anonymous INTEGER NOT NULL)
                    """)
            }
            return try Double(records.count) / Measure.seconds {
                try queue.write { db in
                    let statement = try db.makeStatement(sql: "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    for record in records {
                        try statement.execute(arguments: [record.id, record.kind.rawValue, record.anonymous ? nil : record.from, record.to,
                                                          record.date?.seconds, record.text, record.minutes, record.visibility.rawValue,
                                                          record.anonymous])
                    }
                }
            }
        }
        guard let database else { return [scored, perRecord, try storeWritesAlone(scorer), raw] }
        return [scored, perRecord, try storeWritesAlone(scorer), raw, try sqliteAloneWritingImportRows(from: database),
                try sqlitePreparedStatementsWritingImportRows(from: database),
                try sqlitePreparedStatementsWritingImportRows(from: database, evidence: false)]
    }

    /// SQLite alone writing exactly the rows the import wrote — records, scores and evidence, read
    /// from the import's database with `INSERT … SELECT` (no statement per row, no Swift) — in
    /// transactions of the import's size, into an empty database with Ethos's schema: the fastest
    /// SQLite itself can store what an import stores, which import (with its history facts,
    /// duplicate checks, scoring and a statement per row) is compared with.
    func sqliteAloneWritingImportRows(from source: String) throws -> Measurement {
        try Measure.run("SQLite alone writing the rows import wrote", unit: "records/s", runs: runs, warmUp: false,
                        note: "INSERT ... SELECT from the import's database, transactions of \(Recorder.importBatchSize): the schema's limit") {
            try withEmptyTarget("alone", copying: source) { queue in
                try queue.writeWithoutTransaction { db in try db.execute(sql: "ATTACH DATABASE ? AS source", arguments: [source]) }
                let last = try queue.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM source.records") ?? 0 }
                return try Double(records.count) / Measure.seconds {
                    for first in stride(from: Int64(1), through: last, by: Recorder.importBatchSize) {
                        let range: StatementArguments = [first, first + Int64(Recorder.importBatchSize) - 1]
                        try queue.write { db in
                            try db.execute(sql: "INSERT INTO records SELECT * FROM source.records WHERE seq BETWEEN ? AND ?", arguments: range)
                            try db.execute(sql: "INSERT INTO scores SELECT * FROM source.scores WHERE record BETWEEN ? AND ?", arguments: range)
                            try db.execute(sql: "INSERT INTO record_evidence SELECT * FROM source.record_evidence WHERE record BETWEEN ? AND ?",
                                           arguments: range)
                        }
                    }
                }
            }
        }
    }

    /// An empty database with Ethos's schema and the people, at a scratch path removed after
    /// `body`, opened as the store opens its own, with the verdict layouts and scorings of the
    /// import's database at `source`: where the limit rows write.
    func withEmptyTarget<T>(_ prefix: String, copying source: String, _ body: (DatabaseQueue) throws -> T) throws -> T {
        let path = scratch.appendingPathComponent("\(prefix)-\(UUID().uuidString).sqlite").path
        defer { try? removeDatabase(path) }
        let store = try SQLiteStore(path: path), people = people
        try Measure.blocking { try await store.upsert(people) }
        // As the store opens its own: foreign keys checked (GRDB's default), a 64 MB page cache.
        var configuration = GRDB.Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -65536") }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS lookups", arguments: [source])
            try db.execute(sql: """
                INSERT OR IGNORE INTO verdict_layouts SELECT * FROM lookups.verdict_layouts;
                INSERT OR IGNORE INTO scorings SELECT * FROM lookups.scorings;
                """)
            try db.execute(sql: "DETACH DATABASE lookups")
        }
        return try body(queue)
    }

    /// The practical limit: SQLite writing exactly the rows the import wrote through
    /// prepared statements, one row at a time — the rows read from the import's database into
    /// memory before the clock runs, then bound with SQLite's C API (no Swift values in between),
    /// in transactions of the import's size, on a connection configured as the store's (foreign
    /// keys checked, a 64 MB page cache), into an empty database with Ethos's schema and its indexes. What an import adds on top
    /// is everything but the rows: reading records, duplicate checks, history facts, scoring.
    ///
    /// With `evidence` false, the same without the evidence rows: how much of that limit a
    /// record's evidence (about a kilobyte of JSON) takes.
    func sqlitePreparedStatementsWritingImportRows(from source: String, evidence: Bool = true) throws -> Measurement {
        let tables = evidence ? ["records", "scores", "record_evidence"] : ["records", "scores"]
        return try Measure.run(evidence ? "SQLite alone, prepared statements, the rows import wrote" : "SQLite alone, prepared statements, without the evidence rows",
                               unit: "records/s", runs: runs, warmUp: false,
                               note: evidence ? "C API, a statement a row, transactions of \(Recorder.importBatchSize): the practical limit"
                                   : "records and scores only: what the evidence costs SQLite") {
            try withEmptyTarget("prepared", copying: source) { queue in
                var readOnly = GRDB.Configuration()
                readOnly.readonly = true
                let reader = try DatabaseQueue(path: source, configuration: readOnly)
                let last = try reader.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM records") ?? 0 }
                var seconds = 0.0
                for first in stride(from: Int64(1), through: last, by: Recorder.importBatchSize) {
                    let range: StatementArguments = [first, first + Int64(Recorder.importBatchSize) - 1]
                    let rows = try reader.read { db in
                        try tables.map { table in
                            let key = table == "records" ? "seq" : "record"
                            return (table, try SQLRows(db, "SELECT * FROM \(table) WHERE \(key) BETWEEN ? AND ? ORDER BY \(key)", range))
                        }
                    }
                    seconds += try Measure.seconds {
                        try queue.write { db in
                            // One record's rows after another, as import writes them.
                            let inserts = try rows.map { try SQLRows.Insert(db, table: $0.0, rows: $0.1) }
                            var next = rows.map { _ in 0 }
                            for record in rows[0].1.keys {
                                for (table, insert) in inserts.enumerated() {
                                    while next[table] < rows[table].1.count, rows[table].1.keys[next[table]] == record {
                                        try insert.run(row: next[table])
                                        next[table] += 1
                                    }
                                }
                            }
                        }
                    }
                }
                return Double(records.count) / seconds
            }
        }
    }

    /// The import's writing side alone: the same records through `SQLiteStore.write`, with their
    /// identities and scores worked out before the clock starts (the first 10,000 records'
    /// scores, reused in turn, to keep memory small), so the figure is what the store can take
    /// with scoring free.
    func storeWritesAlone(_ scorer: Scorer) throws -> Measurement {
        let sample = records.prefix(10_000).map { scorer.score($0).principles }
        let stamp = ScoringStamp(scorer), now = FactTimestamp(seconds: 1_800_000_000)!
        let people = people
        return try Measure.run("import, store writes alone (scores ready)", unit: "records/s", runs: max(1, runs / 2), warmUp: false,
                               note: "SQLiteStore.write with identities and scores worked out beforehand: the writer's own limit") {
            let path = scratch.appendingPathComponent("writes-\(UUID().uuidString).sqlite").path
            defer { try? removeDatabase(path) }
            let store = try SQLiteStore(path: path)
            try Measure.blocking { try await store.upsert(people) }
            let key = store.anonymityKey
            var position = 0
            let batches = importBatches().map { batch in
                RecordBatch(newPeople: [], records: batch.map { record in
                    defer { position += 1 }
                    return ScoredRecord(record: record, identity: RecordIdentity(record, now: now, key: key), scores: sample[position % sample.count])
                }, stamp: stamp, recordedAt: now)
            }
            return try Double(records.count) / Measure.seconds {
                try Measure.blocking { for batch in batches { _ = try await store.write(batch) } }
            }
        }
    }

    /// The records in batches the size `ethos import` writes per transaction.
    func importBatches() -> [[EthosCore.Record]] {
        stride(from: 0, to: records.count, by: Recorder.importBatchSize).map { start in
            Array(records[start..<min(start + Recorder.importBatchSize, records.count)])
        }
    }

    /// The files of one database: itself, its write-ahead log and shared memory, its key.
    static let databaseSuffixes = ["", "-wal", "-shm", ".key"]

    func removeDatabase(_ path: String) throws {
        for suffix in Self.databaseSuffixes { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    // MARK: Reports

    /// The period the report benchmarks read: the generated records' year.
    static let reportPeriod = ReportPeriod(from: 1_761_955_200, to: 1_761_955_200 + 366 * 86_400, label: "the year")

    func reports() throws -> [Measurement] {
        guard let path = database else {
            return [Measurement(name: "reports", unit: "ms", median: 0, min: 0, max: 0, runs: 0, peakMiB: nil, baselineMiB: nil,
                                note: "skipped: run with the import group, which fills the database")]
        }
        let store = try SQLiteStore(path: path)
        let builder = ReportBuilder(principles: principles, source: store)
        let period = Self.reportPeriod
        let scopes: [(String, ReportRequest.Scope)] = [("organisation", .organisation), ("team", .team("platform")), ("person", .person("p9"))]
        let reports = try scopes.map { label, scope in
            try Measure.run("report: \(label), \(records.count) records", unit: "ms", runs: runs) {
                let request = ReportRequest(scope: scope, period: period)
                return try Measure.seconds {
                    _ = try Measure.blocking { try await builder.build(request, now: FactTimestamp(seconds: 1_800_000_000)!) }
                } * 1_000
            }
        }
        // What any report over the period costs at least: SQLite reading every column a report
        // reads from the same covering index, with nothing done with the rows.
        let queue = try DatabaseQueue(path: path)
        let scan = try Measure.run("SQLite alone reading the period's report rows, 1 core", unit: "ms", runs: runs) {
            try Measure.seconds {
                _ = try queue.read { db in
                    try Row.fetchOne(db, sql: """
                        SELECT count(*), sum(length(author)), sum(length(subject)), sum(minutes), sum(length(verdicts)),
                               max(kind), max(visibility), sum(anonymous), max(verdict_layout), max(seq)
                        FROM records INDEXED BY records_report WHERE verdicts IS NOT NULL AND date >= ? AND date < ?
                        """, arguments: [period.from, period.to])
                }
            } * 1_000
        }
        return reports + [scan]
    }

    // MARK: Principles check

    func principlesCheck() throws -> [Measurement] {
        var results = [try Measure.run("principles check, in process", unit: "ms", runs: runs) {
            try Measure.seconds {
                let schema = try Scorer.schema(factories: BuiltinPlugins.factories)
                _ = PrinciplesLoader(schema: schema).load(paths: [principlesPath])
            } * 1_000
        }]
        let binary = ".build/release/ethos"
        if FileManager.default.isExecutableFile(atPath: binary) {
            results.append(try Measure.run("ethos principles check (process, wall)", unit: "ms", runs: runs) {
                try Measure.seconds {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: binary)
                    process.arguments = ["principles", "check", "--principles", principlesPath]
                    process.currentDirectoryURL = scratch
                    process.standardOutput = FileHandle.nullDevice
                    process.standardError = FileHandle.nullDevice
                    try process.run()
                    process.waitUntilExit()
                } * 1_000
            })
        }
        return results
    }
}
