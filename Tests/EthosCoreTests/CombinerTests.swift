@testable import EthosCore
import Foundation
import Testing

/// The combination formula of docs/scoring.md, checked against numbers worked out by hand.
@Suite("Combining evidence")
struct CombinerTests {
    let combiner = Combiner(settings: ScoringSettings(weights: ["a": 1, "b": 0.5, "tone": 0.6]))

    @Test("relevance accumulates independent evidence; alignment is tanh of the weighted sum")
    func formula() {
        // r1 = 1·0.8·0.5 = 0.4; r2 = 0.5·1·1 = 0.5 (topical) → relevance = 1 − 0.6·0.5 = 0.7
        // S = 1·0.8·0.5 + 0.5·1·0 = 0.4; tone adds 0.7 · 0.6·1·(−0.5) = −0.21 → S = 0.19
        let score = combiner.score(principle: "p", evidence: [
            Evidence(principle: "p", plugin: "a", strength: 0.5, confidence: 0.8, reason: ""),
            Evidence(principle: "p", plugin: "b", strength: 0, confidence: 1, reason: ""),
        ], tone: [Evidence(principle: nil, plugin: "tone", strength: -0.5, confidence: 1, reason: "")])
        #expect(abs(score.relevance - 0.7) < 1e-12)
        #expect(abs(score.alignment - tanh(0.19)) < 1e-12)
        #expect(score.verdict == .aligned)
        #expect(score.evidence.count == 3, "the tone that tilted it is listed")
    }

    @Test("with a tone a sentence, only the sentences that evidence the principle tilt it, by their mean")
    func sentenceTone() {
        func span(_ start: Int, _ end: Int) -> [TextSpan] { [TextSpan(start: start, end: end, text: "")] }
        let tone = [
            Evidence(principle: nil, plugin: "tone", strength: 0.9, confidence: 1, reason: "", spans: span(0, 40)),
            Evidence(principle: nil, plugin: "tone", strength: -0.5, confidence: 1, reason: "", spans: span(40, 80)),
            Evidence(principle: nil, plugin: "tone", strength: -0.3, confidence: 1, reason: "", spans: span(80, 120)),
        ]
        // Evidence in the second sentence only: tilted by −0.5 · 0.6, not by the first's +0.9.
        let second = combiner.score(principle: "p", evidence: [
            Evidence(principle: "p", plugin: "a", strength: -0.5, confidence: 1, reason: "", spans: span(50, 60)),
        ], tone: tone)
        #expect(abs(second.alignment - tanh(-0.5 + 0.5 * 0.6 * -0.5)) < 1e-12)
        #expect(second.evidence.count == 2)
        // In the second and third: their mean, (−0.5 − 0.3) / 2.
        let both = combiner.score(principle: "p", evidence: [
            Evidence(principle: "p", plugin: "a", strength: -0.5, confidence: 1, reason: "", spans: span(50, 60) + span(90, 95)),
        ], tone: tone)
        #expect(abs(both.alignment - tanh(-0.5 + 0.5 * 0.6 * -0.4)) < 1e-12)
        // Evidence without a span (a rule's) takes every sentence's tone.
        let rule = combiner.score(principle: "p", evidence: [Evidence(principle: "p", plugin: "a", strength: -0.5, confidence: 1, reason: "")],
                                  tone: tone)
        #expect(abs(rule.alignment - tanh(-0.5 + 0.5 * 0.6 * (0.1 / 3))) < 1e-12)
    }

    @Test("polarity matters: the same principle can be evidenced either way")
    func polarity() {
        let against = combiner.score(principle: "p", evidence: [Evidence(principle: "p", plugin: "a", strength: -1, confidence: 1, reason: "")],
                                     tone: [])
        #expect(against.verdict == .misaligned)
        #expect(abs(against.alignment - tanh(-1)) < 1e-12)
        #expect(against.relevance == 1)
    }

    @Test("tone alone never evidences a principle")
    func toneAlone() {
        let score = combiner.score(principle: "p", evidence: [], tone: [Evidence(principle: nil, plugin: "tone", strength: 0.9, confidence: 1, reason: "")])
        #expect(score.verdict == .notEvidenced)
        #expect(score.relevance == 0 && score.alignment == 0)
        #expect(score.evidence.isEmpty)
    }

    @Test("weak or balanced evidence is not evidenced", arguments: [
        [Evidence(principle: "p", plugin: "a", strength: 0.3, confidence: 0.8, reason: "")],  // relevance 0.24 < 0.35
        [Evidence(principle: "p", plugin: "a", strength: 1, confidence: 1, reason: ""),
         Evidence(principle: "p", plugin: "a", strength: -1, confidence: 1, reason: "")],     // alignment 0
    ])
    func weak(evidence: [Evidence]) {
        #expect(combiner.score(principle: "p", evidence: evidence, tone: []).verdict == .notEvidenced)
    }

    @Test("thresholds come from the settings")
    func thresholds() {
        let strict = Combiner(settings: ScoringSettings(relevanceThreshold: 0.9, alignmentThreshold: 0.5))
        let evidence = [Evidence(principle: "p", plugin: "a", strength: 0.5, confidence: 1, reason: "")]
        #expect(combiner.score(principle: "p", evidence: evidence, tone: []).verdict == .aligned)
        #expect(strict.score(principle: "p", evidence: evidence, tone: []).verdict == .notEvidenced)
    }
}
