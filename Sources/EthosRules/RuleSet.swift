/// A rule to compile: a condition, and what it means when it holds.
public struct RuleDefinition: Hashable, Sendable {
    /// The principle the rule belongs to.
    public var principle: String
    /// The rule's id, unique within its principle.
    public var id: String
    /// The condition.
    public var when: String
    /// The score when the condition holds, from -1 to 1.
    public var score: Double
    /// Why the rule matters.
    public var because: String

    /// Creates a rule definition.
    public init(principle: String, id: String, when: String, score: Double, because: String) {
        self.principle = principle
        self.id = id
        self.when = when
        self.score = score
        self.because = because
    }
}

/// What happened to a rule on one record.
public enum RuleStatus: Hashable, Sendable {
    /// The condition held.
    case fired
    /// The condition did not hold.
    case notFired
    /// Evaluation failed; the rule counts as not fired.
    case errored(EvaluationError)
}


/// A rule's outcome with its explanation: the facts it read and what decided it.
public struct RuleExplanation: Sendable {
    /// The rule.
    public var rule: RuleDefinition
    /// Whether it fired.
    public var status: RuleStatus
    /// The evaluation, sub-expression by sub-expression.
    public var trace: ExpressionTrace
}

/// Many rules compiled together against one fact schema, sharing their fact slots, so each
/// fact is fetched at most once per record and only when some rule reads it.
public struct RuleSet: Sendable {
    /// A rule that failed to compile, with the error located inside its condition.
    public struct Failure: Error, Sendable {
        /// The rule.
        public var rule: RuleDefinition
        /// The error; its range is inside `rule.when`.
        public var error: ExpressionError
    }

    /// The rules that compiled, in the order given.
    public let rules: [RuleDefinition]
    private let program: Program
    private let roots: [Int32]
    private let slots: [[Int32]]

    /// Compiles `definitions`; those that fail are returned as failures, the rest form the set.
    public static func compile(_ definitions: [RuleDefinition], schema: FactSchema) -> (RuleSet, [Failure]) {
        var compiler = Compiler(schema: schema)
        var rules: [RuleDefinition] = [], roots: [Int32] = [], slots: [[Int32]] = []
        var failures: [Failure] = []
        for definition in definitions {
            do throws(ExpressionError) {
                let syntax = try Parser.parse(Array(definition.when.unicodeScalars))
                let (root, type) = try compiler.compileRoot(syntax)
                guard type == .bool || type == .dyn else {
                    throw ExpressionError(.type, "A rule's condition must be a bool, but this is \(type); compare it with something, e.g. … > 0.",
                                          at: syntax.range)
                }
                rules.append(definition)
                roots.append(root)
                slots.append(compiler.slotsRead.sorted())
            } catch {
                failures.append(Failure(rule: definition, error: error))
            }
        }
        var program = compiler.program
        program.shareLeafTests()
        return (RuleSet(rules: rules, program: program, roots: roots, slots: slots), failures)
    }

    private init(rules: [RuleDefinition], program: Program, roots: [Int32], slots: [[Int32]]) {
        self.rules = rules
        self.program = program
        self.roots = roots
        self.slots = slots
    }

    /// An empty set.
    public init() {
        self.init(rules: [], program: Program(), roots: [], slots: [])
    }

    /// Every fact some rule reads, sorted: the facts worth computing for a record.
    public var factsRead: [String] {
        Set(slots.joined()).map { program.factKeys[Int($0)].name }.sorted()
    }

    /// Evaluates every rule against one record's facts: one status per rule, in the order of
    /// ``rules``.
    public func evaluate(_ facts: any FactSource) -> [RuleStatus] {
        var evaluator = Evaluator(program: program, source: facts, tracing: false)
        var statuses: [RuleStatus] = []
        statuses.reserveCapacity(rules.count)
        for root in roots {
            evaluator.resetBudget()
            // A bool answer, the usual one, without wrapping it in a Result first.
            do {
                let value = try evaluator.evaluate(root)
                if case let .bool(flag) = value {
                    statuses.append(flag ? .fired : .notFired)
                } else {
                    statuses.append(Self.status(.success(value), range: program.ranges[Int(root)]))
                }
            } catch {
                statuses.append(.errored(error))
            }
        }
        return statuses
    }

    /// Evaluates every rule and explains each outcome.
    public func explain(_ facts: any FactSource) -> [RuleExplanation] {
        var evaluator = Evaluator(program: program, source: facts, tracing: true)
        var explanations: [RuleExplanation] = []
        for index in rules.indices {
            evaluator.tracer = RecordingTrace()
            evaluator.resetBudget()
            let result = evaluator.evaluateCatching(roots[index])
            let trace = ExpressionTrace(program: program, source: Array(rules[index].when.unicodeScalars), root: roots[index],
                                        outcomes: evaluator.tracer?.outcomes ?? [:], result: result,
                                        factsRead: evaluator.factsRead(slots: slots[index]).map { FactReading(name: $0.0, value: $0.1) })
            explanations.append(RuleExplanation(rule: rules[index], status: Self.status(result, range: program.ranges[Int(roots[index])]), trace: trace))
        }
        return explanations
    }

    private static func status(_ result: Result<FactValue, EvaluationError>, range: Range<Int>) -> RuleStatus {
        switch result {
        case .success(.bool(true)): .fired
        case .success(.bool(false)): .notFired
        case let .success(other): .errored(EvaluationError("The condition evaluated to \(other.kindName), not a bool.", at: range))
        case let .failure(error): .errored(error)
        }
    }
}

extension Evaluator {
    mutating func evaluateCatching(_ index: Int32) -> Result<FactValue, EvaluationError> {
        do { return .success(try evaluate(index)) } catch { return .failure(error) }
    }
}
