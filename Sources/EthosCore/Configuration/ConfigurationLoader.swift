internal import EthosPluginAPI
internal import Yams
internal import Foundation

/// Loads and validates `ethos.yaml`, with the same located diagnostics as principles files.
public struct ConfigurationLoader: Sendable {
    static let topKeys = ["version", "paths"]
    static let pathKeys = ["principles", "plugins"]

    /// The bounds applied to the file.
    public var limits: YAMLLimits

    /// Creates a loader.
    public init(limits: YAMLLimits = .default) {
        self.limits = limits
    }

    /// Reads and validates the settings file at `path`.
    public func load(path: String) -> ConfigurationLoad {
        switch SourceFiles.read(path, limits: limits) {
        case let .success(source): return load(source)
        case let .failure(diagnostic): return ConfigurationLoad(configuration: nil, diagnostics: [diagnostic])
        }
    }

    /// Validates settings already read.
    public func load(_ source: SourceFile) -> ConfigurationLoad {
        let document: YAMLDocument
        switch YAMLDocument.compose(source.bytes, file: source.path, limits: limits) {
        case let .success(composed): document = composed
        case let .failure(diagnostic):
            // A settings file of comments only is valid: every setting keeps its default.
            if case .emptyFile = diagnostic.issue {
                return ConfigurationLoad(configuration: Configuration(source: source.path), diagnostics: [], file: source.path)
            }
            return ConfigurationLoad(configuration: nil, diagnostics: [diagnostic], file: source.path)
        }
        var reader = YAMLReader(file: source.path, limits: limits)
        var configuration = Configuration(source: source.path)
        if let entries = reader.mapping(document.root, what: "the settings", allowed: Self.topKeys) {
            if let node = entries["version"], let version = reader.integer(node, what: "'version'", in: Int.min...Int.max), version != 1 {
                reader.report(.unsupportedVersion(String(version)), at: node)
            }
            if let pathsNode = entries["paths"],
               let paths = reader.mapping(pathsNode, what: "'paths'", allowed: Self.pathKeys) {
                let base = (source.path as NSString).deletingLastPathComponent
                func resolve(_ key: String) -> String? {
                    paths[key].flatMap { reader.text($0, what: "'paths.\(key)'") }.map { Self.resolve($0, against: base) }
                }
                configuration.principlesDirectory = resolve("principles")
                configuration.pluginsDirectory = resolve("plugins")
            }
        }
        let diagnostics = reader.diagnostics.sorted()
        return ConfigurationLoad(configuration: diagnostics.containsErrors ? nil : configuration, diagnostics: diagnostics,
                                 file: source.path)
    }

    /// `path` relative to `base` unless it is absolute.
    static func resolve(_ path: String, against base: String) -> String {
        if path.hasPrefix("/") || base.isEmpty || base == "." { return path }
        return (base as NSString).appendingPathComponent(path)
    }
}

/// The outcome of loading settings.
public struct ConfigurationLoad: Sendable {
    /// The settings, or `nil` when any diagnostic is an error.
    public var configuration: Configuration?
    /// Every diagnostic, sorted.
    public var diagnostics: [Diagnostic]
    /// The file that was read, if any: set even when it has errors.
    public var file: String?

    /// Creates an outcome.
    public init(configuration: Configuration?, diagnostics: [Diagnostic], file: String? = nil) {
        self.configuration = configuration
        self.diagnostics = diagnostics
        self.file = file
    }
}
