import EthosRules
import Foundation
import Testing

/// The conformance suite: every line of `Conformance/*.cel` is an expression and what it must
/// give. A failure is reported at the line of the `.cel` file, like SwiftLint's example tests.
@Suite("CEL conformance")
struct ConformanceTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var line: Int
        var expression: String
        var expected: String
        var testDescription: String { "\(URL(fileURLWithPath: file).lastPathComponent):\(line): \(expression)" }
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Conformance")

    static let cases: [Case] = {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".cel") }.sorted()
        return files.flatMap { name -> [Case] in
            let path = directory.appendingPathComponent(name).path
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { offset, line in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty, !trimmed.hasPrefix("# "), trimmed != "#", let arrow = line.range(of: " => ") else { return nil }
                return Case(file: path, line: offset + 1, expression: String(line[..<arrow.lowerBound]),
                            expected: String(line[arrow.upperBound...]))
            }
        }
    }()

    /// The record the `facts.cel` lines read.
    static let schema = FactSchema([
        FactDeclaration("record.kind", .string, ""), FactDeclaration("record.text", .string, ""),
        FactDeclaration("record.minutes", .int, ""), FactDeclaration("record.date", .timestamp, ""),
        FactDeclaration("record.tags", .list(.string), ""), FactDeclaration("record.principles", .list(.string), ""),
        FactDeclaration("record.anonymous", .bool, ""),
        FactDeclaration("author.handle", .string, ""), FactDeclaration("author.team", .string, ""),
        FactDeclaration("author.role", .string, ""),
        FactDeclaration("subject.handle", .string, ""), FactDeclaration("subject.team", .string, ""),
        FactDeclaration("similarity", .map(.string, .double), ""),
    ])

    static let facts = FactValues([
        "record.kind": "mentoring", "record.text": "We went through the review feedback on the parser.",
        "record.minutes": 45, "record.date": .timestamp(FactTimestamp(parsing: "2026-11-20T00:00:00Z")!),
        "record.tags": ["design-review", "swift-concurrency"], "record.principles": ["journey-of-experiences"],
        "record.anonymous": false,
        "author.handle": "ana", "author.team": "platform", "subject.handle": "ravi", "subject.team": "mobile",
        "similarity": .map(["journey-of-experiences": 0.8, "community-contribution": 0.1]),
    ])

    @Test("the suite has cases for every area", arguments: ["literals.cel", "operators.cel", "functions.cel", "facts.cel"])
    func coverage(file: String) {
        #expect(Self.cases.filter { $0.file.hasSuffix(file) }.count >= 20)
    }

    @Test("each line gives what it says", arguments: cases)
    func conformance(_ testCase: Case) {
        let location = Testing.SourceLocation(fileID: "EthosRulesTests/\(URL(fileURLWithPath: testCase.file).lastPathComponent)",
                                              filePath: testCase.file, line: testCase.line, column: 1)
        let actual: String
        do {
            let expression = try CompiledExpression(testCase.expression, schema: Self.schema)
            switch expression.evaluate(Self.facts) {
            case let .success(value): actual = "value: " + ValueText.literal(value) + " : " + value.kindName
            case let .failure(error): actual = "error: " + error.message
            }
        } catch {
            actual = "\(error.kind) error: " + error.message
        }
        let expected = testCase.expected
        for prefix in ["error: ", "syntax error: ", "type error: "] where expected.hasPrefix(prefix) {
            let matches = actual.hasPrefix(prefix) && actual.contains(expected.dropFirst(prefix.count))
            #expect(matches, "expected \(expected), got \(actual)", sourceLocation: location)
            return
        }
        do {
            let value = try CompiledExpression(expected, schema: FactSchema()).evaluate(FactValues())
            guard case let .success(expectedValue) = value else {
                Issue.record("the expected value \(expected) does not evaluate", sourceLocation: location)
                return
            }
            let wanted = "value: " + ValueText.literal(expectedValue) + " : " + expectedValue.kindName
            #expect(actual == wanted, sourceLocation: location)
        } catch {
            Issue.record("the expected value \(expected) does not compile: \(error)", sourceLocation: location)
        }
    }
}
