internal import Yams
internal import Foundation
internal import EthosPluginAPI

/// Reads principles out of one composed YAML document: either a single principle, or a
/// top-level `principles:` list. Every problem is reported; a principle with an error is dropped.
struct PrincipleDecoder {
    static let principleKeys = ["id", "name", "statement", "tenets", "weight", "signals", "rules", "examples", "exemplars"]
    static let signalKeys = ["terms", "weight"]
    static let ruleKeys = ["id", "when", "score", "because"]
    static let exampleGroupKeys = ["aligned", "misaligned", "unrelated"]
    static let exampleKeys = ["text", "kind", "minutes"]

    var reader: YAMLReader
    /// Where each decoded principle's id is written, for cross-file diagnostics.
    private(set) var idLocations: [String: SourceLocation] = [:]
    /// Every rule that decoded, even in a principle with other errors, so its condition is
    /// type-checked in the same run.
    private(set) var rules: [DecodedRule] = []
    private let text: String

    /// A rule and where its condition is written.
    struct DecodedRule {
        var principle: String
        var rule: PrincipleRule
        var origin: ExpressionOrigin
    }

    init(document: YAMLDocument, limits: YAMLLimits) {
        reader = YAMLReader(file: document.file, limits: limits)
        text = document.text
    }

    /// The principles in `document`, each paired with whether it decoded without error.
    mutating func decode(_ document: YAMLDocument) -> [Principle] {
        let root = document.root
        guard case let .mapping(mapping) = root else {
            reader.report(.wrongType("a principles file", expected: .mapping, found: YAMLReader.kind(of: root)), at: root)
            return []
        }
        let isList = mapping["principles"] != nil
        if isList {
            guard let entries = reader.mapping(root, what: "a principles file", allowed: ["version", "principles"]) else { return [] }
            checkVersion(entries)
            guard let listNode = entries["principles"],
                  let items = reader.list(listNode, what: "'principles'", allowEmpty: false) else { return [] }
            return items.compactMap { decodePrinciple($0, allowVersion: false) }
        }
        return decodePrinciple(root, allowVersion: true).map { [$0] } ?? []
    }

    private mutating func checkVersion(_ entries: YAMLReader.Entries) {
        guard let node = entries["version"] else { return }
        guard YAMLReader.kind(of: node) == .integer, let version = node.int else {
            reader.report(.wrongType("'version'", expected: .integer, found: YAMLReader.kind(of: node)), at: node)
            return
        }
        if version != 1 { reader.report(.unsupportedVersion(String(version)), at: node) }
    }

