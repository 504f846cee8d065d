internal import ArgumentParser
internal import EthosCore

/// The root `ethos` command.
struct EthosCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ethos",
        abstract: "Keep a company honest about its own principles.",
        discussion: """
        Principles are written in YAML (docs/principles.md) and checked with precise, located \
        diagnostics; feedback and mentoring records are scored against them by plugins \
        (docs/scoring.md) and stored in SQLite (docs/store.md).

        Exit codes: 0 success; 1 invalid input or findings; 2 a syntax or type error in \
        'rules eval'; 64 a malformed command line; 70 an internal error.

        Example:
          ethos init my-company && cd my-company && ethos principles check
          ethos people import people.csv
          ethos feedback give --from ana --to ravi --text "Ravi rewrote the doc."
        """,
        version: EthosVersion.current,
        subcommands: [ScoreCommand.self, FeedbackCommand.self, MentoringCommand.self, RecordsCommand.self, ExplainCommand.self,
                      PeopleCommand.self, ImportCommand.self, ExportCommand.self, RescoreCommand.self,
                      ReportCommand.self, ServeCommand.self, TokensCommand.self, MigrateCommand.self, DatabaseCommand.self, DemoCommand.self, PrinciplesCommand.self, RulesCommand.self, PluginsCommand.self, InitCommand.self]
    )
}
