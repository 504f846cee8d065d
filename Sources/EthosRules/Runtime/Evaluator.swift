internal import EthosText
internal import Foundation

/// The outcome of every instruction an explained evaluation ran (the last, inside macros).
struct RecordingTrace {
    var outcomes: [Int32: Result<FactValue, EvaluationError>] = [:]
}

/// A fact slot of one evaluation: not asked for yet, or fetched (nil when the fact is absent).
private enum Slot {
    case notFetched
    case fetched(FactValue?)
}

/// Runs a ``Program`` against one record's facts. Facts are fetched from the source the first
/// time an instruction reads them and kept for the rest of the evaluation.
///
/// Not generic on purpose: callers in other modules would otherwise run unspecialised generic
/// code, which costs more than the evaluation itself. The source is asked once per fact.
struct Evaluator {
    /// Held by value, not through a shared reference: read through a class, every instruction's
    /// access to the program's arrays retained them (100 rules: 5.7 µs instead of 3.9); copying
    /// it retains each array once an evaluation.
    private let program: Program
    private let source: any FactSource
    /// Each slot's fact once fetched (one array, not a value array and a flag array: making an
    /// array of a type from another module costs a runtime metadata lookup each time).
    private var slots: [Slot]
    private var locals: [FactValue]
    /// Answers of shared leaf tests so far (0 not yet, 1 false, 2 true), by ``Program/sharedTest``.
    private var answers: [UInt8]
    /// The last text `matches()` searched, lower-cased, for the next pattern over the same text.
    private var lowered: LoweredText?
    /// `nil` for ordinary evaluation; set to record every outcome for explanations.
    var tracer: RecordingTrace?
    /// Macro iterations and list elements made so far in this evaluation.
    private var steps = 0
    /// The most an evaluation may take: macros over lists the compiler could not size (a fact's
    /// list) stop here with an error, in milliseconds, rather than running on.
    static let stepBudget = 100_000

    init(program: Program, source: any FactSource, tracing: Bool) {
        self.program = program
        self.source = source
        self.tracer = tracing ? RecordingTrace() : nil
        slots = Array(filling: .notFetched, count: program.factKeys.count)
        locals = Array(filling: .null, count: program.localCount)
        answers = tracing || program.sharedTest.isEmpty ? [] : Array(filling: 0, count: program.instructions.count)
    }

    /// The value of slot `slot`, fetching it on first use; `nil` when the fact is absent.
    mutating func fact(_ slot: Int32) -> FactValue? {
        let index = Int(slot)
        if case let .fetched(value) = slots[index] { return value }
        let value = source.fact(program.factKeys[index])
        slots[index] = .fetched(value)
        return value
    }

    /// The fact values read so far, by name; absent facts are left out.
    func factsRead(slots wanted: [Int32]) -> [(String, FactValue?)] {
        wanted.compactMap { slot in
            guard case let .fetched(value) = slots[Int(slot)] else { return nil }
            return (program.factKeys[Int(slot)].name, value)
        }
    }

    mutating func evaluate(_ index: Int32) throws(EvaluationError) -> FactValue {
        guard tracer != nil else {
            // Fast path for leaves, which are most nodes: no trip through the big switch.
            let instruction = program.instructions[Int(index)]
            switch instruction.op {
            case .constant: return program.constants[Int(instruction.a)]
            case .fact: if let value = fact(instruction.a) { return value }
            case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .call, .inStringSet, .contains:
                if let result = leafBool(index) { return .bool(result) }
            case .and, .or:
                // `a && b` and `a || b` of leaf tests, the commonest rule shape, without the general path.
                let decisive = instruction.op == .or
                if let left = leafBool(instruction.a) {
                    if left == decisive { return .bool(decisive) }
                    if let right = leafBool(instruction.b) { return .bool(right) }
                }
            default: break
            }
            return try step(index)
        }
        do {
            let value = try step(index)
            tracer?.outcomes[index] = .success(value)
            return value
        } catch {
            tracer?.outcomes[index] = .failure(error)
            throw error
        }
    }

