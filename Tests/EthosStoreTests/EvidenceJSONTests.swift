import EthosPlugins
import EthosCore
@testable import EthosStore
import EthosStoreSupport
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

    @Test("random evidence, with every kind of character a reason or span may hold, reads back exactly")
    func randomRoundTrip() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "é", "😀", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}", "\u{7F}", "\u{2028}", "“", " ", "{", "]", ","]
        func text() -> String { (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined() }
        for _ in 0..<500 {
            let principles = (0..<Int.random(in: 0...3, using: &generator)).map { index -> (principle: String, evidence: [Evidence]) in
                let principle = "p\(index)" + text()
                return (principle, (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                    Evidence(principle: Bool.random(using: &generator) ? principle : nil, plugin: text(),
                             strength: Double.random(in: -1...1, using: &generator), confidence: Double(Int.random(in: 0...1_000, using: &generator)) / 1_000,
                             reason: text(), spans: (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                                 TextSpan(start: Int.random(in: 0...10_000, using: &generator), end: Int.random(in: 0...10_000, using: &generator), text: text())
                             }, rule: Bool.random(using: &generator) ? text() : nil)
                })
            }
            let decoded = EvidenceJSON.decode(String(decoding: EvidenceJSON.encode(principles), as: UTF8.self))
            #expect(decoded.count == principles.count)
            for (principle, evidence) in principles { #expect(decoded[principle] == evidence) }
        }
    }

    @Test("escapes another writer may use read as JSON defines them; a number that was not finite reads as 0")
    func otherEscapes() {
        let decoded = EvidenceJSON.decode(#"{"p":[["x",null,1,"caf\u00e9 \ud83d\ude00 a\/b \b\f\r",null,false,[[0,1,"\u0041"]]]]}"#)
        #expect(decoded["p"] == [Evidence(principle: "p", plugin: "x", strength: 0, confidence: 1, reason: "café 😀 a/b \u{8}\u{C}\r",
                                          spans: [TextSpan(start: 0, end: 1, text: "A")])])
    }

    @Test("anything but the stored form reads as no evidence, never as part of it")
    func malformed() {
        let valid = String(decoding: EvidenceJSON.encode(Self.principles), as: UTF8.self)
        // Every cut-off prefix of a valid text.
        for length in 0..<valid.utf8.count {
            #expect(EvidenceJSON.decode(String(decoding: valid.utf8.prefix(length), as: UTF8.self)).isEmpty, "\(length)")
        }
        for text in [valid + " ", "[]", #"{"p":[["x","1",1,"r",null,false,[]]]}"#, #"{"p":[["x",1,1,"r",null,0,[]]]}"#,
                     #"{"p":[["x",1,1,"r",null,false,[[0.5,1,"t"]]]]}"#, #"{"p":[["x",1,1,"r\q",null,false,[]]]}"#,
                     #"{"p":[["x",1,1,"\ud800",null,false,[]]]}"#, #"{"p":[["x",1,1,"r",null,false]]}"#, #"{"p":[["x",1e999999,1,"r",null,false,[]]]}"#] {
            #expect(EvidenceJSON.decode(text).isEmpty, "\(text)")
        }
        #expect(EvidenceJSON.decode(nil).isEmpty)
    }
}

@Suite("Lists of strings as stored JSON")
struct JSONTextTests {
    @Test("a list reads back as written, plain or escaped, and anything else reads as none")
    func roundTrip() {
        // Given lists as the store writes them: empty, plain words, and strings that need escapes
        let lists: [[String]] = [[], ["growth"], ["growth", "community", "mentoring"], ["a \"quoted\" tag", "back\\slash", "tab\there", "ünïcödé", ""]]
        for list in lists {
            // When each is written and read back, it is the same list
            #expect(JSONText.strings(JSONText.array(list)) == list)
        }
        // Then what is not a JSON list of strings reads as no strings, and spaced JSON still reads
        for text in ["", "[", "]", "[\"a\"", "[1, 2]", "{\"a\": 1}", "[\"a\" \"b\"]", "null"] {
            #expect(JSONText.strings(text).isEmpty, "\(text)")
        }
        #expect(JSONText.strings(nil).isEmpty)
        #expect(JSONText.strings("[ \"a\" , \"b\" ]") == ["a", "b"])
    }
}
