import EthosPlugins
import EthosCore
import Testing

/// Rule conditions are type-checked at load; errors point inside the expression as it stands
/// in the YAML file, through quotes, escapes and block scalars.
@Suite("Rule diagnostics in principles files")
struct RuleDiagnosticsTests {
    func check(_ rules: String) -> [String] {
        formatted(load(validPrinciple(extra: "rules:\n" + rules)))
    }

    @Test("a plain scalar")
    func plain() {
        #expect(check("""
              - id: r
                when: record.minuts >= 30
                score: 0.5
                because: Reason.
            """) == ["p.yaml:12:18: error: Unknown fact 'record.minuts'; did you mean 'record.minutes'?"])
    }

    @Test("a double-quoted scalar with escapes before the error")
    func doubleQuoted() {
        #expect(check(#"""
              - id: r
                when: "record.kind == \"mentoring\" && record.minutes > \"30\""
                score: 0.5
                because: Reason.
            """#) == [
                "p.yaml:12:44: error: No operator '>' for int and string; remove the quotes around the number, or convert with int(…), double(…) or string(…).",
            ])
    }

    @Test("a single-quoted scalar with doubled quotes")
    func singleQuoted() {
        #expect(check("""
              - id: r
                when: 'record.text.matches(''('')'
                score: 0.5
                because: Reason.
            """) == [
                "p.yaml:12:32: error: The regular expression \"(\" is invalid; check its brackets and escapes (see docs/rules.md).",
            ])
    }

    @Test("a literal block scalar")
    func literalBlock() {
        #expect(check("""
              - id: r
                when: |
                  record.kind == "feedback" &&
                    record.text.contain("x")
                score: 0.5
                because: Reason.
            """) == ["p.yaml:14:21: error: Unknown function 'contain'; did you mean 'contains'?"])
    }

    @Test("a folded block scalar")
    func foldedBlock() {
        #expect(check("""
              - id: r
                when: >
                  record.kind == "feedback"
                  && sentimnt.compound < 0
                score: 0.5
                because: Reason.
            """) == ["p.yaml:14:10: error: Unknown name 'sentimnt'; did you mean 'sentiment'?"])
    }

    @Test("an error at the end of the expression")
    func endOfExpression() {
        #expect(check("""
              - id: r
                when: record.minutes +
                score: 0.5
                because: Reason.
            """) == ["p.yaml:12:27: error: Expected a value, a name or '(', but found the end of the expression."])
    }

    @Test("every rule in every file is checked, alongside other errors")
    func everyRule() {
        let result = load([
            ("a.yaml", validPrinciple(id: "a", extra: "weight: -1\nrules:\n  - {id: x, when: record.kind == 1, score: 1, because: B.}")),
            ("b.yaml", validPrinciple(id: "b", extra: "rules:\n  - {id: y, when: 'has(record)', score: 1, because: B.}")),
        ])
        #expect(formatted(result) == [
            "a.yaml:10:9: error: The weight of 'a' is -1, but must be greater than 0 and at most 1000.",
            "a.yaml:12:19: error: Comparing string with int is always false; convert one side with int(…), double(…) or string(…).",
            "b.yaml:11:20: error: has() takes one field selection, such as has(record.minutes).",
        ])
    }

    @Test("valid rules compile into the load's rule set, with plugin facts from the schema")
    func compiledRules() throws {
        let schema = RecordFacts.schema.merging(FactSchema([FactDeclaration("sentiment.compound", .double, "VADER compound score.")]))
        let result = PrinciplesLoader(schema: schema).load([SourceFile(path: "p.yaml", text: validPrinciple(extra: """
            rules:
              - {id: negative, when: sentiment.compound < -0.3, score: -0.5, because: Negative.}
              - {id: long, when: record.minutes >= 30, score: 0.4, because: Long.}
            """))])
        #expect(formatted(result) == [])
        let rules = try #require(result.rules)
        #expect(rules.rules.map(\.id) == ["negative", "long"])
        #expect(rules.factsRead == ["record.minutes", "sentiment.compound"])
        let outcome = rules.evaluate(FactValues(["sentiment.compound": -0.6, "record.minutes": 10]))
        #expect(outcome == [.fired, .notFired])
    }
}
