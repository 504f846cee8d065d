public import EthosCore
internal import EthosPluginAPI
internal import Yams
internal import Foundation

/// Loads and validates `ethos.yaml`, with the same located diagnostics as principles files.
public struct ConfigurationLoader: Sendable {
    static let topKeys = ["version", "paths", "scoring", "plugins", "privacy", "admins"]
    static let pathKeys = ["principles", "plugins"]

    /// The bounds applied to the file.
    public var limits: YAMLLimits
    /// The plugins whose settings `plugins:` may hold.
    public var factories: [any PluginFactory]

    /// Whether to load the custom plugins of the plugins directory, so `plugins:` may configure them.
    public var discoverPlugins: Bool

    /// Creates a loader that knows the options of `factories`' plugins (and, with
    /// `discoverPlugins`, of the custom plugins in the workspace's plugins directory).
    public init(factories: [any PluginFactory], discoverPlugins: Bool = false, limits: YAMLLimits = .default) {
        self.factories = factories
        self.discoverPlugins = discoverPlugins
        self.limits = limits
    }

    /// The settings of a workspace in `directory` that has no settings file: defaults, with the
    /// custom plugins of `directory/Plugins` when discovering plugins.
    public func defaults(directory: String = ".") -> ConfigurationLoad {
        var load = ConfigurationLoad(configuration: Configuration(), diagnostics: [])
        if discoverPlugins {
            let path = Self.resolve(Configuration.defaultPluginsDirectory, against: directory)
            load.plugins = CustomPlugins.load(directory: path, compiled: factories, limits: limits)
            load.diagnostics = load.plugins.diagnostics
            if load.diagnostics.containsErrors { load.configuration = nil }
        }
        load.factories = factories + load.plugins.factories
        return load
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
                var load = defaults(directory: (source.path as NSString).deletingLastPathComponent)
                load.configuration?.source = source.path
                load.file = source.path
                return load
            }
            return ConfigurationLoad(configuration: nil, diagnostics: [diagnostic], file: source.path)
        }
        var reader = YAMLReader(file: source.path, limits: limits)
        var configuration = Configuration(source: source.path)
        var custom = CustomPlugins.none
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
                if discoverPlugins, let directory = configuration.pluginsDirectory, let node = paths["plugins"],
                   !FileManager.default.fileExists(atPath: directory) {
                    reader.report(.missingPath(directory), at: node)
                }
            }
            if discoverPlugins {
                let base = (source.path as NSString).deletingLastPathComponent
                let directory = configuration.pluginsDirectory ?? Self.resolve(Configuration.defaultPluginsDirectory, against: base)
                custom = CustomPlugins.load(directory: directory, compiled: factories, limits: limits)
            }
            var scoring = ScoringSettings()
            if let node = entries["scoring"] { readScoring(node, into: &scoring, reader: &reader) }
            if let node = entries["plugins"] { readPlugins(node, into: &scoring, factories: factories + custom.factories, reader: &reader) }
            configuration.scoring = scoring
            if let node = entries["privacy"],
               let privacy = reader.mapping(node, what: "'privacy'", allowed: ["minimum-group-size", "default-visibility", "name-people-in-quotes"]) {
                if let sizeNode = privacy["minimum-group-size"],
                   let size = reader.integer(sizeNode, what: "'privacy.minimum-group-size'", in: 3...1_000) {
                    configuration.minimumGroupSize = size
                }
                if let node = privacy["name-people-in-quotes"], let flag = reader.boolean(node, what: "'privacy.name-people-in-quotes'") {
                    configuration.namePeopleInQuotes = flag
                }
                if let visibilityNode = privacy["default-visibility"],
                   let text = reader.text(visibilityNode, what: "'privacy.default-visibility'") {
                    let allowed = Visibility.allCases.map(\.rawValue)
                    if let visibility = Visibility(rawValue: text) { configuration.defaultVisibility = visibility } else {
                        reader.report(.invalidChoice("'privacy.default-visibility'", value: text, allowed: allowed,
                                                     suggestion: Suggestions.closest(to: text, in: allowed)), at: visibilityNode)
                    }
                }
            }
            if let node = entries["admins"], let admins = reader.textList(node, what: "'admins'", itemWhat: "an admin's handle") {
                configuration.admins = admins.map(\.value)
            }
        }
        let diagnostics = (reader.diagnostics + custom.diagnostics).sorted()
        var load = ConfigurationLoad(configuration: diagnostics.containsErrors ? nil : configuration, diagnostics: diagnostics,
                                     file: source.path)
        load.plugins = custom
        load.factories = factories + custom.factories
        return load
    }

    private func readScoring(_ node: Node, into scoring: inout ScoringSettings, reader: inout YAMLReader) {
        guard let section = reader.mapping(node, what: "'scoring'", allowed: ["thresholds"]),
              let thresholdsNode = section["thresholds"],
              let thresholds = reader.mapping(thresholdsNode, what: "'scoring.thresholds'", allowed: ["relevance", "alignment"]) else { return }
        if let value = thresholds["relevance"].flatMap({ reader.number($0, what: "'scoring.thresholds.relevance'", in: 0...1, allowed: "from 0 to 1") }) {
            scoring.relevanceThreshold = value
        }
        if let value = thresholds["alignment"].flatMap({ reader.number($0, what: "'scoring.thresholds.alignment'", in: 0...1, allowed: "from 0 to 1") }) {
            scoring.alignmentThreshold = value
        }
    }

    private func readPlugins(_ node: Node, into scoring: inout ScoringSettings, factories: [any PluginFactory], reader: inout YAMLReader) {
        let ids = factories.map(\.id)
        guard case let .mapping(mapping) = node else {
            reader.report(.wrongType("'plugins'", expected: .mapping, found: YAMLReader.kind(of: node)), at: node)
            return
        }
        for (key, value) in mapping {
            guard let id = key.string, let factory = factories.first(where: { $0.id == id }) else {
                let name = key.string ?? ""
                reader.report(.unknownPlugin(name, suggestion: Suggestions.closest(to: name, in: ids), known: ids), at: key)
                continue
            }
            let optionNames = factory.options.map(\.name)
            guard let entries = reader.mapping(value, what: "the settings of plugin '\(id)'", allowed: ["enabled", "weight"] + optionNames) else { continue }
            if let enabled = entries["enabled"].flatMap({ reader.boolean($0, what: "'plugins.\(id).enabled'") }), !enabled {
                scoring.disabled.insert(id)
            }
            if let weight = entries["weight"].flatMap({ reader.number($0, what: "'plugins.\(id).weight'", in: 0...10, allowed: "from 0 to 10") }) {
                scoring.weights[id] = weight
            }
            for option in factory.options {
                guard let optionNode = entries[option.name] else { continue }
                let value = reader.optionValue(optionNode, type: option.type, what: "'plugins.\(id).\(option.name)'")
                if let value { scoring.options[id, default: [:]][option.name] = value }
            }
        }
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
    /// The custom plugins found in the plugins directory (when the loader discovers them).
    public var plugins: CustomPlugins = .none
    /// Every plugin factory of the run: the loader's, then the custom plugins'.
    public var factories: [any PluginFactory] = []

    /// Creates an outcome.
    public init(configuration: Configuration?, diagnostics: [Diagnostic], file: String? = nil) {
        self.configuration = configuration
        self.diagnostics = diagnostics
        self.file = file
    }
}
