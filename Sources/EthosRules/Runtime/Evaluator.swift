internal import Foundation

/// Records the outcome of each instruction an evaluation runs; `NoTrace` compiles away.
protocol Tracer {
    static var isEnabled: Bool { get }
    mutating func record(_ instruction: Int32, _ outcome: Result<FactValue, EvaluationError>)
}

/// The tracer of ordinary evaluation: records nothing.
struct NoTrace: Tracer {
    static var isEnabled: Bool { false }
    mutating func record(_: Int32, _: Result<FactValue, EvaluationError>) {}
}

/// The tracer of explained evaluation: the last outcome of every instruction that ran.
struct RecordingTrace: Tracer {
    static var isEnabled: Bool { true }
    var outcomes: [Int32: Result<FactValue, EvaluationError>] = [:]
    mutating func record(_ instruction: Int32, _ outcome: Result<FactValue, EvaluationError>) {
        outcomes[instruction] = outcome
    }
}

/// Runs a ``Program`` against one record's facts. Facts are fetched from the source the first
/// time an instruction reads them and kept for the rest of the evaluation.
struct Evaluator<Source: FactSource, Trace: Tracer> {
    private let program: Program
    private let source: Source
    private var slots: [FactValue?]
    private var loaded: [Bool]
    private var locals: [FactValue]
    var tracer: Trace

    init(program: Program, source: Source, tracer: Trace) {
        self.program = program
        self.source = source
        self.tracer = tracer
        slots = Array(repeating: nil, count: program.factNames.count)
        loaded = Array(repeating: false, count: program.factNames.count)
        locals = Array(repeating: .null, count: program.localCount)
    }

    /// The value of slot `slot`, fetching it on first use; `nil` when the fact is absent.
    mutating func fact(_ slot: Int32) -> FactValue? {
        let index = Int(slot)
        if !loaded[index] {
            slots[index] = source.fact(named: program.factNames[index])
            loaded[index] = true
        }
        return slots[index]
    }

    /// The fact values read so far, by name; absent facts are left out.
    func factsRead(slots wanted: [Int32]) -> [(String, FactValue?)] {
        wanted.filter { loaded[Int($0)] }.map { (program.factNames[Int($0)], slots[Int($0)]) }
    }

    mutating func evaluate(_ index: Int32) throws(EvaluationError) -> FactValue {
        guard Trace.isEnabled else { return try step(index) }
        do {
            let value = try step(index)
            tracer.record(index, .success(value))
            return value
        } catch {
            tracer.record(index, .failure(error))
            throw error
        }
    }

    private mutating func outcome(_ index: Int32) -> Result<FactValue, EvaluationError> {
        do { return .success(try evaluate(index)) } catch { return .failure(error) }
    }

    private func failure(_ message: String, _ index: Int32) -> EvaluationError {
        EvaluationError(message, at: program.ranges[Int(index)])
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
                throw failure("No value for '\(program.factNames[Int(instruction.a)])' in this record; guard the rule with has(\(program.factNames[Int(instruction.a)])).", index)
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
            let decisive = instruction.op == .or
            let left = outcome(instruction.a)
            if case .success(.bool(decisive)) = left { return .bool(decisive) }
            let right = outcome(instruction.b)
            if case .success(.bool(decisive)) = right { return .bool(decisive) }
            switch (left, right) {
            case (.success(.bool), .success(.bool)): return .bool(!decisive)
            case let (.failure(error), _), let (_, .failure(error)): throw error
            default:
                throw failure("The operands of '\(decisive ? "||" : "&&")' must be bools.", index)
            }
        case .conditional:
            return try evaluate(try bool(instruction.a, "The condition of '?:'") ? instruction.b : instruction.c)
        case .add, .subtract, .multiply, .divide, .remainder:
            let left = try evaluate(instruction.a)
            let right = try evaluate(instruction.b)
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
            return .bool(Self.search(program.regexes[Int(instruction.b)], in: text))
        case .comprehension:
            return try comprehension(index, program.comprehensions[Int(instruction.a)])
        }
    }

    static func search(_ regex: NSRegularExpression, in text: String) -> Bool {
        regex.firstMatch(in: text, options: [], range: NSRange(text.startIndex..., in: text)) != nil
    }

    private mutating func call(_ index: Int32, _ instruction: Program.Instruction) throws(EvaluationError) -> FactValue {
        guard let function = Program.Function(rawValue: instruction.c) else { throw failure("Unknown function.", index) }
        var arguments: [FactValue] = []
        for operand in program.operands[Int(instruction.a)..<Int(instruction.b)] {
            arguments.append(try evaluate(operand))
        }
        switch (function, arguments.count) {
        case (.size, 1):
            switch arguments[0] {
            case let .string(text): return .int(Int64(text.unicodeScalars.count))
            case let .list(items): return .int(Int64(items.count))
            case let .map(map): return .int(Int64(map.count))
            default: throw failure("No function size() for \(arguments[0].kindName).", index)
            }
        case (.contains, 2), (.startsWith, 2), (.endsWith, 2), (.matches, 2):
            guard case let .string(text) = arguments[0], case let .string(needle) = arguments[1] else {
                throw failure("This function needs two strings, not \(arguments[0].kindName) and \(arguments[1].kindName).", index)
            }
            switch function {
            case .contains: return .bool(needle.isEmpty || text.utf8.firstRange(of: needle.utf8) != nil)
            case .startsWith: return .bool(text.utf8.starts(with: needle.utf8))
            case .endsWith: return .bool(text.utf8.reversed().starts(with: needle.utf8.reversed()))
            default:
                let regex: NSRegularExpression
                do { regex = try NSRegularExpression(pattern: needle) } catch {
                    throw failure("Invalid regular expression '\(needle)'.", index)
                }
                return .bool(Self.search(regex, in: text))
            }
        case (.toInt, 1): return try lift(index) { () throws(Operations.Failure) in try Conversions.toInt(arguments[0]) }
        case (.toDouble, 1): return try lift(index) { () throws(Operations.Failure) in try Conversions.toDouble(arguments[0]) }
        case (.toString, 1): return try lift(index) { () throws(Operations.Failure) in try Conversions.toString(arguments[0]) }
        case (.toTimestamp, 1): return try lift(index) { () throws(Operations.Failure) in try Conversions.toTimestamp(arguments[0]) }
        case (.toDuration, 1): return try lift(index) { () throws(Operations.Failure) in try Conversions.toDuration(arguments[0]) }
        default: throw failure("Wrong number of arguments.", index)
        }
    }

    private mutating func comprehension(_ index: Int32, _ spec: Program.Comprehension) throws(EvaluationError) -> FactValue {
        let range = try evaluate(spec.range)
        let elements: [FactValue]
        switch range {
        case let .list(items): elements = items
        case let .map(map):
            guard spec.kind != .map, spec.kind != .filter else {
                throw failure("map() and filter() work on lists, not maps; iterate over the keys with a list.", index)
            }
            elements = map.keys
        default: throw failure("Cannot iterate over a \(range.kindName).", index)
        }
        let local = Int(spec.local)
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
