internal import ArgumentParser

/// How a command prints its data.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// For people at a terminal.
    case text
    /// For programs: one JSON document on standard output.
    case json
}

/// The `--format` option shared by every command that prints data.
struct FormatOptions: ParsableArguments {
    @Option(help: "The output format.")
    var format: OutputFormat = .text
}
