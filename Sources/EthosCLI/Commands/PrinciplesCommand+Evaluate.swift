internal import ArgumentParser
internal import EthosCore
internal import EthosRecording
internal import Foundation
internal import EthosIO

extension PrinciplesCommand {
    /// `ethos principles evaluate FILE.jsonl`.
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure the principles' verdicts against records labelled by people.",
            discussion: """
            Reads records in JSON, one per line, each with an "expected" object of principle \
            ids and verdicts (aligned, misaligned or not-evidenced), scores each record alone \
            and prints, per principle and overall, the accuracy beside the baseline of always \
            answering not-evidenced, each verdict's precision and recall, and the confusion \
            matrix. A malformed line is a located error and nothing is measured.

            Example:
              ethos principles evaluate labelled.jsonl --min-accuracy 85 --show-misses
            """
        )

        @Argument(help: ArgumentHelp("A file of labelled records in JSON, one per line ('-' for standard input).", valueName: "file.jsonl"))
        var file: String

        @Option(help: ArgumentHelp("Exit 1 when any principle's accuracy, or the overall one, is below this percentage.", valueName: "percent"))
        var minAccuracy: Double?

        @Flag(help: "List every verdict that disagrees with its label.")
        var showMisses = false

        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: FormatOptions

        func validate() throws {
            if let minAccuracy, !(0...100).contains(minAccuracy) {
                throw ValidationError("--min-accuracy is a percentage from 0 to 100.")
            }
        }

        func run() throws {
            let loaded = try workspace.loadWorkspace()
            let labelled = try read(knownPrinciples: Set(loaded.principles.ids))
            let scorer = try loaded.makeScorer()
            let evaluation = try loaded.run(scorer) {
                try scorer.prepare(labelled.map(\.record))
                var evaluation = Evaluation(principles: loaded.principles.ids)
                for item in labelled {
                    // Each labelled record on its own: its verdict, not the file's order, is what is measured.
                    var fresh = RunningHistory(now: currentTimestamp())
                    let history = fresh.facts(for: item.record)
                    evaluation.add(item, scorer.score(item.record, history: history))
                }
                return evaluation
            }
            let names = Dictionary(loaded.principles.map { ($0.id, $0.name) }) { first, _ in first }
            switch output.format {
            case .text: Console.out(EvaluationRenderer.text(evaluation, names: names, file: displayName, showMisses: showMisses))
            case .json: Console.data(try JSONOutput.encode(EvaluationRenderer.JSON(evaluation, misses: showMisses)))
            }
            if let minAccuracy, evaluation.belowAccuracy(minAccuracy / 100) {
                Console.err("error: Accuracy is below --min-accuracy \(NumberText.format(minAccuracy))%.")
                throw ExitCode.failure
            }
        }

        private var displayName: String { file == "-" ? "<stdin>" : file }

        /// Every labelled record in the file, or every problem in it.
        private func read(knownPrinciples: Set<String>) throws -> [LabelledRecord] {
            let handle: FileHandle
            if file == "-" {
                handle = FileHandle.standardInput
            } else {
                guard let opened = FileHandle(forReadingAtPath: file) else { throw EthosError(Issue.missingPath(file).message) }
                handle = opened
            }
            let decoder = RecordDecoder(knownPrinciples: knownPrinciples)
            var reader = LineReader(handle: handle)
            var records: [LabelledRecord] = []
            var problems: [Diagnostic] = []
            var number = 0
            while let line = reader.next() {
                number += 1
                let at = SourceLocation(file: displayName, line: number, column: 1)
                switch line {
                case let .text(text):
                    if text.allSatisfy(\.isWhitespace) { continue }
                    switch decoder.decodeLabelled(json: text, file: displayName, firstLine: number) {
                    case let .success(record): records.append(record)
                    case let .failure(error): problems += error.diagnostics
                    }
                case let .tooLong(bytes): problems.append(Diagnostic(.lineTooLong(bytes: bytes, limit: reader.maxLineBytes), at: at))
                case .invalidUTF8: problems.append(Diagnostic(.invalidUTF8(byte: 0), at: at))
                }
            }
            if records.isEmpty, problems.isEmpty {
                problems.append(Diagnostic(.emptyFile, at: SourceLocation(file: displayName, line: 1, column: 1)))
            }
            guard problems.isEmpty else {
                for problem in problems { Console.err(problem.formatted) }
                throw ExitCode.failure
            }
            return records
        }
    }
}
