import EthosRules
import Testing

@Suite("Expressions")
struct ExpressionTests {
    static let schema = FactSchema([
        FactDeclaration("record.kind", .string, ""), FactDeclaration("record.minutes", .int, ""),
        FactDeclaration("record.text", .string, ""), FactDeclaration("sentiment.compound", .double, ""),
    ])

    func evaluate(_ source: String, _ facts: FactValues = FactValues()) throws -> Result<FactValue, EvaluationError> {
        try CompiledExpression(source, schema: Self.schema).evaluate(facts)
    }

    @Test("triple-quoted strings span lines; quoted strings may not")
    func multilineStrings() throws {
        #expect(try evaluate("\"\"\"two\nlines\"\"\"") == .success(.string("two\nlines")))
        #expect(try evaluate("'''a\n'b'\n'''") == .success(.string("a\n'b'\n")))
        #expect(throws: ExpressionError.self) { try CompiledExpression("\"line\nbreak\"", schema: Self.schema) }
    }

    @Test("errors carry the range of the offending sub-expression", arguments: [
        ("record.minuts > 3", 7..<13, "Unknown fact 'record.minuts'; did you mean 'record.minutes'?"),
        ("record.kind == 1", 0..<16, "Comparing string with int is always false; convert one side with int(…), double(…) or string(…)."),
        ("1 +", 3..<4, "Expected a value, a name or '(', but found the end of the expression."),
        ("sentimnt.compound < 0", 0..<8, "Unknown name 'sentimnt'; did you mean 'sentiment'?"),
        ("record.text.contain('x')", 12..<19, "Unknown function 'contain'; did you mean 'contains'?"),
    ])
    func errorRanges(source: String, range: Range<Int>, message: String) {
        do {
            _ = try CompiledExpression(source, schema: Self.schema)
            Issue.record("\(source) should not compile")
        } catch {
            #expect(error.range == range)
            #expect(error.message == message)
        }
    }

    @Test("a rule's condition must be a bool")
    func conditionType() {
        let (set, failures) = RuleSet.compile([RuleDefinition(principle: "p", id: "r", when: "record.minutes + 1", score: 1, because: "b")],
                                              schema: Self.schema)
        #expect(set.rules.isEmpty)
        #expect(failures.map(\.error.message) == ["A rule's condition must be a bool, but this is int; compare it with something, e.g. … > 0."])
    }

    @Test("the expression's type and facts read are known after compiling")
    func staticFacts() throws {
        let expression = try CompiledExpression("record.kind == 'mentoring' && record.minutes >= 30", schema: Self.schema)
        #expect(expression.type == .bool)
        #expect(expression.factsRead == ["record.kind", "record.minutes"])
        #expect(try CompiledExpression("[1, 'a']", schema: Self.schema).type == .list(.dyn))
        #expect(try CompiledExpression("{'a': 1.5}", schema: Self.schema).type == .map(.string, .double))
    }
}

/// Counts how often each fact is fetched.
final class CountingFacts: FactSource {
    var fetches: [String: Int] = [:]
    let values: [String: FactValue]

    init(_ values: [String: FactValue]) {
        self.values = values
    }

    func fact(named name: String) -> FactValue? {
        fetches[name, default: 0] += 1
        return values[name]
    }
}

@Suite("Rule sets")
struct RuleSetTests {
    static let rules = [
        RuleDefinition(principle: "growth", id: "sustained", when: "record.kind == 'mentoring' && record.minutes >= 30", score: 0.4, because: "Time invested."),
        RuleDefinition(principle: "growth", id: "short", when: "record.minutes < 10", score: -0.1, because: "Too short."),
        RuleDefinition(principle: "growth", id: "ratio", when: "100 / record.minutes > 1", score: 0.1, because: "Arithmetic."),
        RuleDefinition(principle: "growth", id: "negative", when: "sentiment.compound < -0.3", score: -0.5, because: "Negative."),
    ]

