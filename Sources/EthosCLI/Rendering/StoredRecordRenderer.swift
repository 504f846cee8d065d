internal import EthosCore
internal import EthosIO
internal import EthosRecording

/// Stored records and their scores, for `records`, `explain`, `feedback give` and `mentoring log`.
enum StoredRecordRenderer {
    static let csvColumns = ["id", "kind", "from", "to", "date", "text", "minutes", "principles", "tags", "visibility", "anonymous", "scores"]

    /// The author as shown: never an anonymous author.
    static func author(_ record: StoredRecord) -> String {
        record.author ?? "(anonymous)"
    }

    static func verdictTable(_ scores: [StoredScore]) -> String {
        var table = TextTable(headers: ["PRINCIPLE", "VERDICT", "ALIGNMENT", "RELEVANCE"])
        table.rows = scores.map { [$0.principle, $0.verdict.rawValue, NumberText.signedFixed($0.alignment), NumberText.fixed($0.relevance)] }
        return table.rendered
    }

    /// What stands for a text the reader may not read.
    static func hiddenText(_ record: StoredRecord) -> String { "(hidden: \(record.visibility.rawValue))" }

    static func table(_ records: [StoredRecord], scores: (String) throws -> [StoredScore], mayRead: (StoredRecord) -> Bool = { _ in true }) rethrows -> String {
        var table = TextTable(headers: ["ID", "DATE", "KIND", "FROM", "TO", "VERDICTS", "TEXT"])
        for record in records {
            let verdicts = try scores(record.id).filter { $0.verdict != .notEvidenced }
                .map { "\($0.principle): \($0.verdict.rawValue)" }.joined(separator: "; ")
            let full = mayRead(record) ? record.text : hiddenText(record)
            let text = full.count > 60 ? String(full.prefix(57)) + "..." : full
            table.rows.append([record.id, String(record.date.description.prefix(10)), record.kind.rawValue, author(record), record.subject,
                               verdicts.isEmpty ? "-" : verdicts, text.replacingLineBreaks()])
        }
        return table.rendered
    }

