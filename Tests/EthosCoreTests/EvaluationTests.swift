@testable import EthosCore
import Testing

@Suite("Evaluation")
struct EvaluationTests {
    private static func score(_ verdicts: [String: Verdict]) -> [PrincipleScore] {
        verdicts.sorted { $0.key < $1.key }.map {
            PrincipleScore(principle: $0.key, verdict: $0.value, alignment: 0, relevance: 0, evidence: [])
        }
    }

    private static func labelled(_ expected: [String: Verdict], line: Int) -> LabelledRecord {
        LabelledRecord(record: Record(kind: .feedback, from: "a", to: "b", text: "t"), expected: expected, line: line)
    }

    @Test("accuracy, baseline, precision, recall and the confusion matrix agree with a count by hand")
    func figures() {
        // Given four records labelled for one principle: aligned, aligned, misaligned, not-evidenced
        var evaluation = Evaluation(principles: ["p", "q"])
        let pairs: [(Verdict, Verdict)] = [(.aligned, .aligned), (.aligned, .notEvidenced), (.misaligned, .aligned), (.notEvidenced, .notEvidenced)]
        // When they are scored
        for (index, (expected, actual)) in pairs.enumerated() {
            evaluation.add(Self.labelled(["p": expected], line: index + 1), Self.score(["p": actual, "q": .aligned]))
        }
        // Then the figures are the hand counts, and an unlabelled principle is left out
        #expect(evaluation.principles.map(\.id) == ["p"])
        let figures = evaluation.overall
        #expect(figures.count == 4)
        #expect(figures.correct == 2)
        #expect(figures.accuracy == 0.5)
        #expect(figures.baselineAccuracy == 0.25)
        #expect(figures.precision(.aligned) == 0.5)
        #expect(figures.recall(.aligned) == 0.5)
        #expect(figures.precision(.misaligned) == nil)
        #expect(figures.recall(.misaligned) == 0)
        #expect(figures.recall(.notEvidenced) == 1)
        #expect(figures.count(expected: .misaligned, actual: .aligned) == 1)
        #expect(evaluation.misses.map(\.line) == [2, 3])
        #expect(evaluation.belowAccuracy(0.51))
        #expect(!evaluation.belowAccuracy(0.5))
    }

    @Test("a labelled record's problems are located, its labels' included")
    func decoding() {
        let decoder = RecordDecoder(knownPrinciples: ["journey-of-experiences"])
        let line = #"{"kind": "feedback", "from": "a", "to": "b", "text": "t", "expected": {"journey-of-experience": "aligned", "journey-of-experiences": "alinged"}}"#
        guard case let .failure(error) = decoder.decodeLabelled(json: line, file: "l.jsonl", firstLine: 7) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.diagnostics.map(\.formatted) == [
            "l.jsonl:7:72: error: No principle has the id 'journey-of-experience'; did you mean 'journey-of-experiences'?",
            "l.jsonl:7:134: error: 'expected.journey-of-experiences' 'alinged' is not one of 'aligned', 'misaligned', 'not-evidenced'; did you mean 'aligned'?",
        ])
        let missing = decoder.decodeLabelled(json: #"{"kind": "feedback", "from": "a", "to": "b", "text": "t"}"#, file: "l.jsonl")
        #expect((try? missing.get()) == nil)
        let good = decoder.decodeLabelled(json: #"{"kind": "feedback", "from": "a", "to": "b", "text": "t", "expected": {"journey-of-experiences": "not-evidenced"}}"#,
                                          file: "l.jsonl", firstLine: 3)
        #expect((try? good.get())?.expected == ["journey-of-experiences": .notEvidenced])
        #expect((try? good.get())?.line == 3)
    }
}
