internal import EthosCore
internal import Yams
internal import Foundation
internal import EthosText

/// Reads `Plugins/<name>.yaml` with the same located diagnostics as principles files.
///
/// ```yaml
/// id: conference-talks
/// version: 1.0.0
/// summary: Talks given at conferences and meetups.
/// facts:
///   - name: conference-talks.count
///     type: int
///     count: {terms: [gave a talk, spoke at], patterns: ["(?i)\\bkeynote\\b"]}
/// evidence:
///   - principle: community-contribution
///     when: conference-talks.count > 0
///     strength: 0.6
///     confidence: 0.9
///     because: Speaking at conferences shares what we know with the wider community.
/// ```
enum YAMLPluginLoader {
    static let topKeys = ["version", "id", "plugin-version", "summary", "facts", "evidence", "examples"]
    static let factKeys = ["name", "type", "summary", "count", "any", "capture"]
    static let matchKeys = ["terms", "patterns"]
    static let evidenceKeys = ["principle", "when", "strength", "confidence", "because"]

    /// The plugin's declaration, checked: its facts now, its conditions when the run's schema is known.
    struct Declaration: Sendable {
        var id: String
        var version: String
        var summary: String
        var facts: [YAMLPlugin.Fact]
        var evidence: [(principle: Located<String>, when: String, origin: ExpressionOrigin, strength: Double, confidence: Double, because: String)]
        var file: String
        var idLocation: SourceLocation
        /// Texts with the fact values they must give: the plugin's tests, run by `ethos plugins check`.
        var examples: [Example] = []
    }

    /// An example: a text and the facts it must give.
    struct Example: Sendable {
        var text: String
        var location: SourceLocation
        var facts: [(name: String, expected: String, location: SourceLocation)]
    }

