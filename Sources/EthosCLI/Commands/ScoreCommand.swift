internal import ArgumentParser
internal import EthosCore
internal import EthosRecording
internal import Foundation
internal import EthosIO

/// `ethos score`: scores one text, or a JSON Lines file of records, against the principles.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a text, or a file of records, against the principles: a verdict, alignment and relevance per principle.",
        discussion: """
        With --text, prints a line per principle, and with --explain every piece of evidence and \
        every rule's trace. With --input, reads records in JSON, one per line ('-' for standard \
        input), and prints one JSON line per input line, in order; a malformed line gets \
        {"line": N, "error": "…"} and a located error on standard error, and the command exits 1.

        Examples:
          ethos score --text "Lena open-sourced our validator."
          ethos score --text "We paired." --kind mentoring --minutes 45 --explain
          ethos score --input records.jsonl --format jsonl --facts
        """
    )

    /// The output formats of `score`.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, jsonl
    }

    @Option(help: "The text to score.")
    var text: String?

    @Option(help: ArgumentHelp("A file of records in JSON, one per line ('-' for standard input).", valueName: "file.jsonl"))
    var input: String?

    @Option(help: "The kind of record, with --text: feedback or mentoring.")
    var kind: KindOption = .feedback

    @Option(help: "The author's handle, with --text.")
    var from: String = "author"

    @Option(help: "The subject's handle, with --text.")
    var to: String = "subject"

    @Option(help: "The length of a mentoring session in minutes, with --text.")
    var minutes: Int?

    @Flag(help: "Show every piece of evidence and every rule's trace.")
    var explain = false

    @Flag(help: "Include every fact computed for each record (JSON output).")
    var facts = false

    @Option(help: "The output format: text, json or jsonl (text with --text, jsonl with --input).")
    var format: Format?

    @OptionGroup var workspace: WorkspaceOptions

    func validate() throws {
        guard (text == nil) != (input == nil) else {
            throw ValidationError("Give exactly one of --text and --input.")
        }
        if input != nil, format == .text {
            throw ValidationError("--input prints JSON Lines; use --format jsonl (or leave --format out).")
        }
        if let minutes, kind != .mentoring || !(1...1_440).contains(minutes) {
            throw ValidationError(kind == .mentoring ? "--minutes must be from 1 to 1440." : "--minutes goes with --kind mentoring.")
        }
    }

    /// How many records go to external plugins at once.
    static let batchSize = 500

    func run() throws {
        let loaded = try workspace.loadWorkspace()
        let scorer = try loaded.makeScorer()
        try loaded.run(scorer) {
            if let text {
                try scoreText(text, scorer: scorer, principles: loaded.principles)
            } else if let input {
                try scoreFile(input, scorer: scorer, principles: loaded.principles)
            }
        }
    }

    private func scoreText(_ text: String, scorer: Scorer, principles: PrincipleSet) throws {
        let decoder = RecordDecoder(knownPrinciples: Set(principles.ids))
        let record = Record(kind: kind.kind, from: from, to: to, text: text, minutes: minutes)
        if let problem = decoder.problems(in: record).first { throw EthosError(problem) }
        var running = RunningHistory(now: currentTimestamp())
        let history = running.facts(for: record)
        let score = scorer.score(record, history: history, explain: explain, allFacts: facts)
        switch format ?? .text {
        case .text: Console.out(ScoreRenderer.text(score, principles: principles, explain: explain, text: text))
        case .json, .jsonl: Console.data(ScoreRenderer.json(id: "1", score, facts: facts, text: text))
        }
    }

    private func scoreFile(_ path: String, scorer: Scorer, principles: PrincipleSet) throws {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let opened = FileHandle(forReadingAtPath: path) else {
                throw EthosError(Issue.missingPath(path).message)
            }
            handle = opened
        }
        let decoder = RecordDecoder(knownPrinciples: Set(principles.ids))
        let name = path == "-" ? "<stdin>" : path
        var reader = LineReader(handle: handle)
        var number = 0, failed = 0
        // Without a store, history facts come from the lines before, in order.
        var history = RunningHistory(now: currentTimestamp())
        // Lines are scored in batches, so external plugins see many records per round trip.
        var pending: [(line: Int, record: Record?)] = []
        func flush() throws {
            try scorer.prepare(pending.compactMap(\.record))
            for item in pending {
                guard let record = item.record else {
                    continue
                }
                let score = scorer.score(record, history: history.facts(for: record), explain: explain, allFacts: facts)
                Console.data(ScoreRenderer.json(id: record.id ?? String(item.line), score, facts: facts, text: record.text))
            }
            pending.removeAll(keepingCapacity: true)
        }
        while let line = reader.next() {
            number += 1
            let problem: Diagnostic?
            switch line {
            case let .text(text):
                switch decoder.decode(json: text, file: name, firstLine: number) {
                case let .success(record):
                    pending.append((number, record))
                    problem = nil
                case let .failure(error):
                    problem = error.diagnostics.first
                    for diagnostic in error.diagnostics { Console.err(diagnostic.formatted) }
                }
            case let .tooLong(bytes):
                problem = Diagnostic(.lineTooLong(bytes: bytes, limit: reader.maxLineBytes), at: SourceLocation(file: name, line: number, column: 1))
                Console.err(problem?.formatted ?? "")
            case .invalidUTF8:
                problem = Diagnostic(.invalidUTF8(byte: 0), at: SourceLocation(file: name, line: number, column: 1))
                Console.err(problem?.formatted ?? "")
            }
            if let problem {
                failed += 1
                try flush()
                Console.data("{\"line\": \(number), \"error\": \(ValueText.jsonString(problem.message))}")
            } else if pending.count >= Self.batchSize {
                try flush()
            }
        }
        try flush()
        if failed > 0 { throw ExitCode.failure }
    }
}

/// `--kind` for `ethos score` and, later, recording commands.
enum KindOption: String, ExpressibleByArgument, CaseIterable {
    case feedback, mentoring

    var kind: RecordKind { self == .feedback ? .feedback : .mentoring }
}
