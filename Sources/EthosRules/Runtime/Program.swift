internal import Foundation

/// A compiled expression set: a flat array of instructions whose operands are indices, so
/// evaluation does no parsing, no name lookup and no reference counting of the tree.
struct Program: Sendable {
    enum Op: UInt8, Sendable {
        case constant, fact, local
        case selectField, hasFact, hasField, index
        case not, negate, and, or, conditional
        case add, subtract, multiply, divide, remainder
        case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
        case contains, inStringSet
        case list, map, call, matchesConstant, comprehension
    }

    struct Instruction: Sendable {
        var op: Op
        var a: Int32 = 0
        var b: Int32 = 0
        var c: Int32 = 0
    }

    enum Function: Int32, Sendable {
        case size, contains, startsWith, endsWith, matches, toInt, toDouble, toString, toBool, toTimestamp, toDuration
    }

    enum ComprehensionKind: Sendable {
        case all, exists, existsOne, map, filter
    }

    struct Comprehension: Sendable {
        var kind: ComprehensionKind
        var range: Int32
        var local: Int32
        var body: Int32
        /// For `map(x, filter, transform)`: the filter.
        var filter: Int32?
    }

    var instructions: [Instruction] = []
    /// Where each instruction's sub-expression is, in Unicode scalars of its source.
    var ranges: [Range<Int>] = []
    var constants: [FactValue] = []
    var regexes: [Pattern] = []
    var stringSets: [StringSet] = []
    /// Operand lists for lists, maps and calls: an instruction's `a..<b` indexes this.
    var operands: [Int32] = []
    var comprehensions: [Comprehension] = []
    /// The fact read by each slot.
    var factKeys: [FactKey] = []
    var localCount = 0
    /// For each instruction that tests leaves (`record.kind == "mentoring"`), the first
    /// instruction that tests the same thing, so an evaluation answers it once for every rule
    /// that repeats it; -1 for the rest. Empty until ``shareLeafTests()``.
    var sharedTest: [Int32] = []

    /// A constant set of strings for `x in [...]`: a linear scan of bytes for a few strings
    /// (cheaper than hashing), a hash set beyond that.
    struct StringSet: Sendable {
        private let small: [String]
        private let large: Set<String>
        /// The strings, sorted.
        let members: [String]

        init(_ strings: Set<String>) {
            small = strings.count <= 8 ? Array(strings) : []
            large = strings.count <= 8 ? [] : strings
            members = strings.sorted()
        }

        func contains(_ text: String) -> Bool {
            if large.isEmpty { return small.contains { StringBytes.equal($0, text) } }
            return large.contains(text)
        }
    }

    mutating func emit(_ op: Op, _ a: Int32 = 0, _ b: Int32 = 0, _ c: Int32 = 0, range: Range<Int>) -> Int32 {
        instructions.append(Instruction(op: op, a: a, b: b, c: c))
        ranges.append(range)
        return Int32(instructions.count - 1)
    }

    mutating func constant(_ value: FactValue) -> Int32 {
        constants.append(value)
        return Int32(constants.count - 1)
    }

    mutating func operandList(_ list: [Int32]) -> (Int32, Int32) {
        let start = Int32(operands.count)
        operands += list
        return (start, Int32(operands.count))
    }

    /// The slot for fact `key`, adding it when new.
    mutating func slot(for key: FactKey) -> Int32 {
        if let existing = factKeys.firstIndex(where: { $0.name == key.name }) { return Int32(existing) }
        factKeys.append(key)
        return Int32(factKeys.count - 1)
    }

    /// A call to `contains`, `startsWith` or `endsWith` with two arguments: the function and its
    /// text and needle operands; nil for any other instruction.
    func stringTest(_ instruction: Instruction) -> (function: Function, text: Int32, needle: Int32)? {
        guard instruction.op == .call, instruction.b - instruction.a == 2, let function = Function(rawValue: instruction.c),
              function == .contains || function == .startsWith || function == .endsWith else { return nil }
        return (function, operands[Int(instruction.a)], operands[Int(instruction.a) + 1])
    }

    /// The operand of a call to `size()`; nil for any other instruction.
    func sizeOperand(_ instruction: Instruction) -> Int32? {
        guard instruction.op == .call, instruction.b - instruction.a == 1, Function(rawValue: instruction.c) == .size else { return nil }
        return operands[Int(instruction.a)]
    }

    /// What a leaf test reads and does, for finding repeats: CEL expressions have no side
    /// effects, so equal keys give equal answers within one evaluation.
    indirect enum LeafKey: Hashable {
        case constant(FactValue)
        case fact(Int32)
        case size(LeafKey)
        case test(Op, Int32, [LeafKey], [String])
    }

    /// Fills ``sharedTest``.
    mutating func shareLeafTests() {
        var first: [LeafKey: Int32] = [:]
        sharedTest = instructions.indices.map { index in
            guard let key = testKey(Int32(index)) else { return -1 }
            if let existing = first[key] { return existing }
            first[key] = Int32(index)
            return Int32(index)
        }
    }

    private func testKey(_ index: Int32) -> LeafKey? {
        let instruction = instructions[Int(index)]
        switch instruction.op {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .contains:
            guard let left = leafKey(instruction.a), let right = leafKey(instruction.b) else { return nil }
            return .test(instruction.op, 0, [left, right], [])
        case .inStringSet:
            guard let element = leafKey(instruction.a) else { return nil }
            return .test(instruction.op, 0, [element], stringSets[Int(instruction.b)].members)
        case .call:
            guard let call = stringTest(instruction), let text = leafKey(call.text), let needle = leafKey(call.needle) else { return nil }
            return .test(instruction.op, instruction.c, [text, needle], [])
        default:
            return nil
        }
    }

    private func leafKey(_ index: Int32) -> LeafKey? {
        let instruction = instructions[Int(index)]
        switch instruction.op {
        case .constant: return .constant(constants[Int(instruction.a)])
        case .fact: return .fact(instruction.a)
        case .call:
            guard let operand = sizeOperand(instruction).flatMap(leafKey) else { return nil }
            return .size(operand)
        default: return nil
        }
    }
}
