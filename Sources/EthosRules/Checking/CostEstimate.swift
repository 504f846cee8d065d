/// An upper bound on the steps an expression can take, checked when it is compiled (as CEL
/// implementations estimate cost): a node costs one step plus its children; a macro (`all`,
/// `exists`, `exists_one`, `map`, `filter`) costs its range plus, for every element the range
/// can hold, its body and filter; a list literal costs its elements. A list's size is known
/// when it is written in the expression (or made from one by a macro or `+`); a fact's list,
/// or a macro's variable, counts as one element here — the evaluator's step budget
/// (``Evaluator/stepBudget``) bounds those at run time.
enum CostEstimate {
    /// The most steps an expression may be estimated to take.
    static let limit = 100_000.0

    /// Throws, at the outermost macro whose estimate is over the limit, when the expression's is.
    static func check(_ syntax: Syntax) throws(ExpressionError) {
        var over: Syntax?
        let total = estimate(syntax, over: &over)
        guard total.cost > limit else { return }
        let at = over ?? syntax
        throw ExpressionError(.type, "This expression may take up to \(steps(total.cost)) steps (macros over lists nested in each other); "
            + "the limit is \(steps(limit)). Use fewer or shorter lists, or fewer nested macros.", at: at.range)
    }

    private static func steps(_ value: Double) -> String {
        value >= 1e15 ? "more than 10^15" : String(Int64(value))
    }

    private static let macros: Set<String> = ["all", "exists", "exists_one", "map", "filter"]

    /// (steps, the size of the list the node yields — 1 when it is not a literal list or one made from it).
    private static func estimate(_ syntax: Syntax, over: inout Syntax?) -> (cost: Double, size: Double) {
        switch syntax.kind {
        case .literal, .identifier:
            return (1, 1)
        case let .list(elements):
            let cost = elements.reduce(1.0) { $0 + estimate($1, over: &over).cost }
            return (cost + Double(elements.count), Double(max(elements.count, 1)))
        case let .call(name, _, target?, arguments) where macros.contains(name) && arguments.count >= 2:
            let range = estimate(target, over: &over)
            let perElement = arguments.dropFirst().reduce(1.0) { $0 + estimate($1, over: &over).cost }
            let cost = range.cost + range.size * perElement
            if cost > limit { over = syntax }  // children come first, so the outermost is kept
            return (cost, name == "map" || name == "filter" ? range.size : 1)
        case let .binary(.add, lhs, rhs):
            let (left, right) = (estimate(lhs, over: &over), estimate(rhs, over: &over))
            return (left.cost + right.cost + left.size + right.size, left.size + right.size)
        case let .conditional(condition, then, otherwise):
            let (a, b, c) = (estimate(condition, over: &over), estimate(then, over: &over), estimate(otherwise, over: &over))
            return (a.cost + max(b.cost, c.cost) + 1, max(b.size, c.size))
        case let .select(target, _, _):
            return (estimate(target, over: &over).cost + 1, 1)
        case let .index(target, key), let .binary(_, target, key):
            return (estimate(target, over: &over).cost + estimate(key, over: &over).cost + 1, 1)
        case let .call(_, _, target, arguments):
            let cost = ((target.map { [$0] } ?? []) + arguments).reduce(1.0) { $0 + estimate($1, over: &over).cost }
            return (cost, 1)
        case let .map(entries):
            return (entries.reduce(1.0) { $0 + estimate($1.key, over: &over).cost + estimate($1.value, over: &over).cost }, 1)
        case let .unary(_, operand):
            return (estimate(operand, over: &over).cost + 1, 1)
        }
    }
}
