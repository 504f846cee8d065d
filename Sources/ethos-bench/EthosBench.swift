internal import ArgumentParser
internal import EthosCore
internal import EthosReports
internal import EthosPostgres
internal import EthosStore
internal import Foundation
internal import GRDB

/// `swift run -c release ethos-bench`: Ethos's speed and memory, measured, with peers when installed.
@main
struct EthosBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ethos-bench",
        abstract: "Measure scoring, rules, plugins, import and reports (run with -c release).",
        discussion: """
        Every figure is the median of several runs, with the spread (min–max) and the peak resident memory.
        Records come from a seeded generator, so a run is reproducible. See docs/performance.md.

        Examples:
          swift run -c release ethos-bench
          swift run -c release ethos-bench --documented      # every figure in docs/performance.md (about 8 minutes)
          swift run -c release ethos-bench --size 100k --format json
          swift run -c release ethos-bench --only import,report
          swift run -c release ethos-bench --size 1m --runs 1 --only import --database /tmp/1m.sqlite
          swift run -c release ethos-bench --size 1m --only report --database /tmp/1m.sqlite
        """
    )

    enum Size: String, ExpressibleByArgument, CaseIterable {
        case smoke, _10k = "10k", _100k = "100k", _1m = "1m"
        var count: Int {
            switch self {
            case .smoke: 1_000
            case ._10k: 10_000
            case ._100k: 100_000
            case ._1m: 1_000_000
            }
        }
    }

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }
    enum Store: String, ExpressibleByArgument, CaseIterable { case sqlite, postgres }

    @Option(help: "How many records: smoke (1,000), 10k, 100k or 1m (default: 10k).") var size: Size?
    @Option(help: "table or json.") var format: Format = .table
    @Option(help: "Runs per measurement (the median is reported).") var runs = 5
    @Option(help: "The generator's seed.") var seed: UInt64 = 2026
    @Option(help: "Comma-separated groups to run: plugins, pipeline, rules, external, import, cli, report, check, peers (default: all).")
    var only: String?
    @Option(help: "The principles directory.") var principles = "Principles"
    @Option(help: ArgumentHelp("Keep the import's database here, or, without the import group, report on this one.",
                               discussion: "Lets reports over 1M records be measured again without importing again."))
    var database: String?
    @Flag(help: ArgumentHelp("Measure everything docs/performance.md reports, in one run.",
                             discussion: """
                                 Every group at 100k records, then import and 'ethos import' at 1m (one run each) and the \
                                 reports over that database (--runs runs); about 8 minutes on a 2-core machine. \
                                 --database keeps the 1m database.
                                 """))
    var documented = false
    @Option(help: ArgumentHelp("sqlite or postgres: where the import and report groups store and read records.",
                               discussion: """
                                   With postgres, --postgres names the database (each run uses a schema of its own, dropped \
                                   after; --database names a schema to keep, or to report on without importing), the import \
                                   is set beside PostgreSQL's own COPY of the rows it wrote, and the cli group is skipped.
                                   """))
    var store: Store = .sqlite
    @Option(help: ArgumentHelp("The PostgreSQL database for --store postgres (default: $ETHOS_DB).", valueName: "url"))
    var postgres: String?

    func validate() throws {
        if store == .postgres {
            guard postgresURL.map(PostgresSettings.isURL) == true else {
                throw ValidationError("--store postgres needs a postgres:// URL in --postgres or ETHOS_DB.")
            }
            guard !documented else { throw ValidationError("--documented measures SQLite; run --store postgres with --size and --only.") }
            return
        }
        if documented, size != nil || only != nil {
            throw ValidationError("--documented chooses the sizes and groups itself; leave out --size and --only.")
        }
        if let database, !(only?.split(separator: ",").contains("import") ?? true), !FileManager.default.fileExists(atPath: database) {
            throw ValidationError("No database at '\(database)'; run the import group with --database \(database) first to fill one.")
        }
    }

    /// The PostgreSQL database of `--store postgres`.
    var postgresURL: String? {
        postgres ?? ProcessInfo.processInfo.environment["ETHOS_DB"].flatMap { $0.isEmpty ? nil : $0 }
    }

    func run() throws {
        var sections: [BenchReport] = []
        if documented {
            sections.append(try measure(size: ._100k, groups: nil, database: nil))
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ethos-bench-\(UUID().uuidString).sqlite").path
            let kept = database ?? scratch
            defer { if database == nil { for suffix in BenchContext.databaseSuffixes { try? FileManager.default.removeItem(atPath: scratch + suffix) } } }
            sections.append(try measure(size: ._1m, groups: ["import", "cli", "report"], database: kept, importRuns: 1))
        } else {
            sections.append(try measure(size: size ?? ._10k, groups: only.map { Set($0.split(separator: ",").map(String.init)) },
                                        database: database))
        }
        switch format {
        case .table: print(sections.map(Self.table).joined(separator: "\n\n"))
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try documented ? encoder.encode(sections) : encoder.encode(sections[0]), as: UTF8.self))
        }
    }

    /// The wanted groups (nil: all) over `size` records; import and `ethos import` run
    /// `importRuns` times when given (a million-record import is minutes).
    private func measure(size: Size, groups: Set<String>?, database: String?, importRuns: Int? = nil) throws -> BenchReport {
        func wanted(_ group: String) -> Bool { groups?.contains(group) ?? true }
        var context = try BenchContext(size: size.count, seed: seed, runs: runs, principlesPath: principles)
        context.database = store == .sqlite ? database.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil } : nil
        defer { try? FileManager.default.removeItem(at: context.scratch) }
        var results: [Measurement] = []
        func log(_ text: String) { FileHandle.standardError.write(Data("ethos-bench: \(text)\n".utf8)) }
        log("\(context.records.count) records, \(Measure.cores) cores, \(runs) runs each")
        if wanted("plugins") { log("plugins alone"); results += try context.pluginsAlone() }
        if wanted("pipeline") { log("pipeline"); results += try context.pipeline() }
        if wanted("rules") { log("rules"); results.append(try context.rules()) }
        if wanted("external") { log("external plugin protocol"); results += try context.externalProtocol() }
        context.runs = importRuns ?? runs
        if store == .postgres, let url = postgresURL {
            let bench = PostgresBench(settings: try PostgresSettings(url: url), url: url, scratch: context.scratch, kept: database)
            var schema = database
            if wanted("import") {
                log("import into PostgreSQL")
                let imported = try bench.importing(context, keep: database)
                results += imported.measurements
                schema = imported.schema
            }
            context.runs = runs
            if wanted("report"), let schema {
                log("reports on PostgreSQL")
                results += try bench.reports(context, schema: schema)
            }
            if database == nil, let schema { bench.drop(schema) }
        } else {
            if wanted("import") { log("import"); results += try context.importing(keepingAt: database) }
            if wanted("cli") { log("ethos import, as a process"); results += try context.importCommand() }
            context.runs = runs
            if wanted("report") { log("reports"); results += try context.reports() }
        }
        if wanted("check") { log("principles check"); results += try context.principlesCheck() }
        if wanted("peers") { log("peers"); results += try context.peers(ethos: results) }
        return BenchReport(records: context.records.count, cores: Measure.cores, runs: runs, seed: seed, machine: BenchContext.machine(),
                           measurements: results)
    }

    struct BenchReport: Encodable {
        var records: Int, cores: Int, runs: Int, seed: UInt64, machine: String
        var measurements: [Measurement]
    }

    static func table(_ report: BenchReport) -> String {
        func number(_ value: Double) -> String {
            if value >= 1_000 { return String(format: "%.0f", value) }
            if value >= 10 { return String(format: "%.1f", value) }
            return String(format: "%.3g", value)
        }
        var rows = [["BENCHMARK", "MEDIAN", "UNIT", "SPREAD", "PEAK MiB", "OWN MiB", "NOTE"]]
        for result in report.measurements {
            rows.append([result.name, number(result.median), result.unit, "\(number(result.min))–\(number(result.max))",
                         result.peakMiB.map { String(format: "%.0f", $0) } ?? "",
                         result.peakMiB.flatMap { peak in result.baselineMiB.map { String(format: "%.0f", max(0, peak - $0)) } } ?? "",
                         result.note ?? ""])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        let lines = rows.map { row in
            row.enumerated().map { $0.offset == row.count - 1 ? $0.element : $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return "\(report.records) records, \(report.cores) cores, \(report.runs) runs each; \(report.machine)\n\n"
            + lines.joined(separator: "\n")
    }
}
