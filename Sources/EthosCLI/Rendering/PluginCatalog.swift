internal import EthosCore
internal import EthosPlugins
internal import EthosPluginRegistry

/// Every plugin of the workspace with its settings, for `ethos plugins`.
struct PluginCatalog {
    struct Entry {
        let id: String
        let version: String
        let summary: String
        /// `built-in`, `swift`, `external` or `yaml`.
        let kind: String
        /// Where it comes from: the module or the file.
        let source: String
        let enabled: Bool
        let weight: Double
        let facts: [FactDeclaration]
        let options: [(option: PluginOption, value: FactValue)]

        struct JSON: Encodable {
            struct Fact: Encodable { var name: String, type: String, summary: String }
            struct Option: Encodable { var name: String, type: String, value: String, summary: String }
            var id: String, version: String, summary: String, kind: String, source: String, enabled: Bool, weight: Double
            var facts: [Fact], options: [Option]
        }

        var json: JSON {
            JSON(id: id, version: version, summary: summary, kind: kind, source: source, enabled: enabled, weight: weight,
                 facts: facts.map { JSON.Fact(name: $0.name, type: $0.type.description, summary: $0.summary) },
                 options: options.map { JSON.Option(name: $0.option.name, type: $0.option.type.description,
                                                    value: ValueText.literal($0.value), summary: $0.option.summary) })
        }

        var detail: String {
            var lines = ["\(id) \(version)\(enabled ? "" : " (disabled)")", summary, "", "Kind: \(kind) (\(source))",
                         "Weight: \(NumberText.format(weight))"]
            lines.append("")
            lines.append(facts.isEmpty ? "Facts: none" : "Facts:")
            lines += facts.map { "  \($0.name): \($0.type) — \($0.summary)" }
            lines.append("")
            lines.append("Settings (plugins.\(id) in ethos.yaml):")
            lines.append("  enabled: \(enabled)")
            lines.append("  weight: \(NumberText.format(weight))")
            lines += options.map { "  \($0.option.name): \(ValueText.literal($0.value)) (\($0.option.type)) — \($0.option.summary)" }
            return lines.joined(separator: "\n")
        }
    }

    let entries: [Entry]

    init(workspace: WorkspaceOptions) throws {
        let loaded = try workspace.loadWorkspaceIfPresent()
        let settings = loaded.configuration.scoring
        var everything = loaded
        everything.configuration.scoring = ScoringSettings(weights: settings.weights, options: settings.options)
        let scorer = try everything.makeScorer()
        let builtins = Set(BuiltinPlugins.factories.map(\.id))
        let custom = Dictionary(loaded.plugins.entries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let order = Dictionary(scorer.plugins.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        entries = loaded.factories.sorted { order[$0.id, default: .max] < order[$1.id, default: .max] }.map { factory in
            let plugin = scorer.plugins.first { $0.id == factory.id }
            let options = factory.options.map { ($0, settings.options[factory.id]?[$0.name] ?? $0.defaultValue) }
            let (kind, source): (String, String) = if builtins.contains(factory.id) {
                ("built-in", "EthosPlugins")
            } else if let entry = custom[factory.id] {
                (entry.kind.rawValue, entry.file)
            } else {
                ("swift", "compiled in")
            }
            return Entry(id: factory.id, version: plugin?.version ?? "", summary: plugin?.summary ?? "", kind: kind, source: source,
                         enabled: !settings.disabled.contains(factory.id), weight: settings.weight(of: factory.id),
                         facts: plugin?.facts ?? [], options: options)
        }
    }

    var table: String {
        var table = TextTable(headers: ["ID", "KIND", "VERSION", "ENABLED", "WEIGHT", "FACTS", "SUMMARY"])
        for entry in entries {
            table.rows.append([entry.id, entry.kind, entry.version, entry.enabled ? "yes" : "no", NumberText.format(entry.weight),
                               String(entry.facts.count), entry.summary])
        }
        return table.rendered
    }
}
