internal import EthosCore
internal import EthosPlugins
internal import EthosPostgres
internal import EthosRecording
internal import EthosReports
internal import Foundation
internal import Logging
internal import PostgresNIO

/// The import and report benchmarks on PostgreSQL (`--store postgres`), each beside
/// PostgreSQL's own figure for the same work: its `COPY` of the rows the import wrote, and its
/// reading of a report's rows. Every run works in a schema of its own in the database given,
/// dropped afterwards unless kept (`--database` names the schema to keep or to report on).
struct PostgresBench {
    let settings: PostgresSettings
    let url: String
    let scratch: URL

    /// The schema to keep (`--database`), whose key outlives the run.
    let kept: String?

    /// Where the anonymity key of `schema` is: in the run's scratch folder, or for the kept
    /// schema in the temporary folder, where a later run reporting on it finds it.
    func keyPath(_ schema: String) -> String {
        schema == kept ? FileManager.default.temporaryDirectory.appendingPathComponent("ethos-bench-\(schema).key").path
                       : scratch.appendingPathComponent("\(schema).key").path
    }

    func open(_ schema: String) throws -> PostgresStore {
        try Measure.blocking { try await PostgresStore.open(settings, keyPath: keyPath(schema), schema: schema) }
    }

    func drop(_ schema: String) {
        _ = try? Measure.blocking { try await settings.execute("DROP SCHEMA IF EXISTS \(schema) CASCADE") }
    }

    static func newSchema(_ prefix: String) -> String {
        "\(prefix)_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
    }

    /// Import with scoring into PostgreSQL, as `ethos import` does, and PostgreSQL's own `COPY`
    /// of exactly the rows that import wrote into an empty schema: the peer the issue sets it
    /// against. Returns the schema of the last import (kept when `keep` names it).
    func importing(_ context: BenchContext, keep: String?) throws -> (measurements: [Measurement], schema: String) {
        let scorer = try Scorer(principles: context.principles, factories: BuiltinPlugins.factories)
        let records = context.records, people = context.people, batches = context.importBatches()
        var last: String?
        let scored = try Measure.run("import with scoring into PostgreSQL", unit: "records/s", runs: max(1, context.runs / 2), warmUp: false,
                                     note: "Recorder + PostgresStore, transactions of \(Recorder.importBatchSize) as ethos import, a schema of its own") {
            if let last, last != keep { drop(last) }
            let schema = keep ?? Self.newSchema("bench")
            if keep != nil {
                drop(schema)
                try? FileManager.default.removeItem(atPath: keyPath(schema))
            }
            last = schema
            let store = try open(schema)
            try Measure.blocking { try await store.upsert(people) }
            let recorder = Recorder(store: store, scorer: scorer, now: FactTimestamp(seconds: 1_800_000_000)!)
            let seconds = try Measure.seconds {
                try Measure.blocking {
                    var session = recorder.session()
                    for batch in batches { _ = try await session.submit(batch, createPeople: false) }
                    _ = try await session.finishWriting()
                }
            }
            try Measure.blocking { await store.close() }
            return Double(records.count) / seconds
        }
        guard let schema = last else { return ([scored], "") }
        let copy = try copyPeer(of: schema, context: context)
        return ([scored, try writesAlone(context, scorer: scorer), copy], schema)
    }

    /// The import's writing side alone: the records through `PostgresStore.write` with their
    /// identities and scores worked out before the clock starts (the first 10,000 records'
    /// scores, reused in turn), so the figure is what the store's batched multi-row inserts
    /// take with scoring free — set beside `COPY`, the most any COPY-based write could take.
    func writesAlone(_ context: BenchContext, scorer: Scorer) throws -> Measurement {
        let sample = context.records.prefix(10_000).map { scorer.score($0).principles }
        let stamp = ScoringStamp(scorer), now = FactTimestamp(seconds: 1_800_000_000)!
        let people = context.people, count = context.records.count, batches = context.importBatches()
        return try Measure.run("import into PostgreSQL, store writes alone (scores ready)", unit: "records/s", runs: max(1, context.runs / 2),
                               warmUp: false, note: "PostgresStore.write (INSERT ... SELECT FROM unnest, one statement a table) with scores worked out beforehand") {
            let schema = Self.newSchema("writes")
            defer { drop(schema) }
            let store = try open(schema)
            try Measure.blocking { try await store.upsert(people) }
            let key = store.anonymityKey
            var position = 0
            let ready = batches.map { batch in
                RecordBatch(newPeople: [], records: batch.map { record in
                    defer { position += 1 }
                    return ScoredRecord(record: record, identity: RecordIdentity(record, now: now, key: key), scores: sample[position % sample.count])
                }, stamp: stamp, recordedAt: now)
            }
            let seconds = try Measure.seconds {
                try Measure.blocking { for batch in ready { _ = try await store.write(batch) } }
            }
            try Measure.blocking { await store.close() }
            return Double(count) / seconds
        }
    }

