internal import ArgumentParser
internal import EthosCore
internal import Foundation

extension RulesCommand {
    /// `ethos rules eval 'EXPR' [--record FILE.json] [--explain]`.
    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate one expression, optionally against a record, and print its value.",
            discussion: """
            Without --record, no fact has a value. With --record, the expression may read the \
            record's facts and every plugin's (sentiment.compound, similarity…), computed on \
            demand with the workspace's principles and settings. With --format json the output is \
            one line, {"type": T, "value": V}, or {"error": "…"} when evaluation fails.

            Exit codes: 0 the expression evaluated; 1 evaluation failed or the record file is \
            invalid; 2 a syntax or type error in the expression.

            Examples:
              ethos rules eval '1 + 2 * 3'
              ethos rules eval 'record.text.contains("review")' --record r.json --explain
              ethos rules eval '[1, 2, 3].map(x, x * x)' --format json
            """
        )

        @Argument(help: "The expression, in Ethos's subset of CEL (see docs/rules.md).")
        var expression: String

        @Option(help: ArgumentHelp("A record in its JSON form, whose facts the expression may read.", valueName: "file.json"))
        var record: String?

        @Flag(help: "Show the value of every sub-expression, the facts read, and what decided the result.")
        var explain = false

        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let loaded = try workspace.loadWorkspaceIfPresent()
            let compiled: CompiledExpression
            do {
                compiled = try CompiledExpression(expression, schema: loaded.schema)
            } catch {
                Console.err(ExpressionDiagnostic.render(error, in: expression))
                throw ExitCode(2)
            }
            let facts: any FactSource
            if let record {
                facts = try loaded.makeScorer().facts(for: Self.readRecord(record))
            } else {
                facts = EmptyFacts()
            }
            let trace = compiled.explain(facts)
            switch (trace.result, output.format) {
            case let (.success(value), .text):
                Console.out(ValueText.literal(value))
                if explain { Console.out(TraceRenderer.text(trace)) }
            case let (.success(value), .json):
                let line = ValueText.json(value)
                Console.data(explain ? String(line.dropLast()) + ", \"trace\": \(TraceRenderer.json(trace))}" : line)
            case let (.failure(error), .text):
                if explain { Console.out(TraceRenderer.text(trace)) }
                Console.err("error: \(error.message)")
                throw ExitCode.failure
            case let (.failure(error), .json):
                let line = "{\"error\": \(ValueText.jsonString(error.message))}"
                Console.data(explain ? String(line.dropLast()) + ", \"trace\": \(TraceRenderer.json(trace))}" : line)
                throw ExitCode.failure
            }
        }

        static func readRecord(_ path: String) throws -> Record {
            let source: SourceFile
            switch SourceFiles.read(path) {
            case let .success(file): source = file
            case let .failure(diagnostic): throw DiagnosticsError([diagnostic])
            }
            guard let text = String(validating: source.bytes, as: UTF8.self) else {
                throw DiagnosticsError([Diagnostic(.invalidUTF8(byte: 0), at: .start(of: path))])
            }
            return try RecordDecoder().decode(json: text, file: path).get()
        }
    }
}
