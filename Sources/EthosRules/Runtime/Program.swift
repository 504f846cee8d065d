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
        case size, contains, startsWith, endsWith, matches, toInt, toDouble, toString, toTimestamp, toDuration
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
    var factNames: [String] = []
    var localCount = 0

    /// A constant set of strings for `x in [...]`: a linear scan of bytes for a few strings
    /// (cheaper than hashing), a hash set beyond that.
    struct StringSet: Sendable {
        private let small: [String]
        private let large: Set<String>

        init(_ strings: Set<String>) {
            small = strings.count <= 8 ? Array(strings) : []
            large = strings.count <= 8 ? [] : strings
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

    /// The slot for fact `name`, adding it when new.
    mutating func slot(for name: String) -> Int32 {
        if let existing = factNames.firstIndex(of: name) { return Int32(existing) }
        factNames.append(name)
        return Int32(factNames.count - 1)
    }
}
