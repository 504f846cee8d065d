internal import ArgumentParser
internal import EthosCore

extension PrinciplesCommand {
    /// `ethos principles show ID`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one principle in full: statement, tenets, signals, rules and examples.",
            discussion: """
            Example:
              ethos principles show journey-of-experiences
            """
        )

        @Argument(help: "The principle's id, as 'ethos principles list' shows it.")
        var id: String

        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let principles = try workspace.loadPrinciples()
            guard let principle = principles[id: id] else {
                throw EthosError(Issue.unknownPrinciple(id, suggestion: Suggestions.closest(to: id, in: principles.ids)).message)
            }
            switch output.format {
            case .text: Console.out(PrincipleRenderer.detail(principle))
            case .json: Console.data(try JSONOutput.encode(PrincipleJSON(principle)))
            }
        }
    }
}
