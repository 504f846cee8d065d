/// One expression, parsed, type-checked against a fact schema and compiled.
///
/// ```swift
/// let schema = FactSchema([FactDeclaration("record.minutes", .int, "Length of a mentoring session.")])
/// let expression = try CompiledExpression("record.minutes >= 30", schema: schema)
/// expression.evaluate(FactValues(["record.minutes": 45])) // .success(.bool(true))
/// ```
public struct CompiledExpression: Sendable {
    /// The source text.
    public let source: String
    /// The static type; `dyn` when only run time can tell.
    public let type: FactType
    let program: Program
    let root: Int32
    let slots: [Int32]

    /// Compiles `source`, throwing the first syntax or type error with its range.
    public init(_ source: String, schema: FactSchema) throws(ExpressionError) {
        let syntax = try Parser.parse(Array(source.unicodeScalars))
        var compiler = Compiler(schema: schema)
        let (root, type) = try compiler.compileRoot(syntax)
        self.source = source
        self.type = type
        self.program = compiler.program
        self.root = root
        self.slots = compiler.slotsRead.sorted()
    }

    /// The facts the expression reads, sorted.
    public var factsRead: [String] { slots.map { program.factKeys[Int($0)].name }.sorted() }

    /// Evaluates against `facts`.
    public func evaluate(_ facts: any FactSource) -> Result<FactValue, EvaluationError> {
        var evaluator = Evaluator(program: program, source: facts, tracing: false)
        do { return .success(try evaluator.evaluate(root)) } catch { return .failure(error) }
    }

    /// Evaluates against `facts`, recording every sub-expression's value.
    public func explain(_ facts: any FactSource) -> ExpressionTrace {
        var evaluator = Evaluator(program: program, source: facts, tracing: true)
        let outcome: Result<FactValue, EvaluationError>
        do { outcome = .success(try evaluator.evaluate(root)) } catch { outcome = .failure(error) }
        return ExpressionTrace(program: program, source: Array(source.unicodeScalars), root: root,
                               outcomes: evaluator.tracer?.outcomes ?? [:], result: outcome,
                               factsRead: evaluator.factsRead(slots: slots).map { FactReading(name: $0.0, value: $0.1) })
    }
}

/// A fact an evaluation read, and its value (`nil` when the record has no value for it).
public struct FactReading: Hashable, Sendable {
    /// The fact's dotted name.
    public var name: String
    /// The value, or `nil` when absent.
    public var value: FactValue?

    /// Creates a reading.
    public init(name: String, value: FactValue?) {
        self.name = name
        self.value = value
    }
}
