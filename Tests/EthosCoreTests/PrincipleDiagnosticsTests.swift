import EthosCore
import Testing

/// Each kind of diagnostic, with the exact line, column and wording the author sees.
@Suite("Principles diagnostics")
struct PrincipleDiagnosticsTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let yaml: String
        let expected: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "YAML syntax, at the position libyaml reports", yaml: """
            id: growth
            name: [Growth
            """, expected: [
                "p.yaml:3:1: error: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 2).",
            ]),
        Case(name: "a tab where indentation belongs", yaml: "id: growth\n\tname: x\n", expected: [
            "p.yaml:2:1: error: YAML syntax error: found a tab character that violates indentation (while scanning a plain scalar at line 1).",
        ]),
        Case(name: "a duplicate key", yaml: validPrinciple() + "\nname: Again\n", expected: [
            "p.yaml:2:1: error: YAML syntax error: duplicate key 'name' in one mapping.",
        ]),
        Case(name: "an unknown key with a did-you-mean", yaml: validPrinciple(extra: "tenants: [x]"), expected: [
            "p.yaml:10:1: error: Unknown key 'tenants' in a principle; did you mean 'tenets'?",
        ]),
        Case(name: "an unknown key with nothing close", yaml: validPrinciple(extra: "colour: blue"), expected: [
            "p.yaml:10:1: error: Unknown key 'colour' in a principle.",
        ]),
        Case(name: "exemplars: an unknown group, an empty list, a sentence over two lines",
             yaml: validPrinciple(extra: "exemplars:\n  alined: [x]\n  misaligned: []\n  unrelated:\n    - |\n      two\n      lines\n"), expected: [
            "p.yaml:11:3: error: Unknown key 'alined' in the exemplars of 'growth'; did you mean 'aligned'?",
            "p.yaml:12:15: error: The misaligned exemplars of 'growth' must not be empty.",
            "p.yaml:14:7: error: An exemplar must be one line; write each sentence as an exemplar of its own.",
        ]),
        Case(name: "missing required keys, at the mapping", yaml: """
            id: growth
            tenets: [a]
            signals: [{terms: [x]}]
            examples: {aligned: [a]}
            """, expected: [
                "p.yaml:1:1: error: Missing required key 'name' in a principle.",
                "p.yaml:1:1: error: Missing required key 'statement' in a principle.",
            ]),
        Case(name: "wrong types", yaml: """
            id: growth
            name: Growth
            statement: [We, grow]
            tenets: One tenet
            signals: {terms: [x]}
            examples: {aligned: [a]}
            """, expected: [
                "p.yaml:3:12: error: The statement of 'growth' must be text, not a list.",
                "p.yaml:4:9: error: The tenets of 'growth' must be a list, not text.",
                "p.yaml:5:10: error: The signals of 'growth' must be a list, not a mapping.",
            ]),
        Case(name: "out-of-range numbers", yaml: validPrinciple(extra: """
            weight: 0
            rules:
              - {id: r, when: "true", score: 1.5, because: Reason.}
            """), expected: [
                "p.yaml:10:9: error: The weight of 'growth' is 0, but must be greater than 0 and at most 1000.",
                "p.yaml:12:34: error: The score of rule 'r' is 1.5, but must be from -1 to 1.",
            ]),
        Case(name: "a quoted number is text", yaml: validPrinciple(extra: "weight: \"2\""), expected: [
            "p.yaml:10:9: error: The weight of 'growth' must be a number, not text.",
        ]),
        Case(name: "an id that is not kebab-case", yaml: validPrinciple(id: "Growth_Mindset"), expected: [
            "p.yaml:1:5: error: The principle id 'Growth_Mindset' is not kebab-case; use lowercase letters, digits and single hyphens, like 'growth-mindset'.",
        ]),
        Case(name: "duplicate rule ids within a principle", yaml: validPrinciple(extra: """
            rules:
              - {id: r, when: "true", score: 1, because: One.}
              - {id: r, when: "false", score: -1, because: Two.}
            """), expected: [
                "p.yaml:12:10: error: Rule id 'r' is already used in principle 'growth' at p.yaml:11:10; give each rule its own id.",
            ]),
        Case(name: "a statement on several lines", yaml: """
            id: growth
            name: Growth
            statement: |
              We grow.
              Always.
            tenets: [a]
            signals: [{terms: [x]}]
            examples: {aligned: [a]}
            """, expected: [
                "p.yaml:3:12: error: The statement of 'growth' must be one line; move the detail into 'tenets'.",
            ]),
        Case(name: "empty values", yaml: """
            id: growth
            name: ""
            statement:
            tenets: []
            signals: [{terms: [x]}]
            examples: {aligned: [a]}
            """, expected: [
                "p.yaml:2:7: error: The name of 'growth' must not be empty.",
                "p.yaml:3:11: error: The statement of 'growth' must not be empty.",
                "p.yaml:4:9: error: The tenets of 'growth' must not be empty.",
            ]),
        Case(name: "an unsupported version", yaml: "version: 2\n" + validPrinciple(), expected: [
            "p.yaml:1:10: error: Format version 2 is not supported; this Ethos reads version 1.",
        ]),
        Case(name: "an example of an unknown kind", yaml: validPrinciple(extra: """
            rules: []
            """).replacingOccurrences(of: "aligned: [She learned Swift.]", with: "aligned: [{text: t, kind: mentorng}]"), expected: [
                "p.yaml:9:29: error: The kind of an example 'mentorng' is not one of 'feedback', 'mentoring'; did you mean 'mentoring'?",
            ]),
        Case(name: "a principles list with an error in its second item", yaml: """
            principles:
              - id: one
                name: One
                statement: First.
                tenets: [a]
                signals: [{terms: [x]}]
                examples: {aligned: [a]}
              - id: two
                name: Two
                statment: Second.
                tenets: [b]
            """, expected: [
                "p.yaml:8:5: error: Missing required key 'statement' in a principle.",
                "p.yaml:10:5: error: Unknown key 'statment' in a principle; did you mean 'statement'?",
            ]),
        Case(name: "warnings for a principle that cannot be evidenced or tested", yaml: """
            id: growth
            name: Growth
            statement: We grow.
            tenets: [a]
            """, expected: [
                "p.yaml:1:1: warning: Principle 'growth' has no examples, so 'ethos principles test' cannot check it; add 'examples'.",
                "p.yaml:1:1: warning: Principle 'growth' has no signals and no rules, so only explicit tags can evidence it; add 'signals' or 'rules'.",
            ]),
        Case(name: "a repeated signal term", yaml: validPrinciple().replacingOccurrences(of: "terms: [learn]", with: "terms: [learn, Learn]"), expected: [
            "p.yaml:7:20: warning: The term 'Learn' appears more than once in the signals of 'growth'; keep one.",
        ]),
        Case(name: "a document that is not a mapping", yaml: "- just\n- a list\n", expected: [
            "p.yaml:1:1: error: A principles file must be a mapping, not a list.",
        ]),
        Case(name: "more than one document", yaml: validPrinciple() + "\n---\n" + validPrinciple(id: "other"), expected: [
            "p.yaml:11:1: error: The file holds more than one YAML document; put each principle in its own file or list them under 'principles:'.",
        ]),
        Case(name: "an empty file", yaml: "", expected: [
            "p.yaml:1:1: error: The file is empty; write a principle in it or delete it.",
        ]),
        Case(name: "a file of comments only", yaml: "# nothing yet\n", expected: [
            "p.yaml:1:1: error: The file is empty; write a principle in it or delete it.",
        ]),
    ]

    @Test("reports", arguments: cases)
    func reports(_ testCase: Case) {
        let result = load(testCase.yaml)
        #expect(formatted(result) == testCase.expected)
        let hasErrors = testCase.expected.contains { $0.contains(": error: ") }
        #expect((result.principles == nil) == hasErrors, "a set with an error is rejected whole; warnings alone are not")
    }

    @Test("sorts every problem in every file by file and line")
    func everyProblemInEveryFile() {
        let result = load([
            ("b.yaml", validPrinciple(id: "second", extra: "colour: red")),
            ("a.yaml", "id: first\nname: [x\n"),
            ("c.yaml", validPrinciple(id: "third", extra: "weight: -1\nsignal: []")),
        ])
        #expect(formatted(result) == [
            "a.yaml:3:1: error: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 2).",
            "b.yaml:10:1: error: Unknown key 'colour' in a principle.",
            "c.yaml:10:9: error: The weight of 'third' is -1, but must be greater than 0 and at most 1000.",
            "c.yaml:11:1: error: Unknown key 'signal' in a principle; did you mean 'signals'?",
        ])
        #expect(result.principles == nil)
    }

    @Test("rejects duplicate principle ids across files, pointing at both")
    func duplicateIDsAcrossFiles() {
        let result = load([("a.yaml", validPrinciple()), ("b.yaml", validPrinciple())])
        #expect(formatted(result) == [
            "b.yaml:1:5: error: Principle id 'growth' is already used at a.yaml:1:5; ids must be unique across all files.",
        ])
        #expect(result.principles == nil)
    }

    @Test("loads nothing at all when one file of many is bad")
    func rejectsTheSetWhole() throws {
        let result = load([("a.yaml", validPrinciple(id: "good")), ("b.yaml", "id: [")])
        #expect(result.principles == nil)
        #expect(throws: DiagnosticsError.self) { try result.get() }
    }

    @Test("reads a principles list and version 1")
    func readsList() throws {
        let result = load("""
            version: 1
            principles:
              - id: one
                name: One
                statement: First.
                tenets: [a]
                weight: 2.5
                signals: [{terms: [x, "y z"], weight: -1}]
                rules:
                  - id: r
                    when: record.kind == "mentoring"
                    score: 0.25
                    because: Reason.
                examples:
                  aligned: [a]
                  misaligned: [{text: b, kind: mentoring, minutes: 30}]
            """)
        let principles = try result.get()
        let one = try #require(principles[id: "one"])
        #expect(one.weight == 2.5)
        #expect(one.signals == [SignalGroup(terms: ["x", "y z"], weight: -1, source: SourceLocation(file: "p.yaml", line: 8, column: 15))])
        #expect(one.rules == [PrincipleRule(id: "r", when: #"record.kind == "mentoring""#, score: 0.25, because: "Reason.",
                                            source: SourceLocation(file: "p.yaml", line: 10, column: 9))])
        #expect(one.examples.misaligned.first?.kind == .mentoring)
        #expect(one.examples.misaligned.first?.minutes == 30)
        #expect(one.source == SourceLocation(file: "p.yaml", line: 3, column: 5))
    }
}
