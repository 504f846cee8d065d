public import EthosCore
internal import Yams
internal import Foundation

/// `Plugins/<name>/plugin.yaml`: an executable plugin written in any language.
///
/// ```yaml
/// id: learning-hours
/// version: 1.0.0
/// summary: Courses, talks and certifications as evidence of growth.
/// command: [python3, learning_hours.py]
/// timeout: 10          # seconds per batch, and for the handshake
/// required: false      # when true, a fault fails the command instead of being skipped
/// batch-size: 500
/// facts:
///   - {name: learning-hours.courses, type: int, summary: Courses and certifications mentioned.}
/// options:
///   - {name: min-hours, type: int, default: 1, summary: Hours below which a course does not count.}
/// ```
public struct ExternalPluginManifest: Hashable, Sendable {
    public var id: String
    public var version: String
    public var summary: String
    /// The program and its arguments, run in ``directory`` through `/usr/bin/env`.
    public var command: [String]
    public var directory: String
    public var timeout: Double
    public var required: Bool
    public var batchSize: Int
    public var facts: [FactDeclaration]
    public var options: [PluginOption]
    /// The manifest file.
    public var file: String
    public var idLocation: SourceLocation

    static let keys = ["id", "version", "summary", "command", "timeout", "required", "batch-size", "facts", "options"]
    static let optionTypes: [String: FactType] = ["bool": .bool, "int": .int, "double": .double, "string": .string]
    static let types: [String: FactType] = [
        "bool": .bool, "int": .int, "double": .double, "string": .string,
        "list(string)": .list(.string), "list(int)": .list(.int), "list(double)": .list(.double),
    ]

    /// Reads and checks a manifest, with located diagnostics.
    static func read(_ source: SourceFile, limits: YAMLLimits = .default) -> (ExternalPluginManifest?, [Diagnostic]) {
        let document: YAMLDocument
        switch YAMLDocument.compose(source.bytes, file: source.path, limits: limits) {
        case let .success(composed): document = composed
        case let .failure(diagnostic): return (nil, [diagnostic])
        }
        var reader = YAMLReader(file: source.path, limits: limits)
        guard let top = reader.mapping(document.root, what: "a plugin manifest", allowed: keys, required: ["id", "command"]) else {
            return (nil, reader.diagnostics)
        }
        var id = ""
        if let node = top["id"], let value = reader.text(node, what: "the plugin id") {
            if IDSyntax.isValid(value) { id = value } else { reader.report(.invalidID(value, kind: "plugin"), at: node) }
        }
        let version = top["version"].flatMap { reader.text($0, what: "'version'") } ?? "1.0.0"
        let summary = top["summary"].flatMap { reader.text($0, what: "'summary'") } ?? "An external plugin from \(source.path)."
        var command: [String] = []
        if let node = top["command"] {
            if case .scalar = node {
                command = reader.text(node, what: "'command'").map { $0.split(separator: " ").map(String.init) } ?? []
            } else {
                command = reader.textList(node, what: "'command'", itemWhat: "an argument", allowEmpty: false)?.map(\.value) ?? []
            }
        }
        let timeout = top["timeout"].flatMap { reader.number($0, what: "'timeout'", in: 0.1...600, allowed: "from 0.1 to 600 seconds") } ?? 10
        let required = top["required"].flatMap { reader.boolean($0, what: "'required'") } ?? false
        let batchSize = top["batch-size"].flatMap { reader.integer($0, what: "'batch-size'", in: 1...10_000) } ?? 500
        var facts: [FactDeclaration] = []
        for item in top["facts"].flatMap({ reader.list($0, what: "'facts'") }) ?? [] {
            guard let entries = reader.mapping(item, what: "a fact", allowed: ["name", "type", "summary"], required: ["name", "type"]),
                  let nameNode = entries["name"], let name = reader.text(nameNode, what: "the fact name"),
                  let typeNode = entries["type"], let type = reader.text(typeNode, what: "the fact type") else { continue }
            if !id.isEmpty, !FactNamespace.contains(name, plugin: id) {
                reader.report(.factOutsideNamespace(name, plugin: FactNamespace.of(plugin: id)), at: nameNode)
                continue
            }
            guard let factType = types[type] else {
                reader.report(.invalidChoice("the type of '\(name)'", value: type, allowed: types.keys.sorted(),
                                             suggestion: Suggestions.closest(to: type, in: Array(types.keys))), at: typeNode)
                continue
            }
            let factSummary = entries["summary"].flatMap { reader.text($0, what: "the fact summary") } ?? "Provided by \(id)."
            facts.append(FactDeclaration(name, factType, factSummary))
        }
        var options: [PluginOption] = []
        for item in top["options"].flatMap({ reader.list($0, what: "'options'") }) ?? [] {
            guard let entries = reader.mapping(item, what: "an option", allowed: ["name", "type", "default", "summary"],
                                               required: ["name", "type", "default"]),
                  let name = entries["name"].flatMap({ reader.text($0, what: "the option name") }),
                  let typeNode = entries["type"], let type = reader.text(typeNode, what: "the option type"),
                  let defaultNode = entries["default"] else { continue }
            guard let optionType = Self.optionTypes[type] else {
                reader.report(.invalidChoice("the type of option '\(name)'", value: type, allowed: Self.optionTypes.keys.sorted(),
                                             suggestion: nil), at: typeNode)
                continue
            }
            let value = reader.optionValue(defaultNode, type: optionType, what: "the default of '\(name)'", allowEmptyText: true)
            guard let value else { continue }
            let optionSummary = entries["summary"].flatMap { reader.text($0, what: "the option summary") } ?? ""
            options.append(PluginOption(name, optionType, default: value, optionSummary))
        }
        guard !reader.diagnostics.containsErrors, !id.isEmpty, !command.isEmpty else { return (nil, reader.diagnostics) }
        let directory = (source.path as NSString).deletingLastPathComponent
        return (ExternalPluginManifest(id: id, version: version, summary: summary, command: command,
                                       directory: directory.isEmpty ? "." : directory, timeout: timeout, required: required,
                                       batchSize: batchSize, facts: facts, options: options, file: source.path,
                                       idLocation: top["id"].map { reader.location(of: $0) } ?? .start(of: source.path)),
                reader.diagnostics)
    }
}
