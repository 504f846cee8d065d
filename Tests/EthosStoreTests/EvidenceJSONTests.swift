import EthosCore
@testable import EthosStore
import Testing

@Suite("Evidence as stored JSON")
struct EvidenceJSONTests {
    static let principles: [(principle: String, evidence: [Evidence])] = [
        ("journey", [
            Evidence(principle: "journey", plugin: "keywords", strength: 0.5, confidence: 0.8, reason: "Mentions “learned”, a signal.",
                     spans: [TextSpan(start: 157, end: 164, text: "learned"), TextSpan(start: 0, end: 3, text: "We\t\"")]),
            Evidence(principle: nil, plugin: "sentiment", strength: -0.6124, confidence: 1, reason: "The tone is negative (VADER compound -0.61)."),
        ]),
        ("community", [
            Evidence(principle: "community", plugin: "rules", strength: 0.1799964229592489, confidence: 1e-7, reason: "Rule \\ matched\n",
                     rule: "gave-talk"),
        ]),
        ("empty", []),
    ]

    @Test("the stored form, exactly: arrays per piece, shortest round-tripping numbers, escapes, tone and spans")
    func exactText() {
        let text = String(decoding: EvidenceJSON.encode(Self.principles), as: UTF8.self)
        #expect(text == #"""
            {"journey":[["keywords",0.5,0.8,"Mentions “learned”, a signal.",null,false,[[157,164,"learned"],[0,3,"We\t\""]]],\#
            ["sentiment",-0.6124,1.0,"The tone is negative (VADER compound -0.61).",null,true,[]]],\#
            "community":[["rules",0.1799964229592489,1e-07,"Rule \\ matched\n","gave-talk",false,[]]],"empty":[]}
            """#)
    }

    @Test("what is encoded decodes to the same evidence")
    func roundTrip() {
        let decoded = EvidenceJSON.decode(String(decoding: EvidenceJSON.encode(Self.principles), as: UTF8.self))
        for (principle, evidence) in Self.principles {
            #expect(decoded[principle] ?? [] == evidence, "\(principle)")
        }
    }
}
