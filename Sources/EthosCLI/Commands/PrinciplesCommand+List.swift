internal import ArgumentParser
internal import EthosCore

extension PrinciplesCommand {
    /// `ethos principles list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the principles with their weights and how many tenets, signals, rules and examples each has.",
            discussion: """
            Example:
              ethos principles list --format json
            """
        )

        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let principles = try workspace.loadPrinciples()
            switch output.format {
            case .text: Console.out(PrincipleRenderer.table(principles))
            case .json: Console.data(try JSONOutput.encode(principles.principles.map(PrincipleJSON.init)))
            }
        }
    }
}
