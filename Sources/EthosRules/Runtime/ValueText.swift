/// Text forms of values: as CEL literals (for messages and explanations) and as the typed JSON
/// that `ethos rules eval --format json` prints.
public enum ValueText {
    /// The value written as a CEL literal: `"text"`, `30`, `1.5`, `[1, 2]`, `{"a": true}`,
    /// `timestamp("2026-01-01T00:00:00Z")`, `duration("5400s")`.
    public static func literal(_ value: FactValue) -> String {
        switch value {
        case .null: return "null"
        case let .bool(flag): return flag ? "true" : "false"
        case let .int(number): return String(number)
        case let .double(number):
            if !number.isFinite { return "double(\"\(Conversions.format(number))\")" }
            let text = Conversions.format(number)
            return text.contains(where: { $0 == "." || $0 == "e" }) ? text : text + ".0"
        case let .string(text): return quoted(text)
        case let .timestamp(instant): return "timestamp(\"\(instant)\")"
        case let .duration(span): return "duration(\"\(span)\")"
        case let .list(items): return "[" + items.map(literal).joined(separator: ", ") + "]"
        case let .map(map): return "{" + map.entries.map { "\(literal($0)): \(literal($1))" }.joined(separator: ", ") + "}"
        }
    }

    /// A double-quoted CEL string literal with escapes.
    static func quoted(_ text: String) -> String {
        escaped(text) { "\\x" + hex($0, width: 2) }
    }

    /// `text` in double quotes with `"`, `\`, line breaks and tabs escaped; other control
    /// characters are written by `control`.
    private static func escaped(_ text: String, control: (UInt32) -> String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += control(scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// The one-line typed JSON form: `{"type": "int", "value": 30}`. Lists hold typed elements;
    /// maps are lists of `[key, value]` pairs of typed values; non-finite doubles are the strings
    /// `NaN`, `Infinity`, `-Infinity`; timestamps are RFC 3339 strings; durations are like `"90s"`.
    public static func json(_ value: FactValue) -> String {
        "{\"type\": \(jsonString(value.kindName)), \"value\": \(jsonValue(value))}"
    }

    private static func jsonValue(_ value: FactValue) -> String {
        switch value {
        case .null: return "null"
        case let .bool(flag): return flag ? "true" : "false"
        case let .int(number): return String(number)
        case let .double(number): return number.isFinite ? Conversions.format(number) : jsonString(Conversions.format(number))
        case let .string(text): return jsonString(text)
        case let .timestamp(instant): return jsonString(instant.description)
        case let .duration(span): return jsonString(span.description)
        case let .list(items): return "[" + items.map(json).joined(separator: ", ") + "]"
        case let .map(map): return "[" + map.entries.map { "[\(json($0)), \(json($1))]" }.joined(separator: ", ") + "]"
        }
    }

    /// A JSON string literal.
    public static func jsonString(_ text: String) -> String {
        escaped(text) { "\\u" + hex($0, width: 4) }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
