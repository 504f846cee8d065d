import Crypto
import EthosCore
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
    static let accuracyFloor = "70"

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

    @Test("no shipped exemplar paraphrases a record of the locked test split")
    func noLeak() throws {
        let stop: Set<String> = ["a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "from", "is", "was",
                                 "were", "be", "been", "are", "it", "its", "this", "that", "his", "her", "their", "our", "my", "your",
                                 "he", "she", "they", "we", "i", "you", "him", "them", "us", "as", "so", "than", "then", "there"]
        func words(_ text: String) -> Set<String> {
            Set(text.lowercased().split { !($0.isLetter || $0 == "'") }.map(String.init).filter { !stop.contains($0) })
        }
        let tests = try String(contentsOf: Self.corpus.appendingPathComponent("test.jsonl"), encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["text"] as? String ?? ""
        }.map(words)
        let principles = try PrinciplesLoader.builtins().load(paths: [repositoryRoot.appendingPathComponent("Principles").path]).get()
        for principle in principles {
            let exemplars = principle.exemplars.aligned + principle.exemplars.misaligned + principle.exemplars.unrelated
            for exemplar in exemplars {
                let mine = words(exemplar)
                let closest = tests.map { Double(mine.intersection($0).count) / Double(max(1, mine.union($0).count)) }.max() ?? 0
                #expect(closest < 0.25, "\(principle.id): “\(exemplar)” shares \(Int(closest * 100))% of its words with a test record")
            }
        }
    }
}
