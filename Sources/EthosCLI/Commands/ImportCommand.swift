internal import ArgumentParser
internal import EthosCore
internal import EthosRecording
internal import EthosStore
internal import Foundation
internal import EthosIO

/// `ethos import FILE`: bulk records from CSV, JSON or JSON Lines.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import records in bulk, scoring each as it lands; importing the same file again adds nothing.",
        discussion: """
        CSV columns and JSON keys are the record's: id, kind, from, to, date, text, minutes, \
        principles, tags, visibility, anonymous (in CSV, list principles and tags separated by \
        ';'). Records are written in transactions of 20,000 (--batch-size); a record already stored (by id, or by \
        content when it has none) is skipped. A dry run imports into the real database inside a \
        transaction it rolls back, so it reports exactly what the real run would. Every rejected record goes to the rejects file \
        (JSON Lines: line, error, input) and the command exits 1.

        Examples:
          ethos import feedback.csv --rejects rejects.jsonl
          ethos import export.jsonl --create-people --dry-run
        """
    )


    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json, jsonl }

    @Argument(help: "The file to import.") var file: String
    @Option(help: "csv, json or jsonl (default: from the file's extension).") var format: Format?
    // --format names the input's format here, so the summary's has its own option.
    @Option(help: "How to print the summary: text or json.") var summary: OutputFormat = .text
    @Option(help: ArgumentHelp("Where to write rejected records, with their line and reason: CSV for a .csv file, else JSON Lines.", valueName: "file")) var rejects: String?
    @Flag(help: "Check and score everything, but store nothing.") var dryRun = false
    @Flag(help: "Add people the directory does not know yet.") var createPeople = false
    @Flag(help: "No progress line.") var quiet = false
    @Option(help: ArgumentHelp("Records per transaction: smaller holds less in memory, larger writes less.", valueName: "n"))
    var batchSize = Recorder.importBatchSize
    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard (1...100_000).contains(batchSize) else {
            throw ValidationError("--batch-size must be from 1 to 100000, not \(batchSize).")
        }
    }

    func run() async throws {
        let loaded = try workspace.loadWorkspace()
        // A dry run against a database that does not exist yet creates none: it runs in memory.
        let database: any WorkspaceStore = dryRun && StoreOptions.sqlitePath(store.path).map { !FileManager.default.fileExists(atPath: $0) } == true
            ? try SQLiteStore() : try await store.open()
        let scorer = try loaded.makeScorer()
        let counts: (stored: Int, duplicates: Int, rejected: Int)
        do {
            let visibility = loaded.configuration.defaultVisibility
            counts = dryRun ? try await database.rollingBack { scratch in try await importAll(into: scratch, scorer: scorer, visibility: visibility) }
                            : try await importAll(into: database, scorer: scorer, visibility: visibility)
        } catch let error as RecordSourceError {
            throw EthosError(error.message)
        }
        try loaded.finish(scorer)
        if summary == .json {
            Console.data("{\"dryRun\": \(dryRun), \"imported\": \(counts.stored), \"duplicates\": \(counts.duplicates), "
                + "\"rejected\": \(counts.rejected)\(rejects.map { ", \"rejects\": \(ValueText.jsonString($0))" } ?? "")}")
        } else {
            let verb = dryRun ? "Would import" : "Imported"
            Console.out("\(verb) \(Plural.count(counts.stored, "record")), skipped \(Plural.count(counts.duplicates, "duplicate")), "
                + "rejected \(counts.rejected)" + (counts.rejected > 0 && rejects != nil ? " (see \(rejects ?? ""))." : "."))
        }
        if counts.rejected > 0 { throw ExitCode.failure }
    }

    /// Imports the file into `database`, batch by batch, a record without a visibility taking
    /// `visibility`; how many records were stored, skipped and rejected.
    private func importAll(into database: any RecordStore, scorer: Scorer,
                           visibility: Visibility) async throws -> (stored: Int, duplicates: Int, rejected: Int) {
        var recorder = Recorder(store: database, scorer: scorer, now: currentTimestamp())
        recorder.decoder.defaultVisibility = visibility
        var session = recorder.session()
        guard let handle = FileHandle(forReadingAtPath: file) else { throw EthosError(Issue.missingPath(file).message) }
        var rejectsOutput: FileHandle?
        // The rejects file's format is its extension's: CSV for .csv, else JSON Lines.
        let rejectsCSV = rejects?.lowercased().hasSuffix(".csv") == true
        if let rejects {
            let destination = try OutputFile.destination(rejects)
            _ = FileManager.default.createFile(atPath: destination, contents: nil)
            rejectsOutput = FileHandle(forWritingAtPath: destination)
            if rejectsOutput == nil { throw EthosError("Cannot write the rejects file '\(rejects)'.") }
            if rejectsCSV { rejectsOutput?.write(Data((CSVWriter.row(["line", "error", "input"]) + "\n").utf8)) }
        }
        var counts = (stored: 0, duplicates: 0, rejected: 0)
        var progress = Progress(quiet: quiet)
        // Rejections the reader finds wait in the batch too, so the rejects file stays in line order.
        var batch: [(Record?, Int, String, String?)] = []
        func reject(_ reason: String, line: Int, input: String) {
            counts.rejected += 1
            Console.err("\(file):\(line): error: \(reason)")
            let entry = rejectsCSV ? CSVWriter.row([String(line), reason, input]) + "\n"
                : "{\"line\": \(line), \"error\": \(ValueText.jsonString(reason)), \"input\": \(ValueText.jsonString(input))}\n"
            rejectsOutput?.write(Data(entry.utf8))
        }
        // Each batch is scored while the one before is written; its outcomes come back with the
        // next submission, so the batch they belong to waits beside them.
        var written: [(Record?, Int, String, String?)] = []
        func report(_ outcomes: [RecordOutcome]?) {
            guard let outcomes else { return }
            var next = outcomes.makeIterator()
            for (record, line, input, problem) in written {
                if record == nil {
                    reject(problem ?? "Not readable.", line: line, input: input)
                    continue
                }
                switch next.next() {
                case .stored?: counts.stored += 1
                case .duplicate?: counts.duplicates += 1
                case let .rejected(reason)?: reject(reason, line: line, input: input)
                case nil: reject("Not recorded.", line: line, input: input)
                }
            }
            progress.update(counts.stored + counts.duplicates + counts.rejected, noun: "Importing")
        }
        func flush() async throws {
            guard !batch.isEmpty else { return }
            let previous = try await session.submit(batch.compactMap(\.0), createPeople: createPeople)
            report(previous)
            written = batch
            batch.removeAll(keepingCapacity: true)
        }
        let source = RecordSource(handle: handle, format: format.flatMap { RecordSource.Format(rawValue: $0.rawValue) } ?? RecordSource.Format(path: file), file: file, decoder: recorder.decoder)
        try await source.forEach { item in
            switch item {
            case let .record(record, line, input): batch.append((record, line, input, nil))
            case let .rejected(reason, line, input): batch.append((nil, line, input, reason))
            }
            if batch.count >= batchSize { try await flush() }
        }
        try await flush()
        report(try await session.finishWriting())
        progress.finish()
        try rejectsOutput?.close()
        return counts
    }
}