    static func read(_ source: SourceFile, limits: YAMLLimits = .default) -> (Declaration?, [Diagnostic]) {
        let document: YAMLDocument
        switch YAMLDocument.compose(source.bytes, file: source.path, limits: limits) {
        case let .success(composed): document = composed
        case let .failure(diagnostic): return (nil, [diagnostic])
        }
        var reader = YAMLReader(file: source.path, limits: limits)
        guard let top = reader.mapping(document.root, what: "a plugin file", allowed: topKeys, required: ["id", "facts"]) else {
            return (nil, reader.diagnostics)
        }
        if let node = top["version"], let version = reader.integer(node, what: "'version'", in: Int.min...Int.max), version != 1 {
            reader.report(.unsupportedVersion(String(version)), at: node)
        }
        var id = ""
        if let node = top["id"], let value = reader.text(node, what: "the plugin id") {
            if IDSyntax.isValid(value) { id = value } else { reader.report(.invalidID(value, kind: "plugin"), at: node) }
        }
        let pluginVersion = top["plugin-version"].flatMap { reader.text($0, what: "'plugin-version'") } ?? "1.0.0"
        let summary = top["summary"].flatMap { reader.text($0, what: "'summary'") } ?? "A no-code plugin from \(source.path)."
        var facts: [YAMLPlugin.Fact] = []
        for item in top["facts"].flatMap({ reader.list($0, what: "'facts'", allowEmpty: false) }) ?? [] {
            guard let entries = reader.mapping(item, what: "a fact", allowed: factKeys, required: ["name", "type"]) else { continue }
            guard let name = entries["name"].flatMap({ reader.text($0, what: "the fact name") }) else { continue }
            if !id.isEmpty, !FactNamespace.contains(name, plugin: id), let node = entries["name"] {
                reader.report(.factOutsideNamespace(name, plugin: FactNamespace.of(plugin: id)), at: node)
                continue
            }
            let measures = ["count", "any", "capture"].filter { entries[$0] != nil }
            guard measures.count == 1 else {
                reader.report(.oneMeasure(name), at: reader.location(of: item))
                continue
            }
            let measure: YAMLPlugin.Measure = measures[0] == "count" ? .count : (measures[0] == "any" ? .any : .capture)
            let expected: FactType = measure == .count ? .int : (measure == .any ? .bool : .string)
            if let typeNode = entries["type"], let type = reader.text(typeNode, what: "the fact type"), type != expected.description {
                reader.report(.invalidChoice("the type of '\(name)'", value: type, allowed: [expected.description],
                                             suggestion: nil), at: typeNode)
                continue
            }
            var terms: [[String]] = [], patterns: [BoundedRegex] = []
            if let node = entries[measures[0]] {
                if measure == .capture {
                    if let pattern = reader.text(node, what: "the capture pattern") {
                        if let regex = try? BoundedRegex(pattern), regex.captureGroups >= 1 {
                            patterns.append(regex)
                        } else {
                            reader.report(.invalidPattern(pattern, needsGroup: true), at: node)
                        }
                    }
                } else if let match = reader.mapping(node, what: "'\(measures[0])'", allowed: matchKeys) {
                    for term in match["terms"].flatMap({ reader.textList($0, what: "'terms'", itemWhat: "a term") }) ?? [] {
                        terms.append(AnalyzedText(term.value).tokens.map(\.stem))
                    }
                    for pattern in match["patterns"].flatMap({ reader.textList($0, what: "'patterns'", itemWhat: "a pattern") }) ?? [] {
                        if let regex = try? BoundedRegex(pattern.value) { patterns.append(regex) } else {
                            reader.report(.invalidPattern(pattern.value, needsGroup: false), at: pattern.location)
                        }
                    }
                }
            }
            let factSummary = entries["summary"].flatMap { reader.text($0, what: "the fact summary") } ?? "Defined in \(source.path)."
            facts.append(YAMLPlugin.Fact(declaration: FactDeclaration(name, expected, factSummary), measure: measure, terms: terms, patterns: patterns))
        }
        var evidence: [(Located<String>, String, ExpressionOrigin, Double, Double, String)] = []
        for item in top["evidence"].flatMap({ reader.list($0, what: "'evidence'") }) ?? [] {
            guard let entries = reader.mapping(item, what: "an evidence rule", allowed: evidenceKeys,
                                               required: ["principle", "when", "strength", "because"]) else { continue }
            var principle: Located<String>?
            if let node = entries["principle"], let value = reader.text(node, what: "the principle") {
                principle = Located(value, at: reader.location(of: node))
            }
            let when = entries["when"].flatMap { reader.text($0, what: "the condition ('when')") }
            let strength = entries["strength"].flatMap { reader.number($0, what: "the strength", in: -1...1, allowed: "from -1 to 1") }
            let confidence = entries["confidence"].map { reader.number($0, what: "the confidence", in: 0...1, allowed: "from 0 to 1") } ?? 1
            let because = entries["because"].flatMap { reader.text($0, what: "the reason ('because')") }
            if let principle, let when, let strength, let confidence, let because, let whenNode = entries["when"] {
                let trimmed = when.trimmingCharacters(in: .whitespacesAndNewlines)
                let leading = when.unicodeScalars.prefix { $0.properties.isWhitespace }.count
                evidence.append((principle, trimmed, ExpressionOrigin(node: whenNode, text: document.text, file: source.path, leadingTrim: leading),
                                 strength, confidence, because))
            }
        }
        var examples: [Example] = []
        let factNames = facts.map(\.declaration.name)
        for item in top["examples"].flatMap({ reader.list($0, what: "'examples'") }) ?? [] {
            guard let entries = reader.mapping(item, what: "an example", allowed: ["text", "facts"], required: ["text", "facts"]),
                  let text = entries["text"].flatMap({ reader.text($0, what: "the example text") }),
                  let factsNode = entries["facts"], case let .mapping(mapping) = factsNode else {
                if let item = item.mapping?["facts"] ?? nil, item.mapping == nil {
                    reader.report(.wrongType("the example's 'facts'", expected: .mapping, found: YAMLReader.kind(of: item)), at: item)
                }
                continue
            }
            var expected: [(String, String, SourceLocation)] = []
            for (key, value) in mapping {
                guard let name = key.string, factNames.contains(name) else {
                    let name = key.string ?? ""
                    reader.report(.unknownKey(name, in: "the example's facts", suggestion: Suggestions.closest(to: name, in: factNames)), at: key)
                    continue
                }
                guard let literal = reader.text(value, what: "the expected value of '\(name)'", allowEmpty: true) else { continue }
                expected.append((name, literal, reader.location(of: value)))
            }
            examples.append(Example(text: text, location: reader.location(of: item), facts: expected))
        }
        guard !reader.diagnostics.containsErrors, !id.isEmpty else { return (nil, reader.diagnostics) }
        let idLocation = top["id"].map { reader.location(of: $0) } ?? .start(of: source.path)
        return (Declaration(id: id, version: pluginVersion, summary: summary, facts: facts,
                            evidence: evidence.map { ($0.0, $0.1, $0.2, $0.3, $0.4, $0.5) }, file: source.path, idLocation: idLocation,
                            examples: examples),
                reader.diagnostics)
    }

    /// Evidence rules that name principles `principles` does not have, as located errors.
    static func check(_ declaration: Declaration, principles: PrincipleSet) -> [Diagnostic] {
        declaration.evidence.compactMap { item in
            guard principles[id: item.principle.value] == nil else { return nil }
            return Diagnostic(.unknownPrinciple(item.principle.value, suggestion: Suggestions.closest(to: item.principle.value, in: principles.ids)),
                              at: item.principle.location)
        }
    }

    /// Compiles the declaration's conditions against `schema`: the plugin, or located errors.
    static func compile(_ declaration: Declaration, schema: FactSchema) -> Result<YAMLPlugin, DiagnosticsError> {
        var rules: [YAMLPlugin.EvidenceRule] = []
        var problems: [Diagnostic] = []
        for item in declaration.evidence {
            do {
                let condition = try CompiledExpression(item.when, schema: schema)
                guard condition.type == .bool || condition.type == .dyn else {
                    problems.append(Diagnostic(.invalidExpression("A condition must be a bool, but this is \(condition.type)."),
                                               at: item.origin.location(at: 0)))
                    continue
                }
                rules.append(YAMLPlugin.EvidenceRule(principle: item.principle.value, condition: condition, strength: item.strength,
                                                     confidence: item.confidence, reason: item.because))
            } catch {
                problems.append(Diagnostic(.invalidExpression(error.message), at: item.origin.location(at: error.range.lowerBound)))
            }
        }
        guard problems.isEmpty else { return .failure(DiagnosticsError(problems)) }
        return .success(YAMLPlugin(id: declaration.id, version: declaration.version, summary: declaration.summary,
                                   definedFacts: declaration.facts, evidenceRules: rules, source: declaration.file))
    }
}
