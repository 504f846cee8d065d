internal import ArgumentParser

/// `ethos rules …`: work with rule expressions.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Evaluate rule expressions (Ethos's subset of CEL) against a record.",
        discussion: """
        Example:
          ethos rules eval 'record.kind == "mentoring" && record.minutes >= 30' --record session.json --explain
        """,
        subcommands: [Eval.self]
    )
}
