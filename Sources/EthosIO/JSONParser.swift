internal import EthosPluginAPI

/// A strict JSON parser (RFC 8259) that keeps the position of every value and key, so record
/// files and JSON Lines get `file:line:column` diagnostics. Nesting is bounded.
package struct JSONParser {
    static let maxDepth = 64

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var depth = 0
    /// The last position computed on the current line, so positions cost amortised O(1).
    private var cachedIndex = 0
    private var cachedColumn = 1

    /// Parses one JSON document; `lineOffset` numbers lines from a later line (for JSON Lines).
    package static func parse(_ text: String, firstLine: Int = 1) throws(JSONSyntaxError) -> JSONValue.Located {
        var parser = JSONParser(bytes: Array(text.utf8))
        parser.line = firstLine
        parser.skipWhitespace()
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else {
            throw JSONSyntaxError(message: "Unexpected text after the JSON value.", position: parser.position)
        }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The current position; columns count Unicode scalars.
    private var position: JSONPosition {
        mutating get {
            if cachedIndex < lineStart || cachedIndex > index {
                cachedIndex = lineStart
                cachedColumn = 1
            }
            while cachedIndex < index {
                if bytes[cachedIndex] & 0xC0 != 0x80 { cachedColumn += 1 }
                cachedIndex += 1
            }
            return JSONPosition(line: line, column: cachedColumn)
        }
    }

    private mutating func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, position: position)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            default: return
            }
        }
    }

    private mutating func value() throws(JSONSyntaxError) -> JSONValue.Located {
        let start = position
        guard index < bytes.count else { throw error("Expected a JSON value, but the text ended.") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return JSONValue.Located(value: try object(), position: start)
        case UInt8(ascii: "["): return JSONValue.Located(value: try array(), position: start)
        case UInt8(ascii: "\""): return JSONValue.Located(value: .string(try string()), position: start)
        case UInt8(ascii: "t"): try literal("true"); return JSONValue.Located(value: .bool(true), position: start)
        case UInt8(ascii: "f"): try literal("false"); return JSONValue.Located(value: .bool(false), position: start)
        case UInt8(ascii: "n"): try literal("null"); return JSONValue.Located(value: .null, position: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return JSONValue.Located(value: try number(), position: start)
        default:
            throw error(Self.expectedValue)
        }
    }

    static let expectedValue = "Expected a JSON value (an object, a list, text in double quotes, a number, true, false or null)."

    private mutating func literal(_ word: String) throws(JSONSyntaxError) {
        let expected = Array(word.utf8)
        guard bytes.count - index >= expected.count, Array(bytes[index..<(index + expected.count)]) == expected else {
            // Suggest the literal only for a near miss such as 'tru' or 'nul', not for any word.
            var end = index
            while end < bytes.count, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[end]) { end += 1 }
            let found = String(decoding: bytes[index..<end], as: UTF8.self)
            if Suggestions.editDistance(found, word) <= 1 { throw error("Expected a JSON value; did you mean '\(word)'?") }
            throw error(Self.expectedValue)
        }
        index += expected.count
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > Self.maxDepth { throw error("The JSON is nested more than \(Self.maxDepth) levels deep.") }
    }

    private mutating func object() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [(key: String, keyPosition: JSONPosition, value: JSONValue.Located)] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            let keyPosition = position
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("Expected a key in double quotes.")
            }
            let key = try string()
            if members.contains(where: { $0.key == key }) {
                throw JSONSyntaxError(message: "The key '\(key)' appears twice in one object.", position: keyPosition)
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("Expected ':' after the key '\(key)'.") }
            index += 1
            skipWhitespace()
            members.append((key, keyPosition, try value()))
            skipWhitespace()
            guard index < bytes.count else { throw error("Expected ',' or '}', but the text ended.") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            throw error("Expected ',' or '}' after a value in an object.")
        }
    }

    private mutating func array() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var items: [JSONValue.Located] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try value())
            skipWhitespace()
            guard index < bytes.count else { throw error("Expected ',' or ']', but the text ended.") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            throw error("Expected ',' or ']' after a value in a list.")
        }
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        index += 1
        var result: [UInt8] = []
        while true {
            guard index < bytes.count else { throw error("This text is never closed with '\"'.") }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: result, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("Expected an escape after '\\'.") }
                let code = bytes[index]
                index += 1
                switch code {
                case UInt8(ascii: "\""): result.append(0x22)
                case UInt8(ascii: "\\"): result.append(0x5C)
                case UInt8(ascii: "/"): result.append(0x2F)
                case UInt8(ascii: "b"): result.append(0x08)
                case UInt8(ascii: "f"): result.append(0x0C)
                case UInt8(ascii: "n"): result.append(0x0A)
                case UInt8(ascii: "r"): result.append(0x0D)
                case UInt8(ascii: "t"): result.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw error("A \\u escape for a high surrogate must be followed by a low surrogate.")
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("Expected a low surrogate (\\uDC00 to \\uDFFF).") }
                        scalar = 0x10000 + (scalar - 0xD800) * 0x400 + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw error("The escape names no Unicode character.") }
                    result += Array(String(Character(unicode)).utf8)
                default:
                    throw error("Unknown escape '\\\(Unicode.Scalar(code))' in text.")
                }
            case 0x00...0x1F:
                throw error("Control characters (such as a line break) must be escaped inside text, e.g. as \\n.")
            default:
                result.append(byte)
                index += 1
            }
        }
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw error("A \\u escape needs four hexadecimal digits.") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - 55)
            default: throw error("A \\u escape needs four hexadecimal digits.")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    private mutating func number() throws(JSONSyntaxError) -> JSONValue {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits() -> Int {
            let from = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            return index - from
        }
        guard index < bytes.count else { throw error("Expected digits in a number.") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            throw error("Expected digits in a number.")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw error("Expected digits after the decimal point.") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw error("Expected digits in the exponent.") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw error("The number \(text) is out of range.") }
        return .number(value, text: text)
    }
}
