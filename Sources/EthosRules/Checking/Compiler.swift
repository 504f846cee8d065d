internal import Foundation

/// Type-checks syntax against a fact schema and emits instructions in one pass.
///
/// Names resolve to facts by the longest declared dotted prefix, as CEL's name resolution
/// does; every operator and function is checked against its overloads, with `dyn` deferring the
/// check to run time.
struct Compiler {
    let schema: FactSchema
    var program = Program()
    private var scopes: [(name: String, type: FactType, local: Int32)] = []
    /// Slots read by the expression being compiled.
    private(set) var slotsRead: Set<Int32> = []

    /// The schema's names with their positions, for the keys rules read facts by.
    private let keys: [String: FactKey]

    init(schema: FactSchema) {
        self.schema = schema
        keys = schema.keys
    }

    private func key(_ name: String) -> FactKey { keys[name] ?? FactKey(name: name, position: -1) }

    /// Compiles one root expression; `slotsRead` then lists the facts it reads.
    mutating func compileRoot(_ syntax: Syntax) throws(ExpressionError) -> (Int32, FactType) {
        slotsRead = []
        let compiled = try compile(syntax)
        // After typing, so a mistyped expression gets its type error first.
        try CostEstimate.check(syntax)
        return compiled
    }

    private func typeError(_ message: String, _ range: Range<Int>) -> ExpressionError {
        ExpressionError(.type, message, at: range.isEmpty ? range.lowerBound..<(range.lowerBound + 1) : range)
    }

    // MARK: Dispatch

    private mutating func compile(_ syntax: Syntax) throws(ExpressionError) -> (Int32, FactType) {
        switch syntax.kind {
        case let .literal(value):
            return (program.emit(.constant, program.constant(value), range: syntax.range), value.type)
        case let .identifier(name):
            return try identifier(name, syntax.range)
        case .select:
            return try select(syntax)
        case let .index(target, key):
            return try index(target, key, syntax.range)
        case let .call(name, nameRange, target, arguments):
            return try call(name, nameRange: nameRange, target: target, arguments: arguments, syntax.range)
        case let .list(elements):
            return try list(elements, syntax.range)
        case let .map(entries):
            return try map(entries, syntax.range)
        case let .unary(op, operand):
            return try unary(op, operand, syntax.range)
        case let .binary(op, lhs, rhs):
            return try binary(op, lhs, rhs, syntax.range)
        case let .conditional(condition, then, otherwise):
            let (conditionCode, conditionType) = try compile(condition)
            try expectBool(conditionType, condition.range, "The condition of '?:'")
            let (thenCode, thenType) = try compile(then)
            let (otherwiseCode, otherwiseType) = try compile(otherwise)
            guard let type = Self.join(thenType, otherwiseType) else {
                throw typeError("The branches of '?:' must have the same type, but are \(thenType) and \(otherwiseType).", syntax.range)
            }
            return (program.emit(.conditional, conditionCode, thenCode, otherwiseCode, range: syntax.range), type)
        }
    }

    private func expectBool(_ type: FactType, _ range: Range<Int>, _ what: String) throws(ExpressionError) {
        guard type == .bool || type == .dyn else {
            throw typeError("\(what) must be a bool, but is \(type).", range)
        }
    }

    // MARK: Names

    private enum Resolution {
        case fact(String, FactType, remaining: [(String, Range<Int>)])
        case group(String)
        case unknown(known: String?, failing: String, range: Range<Int>)
    }

    /// `a.b.c` as a dotted name with the range of each segment, when `syntax` is a plain name chain.
    private func qualifiedName(_ syntax: Syntax) -> [(String, Range<Int>)]? {
        switch syntax.kind {
        case let .identifier(name): return [(name, syntax.range)]
        case let .select(target, field, fieldRange): return qualifiedName(target).map { $0 + [(field, fieldRange)] }
        default: return nil
        }
    }