    /// A comparison of two leaves (facts present, constants) of the same scalar type, answered
    /// without the general path; nil for anything else, which then takes it. Only untraced
    /// evaluation uses it, so explanations still show every sub-expression.
    private mutating func leafComparison(_ instruction: Program.Instruction) -> Bool? {
        guard let left = leaf(instruction.a), let right = leaf(instruction.b) else { return nil }
        let order: Int
        switch (left, right) {
        case let (.int(a), .int(b)): order = a < b ? -1 : (a == b ? 0 : 1)
        case let (.double(a), .double(b)):
            if a.isNaN || b.isNaN { return instruction.op == .notEqual }
            order = a < b ? -1 : (a == b ? 0 : 1)
        case let (.string(a), .string(b)):
            if instruction.op == .equal || instruction.op == .notEqual { return StringBytes.equal(a, b) == (instruction.op == .equal) }
            order = StringBytes.compare(a, b)
        case let (.bool(a), .bool(b)): order = a == b ? 0 : (!a ? -1 : 1)
        default: return nil
        }
        switch instruction.op {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        default: return order >= 0
        }
    }

    /// A test on leaves answered directly — a comparison, a string function, membership in a
    /// constant set or in a list fact, a bool constant or fact — or nil: the general path decides
    /// (and reports errors).
    private mutating func leafBool(_ index: Int32) -> Bool? {
        let instruction = program.instructions[Int(index)]
        let shared = answers.isEmpty ? -1 : Int(program.sharedTest[Int(index)])
        if shared >= 0 {
            if answers[shared] != 0 { return answers[shared] == 2 }
            let answer = leafTest(instruction, index)
            if let answer { answers[shared] = answer ? 2 : 1 }
            return answer
        }
        return leafTest(instruction, index)
    }

    @inline(__always)
    private mutating func leafTest(_ instruction: Program.Instruction, _ index: Int32) -> Bool? {
        switch instruction.op {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return leafComparison(instruction)
        case .call: return leafStringCall(instruction)
        case .inStringSet:
            guard case let .string(text)? = leaf(instruction.a) else { return nil }
            return program.stringSets[Int(instruction.b)].contains(text)
        case .contains:
            guard case let .string(element)? = leaf(instruction.a), case let .list(items)? = leaf(instruction.b) else { return nil }
            var found = false
            for item in items {
                guard case let .string(text) = item else { return nil }  // mixed lists: CEL's equality rules apply
                if StringBytes.equal(text, element) { found = true; break }
            }
            return found
        case .constant, .fact:
            guard case let .bool(flag)? = leaf(index) else { return nil }
            return flag
        default: return nil
        }
    }

    /// `contains`, `startsWith` or `endsWith` on two string leaves; nil for anything else.
    private mutating func leafStringCall(_ instruction: Program.Instruction) -> Bool? {
        guard let call = program.stringTest(instruction), case let .string(text)? = leaf(call.text),
              case let .string(needle)? = leaf(call.needle) else { return nil }
        return Self.stringTest(call.function, text, needle)
    }

    /// `contains`, `startsWith` or `endsWith` of `needle` in `text`, by bytes.
    static func stringTest(_ function: Program.Function, _ text: String, _ needle: String) -> Bool {
        switch function {
        case .contains: StringBytes.contains(text, needle)
        case .startsWith: StringBytes.hasPrefix(text, needle)
        default: StringBytes.hasSuffix(text, needle)
        }
    }

    /// The value of a constant or present fact, without evaluating anything else.
    @inline(__always)
    private mutating func leaf(_ index: Int32) -> FactValue? {
        let instruction = program.instructions[Int(index)]
        switch instruction.op {
        case .constant: return program.constants[Int(instruction.a)]
        case .fact: return fact(instruction.a)
        case .call: return leafSize(instruction)
        default: return nil
        }
    }

