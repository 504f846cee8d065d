import Foundation
import PackagePlugin

/// Embeds the workspace template that `ethos init` writes — the package's own `Principles/`
/// (every `.yaml` file and `schema.json`), `Plugins/README.md`, and the target's
/// `Templates/ethos.yaml` and the sample `Templates/people.csv` — as Swift source, so the shipped principles have one home.
@main
struct EmbedWorkspaceTemplate: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let package = context.package.directoryURL
        let principles = package.appending(path: "Principles")
        let principleFiles = try FileManager.default.contentsOfDirectory(atPath: principles.path)
            .filter { !$0.hasPrefix(".") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0 == "schema.json") }
            .sorted()
        var inputs: [(name: String, url: URL)] = principleFiles.map { ("Principles/\($0)", principles.appending(path: $0)) }
        inputs.append(("Plugins/README.md", package.appending(path: "Plugins/README.md")))
        inputs.append(("ethos.yaml", target.directoryURL.appending(path: "Templates/ethos.yaml")))
        inputs.append(("people.csv", target.directoryURL.appending(path: "Templates/people.csv")))

        let output = context.pluginWorkDirectoryURL.appending(path: "WorkspaceTemplate.swift")
        return [
            .buildCommand(
                displayName: "Embedding the workspace template",
                executable: try context.tool(named: "ethos-embed").url,
                arguments: [output.path, "WorkspaceTemplate"] + inputs.map { "\($0.name)=\($0.url.path)" },
                inputFiles: inputs.map(\.url) + [principles],
                outputFiles: [output]
            ),
        ]
    }
}
