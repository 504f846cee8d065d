import Foundation
import PackagePlugin

/// Embeds every file under a target's `Embedded/` folder (recursively, keeping relative paths)
/// as Swift source, in an enum named `EmbeddedFiles`, so data such as lexicons ships inside
/// the binary with no resource bundle to find at run time.
@main
struct EmbedFolder: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let folder = target.directoryURL.appending(path: "Embedded")
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return []
        }
        var inputs: [(name: String, url: URL)] = []
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                  !url.lastPathComponent.hasPrefix(".") else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))
            inputs.append((relative, url))
        }
        inputs.sort { $0.name < $1.name }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) files into \(target.name)",
                executable: try context.tool(named: "ethos-embed").url,
                arguments: [output.path, "EmbeddedFiles"] + inputs.map { "\($0.name)=\($0.url.path)" },
                inputFiles: inputs.map(\.url),
                outputFiles: [output]
            ),
        ]
    }
}
