import EthosCore
import Foundation
import Testing

/// The quality bar: per-principle verdict accuracy on realistic, hand-labelled records —
/// feedback and mentoring; aligned, misaligned and unrelated for each principle; negations,
/// mixed sentiment and plain operational texts. `labelled.jsonl` is the set the shipped
/// signals and rules were tuned on; `validation.jsonl` was written afterwards, to measure how
/// well that tuning generalises.
@Suite("Labelled records")
struct LabelledSetTests {
    struct Labelled {
        var record: Record
        var expected: [String: Verdict]
    }

    static func read(_ name: String) throws -> [Labelled] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let expected = try #require(object["expected"] as? [String: String])
            let record = Record(id: object["id"] as? String, kind: object["kind"] as? String == "mentoring" ? .mentoring : .feedback,
                                from: "giver", to: "receiver", text: try #require(object["text"] as? String),
                                minutes: object["minutes"] as? Int)
            return Labelled(record: record, expected: try expected.mapValues { try #require(Verdict(rawValue: $0)) })
        }
    }

    static let scorer: Scorer? = {
        guard let principles = try? PrinciplesLoader().load(paths: [repositoryRoot.appendingPathComponent("Principles").path]).get() else {
            return nil
        }
        return try? Scorer(principles: principles)
    }()

    /// Accuracy per principle.
    static func accuracy(_ set: [Labelled], scorer: Scorer) -> [String: Double] {
        var correct: [String: Int] = [:], total: [String: Int] = [:]
        for item in set {
            let score = scorer.score(item.record)
            for (principle, expected) in item.expected {
                total[principle, default: 0] += 1
                if score[principle]?.verdict == expected { correct[principle, default: 0] += 1 }
            }
        }
        return Dictionary(uniqueKeysWithValues: total.map { principle, count in
            (principle, Double(correct[principle, default: 0]) / Double(count))
        })
    }

    @Test("the sets are large and cover every verdict of both principles, in feedback and mentoring")
    func coverage() throws {
        let all = try Self.read("labelled.jsonl") + Self.read("validation.jsonl")
        #expect(try Self.read("labelled.jsonl").count >= 80)
        for principle in ["journey-of-experiences", "community-contribution"] {
            for verdict in Verdict.allCases {
                #expect(all.filter { $0.expected[principle] == verdict }.count >= 10, "\(principle) \(verdict)")
            }
        }
        #expect(all.filter { $0.record.kind == .mentoring }.count >= 10)
    }

    @Test("verdict accuracy is at least 85% per principle", arguments: ["labelled.jsonl", "validation.jsonl"])
    func accuracy(file: String) throws {
        let scorer = try #require(Self.scorer)
        let accuracy = Self.accuracy(try Self.read(file), scorer: scorer)
        #expect(accuracy.count == 2)
        for (principle, value) in accuracy {
            #expect(value >= 0.85, "\(file): \(principle) accuracy \(value)")
        }
    }
}
