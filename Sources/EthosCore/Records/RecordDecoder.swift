internal import Foundation
package import EthosIO

/// Reads records in their JSON form, with a located diagnostic for every problem:
///
/// ```json
/// {"id": "ext-123", "kind": "feedback", "from": "ana", "to": "ravi", "date": "2026-11-20",
///  "text": "…", "principles": ["journey-of-experiences"], "tags": ["design-review"],
///  "visibility": "public", "anonymous": false}
/// ```
///
/// `kind`, `from`, `to` and `text` are required; unknown keys are errors.
public struct RecordDecoder: Sendable {
    /// The keys of the JSON form.
    public static let keys = ["id", "kind", "from", "to", "date", "text", "minutes", "principles", "tags", "visibility", "anonymous"]
    /// What `records list` and `export` write beside a record and importing recomputes: read past, not read.
    public static let derivedKeys = ["scores", "stale"]
    /// The longest text accepted, in characters.
    public static let defaultTextLimit = 10_000

    /// Principle ids records may name; `nil` accepts any.
    public var knownPrinciples: Set<String>?
    /// Today; dates after it are rejected. `nil` accepts any date.
    public var now: FactTimestamp?
    /// The longest text accepted, in characters.
    public var textLimit: Int
    /// The visibility of a record that gives none: `recipient` unless the settings say otherwise.
    public var defaultVisibility: Visibility = .recipient

    /// Creates a decoder.
    public init(knownPrinciples: Set<String>? = nil, now: FactTimestamp? = nil, textLimit: Int = RecordDecoder.defaultTextLimit) {
        self.knownPrinciples = knownPrinciples
        self.now = now
        self.textLimit = textLimit
    }

    /// Decodes one JSON record; `firstLine` numbers its first line (for JSON Lines).
    public func decode(json text: String, file: String, firstLine: Int = 1) -> Result<Record, DiagnosticsError> {
        let document: JSONValue.Located
        do {
            document = try JSONParser.parse(text, firstLine: firstLine)
        } catch {
            return .failure(DiagnosticsError([Diagnostic(.jsonSyntax(error.message), at: location(error.position, file))]))
        }
        return decode(located: document, file: file)
    }

    /// Decodes one parsed JSON record (an element of a JSON array), its problems located in `file`.
    package func decode(located document: JSONValue.Located, file: String) -> Result<Record, DiagnosticsError> {
        var problems: [Diagnostic] = []
        let record = decode(document, file: file, problems: &problems)
        if let record, problems.isEmpty { return .success(record) }
        return .failure(DiagnosticsError(problems))
    }

    func location(_ position: JSONPosition, _ file: String) -> SourceLocation {
        SourceLocation(file: file, line: position.line, column: position.column)
    }

    // swiftlint:disable:next function_body_length cyclomatic_complexity
    func decode(_ document: JSONValue.Located, file: String, problems: inout [Diagnostic], extraKeys: [String] = []) -> Record? {
        func report(_ issue: Issue, _ position: JSONPosition) {
            problems.append(Diagnostic(issue, at: location(position, file)))
        }
        guard case let .object(members) = document.value else {
            report(.wrongType("a record", expected: .object, found: Self.kind(of: document.value)), document.position)
            return nil
        }
        var values: [String: JSONValue.Located] = [:]
        for member in members {
            if Self.keys.contains(member.key) {
                values[member.key] = member.value
            } else if !extraKeys.contains(member.key) && !Self.derivedKeys.contains(member.key) {
                let allowed = Self.keys + extraKeys
                report(.unknownKey(member.key, in: "a record", suggestion: Suggestions.closest(to: member.key, in: allowed)), member.keyPosition)
            }
        }
        // An exported anonymous record has no author; every other record needs one.
        let isAnonymous: Bool = if case .bool(true)? = values["anonymous"]?.value { true } else { false }
        for key in ["kind", "from", "to", "text"] where values[key] == nil && !(key == "from" && isAnonymous) {
            report(.missingKey(key, in: "a record"), document.position)
        }
        func string(_ key: String, allowEmpty: Bool = false) -> String? {
            guard let located = values[key] else { return nil }
            guard case let .string(text) = located.value else {
                report(.wrongType("'\(key)'", expected: .text, found: Self.kind(of: located.value)), located.position)
                return nil
            }
            if !allowEmpty, text.allSatisfy(\.isWhitespace) {
                report(.emptyValue("'\(key)'"), located.position)
                return nil
            }
            return text
        }
        func strings(_ key: String) -> [String] {
            guard let located = values[key] else { return [] }
            guard case let .array(items) = located.value else {
                report(.wrongType("'\(key)'", expected: .list, found: Self.kind(of: located.value)), located.position)
                return []
            }
            return items.compactMap { item in
                guard case let .string(text) = item.value, !text.allSatisfy(\.isWhitespace) else {
                    report(.wrongType("each of '\(key)'", expected: .text, found: Self.kind(of: item.value)), item.position)
                    return nil
                }
                return text
            }
        }
        func choice<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) -> T? where T.RawValue == String {
            guard let value = string(key), let located = values[key] else { return nil }
            if let parsed = T(rawValue: value) { return parsed }
            let allowed = T.allCases.map(\.rawValue)
            report(.invalidChoice("'\(key)'", value: value, allowed: allowed, suggestion: Suggestions.closest(to: value, in: allowed)),
                   located.position)
            return nil
        }

