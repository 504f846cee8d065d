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
