/// A recursive-descent parser for CEL's grammar (doc/langdef.md in google/cel-spec), with a
/// nesting limit so hostile input fails with an error instead of exhausting the stack.
struct Parser {
    /// The deepest nesting of parentheses, lists, maps, calls and operands accepted.
    static let maxDepth = 100
    /// The longest expression accepted, in Unicode scalars.
    static let maxLength = 100_000
    /// The tallest syntax tree accepted: long chains of operators, selections or negations
    /// count as deeply as nested parentheses do.
    static let maxHeight = 200

    private let tokens: [Token]
    private var position = 0
    private var depth = 0

    /// Parses `source` into a syntax tree.
    static func parse(_ scalars: [Unicode.Scalar]) throws(ExpressionError) -> Syntax {
        guard scalars.count <= maxLength else {
            throw ExpressionError(.syntax, "The expression is \(scalars.count) characters long; the limit is \(maxLength).", at: 0..<1)
        }
        var lexer = Lexer(scalars)
        var parser = Parser(tokens: try lexer.tokenize())
        if parser.current.kind == .end {
            throw ExpressionError(.syntax, "The expression is empty; write a condition such as record.kind == \"mentoring\".", at: 0..<1)
        }
        let syntax = try parser.expression()
        guard parser.current.kind == .end else {
            throw parser.unexpected("an operator or the end of the expression")
        }
        return syntax
    }

    private init(tokens: [Token]) {
        self.tokens = tokens
    }

    private var current: Token { tokens[position] }

    private mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private func isPunctuation(_ text: String) -> Bool {
        current.kind == .punctuation(text)
    }

    private mutating func accept(_ text: String) -> Bool {
        guard isPunctuation(text) else { return false }
        _ = advance()
        return true
    }

    private mutating func expect(_ text: String, _ what: String) throws(ExpressionError) -> Token {
        guard isPunctuation(text) else { throw unexpected(what) }
        return advance()
    }

    private func unexpected(_ expected: String) -> ExpressionError {
        let token = current
        let found: String
        switch token.kind {
        case .end: found = "the end of the expression"
        case let .identifier(name): found = "'\(name)'"
        case let .punctuation(text): found = "'\(text)'"
        case .string: found = "a string"
        case .int, .intMagnitudeOfMin, .double: found = "a number"
        }
        var message = "Expected \(expected), but found \(found)."
        if case let .identifier(name) = token.kind, ["and", "or", "not"].contains(name) {
            message += " CEL spells '\(name)' as '\(["and": "&&", "or": "||", "not": "!"][name] ?? name)'."
        }
        let range = token.range.isEmpty ? token.range.lowerBound..<(token.range.lowerBound + 1) : token.range
        return ExpressionError(.syntax, message, at: range)
    }

    /// Builds a node, refusing trees taller than ``maxHeight``.
    private func node(_ kind: Syntax.Kind, range: Range<Int>) throws(ExpressionError) -> Syntax {
        let syntax = Syntax(kind: kind, range: range)
        guard syntax.height <= Self.maxHeight else {
            throw ExpressionError(.syntax, "The expression is nested more than \(Self.maxHeight) levels deep (counting chains of operators); simplify it.",
                                  at: range.lowerBound..<(range.lowerBound + 1))
        }
        return syntax
    }