    private func resolve(_ segments: [(String, Range<Int>)]) -> Resolution {
        for length in stride(from: segments.count, through: 1, by: -1) {
            let name = segments[0..<length].map(\.0).joined(separator: ".")
            if let declaration = schema[name] {
                return .fact(name, declaration.type, remaining: Array(segments[length...]))
            }
        }
        let full = segments.map(\.0).joined(separator: ".")
        if schema.groups.contains(full) { return .group(full) }
        var known: String?
        for length in stride(from: segments.count - 1, through: 1, by: -1) {
            let prefix = segments[0..<length].map(\.0).joined(separator: ".")
            if schema.groups.contains(prefix) {
                known = prefix
                return .unknown(known: known, failing: segments[length].0, range: segments[length].1)
            }
        }
        return .unknown(known: nil, failing: segments[0].0, range: segments[0].1)
    }

    private func isLocal(_ name: String) -> Bool { scopes.contains { $0.name == name } }

    private func unknownNameError(known: String?, failing: String, range: Range<Int>) -> ExpressionError {
        if let known {
            let members = schema.members(of: known)
            let suggestion = Suggestions.closest(to: failing, in: members)
            let full = "\(known).\(failing)"
            return typeError("Unknown fact '\(full)'" + (suggestion.map { "; did you mean '\(known).\($0)'?" }
                ?? "; '\(known)' has \(members.map { "\(known).\($0)" }.joined(separator: ", ")).") , range)
        }
        let roots = Set(schema.names.map { String($0.prefix { $0 != "." }) })
        let candidates = Array(roots) + scopes.map(\.name)
        let suggestion = Suggestions.closest(to: failing, in: candidates)
        return typeError("Unknown name '\(failing)'" + (suggestion.map { "; did you mean '\($0)'?" }
            ?? "; rules can read \(roots.sorted().joined(separator: ", ")).") , range)
    }

    private func groupError(_ group: String, _ range: Range<Int>) -> ExpressionError {
        let members = schema.members(of: group).map { "\(group).\($0)" }
        return typeError("'\(group)' is a group of facts, not a value; use one of \(members.joined(separator: ", ")).", range)
    }

    private mutating func factCode(_ name: String, _ range: Range<Int>) -> Int32 {
        let slot = program.slot(for: key(name))
        slotsRead.insert(slot)
        return program.emit(.fact, slot, range: range)
    }

    private mutating func identifier(_ name: String, _ range: Range<Int>) throws(ExpressionError) -> (Int32, FactType) {
        if let local = scopes.last(where: { $0.name == name }) {
            return (program.emit(.local, local.local, range: range), local.type)
        }
        switch resolve([(name, range)]) {
        case let .fact(fact, type, _): return (factCode(fact, range), type)
        case let .group(group): throw groupError(group, range)
        case let .unknown(known, failing, failingRange): throw unknownNameError(known: known, failing: failing, range: failingRange)
        }
    }

    private mutating func select(_ syntax: Syntax) throws(ExpressionError) -> (Int32, FactType) {
        guard case let .select(target, field, _) = syntax.kind else { preconditionFailure("select expected") }
        if let segments = qualifiedName(syntax), !isLocal(segments[0].0) {
            switch resolve(segments) {
            case let .fact(name, type, remaining):
                let end = remaining.first.map { $0.1.lowerBound - 1 } ?? syntax.range.upperBound
                var code = factCode(name, syntax.range.lowerBound..<end)
                var current = type
                for (segment, segmentRange) in remaining {
                    (code, current) = try selectField(code, current, segment, syntax.range.lowerBound..<segmentRange.upperBound)
                }
                return (code, current)
            case let .group(group):
                throw groupError(group, syntax.range)
            case let .unknown(known, failing, failingRange):
                throw unknownNameError(known: known, failing: failing, range: failingRange)
            }
        }
        let (code, type) = try compile(target)
        return try selectField(code, type, field, syntax.range)
    }

