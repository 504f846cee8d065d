public import EthosCore
internal import Foundation
internal import EthosText

/// The custom plugins of a workspace's plugins directory:
///
/// - `<name>.yaml` — a no-code YAML plugin;
/// - `<name>/plugin.yaml` — an external plugin (a program speaking the plugin protocol);
/// - `<Name>/*.swift` — a compiled-in Swift plugin, already part of the binary (see
///   `Package.swift`); listed here only so its folder is not mistaken for anything else.
public struct CustomPlugins: Sendable {
    /// What kind of plugin a custom plugin is.
    public enum Kind: String, Sendable, Hashable {
        case compiled, external, yaml
    }

    /// A discovered plugin: its id, kind, and the file that declares it.
    public struct Entry: Sendable, Hashable {
        public var id: String
        public var kind: Kind
        public var file: String
    }

    /// The factories of the valid YAML and external plugins.
    public var factories: [any PluginFactory]
    /// Every plugin found, valid or not.
    public var entries: [Entry]
    /// What is wrong with them: located errors.
    public var diagnostics: [Diagnostic]
    /// The YAML declarations, for checks that need the principles.
    var yaml: [YAMLPluginLoader.Declaration]

    /// No custom plugins.
    public static let none = CustomPlugins(factories: [], entries: [], diagnostics: [], yaml: [])

    /// Loads the plugins of `directory`; ids must differ from each other, from `compiled`'s and
    /// from Ethos's reserved fact groups. A missing directory holds no plugins.
    public static func load(directory: String, compiled: [any PluginFactory], limits: YAMLLimits = .default) -> CustomPlugins {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else { return .none }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        var result = CustomPlugins.none
        var owners: [String: String] = Dictionary(compiled.map { ($0.id, "compiled into ethos") }, uniquingKeysWith: { first, _ in first })
        for id in Scorer.reservedIDs { owners[id] = "reserved for Ethos's own facts" }

        func claim(_ id: String, file: String, at location: SourceLocation) -> Bool {
            if let first = owners[id] {
                result.diagnostics.append(Diagnostic(.duplicatePluginID(id, firstDefinedAt: first), at: location))
                return false
            }
            owners[id] = file
            return true
        }

        func read(_ path: String) -> SourceFile? {
            switch SourceFiles.read(path, limits: limits) {
            case let .success(file): return file
            case let .failure(diagnostic):
                result.diagnostics.append(diagnostic)
                return nil
            }
        }

        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            if !isFolder.boolValue {
                guard name.hasSuffix(".yaml") || name.hasSuffix(".yml"), let source = read(path) else { continue }
                let (declaration, diagnostics) = YAMLPluginLoader.read(source, limits: limits)
                result.diagnostics += diagnostics
                guard let declaration else { continue }
                result.entries.append(Entry(id: declaration.id, kind: .yaml, file: path))
                if claim(declaration.id, file: path, at: declaration.idLocation) {
                    result.yaml.append(declaration)
                    result.factories.append(YAMLPluginFactory(declaration: declaration))
                }
                continue
            }
            let manifestPath = (path as NSString).appendingPathComponent("plugin.yaml")
            if FileManager.default.fileExists(atPath: manifestPath) {
                guard let source = read(manifestPath) else { continue }
                let (manifest, diagnostics) = ExternalPluginManifest.read(source, limits: limits)
                result.diagnostics += diagnostics
                guard let manifest else { continue }
                result.entries.append(Entry(id: manifest.id, kind: .external, file: manifestPath))
                if claim(manifest.id, file: manifestPath, at: manifest.idLocation) {
                    result.factories.append(ExternalPluginFactory(manifest: manifest))
                }
            } else if let files = try? FileManager.default.contentsOfDirectory(atPath: path), files.contains(where: { $0.hasSuffix(".swift") }) {
                result.entries.append(Entry(id: name, kind: .compiled, file: path))
            }
        }
        result.diagnostics.sort()
        return result
    }

    /// Checks that YAML plugins' evidence names principles of `principles`.
    public func check(principles: PrincipleSet) -> [Diagnostic] {
        yaml.flatMap { YAMLPluginLoader.check($0, principles: principles) }
    }
}

extension CustomPlugins {
    /// Runs the YAML plugins' examples with `scorer`'s plugins: a located error for each fact
    /// that differs from what its example expects. Disabled plugins are skipped.
    public func checkExamples(with scorer: Scorer) -> (checked: Int, problems: [Diagnostic]) {
        var checked = 0
        var problems: [Diagnostic] = []
        for declaration in yaml {
            guard let plugin = scorer.plugins.first(where: { $0.id == declaration.id }) as? YAMLPlugin else { continue }
            for example in declaration.examples {
                checked += 1
                let record = Record(from: "example-author", to: "example-subject", text: example.text)
                let context = RecordContext(principles: scorer.principles, text: AnalyzedText(example.text),
                                            facts: scorer.facts(for: record))
                let actual = plugin.facts(for: record, context: context)
                for (name, expected, location) in example.facts {
                    let value = actual[name]
                    guard !Self.matches(value, expected) else { continue }
                    let shown = value.map(ValueText.literal) ?? "absent"
                    problems.append(Diagnostic(.exampleFactMismatch(name, expected: expected, actual: shown), at: location))
                }
            }
        }
        return (checked, problems)
    }

    static func matches(_ value: FactValue?, _ expected: String) -> Bool {
        switch value {
        case let .string(text)?: text == expected
        case let .int(number)?: Int64(expected) == number
        case let .double(number)?: Double(expected).map { abs($0 - number) < 1e-9 } ?? false
        case let .bool(flag)?: expected == String(flag)
        case nil: expected.isEmpty
        default: false
        }
    }
}
