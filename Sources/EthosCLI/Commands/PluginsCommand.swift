internal import ArgumentParser
internal import EthosCore

/// `ethos plugins …`: the plugins that score records.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List and describe the plugins that score records.",
        discussion: """
        Plugins are built in, compiled in from Plugins/<Name>/ (Swift), external programs declared
        by Plugins/<name>/plugin.yaml, or no-code Plugins/<name>.yaml files. See docs/plugins.md.

        Examples:
          ethos plugins list
          ethos plugins show sentiment
          ethos plugins check
          ethos plugins test conference-talks --text "Lena gave a talk at SwiftConf."
          ethos plugins new team-radio --kind yaml
        """,
        subcommands: [List.self, Show.self, Check.self, Test.self, New.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every plugin with its version, weight, whether it is enabled, and what it does.",
            discussion: """
            Example:
              ethos plugins list --format json
            """
        )

        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let catalog = try PluginCatalog(workspace: workspace)
            switch output.format {
            case .text: Console.out(catalog.table)
            case .json: Console.data(try JSONOutput.encode(catalog.entries.map(\.json)))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one plugin: what it does, the facts it provides, and its settings.",
            discussion: """
            Example:
              ethos plugins show similarity
            """
        )

        @Argument(help: "The plugin's id, as 'ethos plugins list' shows it.")
        var id: String

        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let catalog = try PluginCatalog(workspace: workspace)
            guard let entry = catalog.entries.first(where: { $0.id == id }) else {
                let ids = catalog.entries.map(\.id)
                throw EthosError(Issue.unknownPlugin(id, suggestion: Suggestions.closest(to: id, in: ids), known: ids).message)
            }
            switch output.format {
            case .text: Console.out(entry.detail)
            case .json: Console.data(try JSONOutput.encode(entry.json))
            }
        }
    }
}