    private mutating func selectField(_ code: Int32, _ type: FactType, _ field: String, _ range: Range<Int>) throws(ExpressionError) -> (Int32, FactType) {
        let valueType: FactType
        switch type {
        case let .map(key, value) where key == .string || key == .dyn: valueType = value
        case .dyn: valueType = .dyn
        default: throw typeError("A value of type \(type) has no field '\(field)'.", range)
        }
        return (program.emit(.selectField, code, program.constant(.string(field)), range: range), valueType)
    }

    // MARK: Indexing, lists, maps

    private mutating func index(_ target: Syntax, _ key: Syntax, _ range: Range<Int>) throws(ExpressionError) -> (Int32, FactType) {
        let (targetCode, targetType) = try compile(target)
        let (keyCode, keyType) = try compile(key)
        let resultType: FactType
        switch targetType {
        case let .list(element):
            guard keyType == .int || keyType == .dyn else {
                throw typeError("A list is indexed by an int, not \(keyType).", key.range)
            }
            resultType = element
        case let .map(mapKey, value):
            guard Self.comparable(mapKey, keyType) else {
                throw typeError("This map's keys are \(mapKey), so it cannot be indexed by \(keyType).", key.range)
            }
            resultType = value
        case .dyn:
            resultType = .dyn
        default:
            throw typeError("A value of type \(targetType) cannot be indexed.", range)
        }
        return (program.emit(.index, targetCode, keyCode, range: range), resultType)
    }

    private mutating func list(_ elements: [Syntax], _ range: Range<Int>) throws(ExpressionError) -> (Int32, FactType) {
        var codes: [Int32] = []
        var elementType: FactType?
        for element in elements {
            let (code, type) = try compile(element)
            codes.append(code)
            elementType = elementType.map { Self.join($0, type) ?? .dyn } ?? type
        }
        let type = FactType.list(elementType ?? .dyn)
        let constants = codes.compactMap(constantValue)
        if constants.count == codes.count {
            return (program.emit(.constant, program.constant(.list(constants)), range: range), type)
        }
        let (start, end) = program.operandList(codes)
        return (program.emit(.list, start, end, range: range), type)
    }

    private mutating func map(_ entries: [(key: Syntax, value: Syntax)], _ range: Range<Int>) throws(ExpressionError) -> (Int32, FactType) {
        var codes: [Int32] = []
        var keyType: FactType?, valueType: FactType?
        var constantKeys: [FactValue] = []
        for entry in entries {
            let (keyCode, key) = try compile(entry.key)
            guard [.string, .int, .bool, .dyn].contains(key) else {
                throw typeError("A map key must be a string, int or bool, not \(key).", entry.key.range)
            }
            if let constant = constantValue(keyCode) {
                if constantKeys.contains(where: { Operations.equal($0, constant) }) {
                    throw typeError("The map repeats the key \(ValueText.literal(constant)).", entry.key.range)
                }
                constantKeys.append(constant)
            }
            let (valueCode, value) = try compile(entry.value)
            codes += [keyCode, valueCode]
            keyType = keyType.map { Self.join($0, key) ?? .dyn } ?? key
            valueType = valueType.map { Self.join($0, value) ?? .dyn } ?? value
        }
        let (start, end) = program.operandList(codes)
        return (program.emit(.map, start, end, range: range), .map(keyType ?? .dyn, valueType ?? .dyn))
    }

    private func constantValue(_ code: Int32) -> FactValue? {
        let instruction = program.instructions[Int(code)]
        return instruction.op == .constant ? program.constants[Int(instruction.a)] : nil
    }

    // MARK: Operators

    private mutating func unary(_ op: UnaryOperator, _ operand: Syntax, _ range: Range<Int>) throws(ExpressionError) -> (Int32, FactType) {
        let (code, type) = try compile(operand)
        switch op {
        case .not:
            try expectBool(type, operand.range, "The operand of '!'")
            return (program.emit(.not, code, range: range), .bool)
        case .negate:
            guard [.int, .double, .dyn].contains(type) else {
                throw typeError("'-' negates an int or a double, not \(type).", range)
            }
            // Fold negative literals such as -0.3, so they cost nothing per record.
            if let constant = constantValue(code), let negated = try? Operations.negate(constant) {
                return (program.emit(.constant, program.constant(negated), range: range), type)
            }
            return (program.emit(.negate, code, range: range), type)
        }
    }