    private mutating func nested<T>(_ body: (inout Parser) throws(ExpressionError) -> T) throws(ExpressionError) -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else {
            throw ExpressionError(.syntax, "The expression is nested more than \(Self.maxDepth) levels deep; simplify it.", at: current.range.lowerBound..<(current.range.lowerBound + 1))
        }
        return try body(&self)
    }

    // MARK: Grammar

    /// Expr = ConditionalOr ["?" ConditionalOr ":" Expr]
    private mutating func expression() throws(ExpressionError) -> Syntax {
        try nested { (parser: inout Parser) throws(ExpressionError) -> Syntax in
            let condition = try parser.binary(level: 0)
            guard parser.accept("?") else { return condition }
            let then = try parser.binary(level: 0)
            _ = try parser.expect(":", "':' after the true branch of '?'")
            let otherwise = try parser.expression()
            return try parser.node(.conditional(condition, then, otherwise), range: condition.range.lowerBound..<otherwise.range.upperBound)
        }
    }

    private static let levels: [[BinaryOperator]] = [
        [.or], [.and],
        [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .in],
        [.add, .subtract],
        [.multiply, .divide, .remainder],
    ]

    /// Left-associative binary operators, by precedence level.
    private mutating func binary(level: Int) throws(ExpressionError) -> Syntax {
        guard level < Self.levels.count else { return try unary() }
        var left = try binary(level: level + 1)
        var operands = 1
        while let op = binaryOperator(in: Self.levels[level]) {
            _ = advance()
            operands += 1
            guard operands <= 1_000 else {
                throw ExpressionError(.syntax, "Too many operands in a row; split the expression.", at: current.range)
            }
            let right = try nested { (parser: inout Parser) throws(ExpressionError) -> Syntax in try parser.binary(level: level + 1) }
            left = try node(.binary(op, left, right), range: left.range.lowerBound..<right.range.upperBound)
        }
        return left
    }

    private func binaryOperator(in candidates: [BinaryOperator]) -> BinaryOperator? {
        switch current.kind {
        case let .punctuation(text): return candidates.first { $0.rawValue == text }
        case .identifier("in"): return candidates.contains(.in) ? .in : nil
        default: return nil
        }
    }

    /// Unary = Member | "!" {"!"} Member | "-" {"-"} Member
    private mutating func unary() throws(ExpressionError) -> Syntax {
        var operators: [(UnaryOperator, Int)] = []
        while case let .punctuation(text) = current.kind, text == "!" || text == "-" {
            operators.append((text == "!" ? .not : .negate, advance().range.lowerBound))
        }
        // -9223372036854775808 is the one integer literal that exists only negated.
        if case .intMagnitudeOfMin = current.kind, let last = operators.last, last.0 == .negate {
            let token = advance()
            operators.removeLast()
            var syntax = try member(try node(.literal(.int(.min)), range: last.1..<token.range.upperBound))
            for (op, start) in operators.reversed() { syntax = try node(.unary(op, syntax), range: start..<syntax.range.upperBound) }
            return syntax
        }
        var syntax = try member(try primary())
        for (op, start) in operators.reversed() {
            syntax = try node(.unary(op, syntax), range: start..<syntax.range.upperBound)
        }
        return syntax
    }

    /// Member = Primary | Member "." IDENT ["(" [ExprList] ")"] | Member "[" Expr "]"
    private mutating func member(_ base: Syntax) throws(ExpressionError) -> Syntax {
        var syntax = base
        while true {
            if accept(".") {
                let nameToken = current
                guard case let .identifier(name) = nameToken.kind else { throw unexpected("a field or function name after '.'") }
                _ = advance()
                if isPunctuation("(") {
                    let (arguments, end) = try callArguments()
                    syntax = try node(.call(name, nameRange: nameToken.range, target: syntax, arguments: arguments),
                                    range: syntax.range.lowerBound..<end)
                } else {
                    syntax = try node(.select(syntax, field: name, fieldRange: nameToken.range),
                                    range: syntax.range.lowerBound..<nameToken.range.upperBound)
                }
            } else if isPunctuation("[") {
                _ = advance()
                let index = try expression()
                let close = try expect("]", "']' to close the index")
                syntax = try node(.index(syntax, index), range: syntax.range.lowerBound..<close.range.upperBound)
            } else if isPunctuation("{"), case .identifier = syntax.kind {
                throw ExpressionError(.syntax, "Message construction (Type{field: value}) is not supported in Ethos rules.", at: current.range)
            } else {
                return syntax
            }
        }
    }

    /// Primary = ["."] IDENT ["(" [ExprList] ")"] | "(" Expr ")" | "[" [ExprList] "]" | "{" [MapInits] "}" | LITERAL
    private mutating func primary() throws(ExpressionError) -> Syntax {
        let token = current
        switch token.kind {
        case .int(let value):
            _ = advance()
            return try node(.literal(.int(value)), range: token.range)
        case .intMagnitudeOfMin:
            throw ExpressionError(.syntax, "The integer 9223372036854775808 does not fit in 64 bits (the largest is 9223372036854775807).", at: token.range)
        case .double(let value):
            _ = advance()
            return try node(.literal(.double(value)), range: token.range)
        case .string(let value):
            _ = advance()
            return try node(.literal(.string(value)), range: token.range)
        case .identifier(let name):
            _ = advance()
            switch name {
            case "true": return try node(.literal(.bool(true)), range: token.range)
            case "false": return try node(.literal(.bool(false)), range: token.range)
            case "null": return try node(.literal(.null), range: token.range)
            case "in": throw ExpressionError(.syntax, "Expected a value before 'in'.", at: token.range)
            default: break
            }
            if isPunctuation("(") {
                let (arguments, end) = try callArguments()
                return try node(.call(name, nameRange: token.range, target: nil, arguments: arguments), range: token.range.lowerBound..<end)
            }
            return try node(.identifier(name), range: token.range)
        case .punctuation("."):
            // A leading dot names the root scope: `.record.kind` is `record.kind`.
            _ = advance()
            guard case .identifier = current.kind else { throw unexpected("a name after '.'") }
            var syntax = try primary()
            syntax.range = token.range.lowerBound..<syntax.range.upperBound
            return syntax
        case .punctuation("("):
            _ = advance()
            let inner = try expression()
            _ = try expect(")", "')' to close '('")
            return inner
        case .punctuation("["):
            _ = advance()
            let (elements, end) = try list(closing: "]")
            return try node(.list(elements), range: token.range.lowerBound..<end)
        case .punctuation("{"):
            _ = advance()
            return try map(start: token.range.lowerBound)
        default:
            throw unexpected("a value, a name or '('")
        }
    }

    private mutating func callArguments() throws(ExpressionError) -> ([Syntax], Int) {
        _ = advance() // "("
        return try list(closing: ")")
    }

    /// A comma-separated list up to `closing`, allowing a trailing comma.
    private mutating func list(closing: String) throws(ExpressionError) -> ([Syntax], Int) {
        var elements: [Syntax] = []
        while !isPunctuation(closing) {
            elements.append(try expression())
            if !accept(",") { break }
        }
        let close = try expect(closing, "',' or '\(closing)'")
        return (elements, close.range.upperBound)
    }

    private mutating func map(start: Int) throws(ExpressionError) -> Syntax {
        var entries: [(key: Syntax, value: Syntax)] = []
        while !isPunctuation("}") {
            let key = try expression()
            _ = try expect(":", "':' between a map key and its value")
            let value = try expression()
            entries.append((key, value))
            if !accept(",") { break }
        }
        let close = try expect("}", "',' or '}'")
        return try node(.map(entries), range: start..<close.range.upperBound)
    }
}
