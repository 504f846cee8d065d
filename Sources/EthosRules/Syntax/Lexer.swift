/// Splits an expression into tokens, decoding literals and reporting lexical errors with their
/// position.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var position = 0

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    static let reserved: Set<String> = [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package",
        "namespace", "return", "var", "void", "while",
    ]

    /// Every token, ending with `.end`.
    mutating func tokenize() throws(ExpressionError) -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = try next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    private func error(_ message: String, from start: Int, to end: Int? = nil) -> ExpressionError {
        ExpressionError(.syntax, message, at: start..<max(start + 1, end ?? position))
    }

    private mutating func skipWhitespaceAndComments() {
        while let scalar = peek() {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}" {
                position += 1
            } else if scalar == "/", peek(1) == "/" {
                while let next = peek(), next != "\n", next != "\r" { position += 1 }
            } else {
                return
            }
        }
    }

    private mutating func next() throws(ExpressionError) -> Token {
        skipWhitespaceAndComments()
        let start = position
        guard let scalar = peek() else { return Token(kind: .end, range: start..<start) }

        if Self.isIdentifierStart(scalar) {
            // String prefixes: r"…" raw, b"…" bytes.
            if scalar == "r" || scalar == "R", let quote = peek(1), quote == "\"" || quote == "'" {
                position += 1
                return try string(start: start, raw: true)
            }
            if scalar == "b" || scalar == "B", let quote = peek(1), quote == "\"" || quote == "'" || quote == "r" || quote == "R" {
                throw error("Bytes literals (b\"…\") are not supported in Ethos rules; use a string.", from: start, to: start + 1)
            }
            while let next = peek(), Self.isIdentifierPart(next) { position += 1 }
            let name = String(String.UnicodeScalarView(scalars[start..<position]))
            if Self.reserved.contains(name) {
                throw error("'\(name)' is a reserved word and cannot name anything in an expression.", from: start)
            }
            return Token(kind: .identifier(name), range: start..<position)
        }
        if ("0"..."9").contains(scalar) || (scalar == "." && peek(1).map { ("0"..."9").contains($0) } == true) {
            return try number(start: start)
        }
        if scalar == "\"" || scalar == "'" {
            return try string(start: start, raw: false)
        }
        let two = peek(1).map { String(scalar) + String($0) } ?? ""
        if ["==", "!=", "<=", ">=", "&&", "||"].contains(two) {
            position += 2
            return Token(kind: .punctuation(two), range: start..<position)
        }
        if "()[]{}.,:?+-*/%!<>".unicodeScalars.contains(scalar) {
            position += 1
            return Token(kind: .punctuation(String(scalar)), range: start..<position)
        }
        switch scalar {
        case "=": throw error("'=' is not an operator; use '==' to compare.", from: start)
        case "&": throw error("'&' is not an operator; use '&&' for 'and'.", from: start)
        case "|": throw error("'|' is not an operator; use '||' for 'or'.", from: start)
        default: throw error("Unexpected character '\(scalar.escaped(asASCII: false))'.", from: start)
        }
    }

    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || ("0"..."9").contains(scalar)
    }

    // MARK: Numbers

    private mutating func number(start: Int) throws(ExpressionError) -> Token {
        if peek() == "0", peek(1) == "x" || peek(1) == "X" {
            position += 2
            let digitsStart = position
            while let next = peek(), next.properties.isASCIIHexDigit { position += 1 }
            guard position > digitsStart else { throw error("A hexadecimal literal needs digits after '0x'.", from: start) }
            try rejectUnsigned(start: start)
            let digits = String(String.UnicodeScalarView(scalars[digitsStart..<position]))
            guard let value = Int64(digits, radix: 16) else {
                if digits.lowercased() == "8000000000000000" { return Token(kind: .intMagnitudeOfMin, range: start..<position) }
                throw error("The integer \(String(String.UnicodeScalarView(scalars[start..<position]))) does not fit in 64 bits.", from: start)
            }
            return Token(kind: .int(value), range: start..<position)
        }
        var isDouble = false
        while let next = peek(), ("0"..."9").contains(next) { position += 1 }
        if peek() == ".", let after = peek(1), ("0"..."9").contains(after) {
            isDouble = true
            position += 1
            while let next = peek(), ("0"..."9").contains(next) { position += 1 }
        }
        if let e = peek(), e == "e" || e == "E" {
            var lookahead = 1
            if let sign = peek(1), sign == "+" || sign == "-" { lookahead = 2 }
            if let digit = peek(lookahead), ("0"..."9").contains(digit) {
                isDouble = true
                position += lookahead
                while let next = peek(), ("0"..."9").contains(next) { position += 1 }
            }
        }
        let text = String(String.UnicodeScalarView(scalars[start..<position]))
        if isDouble {
            guard let value = Double(text) else { throw error("'\(text)' is not a valid number.", from: start) }
            guard value.isFinite else { throw error("The number \(text) is out of range for a double.", from: start) }
            return Token(kind: .double(value), range: start..<position)
        }
        try rejectUnsigned(start: start)
        if let next = peek(), Self.isIdentifierStart(next) {
            throw error("A number cannot be followed directly by '\(next)'.", from: position, to: position + 1)
        }
        guard let value = Int64(text) else {
            if text == "9223372036854775808" { return Token(kind: .intMagnitudeOfMin, range: start..<position) }
            throw error("The integer \(text) does not fit in 64 bits (the largest is 9223372036854775807).", from: start)
        }
        return Token(kind: .int(value), range: start..<position)
    }

    private mutating func rejectUnsigned(start: Int) throws(ExpressionError) {
        if let suffix = peek(), suffix == "u" || suffix == "U" {
            position += 1
            throw error("Unsigned integers (uint) are not supported in Ethos rules; drop the 'u'.", from: start)
        }
    }

    // MARK: Strings

    private mutating func string(start: Int, raw: Bool) throws(ExpressionError) -> Token {
        guard let quote = peek() else { throw error("Expected a string.", from: start) }
        let triple = peek(1) == quote && peek(2) == quote
        position += triple ? 3 : 1
        var value = String.UnicodeScalarView()
        while true {
            guard let scalar = peek() else {
                throw error("This string is never closed; end it with \(triple ? String(repeating: String(quote), count: 3) : String(quote)).",
                            from: start, to: start + 1)
            }
            if triple {
                if scalar == quote, peek(1) == quote, peek(2) == quote {
                    position += 3
                    break
                }
            } else if scalar == quote {
                position += 1
                break
            } else if scalar == "\n" || scalar == "\r" {
                throw error("A quoted string cannot span lines; use a triple-quoted string (\"\"\"…\"\"\") or \\n.",
                            from: start, to: start + 1)
            }
            if scalar == "\\", !raw {
                value.append(try escape())
            } else {
                value.append(scalar)
                position += 1
            }
        }
        return Token(kind: .string(String(value)), range: start..<position)
    }

    /// Decodes one escape sequence starting at the backslash.
    private mutating func escape() throws(ExpressionError) -> Unicode.Scalar {
        let start = position
        position += 1
        guard let code = peek() else { throw error("A backslash must be followed by an escape, such as \\n or \\\\.", from: start) }
        position += 1
        switch code {
        case "\\": return "\\"
        case "?": return "?"
        case "\"": return "\""
        case "'": return "'"
        case "`": return "`"
        case "a": return "\u{07}"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "v": return "\u{0B}"
        case "x", "X": return try scalar(try hexValue(digits: 2, start: start), start: start)
        case "U": return try scalar(try hexValue(digits: 8, start: start), start: start)
        case "u":
            let high = try hexValue(digits: 4, start: start)
            // A surrogate pair (\uD83D\uDE00) spells a character outside the Basic Multilingual Plane.
            if (0xD800...0xDBFF).contains(high), peek() == "\\", peek(1) == "u" {
                position += 2
                let low = try hexValue(digits: 4, start: start)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error("A high surrogate \\u\(String(high, radix: 16, uppercase: true)) must be followed by a low surrogate (\\uDC00 to \\uDFFF).",
                                from: start, to: position)
                }
                return try scalar(0x10000 + (high - 0xD800) * 0x400 + (low - 0xDC00), start: start)
            }
            return try scalar(high, start: start)
        case "0"..."3":
            guard let second = peek(), ("0"..."7").contains(second), let third = peek(1), ("0"..."7").contains(third) else {
                throw error("An octal escape needs three digits from \\000 to \\377.", from: start, to: position)
            }
            position += 2
            let value = (code.value - 48) * 64 + (second.value - 48) * 8 + (third.value - 48)
            return Unicode.Scalar(value) ?? "\u{FFFD}"
        default:
            throw error("Unknown escape '\\\(code)'; use \\\\ for a backslash, or a raw string r\"…\" for regular expressions.",
                        from: start, to: position)
        }
    }

    private mutating func hexValue(digits: Int, start: Int) throws(ExpressionError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let digit = peek(), let nibble = digit.properties.isASCIIHexDigit ? UInt32(String(digit), radix: 16) : nil else {
                throw error("This escape needs \(digits) hexadecimal digits.", from: start, to: position)
            }
            value = value &* 16 &+ nibble
            position += 1
        }
        return value
    }

    private func scalar(_ value: UInt32, start: Int) throws(ExpressionError) -> Unicode.Scalar {
        guard let scalar = Unicode.Scalar(value) else {
            throw error("The escape names U+\(String(value, radix: 16, uppercase: true)), which is not a Unicode character (surrogates are not allowed).",
                        from: start, to: position)
        }
        return scalar
    }
}
