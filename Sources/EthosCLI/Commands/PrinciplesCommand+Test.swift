internal import ArgumentParser
internal import EthosCore

extension PrinciplesCommand {
    /// `ethos principles test`.
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score every principle's examples and report each one whose verdict is wrong.",
            discussion: """
            An aligned example must be scored aligned with its principle, a misaligned one \
            misaligned, and an unrelated one not evidenced. Each wrong verdict is reported at \
            the example's line; the command exits 1 when there is any.

            Example:
              ethos principles test
            """
        )

        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: FormatOptions

        struct JSON: Encodable {
            struct Failure: Encodable {
                var principle: String, text: String, expected: String, actual: String
                var alignment: Double, relevance: Double, location: String?
            }
            var examples: Int, passed: Int, failures: [Failure]
        }

        func run() throws {
            let loaded = try workspace.loadWorkspace()
            let scorer = try loaded.makeScorer()
            let check = ExampleCheck(scorer: scorer)
            let failures = check.failures
            try loaded.finish(scorer)
            switch output.format {
            case .text:
                for failure in failures {
                    let location = failure.example.source.map { "\($0): " } ?? ""
                    Console.err("\(location)error: Expected \(failure.expected.rawValue) for '\(failure.principle)', but the example scored "
                        + "\(failure.score.verdict.rawValue) (alignment \(NumberText.signedFixed(failure.score.alignment)), "
                        + "relevance \(NumberText.fixed(failure.score.relevance))); run 'ethos score --explain --text …' to see why.")
                }
                let summary = "\(Plural.count(check.outcomes.count, "example")) of \(Plural.count(loaded.principles.count, "principle")): "
                    + "\(check.outcomes.count - failures.count) passed, \(failures.count) failed."
                if failures.isEmpty { Console.out(summary) } else { Console.err(summary) }
            case .json:
                Console.data(try JSONOutput.encode(JSON(
                    examples: check.outcomes.count, passed: check.outcomes.count - failures.count,
                    failures: failures.map {
                        JSON.Failure(principle: $0.principle, text: $0.example.text, expected: $0.expected.rawValue,
                                     actual: $0.score.verdict.rawValue, alignment: $0.score.alignment, relevance: $0.score.relevance,
                                     location: $0.example.source?.description)
                    })))
            }
            if !failures.isEmpty { throw ExitCode.failure }
        }
    }
}
