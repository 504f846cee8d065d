import Foundation
import PackagePlugin

/// Compiles the workspace's Swift plugins into `EthosCustomPlugins` (and their tests into
/// `EthosCustomPluginsTests`) with no edit to `Package.swift`: on every build it lists
/// `Plugins/<Name>/` — folders named like a Swift type, holding `.swift` files and no
/// `plugin.yaml` — and hands each source to the target, with `#sourceLocation` so compiler
/// errors point at the file in `Plugins/`. For the library target it also writes
/// `pluginFactories`, one `<Name>Factory()` per folder.
@main
struct CompilePluginFolders: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let tests = target.name.hasSuffix("Tests")
        let root = context.package.directoryURL.appending(path: "Plugins")
        let manager = FileManager.default
        let folders = ((try? manager.contentsOfDirectory(atPath: root.path)) ?? []).sorted().filter { name in
            guard let first = name.unicodeScalars.first, first.properties.isUppercase,
                  name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }) else { return false }
            let folder = root.appending(path: name)
            return !manager.fileExists(atPath: folder.appending(path: "plugin.yaml").path)
                && ((try? manager.contentsOfDirectory(atPath: folder.path)) ?? []).contains { $0.hasSuffix(".swift") }
        }
        let tool = try context.tool(named: "ethos-embed").url
        var commands: [Command] = []
        var inputs: [URL] = []
        for name in folders {
            let folder = root.appending(path: tests ? "\(name)/Tests" : name)
            guard let enumerator = manager.enumerator(at: folder, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in enumerator {
                let relative = String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))
                if !tests, relative == "Tests" || relative.hasPrefix("Tests/") { enumerator.skipDescendants(); continue }
                guard url.pathExtension == "swift" else { continue }
                let flat = "\(name)_" + relative.replacingOccurrences(of: "/", with: "_")
                let output = context.pluginWorkDirectoryURL.appending(path: flat)
                inputs.append(url)
                commands.append(.buildCommand(
                    displayName: "Compiling in Plugins/\(name)/\(tests ? "Tests/" : "")\(relative)",
                    executable: tool,
                    arguments: ["--source", output.path, url.path],
                    inputFiles: [url],
                    outputFiles: [output]
                ))
            }
        }
        if !tests {
            let output = context.pluginWorkDirectoryURL.appending(path: "PluginFactories.swift")
            commands.append(.buildCommand(
                displayName: "Listing \(folders.count) Swift plugins",
                executable: tool,
                arguments: ["--factories", output.path] + folders,
                inputFiles: [],
                outputFiles: [output]
            ))
        }
        return commands
    }
}
