import EthosCore
import Foundation
@testable import EthosRules
import Testing

@Suite("Literal prefilter for matches()")
struct LiteralPrefilterTests {
    /// The shipped principles' patterns, and what each requires: one literal of each set.
    static let shipped: [(String, [Set<String>])] = [
        (#"(?i)(github|gitlab|codeberg)\.(com|org)/|open[- ]sourc|upstream"#, [["github", "gitlab", "codeberg", "sourc", "upstream"]]),
        (#"(?i)took (the )?credit|claimed (the )?credit|\bas (his|her|their) own\b"#, [["credit", "claimed ", " own"]]),
        (#"(?i)\b(keeps?|kept|keeping)\b[^.]{0,40}\bto (himself|herself|themselves)\b"#,
         [["keep", "kept", "keeping"], ["to "], ["himself", "herself", "themselves"]]),
        (#"(?i)\b(asked|asks|asking|sought|seeks) (for )?(feedback|input|a review|critique)"#,
         [["asked", "asks", "asking", "sought", "seeks"], ["feedback", "input", "a review", "critique"]]),
        (#"(?i)\b(ignor|dismiss|brush|refus|wav|argu)\w*\b[^.]*\b(feedback|review|critique|comments)"#,
         [["ignor", "dismiss", "brush", "refus", "wav", "argu"], ["feedback", "review", "critique", "comments"]]),
    ]

    static func sets(_ prefilter: LiteralPrefilter?) -> [Set<String>]? {
        prefilter?.required.map { Set($0.map { String(decoding: $0, as: UTF8.self) }) }
    }

    @Test("the literals every match needs are found through groups, alternatives and quantifiers")
    func literals() throws {
        for (pattern, expected) in Self.shipped {
            let prefilter = try #require(LiteralPrefilter(pattern: pattern), "\(pattern)")
            #expect(Self.sets(prefilter) == expected, "\(pattern)")
            #expect(prefilter.caseInsensitive)
        }
        #expect(Self.sets(LiteralPrefilter(pattern: "ab+c")) == [["ab"]], "b once is required, more are not; 'c' alone is too short")
        #expect(Self.sets(LiteralPrefilter(pattern: "colou?r")) == [["colo"]])
        #expect(Self.sets(LiteralPrefilter(pattern: "(?:pair|mob)(bing)? programming")) == [["pair", "mob"], [" programming"]])
        #expect(Self.sets(LiteralPrefilter(pattern: "(a|bc)de|fgh(ij|kl)")) == [["de", "fgh"]], "one set per branch: its best")
        #expect(LiteralPrefilter(pattern: "Swift")?.caseInsensitive == false)
    }

    @Test("patterns the analysis does not fully understand get no prefilter", arguments: [
        "(?x) a b", "(?i:feedback)", "(?<name>feedback)", "(?<=re)view", #"\p{L}+feedback"#, #"\x41bc"#, #"\Qa.b\E"#, #"(ab)\1"#,
        "fe|x", "feedback|", "[]a]bc", "(feedback", "feedback)", "a{,2}bc", "caf\u{E9}", "(?i)(x|y)", ".*",
    ])
    func unsupported(pattern: String) {
        #expect(LiteralPrefilter(pattern: pattern) == nil)
    }

    /// Patterns to compare against ICU on every text: the shipped ones and tricky ones.
    static let patterns = shipped.map(\.0) + [
        "ab+c", "colou?r", "(?:pair|mob)(bing)? programming", "Swift", #"(?i)(?=.*review)feedback"#, #"(?i)open-source\b"#,
        #"(?i)\bteam (\w+ ){0,3}lead"#, "(?i)ss", #"(?i)\b(listened to|acted on|took)\b[^.]{0,40}\b(feedback|comments)"#,
        #"(?i)\b(keeps?|kept|keeping)\b[^.]{0,40}\bfor (himself|herself|themselves)\b"#, "(?i)kelvin", #"(?i)\$5 \(five\)"#, "(?i)a{2}rgh",
    ]

    /// Texts: the labelled set's, and ones built to trip a careless prefilter.
    static func texts() throws -> [String] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("EthosCoreTests/Fixtures/labelled.jsonl")
        let labelled = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["text"] as? String
        }
        return labelled + [
            "She asked for FEEDBACK on the design.", "Stra\u{DF}e", "STRASSE", "\u{212A}elvin", "kelvin", "He kept it to HIMSELF.",
            "Published on GitHub.com/ethos today", "$5 (five)", "aargh", "AARGH", "colour", "color", "abbbc", "ac",
            "mob programming", "pairbing programming", "the review said: feedback", "feedback only", "Team tech lead",
            "open-sourced", "caf\u{E9} feedback \u{1F44D}", "", "She listened to the feedback.", "He took my comments on board",
            "feedback: she listened", "comments. Took", "She keeps the notes for herself", "for herself she keeps", "pair programming",
            "mob  programming", "Mob programming",
        ]
    }

    @Test("wherever the prefilter says no, ICU finds no match")
    func agreesWithICU() throws {
        let texts = try Self.texts()
        #expect(texts.count > 80)
        var skipped = 0
        for source in Self.patterns {
            let pattern = try Pattern(source)
            let regex = try NSRegularExpression(pattern: source)
            for text in texts {
                let icu = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                #expect(try pattern.search(text) == icu, "\(source) on \(text)")
                if let prefilter = pattern.prefilter, !prefilter.mayMatch(text) { skipped += 1 }
            }
        }
        #expect(skipped > texts.count, "the prefilter spares the regex engine most texts")
    }

    @Test("the pair screen never rules out a literal the text holds, in any case, and rules out one it lacks")
    func pairScreen() {
        var random = SplitMix64(seed: 7)
        let alphabet = Array("abcdeFGHij .-é'".unicodeScalars)
        for _ in 0..<2_000 {
            let text = String(String.UnicodeScalarView((0..<Int.random(in: 0...40, using: &random)).map { _ in
                alphabet.randomElement(using: &random)!
            }))
            let lowered = LoweredText(text)
            let bytes = Array(text.utf8)
            guard bytes.count >= 2 else { continue }
            for _ in 0..<10 {
                let start = Int.random(in: 0..<(bytes.count - 1), using: &random)
                let end = Int.random(in: (start + 2)...bytes.count, using: &random)
                // The literal as the text has it, and with its ASCII letters' case flipped.
                let literal = Array(bytes[start..<end])
                let flipped = literal.map { byte -> UInt8 in
                    (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) ? byte ^ 0x20 : byte
                }
                #expect(literal.withUnsafeBufferPointer(lowered.mayContain), "\(text) holds \(literal)")
                #expect(flipped.withUnsafeBufferPointer(lowered.mayContain), "\(text) holds \(flipped) but for case")
            }
        }
        let text = LoweredText("She asked for FEEDBACK on the design.")
        #expect(Array("feedback".utf8).withUnsafeBufferPointer(text.mayContain))
        #expect(!Array("github".utf8).withUnsafeBufferPointer(text.mayContain), "the text has no 'gi', 'it' or 'hu'")
        #expect(!Array("xq".utf8).withUnsafeBufferPointer(LoweredText("").mayContain))
    }
}