/// `ethos export`: raw records, without anonymous authors.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write stored records as JSON Lines or CSV, which 'ethos import' reads back unchanged; anonymous authors are never written.",
        discussion: """
        Each record carries its stored scores ("scores"), which importing recomputes rather than reads.

        Example:
          ethos export --since 2026-01-01 --output records.jsonl
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, csv }

    @Option(help: "jsonl or csv (default: from --output's extension, else jsonl).") var format: Format?
    @Option(help: "On or after this date.") var since: String?
    @Option(help: "Before this date.") var until: String?
    @Option(help: ArgumentHelp("Write to this file, which appears whole when the export is done, instead of standard output.",
                               valueName: "file")) var output: String?
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let database = try await store.openExisting()
        let format = format ?? (output?.lowercased().hasSuffix(".csv") == true ? .csv : .jsonl)
        let file = try output.map(StreamedFile.init)
        func emit(_ line: String) throws {
            if let file { try file.write(line + "\n") } else { Console.data(line) }
        }
        var chunk: [StoredRecord] = [], count = 0
        func flush() async throws {
            let scores = try await database.scores(of: chunk.map(\.id))
            for record in chunk {
                try emit(format == .csv ? StoredRecordRenderer.csv(record, scores: scores[record.id] ?? [])
                                        : StoredRecordRenderer.json(record, scores: scores[record.id] ?? []))
            }
            count += chunk.count
            chunk.removeAll(keepingCapacity: true)
        }
        do {
            if format == .csv { try emit(CSVWriter.row(StoredRecordRenderer.csvColumns)) }
            try await database.forEachRecord(RecordFilter(since: try parseDate(since), until: try parseDate(until), oldestFirst: true)) { keyed in
                let record = keyed.stored
                chunk.append(record)
                if chunk.count == 1_000 { try await flush() }
            }
            try await flush()
            try file?.commit()
        } catch {
            file?.discard()
            throw error
        }
        if let output { Console.out("Wrote \(Plural.count(count, "record")) to \(output).") }
    }
}

/// `ethos rescore`.
struct RescoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rescore",
        abstract: "Re-score every record whose stored scores are stale: the principles, plugins or settings changed since, or a plugin had failed.",
        discussion: """
        A record scored while an optional plugin had failed is stale until it is scored again \
        with every plugin answering. Works in transactions of 2,000 records, so an interrupted \
        run resumes where it stopped.

        Examples:
          ethos rescore
          ethos rescore --all
        """
    )

    @Flag(help: "Score every record again, stale or not.") var all = false
    @Flag(help: "No progress line.") var quiet = false
    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    func run() async throws {
        let loaded = try workspace.loadWorkspace()
        let database = try await store.openExisting()
        let scorer = try loaded.makeScorer()
        let recorder = Recorder(store: database, scorer: scorer, now: currentTimestamp())
        let total = all ? try await database.count() : try await recorder.staleCount()
        var progress = Progress(quiet: quiet)
        let done = try await recorder.rescore(all: all) { done in
            progress.update(done, total: total, noun: "Rescoring")
        }
        progress.finish()
        try loaded.finish(scorer)
        if output.format == .json {
            Console.data("{\"rescored\": \(done)}")
        } else {
            Console.out(done == 0 ? "Every record's scores are up to date." : "Re-scored \(Plural.count(done, "record")).")
        }
    }
}
