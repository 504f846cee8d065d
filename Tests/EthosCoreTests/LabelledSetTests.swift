import EthosPlugins
import EthosCore
import Foundation
import Testing

/// The earlier quality bar: `labelled.jsonl` is the set the shipped signals and rules were first
/// tuned on, `validation.jsonl` a set written afterwards and then tuned on too. Both are training
/// data now, kept as a regression check; the figures that measure generalisation come from the
/// locked test split of `Tests/EthosCLITests/Fixtures/corpus/` (see docs/scoring.md).
@Suite("Labelled records")
struct LabelledSetTests {
    static func read(_ name: String) throws -> [LabelledRecord] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        let decoder = RecordDecoder()
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").enumerated().map { index, line in
            try decoder.decodeLabelled(json: String(line), file: name, firstLine: index + 1).get()
        }
    }

    static let scorer: Scorer? = {
        guard let principles = try? PrinciplesLoader.builtins().load(paths: [repositoryRoot.appendingPathComponent("Principles").path]).get() else {
            return nil
        }
        return try? Scorer(principles: principles, factories: BuiltinPlugins.factories)
    }()

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
        var evaluation = Evaluation(principles: scorer.principles.map(\.id))
        for item in try Self.read(file) { evaluation.add(item, scorer.score(item.record)) }
        #expect(evaluation.principles.count == 2)
        for (principle, figures) in evaluation.principles {
            #expect(figures.accuracy >= 0.85, "\(file): \(principle) accuracy \(figures.accuracy)")
        }
    }
}