    @Test("evaluates every rule, fetching each fact once and only when read")
    func evaluate() throws {
        let (set, failures) = RuleSet.compile(Self.rules, schema: ExpressionTests.schema)
        #expect(failures.isEmpty)
        #expect(set.factsRead == ["record.kind", "record.minutes", "sentiment.compound"])
        let facts = CountingFacts(["record.kind": "mentoring", "record.minutes": 0, "record.text": "unused"])
        let results = set.evaluate(facts)
        #expect(set.rules.map(\.id) == ["sustained", "short", "ratio", "negative"])
        #expect(results[0] == .notFired)
        #expect(results[1] == .fired)
        #expect(results[2] == .errored(EvaluationError("Division by zero.", at: 0..<20)))
        guard case let .errored(missing) = results[3] else {
            Issue.record("a rule reading an absent fact errs")
            return
        }
        #expect(missing.message == "No value for 'sentiment.compound' in this record; guard the rule with has(sentiment.compound).")
        #expect(facts.fetches == ["record.kind": 1, "record.minutes": 1, "sentiment.compound": 1])
    }

    @Test("tests repeated across rules are answered once and give each rule what evaluating it alone gives")
    func sharedTests() throws {
        let conditions = [
            "record.kind == 'mentoring'", "record.kind == 'mentoring' && record.minutes >= 30", "record.kind == \"mentoring\" || 1 / 0 == 1",
            "record.kind != 'mentoring' && record.minutes < 10", "'swift' in record.tags && record.kind == 'mentoring'",
            "'swift' in record.tags", "record.text.contains('review') || record.minutes > 100", "record.text.contains('review')",
            "size(record.tags) > 1 && record.text.contains('review')", "record.minutes >= 30 && sentiment.compound < -0.3",
            "record.kind in ['mentoring', 'feedback'] && record.minutes >= 30", "record.kind in ['feedback', 'mentoring']",
            "record.minutes == 45 && record.minutes == 45.0", "record.minutes == 45",
        ]
        let schema = ExpressionTests.schema.merging(FactSchema([FactDeclaration("record.tags", .list(.string), "")]))
        let rules = conditions.enumerated().map { RuleDefinition(principle: "p", id: "r\($0.offset)", when: $0.element, score: 1, because: "b") }
        let (set, failures) = RuleSet.compile(rules, schema: schema)
        #expect(failures.isEmpty, "\(failures)")
        let records: [FactValues] = [
            ["record.kind": "mentoring", "record.minutes": 45, "record.tags": ["swift", "review"], "record.text": "a review"],
            ["record.kind": "feedback", "record.minutes": 5, "record.tags": [], "record.text": "thanks", "sentiment.compound": -0.5],
            ["record.kind": "mentoring", "record.minutes": 30, "record.tags": ["go"], "record.text": "", "sentiment.compound": -0.9],
        ]
        for facts in records {
            let together = set.evaluate(facts)
            for (index, rule) in rules.enumerated() {
                let (alone, _) = RuleSet.compile([rule], schema: schema)
                #expect(together[index] == alone.evaluate(facts)[0], "\(rule.when)")
            }
            let counting = CountingFacts(facts.values)
            _ = set.evaluate(counting)
            #expect(counting.fetches.values.allSatisfy { $0 == 1 }, "each fact is fetched once")
        }
    }

    @Test("a short-circuited operand never fetches its facts")
    func lazyFacts() {
        let (set, _) = RuleSet.compile([Self.rules[0]], schema: ExpressionTests.schema)
        let facts = CountingFacts(["record.kind": "feedback"])
        #expect(set.evaluate(facts).first == .notFired)
        #expect(facts.fetches == ["record.kind": 1])
    }

