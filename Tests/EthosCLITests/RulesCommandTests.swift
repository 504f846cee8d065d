import Foundation
import Testing

@Suite("ethos rules eval")
struct RulesCommandTests {
    static let record = """
        {"id": "ext-1", "kind": "mentoring", "from": "ana", "to": "ravi", "date": "2026-11-20",
         "text": "We went through the review comments on the parser.", "minutes": 20, "tags": ["design-review"]}
        """

    func withRecord(_ body: (URL) throws -> Void) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write(["record.json": Self.record], in: directory)
        try body(directory)
    }

    @Test("prints the value as a CEL literal", arguments: [
        ("1 + 2 * 3", "7"), ("'a' + \"b\"", "\"ab\""), ("[1.0, 2.0].map(x, x * 1.5)", "[1.5, 3.0]"), ("[1, 2].map(x, x * 1.5) == []", ""),
        ("duration('90m')", "duration(\"5400s\")"), ("{'k': null}", "{\"k\": null}"),
    ])
    func text(expression: String, expected: String) async throws {
        let result = await ethosInProcess(["rules", "eval", "--", expression])
        if expected.isEmpty {
            #expect(result.status == 2, "mixing int and double is a type error")
        } else {
            #expect(result.stdout == expected + "\n")
            #expect(result.status == 0)
        }
    }

    @Test("--format json prints exactly one typed line", arguments: [
        ("null", #"{"type": "null", "value": null}"#),
        ("true", #"{"type": "bool", "value": true}"#),
        ("-9223372036854775808", #"{"type": "int", "value": -9223372036854775808}"#),
        ("2.5", #"{"type": "double", "value": 2.5}"#),
        ("double('NaN')", #"{"type": "double", "value": "NaN"}"#),
        ("-1.0 / 0.0", #"{"type": "double", "value": "-Infinity"}"#),
        ("'é\"\\n'", #"{"type": "string", "value": "é\"\n"}"#),
        ("[1, 'a']", #"{"type": "list", "value": [{"type": "int", "value": 1}, {"type": "string", "value": "a"}]}"#),
        ("{'a': 1}", #"{"type": "map", "value": [[{"type": "string", "value": "a"}, {"type": "int", "value": 1}]]}"#),
        ("timestamp('2026-01-01T10:00:00.25+01:00')", #"{"type": "timestamp", "value": "2026-01-01T09:00:00.25Z"}"#),
        ("duration('1m30s')", #"{"type": "duration", "value": "90s"}"#),
    ])
    func json(expression: String, expected: String) async throws {
        let result = await ethosInProcess(["rules", "eval", "--format", "json", "--", expression])
        #expect(result.stdout == expected + "\n")
        #expect(result.stderr == "")
        #expect(result.status == 0)
    }

    @Test("an evaluation error exits 1, as {\"error\"} in JSON")
    func evaluationError() async throws {
        let json = await ethosInProcess(["rules", "eval", "1 / 0", "--format", "json"])
        #expect(json.stdout == "{\"error\": \"Division by zero.\"}\n")
        #expect(json.status == 1)
        let text = await ethosInProcess(["rules", "eval", "record.kind == 'mentoring'"])
        #expect(text.stderr == "error: No value for 'record.kind' in this record; guard the rule with has(record.kind).\n")
        #expect(text.status == 1)
    }

    @Test("a syntax or type error exits 2 with the located diagnostic on stderr")
    func compileError() async throws {
        let result = await ethosInProcess(["rules", "eval", "record.minuts >= 30", "--format", "json"])
        #expect(result.stdout == "")
        #expect(result.stderr == """
            <expression>:1:8: error: Unknown fact 'record.minuts'; did you mean 'record.minutes'?
              record.minuts >= 30
                     ^~~~~~

            """)
        #expect(result.status == 2)
        let syntax = try ethos(["rules", "eval", "1 +\n  (2"])
        #expect(syntax.stderr == "<expression>:2:5: error: Expected ')' to close '(', but found the end of the expression.\n    (2\n      ^\n")
        #expect(syntax.status == 2)
    }

    @Test("reads a record's facts and explains the result")
    func explain() throws {
        try withRecord { directory in
            let result = try ethos(["rules", "eval", "record.kind == 'mentoring' && record.minutes >= 30", "--record", "record.json", "--explain"],
                                   in: directory)
            #expect(result.stdout == """
                false
                  record.kind == 'mentoring' && record.minutes >= 30  →  false
                    record.kind == 'mentoring'  →  true
                      record.kind  →  "mentoring"
                    record.minutes >= 30  →  false
                      record.minutes  →  20
                  decided by: record.minutes >= 30  →  false
                  facts read: record.kind = "mentoring", record.minutes = 20

                """)
            #expect(result.status == 0)
            let json = try ethos(["rules", "eval", "'design-review' in record.tags", "--record", "record.json", "--explain", "--format", "json"],
                                 in: directory)
            #expect(json.stdout == #"{"type": "bool", "value": true, "trace": {"root": {"expression": "'design-review' in record.tags", "value": {"type": "bool", "value": true}, "children": [{"expression": "'design-review'", "value": {"type": "string", "value": "design-review"}}, {"expression": "record.tags", "value": {"type": "list", "value": [{"type": "string", "value": "design-review"}]}}]}, "decidedBy": [], "factsRead": [{"name": "record.tags", "value": {"type": "list", "value": [{"type": "string", "value": "design-review"}]}}]}}"# + "\n")
        }
    }

    @Test("an invalid record file gives located errors and exits 1")
    func invalidRecord() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write(["bad.json": "{\"kind\": \"feedback\", \"from\": \"a\", \"to\": \"b\", \"txt\": \"x\"}"], in: directory)
        let result = try ethos(["rules", "eval", "true", "--record", "bad.json"], in: directory)
        #expect(result.stderr == """
            bad.json:1:1: error: Missing required key 'text' in a record.
            bad.json:1:46: error: Unknown key 'txt' in a record; did you mean 'text'?

            """)
        #expect(result.status == 1)
        let missing = try ethos(["rules", "eval", "true", "--record", "nope.json"], in: directory)
        #expect(missing.stderr.hasPrefix("nope.json: error: No file or directory at 'nope.json'"))
        #expect(missing.status == 1)
    }
}