    /// `size()` of a leaf list or map, as in `size(record.principles) > 1`; nil for other calls.
    @inline(never)
    private mutating func leafSize(_ instruction: Program.Instruction) -> FactValue? {
        guard let operand = program.sizeOperand(instruction) else { return nil }
        switch leaf(operand) {
        case let .list(items)?: return .int(Int64(items.count))
        case let .map(map)?: return .int(Int64(map.count))
        default: return nil
        }
    }

    private mutating func outcome(_ index: Int32) -> Result<FactValue, EvaluationError> {
        do { return .success(try evaluate(index)) } catch { return .failure(error) }
    }

    private func failure(_ message: String, _ index: Int32) -> EvaluationError {
        EvaluationError(message, at: program.ranges[Int(index)])
    }

    static let regexTimeout = "The regular expression was stopped on this text: it backtracks too much (nested repetition such as "
        + "(a+)+ over a long text); simplify it."

    /// Starts a new expression's budget (each rule of a set has its own).
    mutating func resetBudget() { steps = 0 }

    /// Counts `count` steps of the work at `index`; throws once the budget is spent.
    private mutating func spend(_ count: Int, at index: Int32) throws(EvaluationError) {
        steps += count
        if steps > Self.stepBudget {
            throw failure("The expression took more than \(Self.stepBudget) steps and was stopped; use shorter lists or fewer nested macros.", index)
        }
    }

    private func lift<T>(_ index: Int32, _ body: () throws(Operations.Failure) -> T) throws(EvaluationError) -> T {
        do { return try body() } catch { throw failure(error.message, index) }
    }