    @Test("explains fired, unfired and errored rules")
    func explain() throws {
        let (set, _) = RuleSet.compile(Self.rules, schema: ExpressionTests.schema)
        let explanations = set.explain(FactValues(["record.kind": "mentoring", "record.minutes": 20]))
        let sustained = explanations[0]
        #expect(sustained.status == .notFired)
        #expect(sustained.trace.deciding.map(\.text) == ["record.minutes >= 30"])
        #expect(sustained.trace.factsRead == [FactReading(name: "record.kind", value: "mentoring"),
                                              FactReading(name: "record.minutes", value: 20)])
        #expect(sustained.trace.root.children.map(\.text) == ["record.kind == 'mentoring'", "record.minutes >= 30"])
        let short = explanations[1]
        #expect(short.status == .notFired)
        #expect(short.trace.deciding.map(\.text) == ["record.minutes < 10"])
        let negative = explanations[3]
        #expect(negative.trace.deciding.map(\.text) == ["sentiment.compound"])
        #expect(negative.trace.factsRead == [FactReading(name: "sentiment.compound", value: nil)])
    }

    @Test("an || that is false is decided by both sides; an unevaluated operand says so")
    func decidingOr() throws {
        let expression = try CompiledExpression("record.minutes > 60 || record.kind == 'x'", schema: ExpressionTests.schema)
        let trace = expression.explain(FactValues(["record.kind": "feedback", "record.minutes": 5]))
        #expect(trace.deciding.map(\.text) == ["record.minutes > 60", "record.kind == 'x'"])
        let shortCircuit = try CompiledExpression("record.minutes < 60 || record.kind == 'x'", schema: ExpressionTests.schema)
            .explain(FactValues(["record.kind": "feedback", "record.minutes": 5]))
        #expect(shortCircuit.deciding.isEmpty)
        #expect(shortCircuit.root.children[1].outcome == nil)
    }
}

