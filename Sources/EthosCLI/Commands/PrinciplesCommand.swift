internal import ArgumentParser

/// `ethos principles …`: list, show and check the principles.
struct PrinciplesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "principles",
        abstract: "List, show and check the workspace's principles.",
        discussion: """
        Examples:
          ethos principles list
          ethos principles show community-contribution
          ethos principles check --strict
        """,
        subcommands: [List.self, Show.self, Check.self, Test.self, Evaluate.self]
    )
}
