import Foundation
import PackagePlugin

/// Generates `PluginRegistry` for the target it is applied to: one entry per plugin module the
/// target depends on (`EthosPlugins`, the built-in plugins, and `EthosCustomPlugins`, the
/// workspace's Swift plugins), each contributing its `pluginFactories`.
@main
struct RegisterPlugins: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        var modules: [String] = []
        var inputs: [URL] = []
        for case let .target(dependency) in target.dependencies {
            guard dependency.name == "EthosPlugins" || dependency.name == "EthosCustomPlugins" else { continue }
            modules.append(dependency.name)
            inputs.append(dependency.directoryURL)
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "PluginRegistry.swift")
        return [
            .buildCommand(
                displayName: "Registering \(modules.count) plugin modules",
                executable: try context.tool(named: "ethos-embed").url,
                arguments: ["--registry", output.path] + modules,
                inputFiles: [],
                outputFiles: [output]
            ),
        ]
    }
}