@Suite("Parser robustness")
struct ParserFuzzTests {
    /// A deterministic generator, so a failure reproduces.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let seeds = [
        #"record.kind == "mentoring" && record.minutes >= 30"#, #"[1, 2, 3].map(x, x * 2).filter(y, y > 2)"#,
        #"{"a": [1.5, 'b'], 'c': r"\d+"}"#, #"timestamp("2026-01-01T00:00:00Z") + duration("1h30m")"#,
        #"has(record.minutes) ? record.minutes / 0 : -9223372036854775808"#, #"'''triple''' + "\u00e9\x41\101""#,
        #"record.text.matches("(?i)feedback|review") || !(1 in [1, 2.0])"#,
    ]
    static let alphabet = Array(#"()[]{}.,:?!-+*/%<>=&|"'\rRbBxuU0123456789eE_ abcinnulltruefalse"#.unicodeScalars) + ["\n", "\u{0}", "é", "😀"]

    @Test("arbitrary and mutated inputs never crash or hang the parser and type checker")
    func fuzz() {
        var random = SplitMix(state: 0xE7405)
        let schema = ExpressionTests.schema
        var compiled = 0, rejected = 0
        for iteration in 0..<20_000 {
            var scalars: [Unicode.Scalar]
            if iteration % 3 == 0 {
                scalars = (0..<Int.random(in: 0...40, using: &random)).map { _ in Self.alphabet.randomElement(using: &random)! }
            } else {
                scalars = Array(Self.seeds.randomElement(using: &random)!.unicodeScalars)
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    let position = Int.random(in: 0...scalars.count, using: &random)
                    switch Int.random(in: 0..<3, using: &random) {
                    case 0 where position < scalars.count: scalars.remove(at: position)
                    case 1: scalars.insert(Self.alphabet.randomElement(using: &random)!, at: position)
                    default:
                        if position < scalars.count { scalars[position] = Self.alphabet.randomElement(using: &random)! }
                    }
                }
            }
            let source = String(String.UnicodeScalarView(scalars))
            do {
                let expression = try CompiledExpression(source, schema: schema)
                _ = expression.evaluate(FactValues(["record.kind": "mentoring", "record.minutes": 45, "record.text": "review"]))
                _ = expression.explain(FactValues())
                compiled += 1
            } catch {
                #expect(error.range.lowerBound >= 0 && error.range.lowerBound <= scalars.count, "\(source)")
                #expect(!error.message.isEmpty)
                rejected += 1
            }
        }
        #expect(compiled > 1_000, "the mutations should leave many valid expressions")
        #expect(rejected > 1_000)
    }

    @Test("pathological nesting fails with an error, not a stack overflow", arguments: [
        String(repeating: "(", count: 100_000), String(repeating: "!", count: 100_000) + "true",
        String(repeating: "[", count: 50_000), String(repeating: "-", count: 100_000) + "1",
        Array(repeating: "1", count: 5_000).joined(separator: " + "),
        String(repeating: "a.", count: 40_000) + "b",
    ])
    func deepNesting(source: String) {
        do {
            let expression = try CompiledExpression(source, schema: ExpressionTests.schema)
            _ = expression.evaluate(FactValues())
        } catch {
            #expect(!error.message.isEmpty)
        }
    }

    @Test("a cost the compiler can see is refused at load, located at the outermost macro over the limit")
    func costAtLoad() {
        let thousand = "[" + (1...1_000).map(String.init).joined(separator: ", ") + "]"
        let source = "1 == 1 && \(thousand).exists(x, \(thousand).exists(y, \(thousand).exists(z, x + y + z < 0)))"
        do {
            _ = try CompiledExpression(source, schema: ExpressionTests.schema)
            Issue.record("a billion steps should not compile")
        } catch {
            #expect(error.range.lowerBound == "1 == 1 && ".count, "at the outermost exists")
            #expect(error.message.contains("the limit is 100000"), "\(error.message)")
        }
        // One level of the same lists is well within the limit.
        #expect((try? CompiledExpression("\(thousand).exists(x, x == 999)", schema: ExpressionTests.schema)) != nil)
    }

    @Test("a cost the compiler cannot see (a fact's list) is stopped by the step budget with an error")
    func costAtRunTime() throws {
        let schema = FactSchema([FactDeclaration("record.tags", .list(.string), "")])
        let expression = try CompiledExpression("record.tags.exists(a, record.tags.exists(b, record.tags.exists(c, a + b + c == 'none')))",
                                                schema: schema)
        let tags = FactValues(["record.tags": .list((0..<200).map { .string("t\($0)") })])
        guard case let .failure(error) = expression.evaluate(tags) else {
            Issue.record("eight million steps should be stopped")
            return
        }
        #expect(error.message.contains("more than 100000 steps"), "\(error.message)")
        // A small list runs as usual.
        let small = FactValues(["record.tags": .list([.string("a"), .string("b")])])
        #expect(expression.evaluate(small) == .success(.bool(false)))
    }

    @Test("a pattern that backtracks catastrophically is stopped at ICU's bound with an error, not run for minutes")
    func catastrophicPattern() throws {
        let schema = FactSchema([FactDeclaration("record.text", .string, "")])
        // Non-ASCII text goes to ICU, where (a+)+$ over forty a's and a b takes seconds unbounded.
        let text = FactValues(["record.text": .string("é" + String(repeating: "a", count: 1_000) + "b")])
        for source in ["record.text.matches('(a+)+$')", "matches(record.text, '(a' + '+)+$')"] {
            guard case let .failure(error) = try CompiledExpression(source, schema: schema).evaluate(text) else {
                Issue.record("\(source) should be stopped")
                continue
            }
            #expect(error.message.contains("backtracks too much"), "\(error.message)")
        }
        // The same pattern on a text it answers quickly is fine, and ASCII text takes the linear matcher.
        let quick = FactValues(["record.text": .string("éaaa")])
        #expect(try CompiledExpression("record.text.matches('(a+)+$')", schema: schema).evaluate(quick) == .success(.bool(true)))
        let ascii = FactValues(["record.text": .string(String(repeating: "a", count: 1_000) + "b")])
        #expect(try CompiledExpression("record.text.matches('(a+)+$')", schema: schema).evaluate(ascii) == .success(.bool(false)))
    }
}

