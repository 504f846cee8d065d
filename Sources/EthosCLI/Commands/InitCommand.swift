internal import ArgumentParser
internal import EthosCore

/// `ethos init [DIR]`: scaffolds a workspace.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a workspace: Principles/ with the two shipped principles as a start, Plugins/, and a commented ethos.yaml.",
        discussion: """
        Existing files are never overwritten unless --force is given; nothing is written when \
        any of them exists.

        Example:
          ethos init my-company
        """
    )

    @Argument(help: "The directory to create the workspace in (default: the current directory).")
    var directory: String = "."

    @Flag(help: "Overwrite files that already exist.")
    var force = false

    @OptionGroup var output: FormatOptions

    func run() throws {
        let scaffold = WorkspaceScaffold.bundled
        let written = try scaffold.write(into: directory, overwrite: force)
        switch output.format {
        case .text:
            Console.out(WorkspaceScaffold.summary(written: written, directory: directory))
        case .json:
            Console.data(try JSONOutput.encode(InitJSON(directory: directory, created: written)))
        }
    }
}

/// What `ethos init --format json` prints.
struct InitJSON: Encodable {
    var directory: String
    var created: [String]
}