    private mutating func binary(_ op: BinaryOperator, _ lhs: Syntax, _ rhs: Syntax, _ range: Range<Int>) throws(ExpressionError) -> (Int32, FactType) {
        let (left, leftType) = try compile(lhs)
        let (right, rightType) = try compile(rhs)
        func emit(_ code: Program.Op, _ type: FactType) -> (Int32, FactType) {
            (program.emit(code, left, right, range: range), type)
        }
        func isStringLiteral(_ syntax: Syntax) -> Bool {
            if case .literal(.string) = syntax.kind { return true }
            return false
        }
        let hint = Self.conversionHint(leftType, rightType, quotedLiteral: isStringLiteral(lhs) || isStringLiteral(rhs))
        switch op {
        case .and, .or:
            try expectBool(leftType, lhs.range, "The left side of '\(op.rawValue)'")
            try expectBool(rightType, rhs.range, "The right side of '\(op.rawValue)'")
            return emit(op == .and ? .and : .or, .bool)
        case .equal, .notEqual:
            guard Self.comparable(leftType, rightType) else {
                throw typeError("Comparing \(leftType) with \(rightType) is always false; \(hint)", range)
            }
            return emit(op == .equal ? .equal : .notEqual, .bool)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard Self.orderable(leftType, rightType) else {
                throw typeError("No operator '\(op.rawValue)' for \(leftType) and \(rightType); \(hint)", range)
            }
            let code: Program.Op = [.less: .less, .lessOrEqual: .lessOrEqual, .greater: .greater][op] ?? .greaterOrEqual
            return emit(code, .bool)
        case .in:
            switch rightType {
            case let .list(element):
                guard Self.comparable(leftType, element) else {
                    throw typeError("'in' looks for \(leftType) in a list of \(element); the types must match.", range)
                }
                if (leftType == .string || leftType == .dyn), case let .list(items)? = constantValue(right),
                   let strings = Self.strings(items) {
                    program.stringSets.append(Program.StringSet(strings))
                    return (program.emit(.inStringSet, left, Int32(program.stringSets.count - 1), range: range), .bool)
                }
            case let .map(key, _):
                guard Self.comparable(leftType, key) else {
                    throw typeError("'in' looks for \(leftType) among map keys of type \(key); the types must match.", range)
                }
            case .dyn:
                break
            default:
                throw typeError("'in' needs a list or a map on its right, not \(rightType).", rhs.range)
            }
            return emit(.contains, .bool)
        case .add, .subtract, .multiply, .divide, .remainder:
            guard let type = Self.arithmetic(op, leftType, rightType) else {
                throw typeError("No operator '\(op.rawValue)' for \(leftType) and \(rightType); \(hint)", range)
            }
            let code: Program.Op = [.add: .add, .subtract: .subtract, .multiply: .multiply, .divide: .divide][op] ?? .remainder
            return emit(code, type)
        }
    }

    private static func strings(_ items: [FactValue]) -> Set<String>? {
        var set: Set<String> = []
        for item in items {
            guard case let .string(text) = item else { return nil }
            set.insert(text)
        }
        return set
    }

    // MARK: Calls and macros