    /// PostgreSQL's `COPY … FROM STDIN` of the rows the import into `source` wrote — records,
    /// scores, evidence, exported beforehand in COPY's text format — into an empty schema with
    /// Ethos's tables, indexes, people, verdict layouts and scorings, in one transaction.
    func copyPeer(of source: String, context: BenchContext) throws -> Measurement {
        let tables = ["records", "scores", "record_evidence"]
        var files: [String: URL] = [:]
        for table in tables {
            let file = scratch.appendingPathComponent("\(source)-\(table).copy")
            let order = table == "records" ? "seq" : "record"
            try Self.psql(url, "\\copy (SELECT * FROM \(source).\(table) ORDER BY \(order)) TO '\(file.path)'")
            files[table] = file
        }
        let exported = files
        defer { for file in exported.values { try? FileManager.default.removeItem(at: file) } }
        let people = context.people, count = context.records.count
        return try Measure.run("PostgreSQL's own COPY of the rows import wrote", unit: "records/s", runs: context.runs, warmUp: false,
                               note: "COPY FROM STDIN (text) of records, scores and evidence into an empty schema with Ethos's indexes, one transaction") {
            let target = Self.newSchema("copy")
            defer { drop(target) }
            let store = try open(target)
            try Measure.blocking {
                try await store.upsert(people)
                await store.close()
            }
            let tableData = try tables.map { try Data(contentsOf: exported[$0]!) }
            return try withConnection(schema: target) { connection, logger in
                for table in ["verdict_layouts", "scorings"] {
                    try await connection.query(PostgresQuery(unsafeSQL: "INSERT INTO \(table) OVERRIDING SYSTEM VALUE SELECT * FROM \(source).\(table)"),
                                               logger: logger)
                }
                let start = Date()
                try await connection.query("BEGIN", logger: logger)
                for (table, bytes) in zip(tables, tableData) {
                    try await connection.copyFrom(table: table, logger: logger) { writer in
                        // In pieces of 1 MiB, as a client streams a file.
                        var offset = 0
                        while offset < bytes.count {
                            let end = min(bytes.count, offset + (1 << 20))
                            try await writer.write(ByteBuffer(bytes: bytes[offset..<end]))
                            offset = end
                        }
                    }
                }
                try await connection.query("COMMIT", logger: logger)
                return Double(count) / Date().timeIntervalSince(start)
            }
        }
    }

    /// Runs `body` on one connection whose search path is `schema`.
    func withConnection<T: Sendable>(schema: String, _ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T) throws -> T {
        var configuration = settings.clientConfiguration
        configuration.options.additionalStartupParameters.append(("search_path", schema))
        let client = PostgresClient(configuration: configuration, backgroundLogger: PostgresStore.defaultLogger)
        return try Measure.blocking {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                defer { group.cancelAll() }
                return try await client.withConnection { connection in try await body(connection, PostgresStore.defaultLogger) }
            }
        }
    }

    /// Reports over `schema` (organisation, a team, a person, over the year), and PostgreSQL
    /// alone reading every column a report reads of the period.
    func reports(_ context: BenchContext, schema: String) throws -> [Measurement] {
        let store = try open(schema)
        defer { _ = try? Measure.blocking { await store.close() } }
        let count = try Measure.blocking { try await store.count() }
        let builder = ReportBuilder(principles: context.principles, source: store)
        let period = BenchContext.reportPeriod
        let scopes: [(String, ReportRequest.Scope)] = [("organisation", .organisation), ("team", .team("platform")), ("person", .person("p9"))]
        var results = try scopes.map { label, scope in
            try Measure.run("report on PostgreSQL: \(label), \(count) records", unit: "ms", runs: context.runs) {
                let request = ReportRequest(scope: scope, period: period)
                return try Measure.seconds {
                    _ = try Measure.blocking { try await builder.build(request, now: FactTimestamp(seconds: 1_800_000_000)!) }
                } * 1_000
            }
        }
        results.append(try withConnection(schema: schema) { connection, logger in
            var samples: [Double] = []
            for _ in 0..<max(1, context.runs) {
                let start = Date()
                for try await _ in try await connection.query("""
                    SELECT count(*), sum(length(author)), sum(length(subject)), sum(minutes), sum(length(verdicts)), max(kind), max(visibility),
                           sum(anonymous::int), max(verdict_layout), max(seq)
                    FROM records WHERE verdicts IS NOT NULL AND date >= \(period.from) AND date < \(period.to)
                    """, logger: logger) {}
                samples.append(Date().timeIntervalSince(start) * 1_000)
            }
            return Measure.summary("PostgreSQL alone reading the period's report rows", unit: "ms", samples: samples,
                                   note: "one aggregate over every column a report reads, in the server: what any report costs at least")
        })
        return results
    }

    /// Runs `command` with `psql` against `url`, failing on any error.
    static func psql(_ url: String, _ command: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", command]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("psql failed (\(process.terminationStatus)): \(command)") }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
