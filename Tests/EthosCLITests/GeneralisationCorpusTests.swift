import Crypto
import Foundation
import Testing

/// The generalisation corpus (`Fixtures/corpus/`): 336 labelled records split into train, dev and
/// test before any tuning. The test split is locked — nothing is tuned on it — and the shipped
/// principles must not fall below the accuracy they reach on it (docs/scoring.md).
@Suite("Generalisation corpus")
struct GeneralisationCorpusTests {
    /// The SHA-256 of `test.jsonl`, as docs/scoring.md gives it.
    static let lockedTestSplit = "09e099caa8e2e84d83aeab1f67b210b702d7852b5dcc1a6c5dcd7d572038c32d"
    /// The floor: every principle's accuracy on the test split, and the overall one, in percent.
    static let accuracyFloor = "68"

    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/corpus")

    @Test("the test split is the locked one")
    func locked() throws {
        let data = try Data(contentsOf: Self.corpus.appendingPathComponent("test.jsonl"))
        let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        #expect(digest == Self.lockedTestSplit)
    }

    @Test("the corpus holds at least 300 records, each principle's three verdicts in every split")
    func coverage() throws {
        var total = 0
        for split in ["train", "dev", "test"] {
            let lines = try String(contentsOf: Self.corpus.appendingPathComponent("\(split).jsonl"), encoding: .utf8).split(separator: "\n")
            total += lines.count
            for principle in ["journey-of-experiences", "community-contribution"] {
                for verdict in ["aligned", "misaligned", "not-evidenced"] {
                    #expect(lines.contains { $0.contains("\"\(principle)\": \"\(verdict)\"") }, "\(split) \(principle) \(verdict)")
                }
            }
        }
        #expect(total >= 300)
    }

    @Test("the shipped principles reach the floor on the locked test split")
    func floor() throws {
        let result = try ethos(["principles", "evaluate", Self.corpus.appendingPathComponent("test.jsonl").path,
                                "--min-accuracy", Self.accuracyFloor], in: repositoryRoot)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
    }
}
