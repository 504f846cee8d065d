import EthosPlugins
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

    @Test("numbers written from thousandths read exactly as Swift's shortest form writes them")
    func numbersAsDescription() {
        var values: [Double] = [0, 1, -1, 0.5, 0.75, 0.8, -0.6, 0.001, 0.999, 12.5, 999_999.999, 100_000, 0.1, 0.7, 0.3,
                                1e-7, 0.1799964229592489, 1e9, 1e15, -0.0, .nan, .infinity]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 { values.append(Double(Int.random(in: -2_000_000...2_000_000, using: &generator)) / 1_000) }
        for _ in 0..<2_000 { values.append(Double.random(in: -2...2, using: &generator)) }
        for value in values {
            let text = String(decoding: EvidenceJSON.encode([("p", [Evidence(principle: "p", plugin: "x", strength: value, confidence: 1,
                                                                             reason: "")])]), as: UTF8.self)
            let expected = value.isFinite ? value.description : "null"
            #expect(text == #"{"p":[["x",\#(expected),1.0,"",null,false,[]]]}"#, "\(value)")
        }
        #expect(EvidenceJSON.decode(String(decoding: EvidenceJSON.encode([("p", [Evidence(principle: "p", plugin: "x", strength: 0.7,
                                                                                          confidence: 0.001, reason: "")])]), as: UTF8.self))["p"]?
            .first.map { [$0.strength, $0.confidence] } == [0.7, 0.001])
    }
}
