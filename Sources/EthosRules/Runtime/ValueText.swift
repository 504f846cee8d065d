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
        var bytes: [UInt8] = []
        appendEscaped(text, to: &bytes, controlPrefix: "\\x", digits: 2)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` in double quotes with `"`, `\`, line breaks and tabs escaped and other control
    /// characters (and DEL) written as `controlPrefix` and `digits` upper-case hex digits,
    /// appended to `bytes` as UTF-8. Bytes from 0x80 up are parts of characters outside ASCII,
    /// written as they are. Runs of bytes that need no escape are appended whole: an import
    /// writes a kilobyte of evidence a record this way, and a byte at a time cost more than the
    /// row it goes into.
    private static func appendEscaped(_ text: String, to bytes: inout [UInt8], controlPrefix: StaticString, digits: Int) {
        var text = text
        text.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            // Eight bytes at a time up to the first that may need an escape (most texts have none).
            var start = 0
            if let base = utf8.baseAddress {
                while start + 8 <= utf8.count,
                      !mayNeedEscape(UnsafeRawPointer(base).loadUnaligned(fromByteOffset: start, as: UInt64.self)) { start += 8 }
            }
            var run = 0
            for index in start..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0x7F else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<index]))
                run = index + 1
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
                case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
                default:
                    controlPrefix.withUTF8Buffer { bytes.append(contentsOf: $0) }
                    for _ in 2..<digits { bytes.append(UInt8(ascii: "0")) }
                    bytes.append(hexDigits[Int(byte >> 4)])
                    bytes.append(hexDigits[Int(byte & 15)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...]))
            bytes.append(UInt8(ascii: "\""))
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Whether any of the eight bytes in `word` is a control character, `"`, `\` or DEL; it may
    /// also say so for a word without one (never the reverse), which the byte-by-byte loop then sorts out.
    @inline(__always)
    static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let control = (word &- ones &* 0x20) & ~word & highs != 0  // a byte below 0x20
        return control || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C)) || hasZeroByte(word ^ (ones &* 0x7F))
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
        var bytes: [UInt8] = []
        appendJSONString(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A JSON string literal, appended to `bytes` as UTF-8: for writers that build a document
    /// as bytes.
    public static func appendJSONString(_ text: String, to bytes: inout [UInt8]) {
        appendEscaped(text, to: &bytes, controlPrefix: "\\u", digits: 4)
    }
}
