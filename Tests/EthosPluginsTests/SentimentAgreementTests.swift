import EthosPlugins
import EthosTestSupport
import Foundation
import Testing

/// The Swift port of VADER agrees with the reference implementation (vaderSentiment 3.3.2) to
/// within 0.001 on every score of every sentence of the comparison corpus, which
/// `Fixtures/make-vader-corpus.py` generated with the reference.
@Suite("VADER agreement with the reference")
struct SentimentAgreementTests {
    struct Line: Sendable, CustomTestStringConvertible {
        var number: Int
        var text: String
        var negative: Double, neutral: Double, positive: Double, compound: Double
        var testDescription: String { "\(number): \(text)" }
    }

    static let corpus: [Line] = TestFiles.jsonLines("Fixtures/vader-corpus.jsonl", besides: #filePath).compactMap { line, object in
        guard let sentence = object["text"] as? String, let negative = object["neg"] as? Double,
              let neutral = object["neu"] as? Double, let positive = object["pos"] as? Double,
              let compound = object["compound"] as? Double else { return nil }
        return Line(number: line, text: sentence, negative: negative, neutral: neutral, positive: positive, compound: compound)
    }

    static let analyzer = VADER.standard

    @Test("the corpus is a few hundred sentences")
    func corpusSize() {
        #expect(Self.corpus.count >= 400)
    }

    @Test("every score agrees to within 0.001", arguments: corpus)
    func agreement(_ line: Line) {
        let scores = Self.analyzer.scores(line.text)
        #expect(abs(scores.compound - line.compound) <= 0.001, "compound \(scores.compound) vs \(line.compound)")
        #expect(abs(scores.positive - line.positive) <= 0.001, "pos \(scores.positive) vs \(line.positive)")
        #expect(abs(scores.negative - line.negative) <= 0.001, "neg \(scores.negative) vs \(line.negative)")
        #expect(abs(scores.neutral - line.neutral) <= 0.001, "neu \(scores.neutral) vs \(line.neutral)")
    }
}
