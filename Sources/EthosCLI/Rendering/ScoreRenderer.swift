internal import EthosCore

/// Scores as text and as JSON.
enum ScoreRenderer {
    /// The text `ethos score --text` prints: one line per principle, and with `explain` every
    /// piece of evidence and every rule's trace.
    static func text(_ score: RecordScore, principles: PrincipleSet, explain: Bool, text: String) -> String {
        var table = TextTable(headers: ["PRINCIPLE", "VERDICT", "ALIGNMENT", "RELEVANCE"])
        for item in score.principles {
            table.rows.append([item.principle, item.verdict.rawValue, NumberText.signedFixed(item.alignment), NumberText.fixed(item.relevance)])
        }
        var lines = [table.rendered]
        if !TextLanguage.isSupported(text) { lines.append("Note: \(TextLanguage.note).") }
        guard explain else { return lines.joined(separator: "\n") }
        let sentences = EvidenceSentences(text)
        for item in score.principles {
            lines.append("")
            lines.append("\(principles[id: item.principle]?.name ?? item.principle) (\(item.principle)): \(item.verdict.rawValue)")
            if item.evidence.isEmpty { lines.append("  no evidence") }
            for evidence in item.evidence { lines += sentences.lines(evidence) }
        }
        lines += ruleLines(score.rules)
        return lines.joined(separator: "\n")
    }

    /// "Rules:" and each rule's outcome with what decided it and the facts it read.
    static func ruleLines(_ rules: [RuleExplanation]) -> [String] {
        guard !rules.isEmpty else { return [] }
        var lines = ["", "Rules:"]
        for explanation in rules {
            let status: String
            switch explanation.status {
            case .fired: status = "fired (score \(NumberText.signed(explanation.rule.score)))"
            case .notFired: status = "did not fire"
            case let .errored(error): status = "errored: \(error.message)"
            }
            lines.append("  \(explanation.rule.principle)/\(explanation.rule.id): \(status)")
            lines.append(TraceRenderer.text(explanation.trace, indent: "    "))
        }
        return lines
    }

    /// The one-line JSON form: `{"id": …, "principles": {…}}`, with `"facts"` when asked for.
    static func json(id: String, _ score: RecordScore, facts: Bool, text: String) -> String {
        let sentences = EvidenceSentences(text)
        let principles = score.principles.map { item in
            let evidence = item.evidence.map { evidenceJSON($0, sentences: sentences) }
            return "\(ValueText.jsonString(item.principle)): {\"verdict\": \(ValueText.jsonString(item.verdict.rawValue)), "
                + "\"alignment\": \(NumberText.json(item.alignment)), \"relevance\": \(NumberText.json(item.relevance)), "
                + "\"evidence\": [\(evidence.joined(separator: ", "))]}"
        }
        var line = "{\"id\": \(ValueText.jsonString(id)), \"principles\": {\(principles.joined(separator: ", "))}"
        if !TextLanguage.isSupported(text) { line += ", \"notes\": [\(ValueText.jsonString(TextLanguage.note))]" }
        if facts {
            let entries = score.facts.keys.sorted().map { "\(ValueText.jsonString($0)): \(plainJSON(score.facts[$0] ?? .null))" }
            line += ", \"facts\": {\(entries.joined(separator: ", "))}"
        }
        return line + "}"
    }

    /// One piece of evidence as JSON, with the sentence it came from.
    static func evidenceJSON(_ evidence: Evidence, sentences: EvidenceSentences) -> String {
        var fields = [
            "\"plugin\": \(ValueText.jsonString(evidence.plugin))",
            "\"strength\": \(NumberText.json(evidence.strength))",
            "\"confidence\": \(NumberText.json(evidence.confidence))",
            "\"reason\": \(ValueText.jsonString(evidence.reason))",
        ]
        if let rule = evidence.rule { fields.append("\"rule\": \(ValueText.jsonString(rule))") }
        if evidence.principle == nil { fields.append("\"tone\": true") }
        if let sentence = sentences.sentence(of: evidence) { fields.append("\"sentence\": \(ValueText.jsonString(sentence))") }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    /// A fact as plain JSON: numbers, strings, lists and objects (maps with string keys).
    static func plainJSON(_ value: FactValue) -> String {
        switch value {
        case .null: return "null"
        case let .bool(flag): return flag ? "true" : "false"
        case let .int(number): return String(number)
        case let .double(number): return NumberText.json(number)
        case let .string(text): return ValueText.jsonString(text)
        case let .timestamp(instant): return ValueText.jsonString(instant.description)
        case let .duration(span): return ValueText.jsonString(span.description)
        case let .list(items): return "[" + items.map(plainJSON).joined(separator: ", ") + "]"
        case let .map(map):
            return "{" + map.entries.map { key, value in
                let name: String = if case let .string(text) = key { text } else { ValueText.literal(key) }
                return "\(ValueText.jsonString(name)): \(plainJSON(value))"
            }.joined(separator: ", ") + "}"
        }
    }
}