    private mutating func decodePrinciple(_ node: Node, allowVersion: Bool) -> Principle? {
        let errorsBefore = errorCount
        let allowed = allowVersion ? ["version"] + Self.principleKeys : Self.principleKeys
        guard let entries = reader.mapping(node, what: "a principle", allowed: allowed,
                                           required: ["id", "name", "statement", "tenets"]) else { return nil }
        if allowVersion { checkVersion(entries) }

        let rawID = entries["id"].flatMap { reader.text($0, what: "the principle id") }
        var id = rawID
        if let rawID, let idNode = entries["id"], !IDSyntax.isValid(rawID) {
            reader.report(.invalidID(rawID, kind: "principle"), at: idNode)
            id = nil
        }
        let label = rawID ?? "this principle"
        let name = entries["name"].flatMap { oneLine($0, what: "the name of '\(label)'", advice: "move the detail into 'tenets'") }
        let statement = entries["statement"].flatMap { oneLine($0, what: "the statement of '\(label)'", advice: "move the detail into 'tenets'") }
        let tenets = entries["tenets"].flatMap {
            reader.textList($0, what: "the tenets of '\(label)'", itemWhat: "a tenet", allowEmpty: false)
        }
        let weight = entries["weight"].flatMap { weightNode -> Double? in
            guard let value = reader.number(weightNode, what: "the weight of '\(label)'", in: 0...1_000,
                                            allowed: "greater than 0 and at most 1000") else { return nil }
            if value == 0 {
                reader.report(.outOfRange("the weight of '\(label)'", value: "0", allowed: "greater than 0 and at most 1000"), at: weightNode)
                return nil
            }
            return value
        } ?? 1
        let signals = entries["signals"].map { decodeSignals($0, principle: label) } ?? []
        let rules = entries["rules"].map { decodeRules($0, principle: label) } ?? []
        let examples = entries["examples"].map { decodeExamples($0, principle: label) } ?? PrincipleExamples()
        let exemplars = entries["exemplars"].map { decodeExemplars($0, principle: label) } ?? PrincipleExemplars()

        guard errorCount == errorsBefore, let id, let name, let statement, let tenets else { return nil }
        if let idNode = entries["id"] { idLocations[id] = reader.location(of: idNode) }
        if signals.isEmpty, rules.isEmpty {
            reader.report(.noSignalsOrRules(principle: id), at: entries.location)
        }
        if examples.isEmpty {
            reader.report(.noExamples(principle: id), at: entries.location)
        }
        return Principle(id: id, name: name, statement: statement, tenets: tenets.map(\.value), weight: weight,
                         signals: signals, rules: rules, examples: examples, exemplars: exemplars, source: entries.location)
    }

    private var errorCount: Int { reader.diagnostics.filter { $0.severity == .error }.count }

    private mutating func oneLine(_ node: Node, what: String, advice: String) -> String? {
        guard let text = reader.text(node, what: what) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.contains(where: \.isNewline) {
            reader.report(.notOneLine(what, advice: advice), at: node)
            return nil
        }
        return trimmed
    }

    // MARK: Signals

    private mutating func decodeSignals(_ node: Node, principle: String) -> [SignalGroup] {
        guard let items = reader.list(node, what: "the signals of '\(principle)'") else { return [] }
        var seenTerms: Set<String> = []
        var groups: [SignalGroup] = []
        for item in items {
            guard let entries = reader.mapping(item, what: "a signal group", allowed: Self.signalKeys, required: ["terms"]) else { continue }
            let terms = entries["terms"].flatMap {
                reader.textList($0, what: "the terms of a signal group", itemWhat: "a term", allowEmpty: false)
            } ?? []
            for term in terms {
                let normalised = term.value.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
                if !seenTerms.insert(normalised).inserted {
                    reader.report(.duplicateTerm(term.value, principle: principle), at: term.location)
                }
            }
            var weight = 1.0
            if let weightNode = entries["weight"] {
                let what = "the weight of a signal group"
                let allowed = "from -10 to 10 and not 0"
                guard let value = reader.number(weightNode, what: what, in: -10...10, allowed: allowed) else { continue }
                if value == 0 {
                    reader.report(.outOfRange(what, value: "0", allowed: allowed), at: weightNode)
                    continue
                }
                weight = value
            }
            if !terms.isEmpty {
                groups.append(SignalGroup(terms: terms.map(\.value), weight: weight, source: entries.location))
            }
        }
        return groups
    }

    // MARK: Rules