    /// The record's JSON form, as `ethos import` reads it; an anonymous record has no `from`. A
    /// text the reader may not read is null.
    static func json(_ record: StoredRecord, showText: Bool = true, scores: [StoredScore] = [], stale: String? = nil) -> String {
        var fields = ["\"id\": \(ValueText.jsonString(record.id))", "\"kind\": \(ValueText.jsonString(record.kind.rawValue))"]
        if let author = record.author { fields.append("\"from\": \(ValueText.jsonString(author))") }
        fields.append("\"to\": \(ValueText.jsonString(record.subject))")
        fields.append("\"date\": \(ValueText.jsonString(record.date.description))")
        fields.append("\"text\": \(showText ? ValueText.jsonString(record.text) : "null")")
        if let minutes = record.minutes { fields.append("\"minutes\": \(minutes)") }
        fields.append("\"principles\": [\(record.principles.map(ValueText.jsonString).joined(separator: ", "))]")
        fields.append("\"tags\": [\(record.tags.map(ValueText.jsonString).joined(separator: ", "))]")
        fields.append("\"visibility\": \(ValueText.jsonString(record.visibility.rawValue))")
        fields.append("\"anonymous\": \(record.anonymous)")
        // Each principle's stored verdict; importing recomputes them.
        if !scores.isEmpty {
            fields.append("\"scores\": {" + scores.map { score in
                "\(ValueText.jsonString(score.principle)): {\"verdict\": \(ValueText.jsonString(score.verdict.rawValue)), "
                    + "\"alignment\": \(NumberText.json(score.alignment)), \"relevance\": \(NumberText.json(score.relevance))}"
            }.joined(separator: ", ") + "}")
        }
        if let stale { fields.append("\"stale\": \(ValueText.jsonString(stale))") }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    /// A record's scores in one CSV cell: `principle=verdict alignment`, separated by `;`.
    static func scoresCell(_ scores: [StoredScore]) -> String {
        scores.map { "\($0.principle)=\($0.verdict.rawValue) \(NumberText.signedFixed($0.alignment).trimmingCharacters(in: .whitespaces))" }.joined(separator: "; ")
    }

    static func csv(_ record: StoredRecord, showText: Bool = true, scores: [StoredScore] = []) -> String {
        CSVWriter.row([record.id, record.kind.rawValue, record.author ?? "", record.subject, record.date.description, showText ? record.text : "",
                       record.minutes.map(String.init) ?? "", record.principles.joined(separator: ";"), record.tags.joined(separator: ";"),
                       record.visibility.rawValue, record.anonymous ? "true" : "false", scoresCell(scores)])
    }

    static func detail(_ record: StoredRecord, scores: [StoredScore], showText: Bool = true) -> String {
        var lines = ["\(record.id): \(record.kind.rawValue) from \(author(record)) to \(record.subject) on \(record.date.description.prefix(10))"]
        if let minutes = record.minutes { lines.append("Minutes: \(minutes)") }
        if !record.principles.isEmpty { lines.append("Principles tagged: \(record.principles.joined(separator: ", "))") }
        if !record.tags.isEmpty { lines.append("Tags: \(record.tags.joined(separator: ", "))") }
        lines.append("Visibility: \(record.visibility.rawValue)\(record.anonymous ? ", anonymous" : "")")
        lines.append("")
        lines.append(showText ? record.text : hiddenText(record))
        lines.append("")
        lines.append(verdictTable(scores))
        if showText, !TextLanguage.isSupported(record.text) { lines.append("Note: \(TextLanguage.note).") }
        return lines.joined(separator: "\n")
    }

    /// Whether `scores` are stale against `current`, the workspace's stamp, and why: a plugin
    /// that did not answer when the record was scored, or principles, plugins or settings that
    /// changed since. Nil when they are up to date.
    static func staleness(_ scores: [StoredScore], current: ScoringStamp) -> String? {
        guard let stored = scores.first, stored.principlesHash != current.principlesHash else { return nil }
        func ids(_ versions: String) -> Set<String> {
            Set(versions.split(separator: ",").map { String($0.prefix { $0 != "@" }) }.filter { !$0.isEmpty })
        }
        let missing = ids(current.pluginVersions).subtracting(ids(stored.pluginVersions)).sorted()
        let why = missing.isEmpty ? "the principles, plugins or settings changed since it was scored"
            : "it was scored without \(missing.map { "'\($0)'" }.joined(separator: ", ")), which did not answer then"
        return "Stale: \(why); 'ethos rescore' scores it again."
    }

    /// Whether scoring the record now gives other verdicts than the stored ones.
    static func verdictsChanged(_ scores: [StoredScore], _ rescored: RecordScore) -> Bool {
        zip(scores, rescored.principles).contains { stored, now in
            stored.principle != now.principle || stored.verdict != now.verdict || abs(stored.alignment - now.alignment) > 1e-9
        } || scores.count != rescored.principles.count
    }

    /// `explain --format json`: the record, each stored verdict with its evidence, and every
    /// rule's outcome as scored now.
    static func explanationJSON(_ record: StoredRecord, scores: [StoredScore], rescored: RecordScore?, stale: String?) -> String {
        let sentences = EvidenceSentences(record.text)
        let principles = scores.map { score in
            "\(ValueText.jsonString(score.principle)): {\"verdict\": \(ValueText.jsonString(score.verdict.rawValue)), "
                + "\"alignment\": \(NumberText.json(score.alignment)), \"relevance\": \(NumberText.json(score.relevance)), "
                + "\"scoredBy\": \(ValueText.jsonString(score.pluginVersions)), "
                + "\"evidence\": [\(score.evidence.map { ScoreRenderer.evidenceJSON($0, sentences: sentences) }.joined(separator: ", "))]}"
        }
        var fields = ["\"record\": \(json(record))", "\"principles\": {\(principles.joined(separator: ", "))}"]
        if let rescored {
            fields.append("\"verdictsChanged\": \(verdictsChanged(scores, rescored))")
            fields.append("\"rules\": [" + rescored.rules.map { explanation in
                let (status, error): (String, String?) = switch explanation.status {
                case .fired: ("fired", nil)
                case .notFired: ("not-fired", nil)
                case let .errored(failure): ("errored", failure.message)
                }
                return "{\"principle\": \(ValueText.jsonString(explanation.rule.principle)), \"rule\": \(ValueText.jsonString(explanation.rule.id)), "
                    + "\"status\": \"\(status)\"" + (error.map { ", \"error\": \(ValueText.jsonString($0))" } ?? "") + "}"
            }.joined(separator: ", ") + "]")
        }
        if let stale { fields.append("\"stale\": \(ValueText.jsonString(stale))") }
        if !TextLanguage.isSupported(record.text) { fields.append("\"notes\": [\(ValueText.jsonString(TextLanguage.note))]") }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    static func explanation(_ record: StoredRecord, scores: [StoredScore], rescored: RecordScore?) -> String {
        var lines = [detail(record, scores: scores)]
        let sentences = EvidenceSentences(record.text)
        for score in scores {
            lines.append("")
            lines.append("\(score.principle): \(score.verdict.rawValue) (scored by \(score.pluginVersions))")
            if score.evidence.isEmpty { lines.append("  no evidence") }
            for evidence in score.evidence { lines += sentences.lines(evidence) }
        }
        guard let rescored else { return lines.joined(separator: "\n") }
        if verdictsChanged(scores, rescored) {
            lines.append("")
            lines.append("Note: scoring this record now gives other verdicts than the stored ones (the principles, plugins or "
                + "settings changed since); the rules below are today's. 'ethos rescore' brings the stored scores up to date.")
        }
        lines += ScoreRenderer.ruleLines(rescored.rules)
        return lines.joined(separator: "\n")
    }
}

extension String {
    func replacingLineBreaks() -> String {
        String(map { $0.isNewline ? " " : $0 })
    }
}