    private mutating func bool(_ index: Int32, _ what: String) throws(EvaluationError) -> Bool {
        let value = try evaluate(index)
        guard case let .bool(flag) = value else {
            throw failure("\(what) must be a bool, not \(value.kindName).", index)
        }
        return flag
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private mutating func step(_ index: Int32) throws(EvaluationError) -> FactValue {
        let instruction = program.instructions[Int(index)]
        switch instruction.op {
        case .constant:
            return program.constants[Int(instruction.a)]
        case .fact:
            guard let value = fact(instruction.a) else {
                let name = program.factKeys[Int(instruction.a)].name
                throw failure("No value for '\(name)' in this record; guard the rule with has(\(name)).", index)
            }
            return value
        case .local:
            return locals[Int(instruction.a)]
        case .hasFact:
            return .bool(fact(instruction.a) != nil)
        case .selectField, .hasField:
            let target = try evaluate(instruction.a)
            guard case let .string(field) = program.constants[Int(instruction.b)] else { throw failure("Invalid field.", index) }
            guard case let .map(map) = target else {
                throw failure("A \(target.kindName) has no field '\(field)'.", index)
            }
            if instruction.op == .hasField { return .bool(map.contains(.string(field))) }
            guard let value = map[.string(field)] else { throw failure("No key '\(field)' in the map.", index) }
            return value
        case .index:
            let target = try evaluate(instruction.a)
            let key = try evaluate(instruction.b)
            switch (target, key) {
            case let (.list(items), .int(position)):
                guard position >= 0, position < items.count else {
                    throw failure("Index \(position) is out of range for a list of \(items.count) elements.", index)
                }
                return items[Int(position)]
            case let (.map(map), _):
                guard let value = Operations.lookup(map, key) else { throw failure("No key \(ValueText.literal(key)) in the map.", index) }
                return value
            default:
                throw failure("Cannot index a \(target.kindName) with a \(key.kindName).", index)
            }
        case .not:
            return .bool(!(try bool(instruction.a, "The operand of '!'")))
        case .negate:
            let value = try evaluate(instruction.a)
            return try lift(index) { () throws(Operations.Failure) in try Operations.negate(value) }
        case .and, .or:
            // CEL's commutative logic: a deciding operand wins over an error on the other side.
            let decisive = instruction.op == .or
            var leftError: EvaluationError?
            do {
                if case let .bool(flag) = try evaluate(instruction.a) {
                    if flag == decisive { return .bool(decisive) }
                } else {
                    leftError = failure("The operands of '\(decisive ? "||" : "&&")' must be bools.", index)
                }
            } catch {
                leftError = error
            }
            let right = try evaluate(instruction.b)
            guard case let .bool(flag) = right else {
                throw failure("The operands of '\(decisive ? "||" : "&&")' must be bools.", index)
            }
            if flag == decisive { return .bool(decisive) }
            if let leftError { throw leftError }
            return .bool(!decisive)
        case .conditional:
            return try evaluate(try bool(instruction.a, "The condition of '?:'") ? instruction.b : instruction.c)
        case .add, .subtract, .multiply, .divide, .remainder:
            let left = try evaluate(instruction.a)
            let right = try evaluate(instruction.b)
            if case let .list(first) = left, case let .list(second) = right { try spend(first.count + second.count, at: index) }
            return try lift(index) { () throws(Operations.Failure) -> FactValue in
                switch instruction.op {
                case .add: try Operations.add(left, right)
                case .subtract: try Operations.subtract(left, right)
                case .multiply: try Operations.multiply(left, right)
                case .divide: try Operations.divide(left, right)
                default: try Operations.remainder(left, right)
                }
            }
        case .equal, .notEqual:
            let left = try evaluate(instruction.a)
            let right = try evaluate(instruction.b)
            return .bool(Operations.equal(left, right) == (instruction.op == .equal))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let left = try evaluate(instruction.a)
            let right = try evaluate(instruction.b)
            let symbol = ["<", "<=", ">", ">="][Int(instruction.op.rawValue - Program.Op.less.rawValue)]
            guard let order = try lift(index, { () throws(Operations.Failure) in try Operations.order(left, right, symbol) }) else {
                return .bool(false)
            }
            switch instruction.op {
            case .less: return .bool(order < 0)
            case .lessOrEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case .contains:
            let element = try evaluate(instruction.a)
            let container = try evaluate(instruction.b)
            return .bool(try lift(index) { () throws(Operations.Failure) in try Operations.contains(container, element) })
        case .inStringSet:
            let element = try evaluate(instruction.a)
            guard case let .string(text) = element else { return .bool(false) }
            return .bool(program.stringSets[Int(instruction.b)].contains(text))
        case .list:
            try spend(Int(instruction.b - instruction.a), at: index)
            var items: [FactValue] = []
            items.reserveCapacity(Int(instruction.b - instruction.a))
            for operand in program.operands[Int(instruction.a)..<Int(instruction.b)] {
                items.append(try evaluate(operand))
            }
            return .list(items)
        case .map:
            var map = FactMap()
            var position = Int(instruction.a)
            while position < Int(instruction.b) {
                let key = try evaluate(program.operands[position])
                let value = try evaluate(program.operands[position + 1])
                switch key {
                case .string, .int, .bool: break
                default: throw failure("A map key must be a string, int or bool, not \(key.kindName).", program.operands[position])
                }
                if Operations.lookup(map, key) != nil {
                    throw failure("The map literal repeats the key \(ValueText.literal(key)).", program.operands[position])
                }
                map[key] = value
                position += 2
            }
            return .map(map)
        case .call:
            return try call(index, instruction)
        case .matchesConstant:
            let value = try evaluate(instruction.a)
            guard case let .string(text) = value else { throw failure("matches() needs a string, not \(value.kindName).", index) }
            // The pattern is borrowed from the program, which outlives this call: retaining it for
            // the call (the compiler did, `lowered` being mutated meanwhile) made every core
            // write to one count, six times a record.
            let pattern = Unmanaged.passUnretained(program.regexes[Int(instruction.b)])
            let found: Bool? = pattern._withUnsafeGuaranteedRef { pattern in try? pattern.search(text, lowered: &lowered) }
            guard let found else { throw failure(Self.regexTimeout, index) }
            return .bool(found)
        case .comprehension:
            return try comprehension(index, program.comprehensions[Int(instruction.a)])
        }
    }

    private mutating func call(_ index: Int32, _ instruction: Program.Instruction) throws(EvaluationError) -> FactValue {
        guard let function = Program.Function(rawValue: instruction.c) else { throw failure("Unknown function.", index) }
        // Every function takes one or two arguments: evaluate them without building an array.
        let count = Int(instruction.b - instruction.a)
        guard count == 1 || count == 2 else { throw failure("Wrong number of arguments.", index) }
        let first = try evaluate(program.operands[Int(instruction.a)])
        let second = count == 2 ? try evaluate(program.operands[Int(instruction.a) + 1]) : nil
        switch (function, second) {
        case (.size, nil):
            switch first {
            case let .string(text): return .int(Int64(text.unicodeScalars.count))
            case let .list(items): return .int(Int64(items.count))
            case let .map(map): return .int(Int64(map.count))
            default: throw failure("No function size() for \(first.kindName).", index)
            }
        case let (.contains, argument?), let (.startsWith, argument?), let (.endsWith, argument?), let (.matches, argument?):
            guard case let .string(text) = first, case let .string(needle) = argument else {
                throw failure("This function needs two strings, not \(first.kindName) and \(argument.kindName).", index)
            }
            switch function {
            case .contains, .startsWith, .endsWith: return .bool(Self.stringTest(function, text, needle))
            default:
                let regex: Pattern
                do { regex = try Pattern(needle) } catch {
                    throw failure("Invalid regular expression '\(needle)'.", index)
                }
                do { return .bool(try regex.search(text)) } catch { throw failure(Self.regexTimeout, index) }
            }
        case (.toInt, nil): return try lift(index) { () throws(Operations.Failure) in try Conversions.toInt(first) }
        case (.toDouble, nil): return try lift(index) { () throws(Operations.Failure) in try Conversions.toDouble(first) }
        case (.toString, nil): return try lift(index) { () throws(Operations.Failure) in try Conversions.toString(first) }
        case (.toBool, nil): return try lift(index) { () throws(Operations.Failure) in try Conversions.toBool(first) }
        case (.toTimestamp, nil): return try lift(index) { () throws(Operations.Failure) in try Conversions.toTimestamp(first) }
        case (.toDuration, nil): return try lift(index) { () throws(Operations.Failure) in try Conversions.toDuration(first) }
        default: throw failure("Wrong number of arguments.", index)
        }
    }

    private mutating func comprehension(_ index: Int32, _ spec: Program.Comprehension) throws(EvaluationError) -> FactValue {
        let range = try evaluate(spec.range)
        let elements: [FactValue]
        switch range {
        case let .list(items): elements = items
        case let .map(map):
            elements = map.keys
        default: throw failure("Cannot iterate over a \(range.kindName).", index)
        }
        let local = Int(spec.local)
        try spend(elements.count, at: index)
        switch spec.kind {
        case .all, .exists:
            let decisive = spec.kind == .exists
            var firstError: EvaluationError?
            for element in elements {
                locals[local] = element
                switch outcome(spec.body) {
                case .success(.bool(decisive)): return .bool(decisive)
                case .success(.bool): continue
                case let .success(other): firstError = firstError ?? failure("The predicate must be a bool, not \(other.kindName).", spec.body)
                case let .failure(error): firstError = firstError ?? error
                }
            }
            if let firstError { throw firstError }
            return .bool(!decisive)
        case .existsOne:
            var count = 0
            for element in elements {
                locals[local] = element
                if try bool(spec.body, "The predicate of exists_one()") { count += 1 }
            }
            return .bool(count == 1)
        case .map:
            var results: [FactValue] = []
            for element in elements {
                locals[local] = element
                if let filter = spec.filter, !(try bool(filter, "The filter of map()")) { continue }
                results.append(try evaluate(spec.body))
            }
            return .list(results)
        case .filter:
            var results: [FactValue] = []
            for element in elements {
                locals[local] = element
                if try bool(spec.body, "The predicate of filter()") { results.append(element) }
            }
            return .list(results)
        }
    }
}
