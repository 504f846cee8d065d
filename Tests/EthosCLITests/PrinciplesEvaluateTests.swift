@testable import EthosCLI
import Foundation
import Testing

/// `ethos principles evaluate` end to end, and the locked test split of the generalisation corpus.
@Suite("ethos principles evaluate")
struct PrinciplesEvaluateTests {
    /// Three records from the principles' own examples, one of them deliberately mislabelled.
    private static let small = """
        {"id": "a", "kind": "feedback", "from": "x", "to": "y", "text": "Ravi refused to look at the review comments and merged anyway.", "expected": {"journey-of-experiences": "misaligned"}}
        {"id": "b", "kind": "feedback", "from": "x", "to": "y", "text": "Lena open-sourced our validator and reviews outside contributors' pull requests.", "expected": {"community-contribution": "aligned", "journey-of-experiences": "not-evidenced"}}
        {"id": "c", "kind": "feedback", "from": "x", "to": "y", "text": "The numbers were delivered on time.", "expected": {"community-contribution": "aligned"}}

        """

    @Test("prints accuracy beside the baseline, precision, recall, the confusion matrix and the misses")
    func text() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write(["l.jsonl": Self.small], in: directory)
        let principles = repositoryRoot.appendingPathComponent("Principles").path
        let result = try ethos(["principles", "evaluate", "l.jsonl", "--show-misses", "--principles", principles], in: directory)
        #expect(result.stderr == "")
        #expect(result.status == 0)
        #expect(result.stdout == """
            Evaluated 3 labelled records from l.jsonl against 2 principles.

            Community Contribution (community-contribution)
              Accuracy: 1 of 2 records right, 50.0%; always answering not-evidenced: 0.0%.

              verdict        labelled  scored  precision  recall
              aligned        2         1       100.0%     50.0%
              misaligned     0         0       —          —
              not-evidenced  0         1       0.0%       —

              labelled \\ scored  aligned  misaligned  not-evidenced
              aligned            1        0           1
              misaligned         0        0           0
              not-evidenced      0        0           0

            Journey of Experiences (journey-of-experiences)
              Accuracy: 2 of 2 records right, 100.0%; always answering not-evidenced: 50.0%.

              verdict        labelled  scored  precision  recall
              aligned        0         0       —          —
              misaligned     1         1       100.0%     100.0%
              not-evidenced  1         1       100.0%     100.0%

              labelled \\ scored  aligned  misaligned  not-evidenced
              aligned            0        0           0
              misaligned         0        1           0
              not-evidenced      0        0           1

            Overall: 3 of 4 verdicts right, 75.0%; always answering not-evidenced: 25.0%.

            Misses:
            l.jsonl:3: c: community-contribution: labelled aligned, scored not-evidenced (alignment  0.00, relevance 0.00).

            """)
    }

    @Test("--format json gives the same figures, and --min-accuracy fails the run below it")
    func jsonAndFloor() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write(["l.jsonl": Self.small], in: directory)
        let principles = repositoryRoot.appendingPathComponent("Principles").path
        let result = try ethos(["principles", "evaluate", "l.jsonl", "--format", "json", "--min-accuracy", "60", "--principles", principles],
                               in: directory)
        #expect(result.status == 1)
        #expect(result.stderr == "error: Accuracy is below --min-accuracy 60%.\n")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let overall = try #require(json["overall"] as? [String: Any])
        #expect(overall["accuracy"] as? Double == 0.75)
        #expect(overall["baselineAccuracy"] as? Double == 0.25)
        let community = try #require((json["principles"] as? [String: Any])?["community-contribution"] as? [String: Any])
        #expect(community["accuracy"] as? Double == 0.5)
        let aligned = try #require((community["verdicts"] as? [String: Any])?["aligned"] as? [String: Any])
        #expect(aligned["recall"] as? Double == 0.5)
        #expect(json["misses"] == nil)

        let passing = try ethos(["principles", "evaluate", "l.jsonl", "--min-accuracy", "50", "--principles", principles], in: directory)
        #expect(passing.status == 0)
    }

    @Test("a malformed file is reported line by line and nothing is measured")
    func malformed() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write(["l.jsonl": """
            {"kind": "feedback", "from": "x", "to": "y", "text": "t", "expected": {"community-contribution": "yes"}}
            {"kind": "feedback", "from": "x", "to": "y", "text": "t"}
            not json

            """], in: directory)
        let principles = repositoryRoot.appendingPathComponent("Principles").path
        let result = try ethos(["principles", "evaluate", "l.jsonl", "--principles", principles], in: directory)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == """
            l.jsonl:1:98: error: 'expected.community-contribution' 'yes' is not one of 'aligned', 'misaligned', 'not-evidenced'.
            l.jsonl:2:1: error: Missing required key 'expected' in a labelled record.
            l.jsonl:3:1: error: JSON syntax error: Expected a JSON value (an object, a list, text in double quotes, a number, true, false or null).

            """)
    }
}

@Suite("Terminal text")
struct TerminalTextTests {
    @Test("control and format characters a user wrote are shown, not obeyed; plain text and emoji pass unchanged")
    func escaped() {
        #expect(TerminalText.escaped("g\u{1B}[31m1\u{7}") == "g\\u{1B}[31m1\\u{7}")
        #expect(TerminalText.escaped("a\u{202E}b") == "a\\u{202E}b")
        #expect(TerminalText.escaped("ok 👩‍💻 Tomás") == "ok 👩‍💻 Tomás")
    }
}