        var id: String?
        if let located = values["id"] {
            switch located.value {
            case let .string(text) where !text.allSatisfy(\.isWhitespace): id = text
            case let .number(_, text) where !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }): id = text
            default: report(.wrongType("'id'", expected: .text, found: Self.kind(of: located.value)), located.position)
            }
        }
        let kind = choice("kind", RecordKind.self)
        let from = values["from"] == nil && isAnonymous ? "" : string("from")
        let to = string("to")
        let text = string("text")
        if let text, let located = values["text"], text.count > textLimit {
            report(.textTooLong(count: text.count, limit: textLimit), located.position)
        }
        if let from, let to, from == to, !from.isEmpty, let located = values["to"] {
            report(.selfRecord(from), located.position)
        }
        var date: FactTimestamp?
        if let value = string("date"), let located = values["date"] {
            if let parsed = FactTimestamp(parsing: value, allowDate: true) {
                if let now, parsed > now { report(.futureDate(value), located.position) } else { date = parsed }
            } else {
                report(.invalidDate(value), located.position)
            }
        }
        var minutes: Int?
        if let located = values["minutes"] {
            if case let .number(number, _) = located.value, number == number.rounded() {
                if (1...1_440).contains(number) {
                    minutes = Int(number)
                } else {
                    report(.outOfRange("'minutes'", value: NumberFormat.plain(number), allowed: "from 1 to 1440 (24 hours)"), located.position)
                }
            } else {
                report(.wrongType("'minutes'", expected: .integer, found: Self.kind(of: located.value)), located.position)
            }
            if kind == .feedback { report(.minutesOnFeedback, located.position) }
        }
        let principles = strings("principles")
        if let known = knownPrinciples, let located = values["principles"] {
            for principle in principles where !known.contains(principle) {
                report(.unknownPrinciple(principle, suggestion: Suggestions.closest(to: principle, in: known)), located.position)
            }
        }
        let tags = strings("tags")
        let visibility = values["visibility"] == nil ? defaultVisibility : choice("visibility", Visibility.self)
        var anonymous = false
        if let located = values["anonymous"] {
            if case let .bool(flag) = located.value { anonymous = flag } else {
                report(.wrongType("'anonymous'", expected: .boolean, found: Self.kind(of: located.value)), located.position)
            }
        }
        guard let kind, let from, let to, let text, let visibility else { return nil }
        return Record(id: id, kind: kind, from: from, to: to, date: date, text: text, minutes: minutes, principles: principles,
                      tags: tags, visibility: visibility, anonymous: anonymous)
    }

    /// Problems with one CSV row, as messages (the caller knows the row).
    public struct RowProblems: Error, Sendable {
        /// The messages.
        public var messages: [String]
    }

    /// Decodes one CSV row, given by column name.
    public func decode(fields: [String: String]) -> Result<Record, RowProblems> {
        var problems: [String] = []
        func value(_ key: String) -> String? {
            fields[key].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        let anonymous: Bool
        switch value("anonymous")?.lowercased() {
        case nil, "false", "no", "0": anonymous = false
        case "true", "yes", "1": anonymous = true
        case let other?:
            anonymous = false
            problems.append(Issue.wrongType("'anonymous' ('\(other)')", expected: .boolean, found: .text).message)
        }
        for key in ["kind", "to", "text"] + (anonymous ? [] : ["from"]) where value(key) == nil {
            problems.append(Issue.missingKey(key, in: "a record").message)
        }
        var kind = RecordKind.feedback
        if let text = value("kind") {
            if let parsed = RecordKind(rawValue: text) { kind = parsed } else {
                problems.append(Issue.invalidChoice("'kind'", value: text, allowed: RecordKind.allCases.map(\.rawValue),
                                                    suggestion: Suggestions.closest(to: text, in: RecordKind.allCases.map(\.rawValue))).message)
            }
        }
        var date: FactTimestamp?
        if let text = value("date") {
            date = FactTimestamp(parsing: text, allowDate: true)
            if date == nil { problems.append(Issue.invalidDate(text).message) }
        }
        var minutes: Int?
        if let text = value("minutes") {
            minutes = Int(text)
            if minutes == nil { problems.append(Issue.wrongType("'minutes' ('\(text)')", expected: .integer, found: .text).message) }
        }
        var visibility = defaultVisibility
        if let text = value("visibility") {
            if let parsed = Visibility(rawValue: text) { visibility = parsed } else {
                problems.append(Issue.invalidChoice("'visibility'", value: text, allowed: Visibility.allCases.map(\.rawValue),
                                                    suggestion: Suggestions.closest(to: text, in: Visibility.allCases.map(\.rawValue))).message)
            }
        }
        let list: (String) -> [String] = { key in
            (value(key) ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        for column in fields.keys where !Self.keys.contains(column) && !Self.derivedKeys.contains(column) {
            problems.append(Issue.unknownKey(column, in: "the header", suggestion: Suggestions.closest(to: column, in: Self.keys)).message)
        }
        guard problems.isEmpty else { return .failure(RowProblems(messages: problems)) }
        let record = Record(id: value("id"), kind: kind, from: value("from") ?? "", to: value("to") ?? "", date: date, text: fields["text"] ?? "",
                            minutes: minutes, principles: list("principles"), tags: list("tags"), visibility: visibility, anonymous: anonymous)
        let checks = self.problems(in: record)
        return checks.isEmpty ? .success(record) : .failure(RowProblems(messages: checks))
    }

    /// The problems of a record built in code rather than read from JSON (self-feedback, empty or
    /// long text, unknown principles, minutes on feedback, future dates), as messages.
    public func problems(in record: Record) -> [String] {
        var problems: [Issue] = []
        if record.text.allSatisfy(\.isWhitespace) { problems.append(.emptyValue("the text")) }
        if record.text.count > textLimit { problems.append(.textTooLong(count: record.text.count, limit: textLimit)) }
        // In any format: JSON refuses a raw NUL, so CSV and escaped ones (\u0000) are refused too.
        for (what, values) in [("The text", [record.text]), ("'from'", [record.from]), ("'to'", [record.to]), ("'tags'", record.tags),
                               ("'principles'", record.principles), ("'id'", [record.id ?? ""])]
        where values.contains(where: { $0.unicodeScalars.contains("\u{0}") }) {
            problems.append(.nulCharacter(what))
        }
        if record.from == record.to { problems.append(.selfRecord(record.from)) }
        if record.from.isEmpty, !record.anonymous { problems.append(.emptyValue("the author ('from')")) }
        if record.to.isEmpty { problems.append(.emptyValue("the subject ('to')")) }
        if record.kind == .feedback, record.minutes != nil { problems.append(.minutesOnFeedback) }
        if let minutes = record.minutes, !(1...1_440).contains(minutes) {
            problems.append(.outOfRange("'minutes'", value: String(minutes), allowed: "from 1 to 1440 (24 hours)"))
        }
        if let date = record.date, let now, date > now { problems.append(.futureDate(date.description)) }
        if let known = knownPrinciples {
            for principle in record.principles where !known.contains(principle) {
                problems.append(.unknownPrinciple(principle, suggestion: Suggestions.closest(to: principle, in: known)))
            }
        }
        return problems.map(\.message)
    }

    static func kind(of value: JSONValue) -> ValueKind {
        switch value {
        case .null: .null
        case .bool: .boolean
        case let .number(number, _): number == number.rounded() ? .integer : .number
        case .string: .text
        case .array: .list
        case .object: .object
        }
    }
}

/// Numbers in messages: integers without a trailing `.0`.
enum NumberFormat {
    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
