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

    /// Loads the settings and the principles (type-checking rules against the record facts and
    /// every enabled plugin's facts); prints every error to standard error and throws
    /// `ExitCode.failure` when there is one.
    func loadWorkspace() throws -> Workspace {
        let settings = loadConfiguration()
        guard let configuration = settings.configuration else {
            for diagnostic in settings.diagnostics where diagnostic.severity == .error { Console.err(diagnostic.formatted) }
            throw ExitCode.failure
        }
        let schema: FactSchema
        do {
            schema = try Scorer.schema(settings: configuration.scoring)
        } catch {
            throw EthosError("\(configuration.source ?? Configuration.defaultFileName): \(error.message)")
        }
        let load = PrinciplesLoader(schema: schema).load(paths: [principlesPath(in: configuration)])
        let diagnostics = (settings.diagnostics + load.diagnostics).sorted()
        for diagnostic in diagnostics where diagnostic.severity == .error {
            Console.err(diagnostic.formatted)
        }
        guard let principles = load.principles, !diagnostics.containsErrors else {
            throw ExitCode.failure
        }
        return Workspace(configuration: configuration, principles: principles, schema: schema)
    }

    /// The workspace when it has principles; otherwise the settings with no principles, for
    /// commands such as `rules eval` that work without a workspace.
    func loadWorkspaceIfPresent() throws -> Workspace {
        let settings = loadConfiguration()
        let configuration = settings.configuration ?? Configuration()
        if FileManager.default.fileExists(atPath: principlesPath(in: configuration)) { return try loadWorkspace() }
        for diagnostic in settings.diagnostics where diagnostic.severity == .error { Console.err(diagnostic.formatted) }
        guard settings.configuration != nil else { throw ExitCode.failure }
        let schema: FactSchema
        do { schema = try Scorer.schema(settings: configuration.scoring) } catch {
            throw EthosError("\(configuration.source ?? Configuration.defaultFileName): \(error.message)")
        }
        return Workspace(configuration: configuration, principles: PrincipleSet([]), schema: schema)
    }

    /// Loads the principles alone.
    func loadPrinciples() throws -> PrincipleSet {
        try loadWorkspace().principles
    }
}

/// A loaded workspace: settings, principles, and the fact schema their rules were checked against.
struct Workspace {
    let configuration: Configuration
    let principles: PrincipleSet
    let schema: FactSchema

    /// The scorer for this workspace's principles and settings.
    func makeScorer() throws -> Scorer {
        do {
            return try Scorer(principles: principles, settings: configuration.scoring)
        } catch {
            throw EthosError("\(configuration.source ?? Configuration.defaultFileName): \(error.message)")
        }
    }
}