    private mutating func decodeRules(_ node: Node, principle: String) -> [PrincipleRule] {
        guard let items = reader.list(node, what: "the rules of '\(principle)'") else { return [] }
        var firstSeen: [String: SourceLocation] = [:]
        var rules: [PrincipleRule] = []
        for item in items {
            guard let entries = reader.mapping(item, what: "a rule", allowed: Self.ruleKeys,
                                               required: ["id", "when", "score", "because"]) else { continue }
            var id: String?
            if let idNode = entries["id"], let value = reader.text(idNode, what: "the rule id") {
                if !IDSyntax.isValid(value) {
                    reader.report(.invalidID(value, kind: "rule"), at: idNode)
                } else if let first = firstSeen[value] {
                    reader.report(.duplicateRuleID(value, principle: principle, firstDefinedAt: first), at: idNode)
                } else {
                    firstSeen[value] = reader.location(of: idNode)
                    id = value
                }
            }
            let label = id.map { "rule '\($0)'" } ?? "this rule"
            let when = entries["when"].flatMap { reader.text($0, what: "the condition ('when') of \(label)") }
            let score = entries["score"].flatMap {
                reader.number($0, what: "the score of \(label)", in: -1...1, allowed: "from -1 to 1")
            }
            let because = entries["because"].flatMap { oneLine($0, what: "the reason ('because') of \(label)", advice: "say why in one sentence") }
            if let id, let when, let score, let because, let whenNode = entries["when"] {
                let trimmed = when.trimmingCharacters(in: .whitespacesAndNewlines)
                let rule = PrincipleRule(id: id, when: trimmed, score: score, because: because, source: entries.location)
                rules.append(rule)
                let leading = when.unicodeScalars.prefix { $0.properties.isWhitespace }.count
                self.rules.append(DecodedRule(principle: principle, rule: rule,
                                              origin: ExpressionOrigin(node: whenNode, text: text, file: reader.file, leadingTrim: leading)))
            }
        }
        return rules
    }

    // MARK: Examples

    private mutating func decodeExamples(_ node: Node, principle: String) -> PrincipleExamples {
        guard let entries = reader.mapping(node, what: "the examples of '\(principle)'", allowed: Self.exampleGroupKeys) else {
            return PrincipleExamples()
        }
        func group(_ key: String) -> [PrincipleExample] {
            guard let listNode = entries[key],
                  let items = reader.list(listNode, what: "the \(key) examples of '\(principle)'") else { return [] }
            return items.compactMap { decodeExample($0) }
        }
        return PrincipleExamples(aligned: group("aligned"), misaligned: group("misaligned"), unrelated: group("unrelated"))
    }

    private mutating func decodeExemplars(_ node: Node, principle: String) -> PrincipleExemplars {
        guard let entries = reader.mapping(node, what: "the exemplars of '\(principle)'", allowed: Self.exampleGroupKeys) else {
            return PrincipleExemplars()
        }
        func group(_ key: String) -> [String] {
            guard let listNode = entries[key],
                  let items = reader.list(listNode, what: "the \(key) exemplars of '\(principle)'", allowEmpty: false) else { return [] }
            return items.compactMap { oneLine($0, what: "an exemplar", advice: "write each sentence as an exemplar of its own") }
        }
        return PrincipleExemplars(aligned: group("aligned"), misaligned: group("misaligned"), unrelated: group("unrelated"))
    }

    private mutating func decodeExample(_ node: Node) -> PrincipleExample? {
        let location = reader.location(of: node)
        if case .scalar = node {
            return reader.text(node, what: "an example").map { PrincipleExample(text: $0, source: location) }
        }
        guard let entries = reader.mapping(node, what: "an example", allowed: Self.exampleKeys, required: ["text"]) else { return nil }
        let text = entries["text"].flatMap { reader.text($0, what: "the text of an example") }
        var kind: RecordKind? = .feedback
        if let kindNode = entries["kind"] {
            kind = reader.text(kindNode, what: "the kind of an example").flatMap { value in
                if let parsed = RecordKind(rawValue: value) { return parsed }
                let allowed = RecordKind.allCases.map(\.rawValue)
                reader.report(.invalidChoice("the kind of an example", value: value, allowed: allowed,
                                             suggestion: Suggestions.closest(to: value, in: allowed)), at: kindNode)
                return nil
            }
        }
        let minutes = entries["minutes"].flatMap { reader.integer($0, what: "the length in minutes of an example", in: 1...1_440) }
        guard let text, let kind, entries["minutes"] == nil || minutes != nil else { return nil }
        return PrincipleExample(text: text, kind: kind, minutes: minutes, source: location)
    }
}
