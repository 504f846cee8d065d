internal import ArgumentParser
internal import EthosCore

/// The root `ethos` command.
struct EthosCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ethos",
        abstract: "Keep a company honest about its own principles.",
        discussion: """
        Principles are written in YAML (see docs/principles.md) and checked with precise, located \
        diagnostics.

        Exit codes: 0 success; 1 invalid input or findings; 64 a malformed command line; \
        70 an internal error.

        Example:
          ethos init my-company && cd my-company && ethos principles check
        """,
        version: EthosVersion.current,
        subcommands: [ScoreCommand.self, FeedbackCommand.self, MentoringCommand.self, RecordsCommand.self, ExplainCommand.self,
                      PeopleCommand.self, ImportCommand.self, ExportCommand.self, RescoreCommand.self,
                      PrinciplesCommand.self, RulesCommand.self, PluginsCommand.self, InitCommand.self]
    )
}