    private mutating func call(_ name: String, nameRange: Range<Int>, target: Syntax?, arguments: [Syntax],
                               _ range: Range<Int>) throws(ExpressionError) -> (Int32, FactType) {
        if let target, ["all", "exists", "exists_one", "map", "filter"].contains(name) {
            return try comprehension(name, target: target, arguments: arguments, range)
        }
        if name == "has", target == nil {
            return try has(arguments, range)
        }
        if let hint = Catalog.unsupported[name] {
            throw typeError(hint, nameRange)
        }
        let isMethod = target != nil
        guard (isMethod ? Catalog.methods : Catalog.globalFunctions).contains(name) else {
            let other = isMethod ? Catalog.globalFunctions : Catalog.methods
            if other.contains(name) {
                let form = isMethod ? "\(name)(value)" : "value.\(name)(…)"
                throw typeError("'\(name)' is called as \(form).", nameRange)
            }
            let suggestion = Suggestions.closest(to: name, in: Catalog.allNames)
            throw typeError("Unknown function '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "; see docs/rules.md for the functions rules can use."), nameRange)
        }
        var codes: [Int32] = []
        var types: [FactType] = []
        var syntaxes: [Syntax] = []
        for argument in (target.map { [$0] } ?? []) + arguments {
            let (code, type) = try compile(argument)
            codes.append(code)
            types.append(type)
            syntaxes.append(argument)
        }
        func arity(_ count: Int) throws(ExpressionError) {
            guard codes.count == count else {
                let given = codes.count - (isMethod ? 1 : 0), wanted = count - (isMethod ? 1 : 0)
                throw typeError("'\(name)' takes \(wanted) argument\(wanted == 1 ? "" : "s"), not \(given).", range)
            }
        }
        func accept(_ allowed: [FactType], _ position: Int, _ what: String) throws(ExpressionError) {
            let type = types[position]
            guard type == .dyn || allowed.contains(where: { Self.sameKind($0, type) }) else {
                throw typeError("\(what) of '\(name)' must be \(Self.alternatives(allowed)), not \(type).", syntaxes[position].range)
            }
        }
        let function: Program.Function
        let resultType: FactType
        switch name {
        case "size":
            try arity(1)
            try accept([.string, .list(.dyn), .map(.dyn, .dyn)], 0, "The argument")
            (function, resultType) = (.size, .int)
        case "contains", "startsWith", "endsWith":
            try arity(2)
            try accept([.string], 0, "The receiver")
            try accept([.string], 1, "The argument")
            function = name == "contains" ? .contains : (name == "startsWith" ? .startsWith : .endsWith)
            resultType = .bool
        case "matches":
            try arity(2)
            try accept([.string], 0, "The text")
            try accept([.string], 1, "The pattern")
            if case let .string(pattern)? = constantValue(codes[1]) {
                let regex: Pattern
                do { regex = try Pattern(pattern) } catch {
                    throw typeError("The regular expression \(ValueText.quoted(pattern)) is invalid; check its brackets and escapes (see docs/rules.md).",
                                    syntaxes[1].range)
                }
                program.regexes.append(regex)
                return (program.emit(.matchesConstant, codes[0], Int32(program.regexes.count - 1), range: range), .bool)
            }
            (function, resultType) = (.matches, .bool)
        case "int":
            try arity(1)
            try accept([.int, .double, .string, .timestamp], 0, "The argument")
            (function, resultType) = (.toInt, .int)
        case "double":
            try arity(1)
            try accept([.int, .double, .string], 0, "The argument")
            (function, resultType) = (.toDouble, .double)
        case "string":
            try arity(1)
            try accept([.string, .int, .double, .bool, .timestamp, .duration], 0, "The argument")
            (function, resultType) = (.toString, .string)
        case "bool":
            try arity(1)
            try accept([.bool, .string], 0, "The argument")
            (function, resultType) = (.toBool, .bool)
        case "timestamp", "duration":
            try arity(1)
            try accept(name == "timestamp" ? [.string, .int, .timestamp] : [.string, .duration], 0, "The argument")
            function = name == "timestamp" ? .toTimestamp : .toDuration
            resultType = name == "timestamp" ? .timestamp : .duration
            if let constant = constantValue(codes[0]) {
                // Check literal timestamps and durations now, so a typo fails at load time.
                do {
                    let value = name == "timestamp" ? try Conversions.toTimestamp(constant) : try Conversions.toDuration(constant)
                    return (program.emit(.constant, program.constant(value), range: range), resultType)
                } catch {
                    throw typeError(error.message, syntaxes[0].range)
                }
            }
        default:
            throw typeError("Unknown function '\(name)'.", nameRange)
        }
        let (start, end) = program.operandList(codes)
        return (program.emit(.call, start, end, function.rawValue, range: range), resultType)
    }

    private mutating func has(_ arguments: [Syntax], _ range: Range<Int>) throws(ExpressionError) -> (Int32, FactType) {
        guard arguments.count == 1, case let .select(target, field, _) = arguments[0].kind else {
            throw typeError("has() takes one field selection, such as has(record.minutes).", range)
        }
        if let segments = qualifiedName(arguments[0]), !isLocal(segments[0].0) {
            switch resolve(segments) {
            case let .fact(name, _, remaining) where remaining.isEmpty:
                let slot = program.slot(for: key(name))
                slotsRead.insert(slot)
                return (program.emit(.hasFact, slot, range: range), .bool)
            case .fact:
                break
            case let .group(group):
                throw typeError("has() tests one fact, not the group '\(group)'; use e.g. has(\(group).\(schema.members(of: group).first ?? "field")).", arguments[0].range)
            case let .unknown(known, failing, failingRange):
                throw unknownNameError(known: known, failing: failing, range: failingRange)
            }
        }
        let (code, type) = try compile(target)
        switch type {
        case .map(.string, _), .map(.dyn, _), .dyn: break
        default: throw typeError("has() tests a field of a map, but this is \(type).", target.range)
        }
        return (program.emit(.hasField, code, program.constant(.string(field)), range: range), .bool)
    }

    private mutating func comprehension(_ name: String, target: Syntax, arguments: [Syntax],
                                        _ range: Range<Int>) throws(ExpressionError) -> (Int32, FactType) {
        let allowsThree = name == "map"
        guard arguments.count == 2 || (allowsThree && arguments.count == 3) else {
            throw typeError("\(name)() takes a variable and \(allowsThree ? "an expression (and optionally a filter before it)" : "a predicate"), like \(name)(x, x > 0).", range)
        }
        guard case let .identifier(variable) = arguments[0].kind else {
            throw typeError("The first argument of \(name)() must be a variable name, like x.", arguments[0].range)
        }
        let (rangeCode, rangeType) = try compile(target)
        let elementType: FactType
        switch rangeType {
        case let .list(element): elementType = element
        case let .map(key, _):
            elementType = key  // every macro iterates a map's keys
        case .dyn: elementType = .dyn
        default: throw typeError("\(name)() iterates over a list or a map, not \(rangeType).", target.range)
        }
        let local = Int32(program.localCount)
        program.localCount += 1
        scopes.append((variable, elementType, local))
        defer { scopes.removeLast() }
        var filterCode: Int32?
        var bodySyntax = arguments[1]
        if arguments.count == 3 {
            let (code, type) = try compile(arguments[1])
            try expectBool(type, arguments[1].range, "The filter of map()")
            filterCode = code
            bodySyntax = arguments[2]
        }
        let (bodyCode, bodyType) = try compile(bodySyntax)
        let kind: Program.ComprehensionKind
        let resultType: FactType
        switch name {
        case "all", "exists", "exists_one":
            try expectBool(bodyType, bodySyntax.range, "The predicate of \(name)()")
            kind = name == "all" ? .all : (name == "exists" ? .exists : .existsOne)
            resultType = .bool
        case "filter":
            try expectBool(bodyType, bodySyntax.range, "The predicate of filter()")
            (kind, resultType) = (.filter, .list(elementType))
        default:
            (kind, resultType) = (.map, .list(bodyType))
        }
        program.comprehensions.append(Program.Comprehension(kind: kind, range: rangeCode, local: local, body: bodyCode, filter: filterCode))
        return (program.emit(.comprehension, Int32(program.comprehensions.count - 1), range: range), resultType)
    }

    // MARK: Type rules

    /// Whether two types are the same kind, ignoring element types.
    static func sameKind(_ a: FactType, _ b: FactType) -> Bool {
        switch (a, b) {
        case (.list, .list), (.map, .map): true
        default: a == b
        }
    }

    /// The common type of two branches or elements, or `nil` when they cannot mix.
    static func join(_ a: FactType, _ b: FactType) -> FactType? {
        if a == b { return a }
        switch (a, b) {
        case (.dyn, _), (_, .dyn): return .dyn
        case (.null, _): return b
        case (_, .null): return a
        case let (.list(x), .list(y)): return .list(join(x, y) ?? .dyn)
        case let (.map(k1, v1), .map(k2, v2)): return .map(join(k1, k2) ?? .dyn, join(v1, v2) ?? .dyn)
        default: return nil
        }
    }

    /// Whether `==` between the types can ever be true.
    static func comparable(_ a: FactType, _ b: FactType) -> Bool {
        switch (a, b) {
        case (.dyn, _), (_, .dyn), (.null, _), (_, .null): return true
        case (.int, .double), (.double, .int): return true
        case let (.list(x), .list(y)): return comparable(x, y)
        case let (.map(k1, v1), .map(k2, v2)): return comparable(k1, k2) && comparable(v1, v2)
        default: return a == b
        }
    }

    /// Whether `<` and friends apply.
    static func orderable(_ a: FactType, _ b: FactType) -> Bool {
        let ordered: [FactType] = [.int, .double, .string, .bool, .timestamp, .duration]
        switch (a, b) {
        case (.dyn, .dyn): return true
        case (.dyn, let other), (let other, .dyn): return ordered.contains(other)
        case (.int, .double), (.double, .int): return true
        default: return a == b && ordered.contains(a)
        }
    }

    /// The result type of an arithmetic operator, or `nil` when no overload applies.
    static func arithmetic(_ op: BinaryOperator, _ a: FactType, _ b: FactType) -> FactType? {
        switch (op, a, b) {
        case (_, .dyn, .dyn): return .dyn
        case (.add, .dyn, let other), (.add, let other, .dyn):
            return [.int, .double, .string, .timestamp, .duration].contains(other) || sameKind(other, .list(.dyn)) ? .dyn : nil
        case (_, .dyn, let other), (_, let other, .dyn):
            return [.int, .double, .timestamp, .duration].contains(other) ? .dyn : nil
        case (.remainder, .int, .int): return .int
        case (.remainder, _, _): return nil
        case (_, .int, .int): return .int
        case (_, .double, .double): return .double
        case (.add, .string, .string): return .string
        case let (.add, .list(x), .list(y)): return .list(join(x, y) ?? .dyn)
        case (.add, .timestamp, .duration), (.add, .duration, .timestamp): return .timestamp
        case (.add, .duration, .duration), (.subtract, .duration, .duration): return .duration
        case (.subtract, .timestamp, .timestamp): return .duration
        case (.subtract, .timestamp, .duration): return .timestamp
        default: return nil
        }
    }

    /// "string, list or map".
    static func alternatives(_ types: [FactType]) -> String {
        let names = types.map { type -> String in
            switch type {
            case .list: "list"
            case .map: "map"
            default: type.description
            }
        }
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }

    /// A hint for mixing types: convert explicitly.
    static func conversionHint(_ a: FactType, _ b: FactType, quotedLiteral: Bool = false) -> String {
        let pair = Set([a, b])
        if pair == [.int, .double] { return "convert one side with int(…) or double(…)." }
        if pair.contains(.string), pair.contains(.int) || pair.contains(.double) {
            return quotedLiteral ? "remove the quotes around the number, or convert with int(…), double(…) or string(…)."
                : "convert one side with int(…), double(…) or string(…)."
        }
        if pair.contains(.timestamp), pair.contains(.string) { return "wrap the text in timestamp(\"…\")." }
        if pair.contains(.duration), pair.contains(.string) { return "wrap the text in duration(\"…\")." }
        return "both sides must have the same type."
    }
}
