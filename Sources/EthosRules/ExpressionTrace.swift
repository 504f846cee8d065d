/// The record of one evaluation: the value of every sub-expression that ran, the facts read,
/// and, for a condition that did not hold, the sub-expressions that decided it.
public struct ExpressionTrace: Sendable {
    /// One sub-expression and what it evaluated to.
    public struct Step: Sendable {
        /// The sub-expression's text as written.
        public var text: String
        /// Its range in the expression, in Unicode scalars.
        public var range: Range<Int>
        /// Its value or error; `nil` when it did not run (a short-circuited operand).
        public var outcome: Result<FactValue, EvaluationError>?
        /// The sub-expressions it is made of.
        public var children: [Step]
    }

    /// The result of the whole expression.
    public let result: Result<FactValue, EvaluationError>
    /// The facts the evaluation read, in the order of their names.
    public let factsRead: [FactReading]
    /// The whole expression, with its sub-expressions.
    public let root: Step
    /// For a result other than `true`: the smallest sub-expressions that made it so (the `false`
    /// operand of an `&&`, both operands of a false `||`, the operand that raised an error).
    public let deciding: [Step]

    init(program: Program, source: [Unicode.Scalar], root: Int32, outcomes: [Int32: Result<FactValue, EvaluationError>],
         result: Result<FactValue, EvaluationError>, factsRead: [FactReading]) {
        func text(_ range: Range<Int>) -> String {
            let clamped = max(0, min(range.lowerBound, source.count))..<max(0, min(range.upperBound, source.count))
            return String(String.UnicodeScalarView(source[clamped]))
        }
        func step(_ index: Int32) -> Step {
            let range = program.ranges[Int(index)]
            return Step(text: text(range), range: range, outcome: outcomes[index],
                        children: program.children(of: index).map(step))
        }
        func deciding(_ index: Int32) -> [Int32] {
            let instruction = program.instructions[Int(index)]
            let outcome = outcomes[index]
            func isFalse(_ child: Int32) -> Bool {
                if case .success(.bool(false))? = outcomes[child] { return true }
                return false
            }
            func isError(_ child: Int32) -> Bool {
                if case .failure? = outcomes[child] { return true }
                return false
            }
            switch (instruction.op, outcome) {
            case (.and, .success(.bool(false))?):
                return deciding(isFalse(instruction.a) ? instruction.a : instruction.b)
            case (.or, .success(.bool(false))?):
                return deciding(instruction.a) + deciding(instruction.b)
            case (.and, .failure?), (.or, .failure?):
                return deciding(isError(instruction.a) ? instruction.a : instruction.b)
            case (.not, _):
                return deciding(instruction.a)
            default:
                if case .failure? = outcome {
                    if let failing = program.children(of: index).first(where: isError) { return deciding(failing) }
                }
                return [index]
            }
        }
        self.result = result
        self.factsRead = factsRead.sorted { $0.name < $1.name }
        self.root = step(root)
        if case .success(.bool(true)) = result {
            self.deciding = []
        } else {
            self.deciding = deciding(root).map(step)
        }
    }
}

extension Program {
    /// The instructions an instruction reads from, in source order.
    func children(of index: Int32) -> [Int32] {
        let instruction = instructions[Int(index)]
        switch instruction.op {
        case .constant, .fact, .local, .hasFact: return []
        case .selectField, .hasField, .not, .negate: return [instruction.a]
        case .matchesConstant, .inStringSet: return [instruction.a]
        case .conditional: return [instruction.a, instruction.b, instruction.c]
        case .index, .and, .or, .add, .subtract, .multiply, .divide, .remainder, .equal, .notEqual, .less, .lessOrEqual,
             .greater, .greaterOrEqual, .contains:
            return [instruction.a, instruction.b]
        case .list, .map, .call: return Array(operands[Int(instruction.a)..<Int(instruction.b)])
        case .comprehension:
            let comprehension = comprehensions[Int(instruction.a)]
            return [comprehension.range] + (comprehension.filter.map { [$0] } ?? []) + [comprehension.body]
        }
    }
}
