internal import ArgumentParser
internal import EthosCore
internal import Foundation

/// Where the workspace's principles and settings are: the options every workspace command takes.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .customLong("principles"), help: ArgumentHelp(
        "The principles directory (default: 'paths.principles' from the settings, else ./Principles).",
        valueName: "dir"))
    var principlesDirectory: String?

    @Option(name: .customLong("config"), help: ArgumentHelp(
        "The settings file (default: ./ethos.yaml when present).", valueName: "file"))
    var configFile: String?

    /// The settings, or the diagnostics that make them unusable. A missing default
    /// `./ethos.yaml` is not an error; a missing `--config` file is.
    func loadConfiguration() -> ConfigurationLoad {
        if let configFile {
            return ConfigurationLoader().load(path: configFile)
        }
        let defaultPath = Configuration.defaultFileName
        guard FileManager.default.fileExists(atPath: defaultPath) else {
            return ConfigurationLoad(configuration: Configuration(), diagnostics: [])
        }
        return ConfigurationLoader().load(path: defaultPath)
    }

    /// The principles directory: the flag, else the settings, else `./Principles`.
    func principlesPath(in configuration: Configuration) -> String {
        principlesDirectory ?? configuration.principlesDirectory ?? Configuration.defaultPrinciplesDirectory
    }

    /// Loads the settings and the principles; prints every diagnostic to standard error and
    /// throws `ExitCode.failure` when either has an error.
    func loadPrinciples() throws -> PrincipleSet {
        let settings = loadConfiguration()
        let configuration = settings.configuration ?? Configuration()
        let load = settings.configuration == nil
            ? PrinciplesLoad(principles: nil, diagnostics: [], fileCount: 0)
            : PrinciplesLoader().load(paths: [principlesPath(in: configuration)])
        let diagnostics = (settings.diagnostics + load.diagnostics).sorted()
        for diagnostic in diagnostics where diagnostic.severity == .error {
            Console.err(diagnostic.formatted)
        }
        guard let principles = load.principles, !diagnostics.containsErrors else {
            throw ExitCode.failure
        }
        return principles
    }
}
