internal import ArgumentParser
internal import EthosCore
internal import EthosPluginHost
internal import EthosPluginRegistry
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
    /// The settings know every compiled-in plugin and the custom plugins of the plugins directory.
    func loadConfiguration() -> ConfigurationLoad {
        let loader = ConfigurationLoader(factories: CompiledPlugins.factories, discoverPlugins: true)
        if let configFile {
            return loader.load(path: configFile)
        }
        let defaultPath = Configuration.defaultFileName
        guard FileManager.default.fileExists(atPath: defaultPath) else {
            return loader.defaults()
        }
        return loader.load(path: defaultPath)
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
        let schema = try Self.schema(settings, configuration)
        let load = PrinciplesLoader(schema: schema).load(paths: [principlesPath(in: configuration)])
        let pluginProblems = load.principles.map { settings.plugins.check(principles: $0) } ?? []
        let diagnostics = (settings.diagnostics + load.diagnostics + pluginProblems).sorted()
        for diagnostic in diagnostics where diagnostic.severity == .error {
            Console.err(diagnostic.formatted)
        }
        guard let principles = load.principles, !diagnostics.containsErrors else {
            throw ExitCode.failure
        }
        return Workspace(configuration: configuration, principles: principles, schema: schema, factories: settings.factories,
                         plugins: settings.plugins)
    }

    /// The workspace when it has principles; otherwise the settings with no principles, for
    /// commands such as `rules eval` that work without a workspace.
    func loadWorkspaceIfPresent() throws -> Workspace {
        let settings = loadConfiguration()
        let configuration = settings.configuration ?? Configuration()
        if FileManager.default.fileExists(atPath: principlesPath(in: configuration)) { return try loadWorkspace() }
        for diagnostic in settings.diagnostics where diagnostic.severity == .error { Console.err(diagnostic.formatted) }
        guard settings.configuration != nil else { throw ExitCode.failure }
        return Workspace(configuration: configuration, principles: PrincipleSet([]), schema: try Self.schema(settings, configuration), factories: settings.factories,
                         plugins: settings.plugins)
    }

    /// The fact schema of every enabled plugin the settings know, for type-checking rules.
    private static func schema(_ settings: ConfigurationLoad, _ configuration: Configuration) throws -> FactSchema {
        do {
            return try Scorer.schema(factories: settings.factories, settings: configuration.scoring)
        } catch {
            throw EthosError("\(configuration.source ?? Configuration.defaultFileName): \(error.message)")
        }
    }

    /// Loads the principles alone.
    func loadPrinciples() throws -> PrincipleSet {
        try loadWorkspace().principles
    }
}

/// A loaded workspace: settings, principles, and the fact schema their rules were checked against.
struct Workspace {
    var configuration: Configuration
    let principles: PrincipleSet
    let schema: FactSchema
    /// Every plugin factory: compiled-in, then the workspace's custom plugins.
    var factories: [any PluginFactory] = CompiledPlugins.factories
    /// The workspace's custom plugins.
    var plugins: CustomPlugins = .none

    /// The scorer for this workspace's principles and settings.
    func makeScorer() throws -> Scorer {
        do {
            return try Scorer(principles: principles, factories: factories, settings: configuration.scoring)
        } catch {
            throw EthosError(configuration.source.map { "\($0): \(error.message)" } ?? error.message)
        }
    }

    /// Runs `body` with `scorer`, then ``finish(_:)``.
    func run<T>(_ scorer: Scorer, _ body: () throws -> T) throws -> T {
        let result = try body()
        try finish(scorer)
        return result
    }

    /// Stops external plugins and reports their faults: a warning for an optional plugin
    /// (scoring went on without it), an error for a required one.
    func finish(_ scorer: Scorer) throws {
        scorer.finish()
        for fault in scorer.faults {
            if fault.required { throw fault }
            Console.err("warning: \(fault.description)\n  Scoring went on without it.")
        }
    }
}

/// The plugins compiled into this program: the built-in ones and the workspace's `Plugins/<Name>/`
/// Swift plugins (``PluginRegistry``), and any a program running Ethos in process adds
/// (``EthosMain/run(_:terminal:plugins:)``).
enum CompiledPlugins {
    @TaskLocal static var added: [any PluginFactory] = []

    static var factories: [any PluginFactory] { PluginRegistry.factories + added }
}
