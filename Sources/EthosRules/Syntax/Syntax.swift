/// The parsed form of an expression, before names and types are resolved.
struct Syntax {
    indirect enum Kind {
        case literal(FactValue)
        case identifier(String)
        /// `target.field`.
        case select(Syntax, field: String, fieldRange: Range<Int>)
        /// `target[index]`.
        case index(Syntax, Syntax)
        /// `function(arguments)` or `target.function(arguments)`; macros too.
        case call(String, nameRange: Range<Int>, target: Syntax?, arguments: [Syntax])
        case list([Syntax])
        case map([(key: Syntax, value: Syntax)])
        case unary(UnaryOperator, Syntax)
        case binary(BinaryOperator, Syntax, Syntax)
        case conditional(Syntax, Syntax, Syntax)
    }

    var kind: Kind
    /// The range in Unicode scalars of the whole sub-expression.
    var range: Range<Int>
    /// The height of the tree below this node (a leaf is 1), which bounds the recursion of
    /// every later pass.
    let height: Int

    init(kind: Kind, range: Range<Int>) {
        self.kind = kind
        self.range = range
        let children: [Syntax]
        switch kind {
        case .literal, .identifier: children = []
        case let .select(target, _, _): children = [target]
        case let .index(target, key): children = [target, key]
        case let .call(_, _, target, arguments): children = (target.map { [$0] } ?? []) + arguments
        case let .list(elements): children = elements
        case let .map(entries): children = entries.flatMap { [$0.key, $0.value] }
        case let .unary(_, operand): children = [operand]
        case let .binary(_, lhs, rhs): children = [lhs, rhs]
        case let .conditional(a, b, c): children = [a, b, c]
        }
        height = (children.map(\.height).max() ?? 0) + 1
    }
}

/// `!` and unary `-`.
enum UnaryOperator: String {
    case not = "!"
    case negate = "-"
}

/// Every binary operator, with CEL's spelling.
enum BinaryOperator: String {
    case or = "||", and = "&&"
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", `in` = "in"
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"

    var isRelation: Bool {
        switch self {
        case .less, .lessOrEqual, .greater, .greaterOrEqual: true
        default: false
        }
    }
}
