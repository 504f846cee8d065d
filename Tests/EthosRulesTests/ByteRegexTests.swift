import EthosCore
@testable import EthosRules
import Foundation
import Testing

@Suite("Byte matcher for matches()")
struct ByteRegexTests {
    static func icu(_ pattern: String, _ text: String) throws -> Bool {
        try NSRegularExpression(pattern: pattern).firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    static func bytes(_ regex: ByteRegex, _ text: String) -> Bool? {
        Array(text.utf8).withUnsafeBufferPointer(regex.matches)
    }

    @Test("every shipped pattern is within the subset")
    func shippedPatterns() {
        for (pattern, _) in LiteralPrefilterTests.shipped {
            #expect(ByteRegex(pattern: pattern) != nil, "\(pattern)")
        }
    }

    @Test("agrees with ICU where ASCII meets ICU's own edges", arguments: [
        ("(?i)[^k]", "K"), ("(?i)[^k]", "k"), ("(?i)[^k]", "x"), ("[^k]", "K"), ("(?i)[a-c]", "B"), ("(?i)[^a-c]+", "ABC"),
        ("a$", "a\n"), ("a$", "a\r\n"), ("a$", "a\n\n"), ("a$", "a\r"), ("a$", "a\u{0B}"), ("a$", "a\u{0C}"), ("a$", "ab"), ("^a", "ba"),
        (".", "\n"), (".", "\r"), (".", "\u{0B}"), (".", "\u{0C}"), (".", "\t"), (".", "\u{1C}"), (#"\s"#, "\u{0B}"), (#"\s"#, "\u{1C}"),
        (#"\s"#, "\u{1F}"), (#"\S"#, "\u{0B}"), (#"\w"#, "_"), (#"\w"#, "-"), (#"\bab\b"#, "ab"), (#"\bab\b"#, "_ab"), (#"\Bb"#, "ab"),
        (#"\b"#, ""), (#"\B"#, ""), ("a|", "x"), ("(a|)b", "b"), ("x{2,3}y", "xxy"), ("x{2,}?y", "xy"), ("x{0}y", "y"),
        (#"[\w-]"#, "-"), (#"[a\-z]"#, "-"), (#"[a\-z]"#, "b"), ("[-a]", "-"), ("[a-]", "-"), (#"[\]]"#, "]"), ("[.]", "a"), ("[$]", "$"),
        (#"\$5 \(five\)"#, "$5 (five)"), ("(?i)KEEPS", "keeps"), (#"[\s]"#, "\u{0C}"), (#"[\D]"#, "a"), (#"[^\d]"#, "5"), (#"\t"#, "\t"),
    ])
    func edges(_ pattern: String, _ text: String) throws {
        let regex = try #require(ByteRegex(pattern: pattern), "\(pattern)")
        #expect(Self.bytes(regex, text) == (try Self.icu(pattern, text)), "\(pattern) on \(text.debugDescription)")
    }

    @Test("the word and line-end sets, spelled as masks, hold exactly their bytes")
    func constantSets() {
        let word = Array(UInt8(ascii: "a")...UInt8(ascii: "z")) + Array(UInt8(ascii: "A")...UInt8(ascii: "Z"))
            + Array(UInt8(ascii: "0")...UInt8(ascii: "9")) + [UInt8(ascii: "_")]
        #expect(ByteRegex.ByteSet.word == ByteRegex.ByteSet.of(word))
        #expect(ByteRegex.ByteSet.lineEnd == ByteRegex.ByteSet.of([0x0A, 0x0B, 0x0C, 0x0D]))
    }

    @Test("shipped-style patterns, pruned by their next bytes and word starts, agree with ICU on sentences", arguments: [
        #"(?i)\b(listened to|acted on|took|changed)\b[^.]{0,40}\b(feedback|comments|critique)"#,
        #"(?i)\b(keeps?|kept|keeping)\b[^.]{0,40}\bto (himself|herself|themselves)\b"#,
        #"(?i)\b(ignor|dismiss|wav|argu)\w*\b[^.]*\b(feedback|review)"#, #"\bab|b\b"#, #"(?i)\b(a|b)?c"#, #"x*\b"#,
    ])
    func prunedAgree(_ pattern: String) throws {
        let regex = try #require(ByteRegex(pattern: pattern))
        let texts = ["She listened to the feedback.", "He took all of the review comments to heart", "changed. feedback", "Kept it to himself",
                     "kept the good bits for himself and to herself", "He waved off the review.", "argued about feedback", "xab", "ab", "cab b",
                     "a c", "bc", "c", "Took my comments, then changed nothing about the critique", "", "x", "TOOK FEEDBACK", "tookfeedback"]
        for text in texts {
            #expect(Self.bytes(regex, text) == (try Self.icu(pattern, text)), "\(pattern) on \(text.debugDescription)")
        }
    }

    @Test("start pairs skip only starts that no branch begins with", arguments: [
        ("a", "xa"), ("ab?", "xa"), ("ab?", "xac"), (#"a\b"#, "a b"), (#"a\b"#, "ab"), ("a$", "ba"), ("a$", "ba\n"), ("(?i)t(ook|he)", "xTHE"),
        ("(?i)t(ook|he)", "tea"), ("a.", "ba\n"), ("a.", "bab"), ("x*a", "ya"), ("(ab|c)d", "cd"), ("(ab|c)d", "acd"), ("a{2}", "baa"),
    ])
    func startPairsAgree(_ pattern: String, _ text: String) throws {
        let regex = try #require(ByteRegex(pattern: pattern), "\(pattern)")
        #expect(Self.bytes(regex, text) == (try Self.icu(pattern, text)), "\(pattern) on \(text.debugDescription)")
    }

    @Test("the start pairs of a case-insensitive word hold its first two letters in any case, and nothing else")
    func startPairsTable() throws {
        let regex = try #require(ByteRegex(pattern: "(?i)took|to$"))
        func holds(_ one: Character, _ two: Character) -> Bool {
            let key = Int(one.asciiValue!) << 7 | Int(two.asciiValue!)
            return regex.startPairs[key >> 6] >> UInt64(key & 63) & 1 != 0
        }
        #expect(holds("t", "o") && holds("T", "o") && holds("t", "O") && holds("T", "O"))
        #expect(!holds("t", "h") && !holds("o", "o") && !holds("x", "o"))
        #expect(try #require(ByteRegex(pattern: "a|")).startPairs.isEmpty)  // may match consuming nothing
    }

    @Test("patterns outside the subset are left to ICU", arguments: [
        "(?x) a b", "(?i:a)", "(?<n>a)", "(?=a)", "(?<=a)b", #"\p{L}"#, #"\x41"#, #"\Qa.b\E"#, #"(a)\1"#, "a++", "a*+", #"\b+"#, "^*",
        "[[a]]", "[a&&b]", "[a--b]", "[[:alpha:]]", "[]a]", "[a-\\w]", "caf\u{E9}", "a{1001}", #"\a"#, #"\e"#, #"\N{SPACE}"#, "(a",
        "a)", "[a", "x{2", #"\"#, "(?m)^a", "a{3,2}", "(a|)*", "(?:)+", "(a?b?){2}", #"(\b)+"#,
    ])
    func unsupported(_ pattern: String) {
        #expect(ByteRegex(pattern: pattern) == nil)
    }

    @Test("agrees with ICU on 3,000 generated patterns, each over 60 generated texts")
    func generated() throws {
        var random = SplitMix64(seed: 20_261_127)
        var texts = ["", "a", "K", "k", "ab", "a b", "a.b", "__", "-", "\n", "a\n", "a\r\n", "b\u{0B}", "99"]
        let alphabet = Array("aabbkKAB _-.9$()\n\r\t\u{0B}\u{0C}\u{1C}")
        while texts.count < 60 {
            texts.append(String((0..<Int.random(in: 1...14, using: &random)).map { _ in alphabet.randomElement(using: &random)! }))
        }
        var compared = 0, withinSubset = 0
        for _ in 0..<3_000 {
            var pattern = Int.random(in: 0..<2, using: &random) == 0 ? "(?i)" : ""
            pattern += PatternMaker.alternation(depth: 0, &random)
            guard let icu = try? NSRegularExpression(pattern: pattern) else { continue }
            compared += 1
            guard let regex = ByteRegex(pattern: pattern) else { continue }
            withinSubset += 1
            for text in texts {
                let ours = Self.bytes(regex, text)
                let expected = icu.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                #expect(ours == expected, "\(pattern) on \(text.debugDescription): ICU \(expected)")
            }
        }
        #expect(compared > 2_500)
        #expect(withinSubset * 4 > compared * 3, "the generator exercises the subset more than the fallback")
    }

    @Test("nested repetition stays linear: (a+)+b over 20,000 a's answers at once")
    func nestedRepetitionIsBounded() throws {
        let regex = try #require(ByteRegex(pattern: "(a+)+b"))
        let text = String(repeating: "a", count: 20_000)
        let started = ContinuousClock.now
        #expect(Self.bytes(regex, text) == false)
        #expect(ContinuousClock.now - started < .seconds(5), "a generous bound: exponential backtracking would never finish")
    }

    @Test("deeply nested groups are left to ICU, unparsed past the limit")
    func deepNesting() throws {
        let deep = String(repeating: "(", count: 20_000) + "a" + String(repeating: ")", count: 20_000)
        #expect(ByteRegex(pattern: deep) == nil)
        #expect(LiteralPrefilter(pattern: deep) == nil)
        #expect((try? Pattern(deep)) == nil, "ICU refuses such nesting too: a rule gets a located error, not a crash")
        let nested = String(repeating: "(?:", count: ByteRegex.nestingLimit) + "ab" + String(repeating: ")", count: ByteRegex.nestingLimit)
        let regex = try #require(ByteRegex(pattern: nested), "up to the limit, nesting is the matcher's")
        #expect(Self.bytes(regex, "xaby") == true)
        #expect(LiteralPrefilter(pattern: nested)?.required == [[Array("ab".utf8)]])
    }

    @Test("a text too long for the visited set is left to ICU, and Pattern still answers")
    func longTextFallsBack() throws {
        let regex = try #require(ByteRegex(pattern: "a[^.]{0,500}b"))
        let text = String(repeating: "x", count: 10_000) + "a b"
        #expect(Self.bytes(regex, text) == nil)
        #expect(try Pattern("a[^.]{0,500}b").search(text))
    }

    @Test("a non-ASCII text is ICU's: full case folding and Unicode \\w")
    func nonASCIIText() throws {
        #expect(try Pattern("(?i)kelvin").search("\u{212A}elvin"))
        #expect(try Pattern(#"\bcaf\w\b"#).search("un caf\u{E9} noir"))
        #expect(try !Pattern(#"\bcaf\b"#).search("un caf\u{E9} noir"))
    }
}

/// Random patterns from the subset's grammar, with a sprinkling of what lies outside it.
private enum PatternMaker {
    static let atoms = ["a", "b", "k", "K", " ", "_", "-", "9", ".", #"\w"#, #"\W"#, #"\d"#, #"\D"#, #"\s"#, #"\S"#, #"\b"#, #"\B"#, "^", "$",
                        #"\."#, #"\$"#, #"\("#, #"\t"#, #"\n"#]
    static let members = ["a", "b", "k", "K", "A", " ", "_", ".", "$", "9", "a-c", "A-K", "0-9", #"\w"#, #"\d"#, #"\s"#, #"\S"#, #"\-"#, #"\]"#]
    static let quantifiers = ["?", "*", "+", "{2}", "{0,2}", "{1,}", "{1,3}", "??", "*?", "+?"]

    static func alternation(depth: Int, _ random: inout SplitMix64) -> String {
        (0..<Int.random(in: 1...(depth == 0 ? 3 : 2), using: &random)).map { _ in sequence(depth: depth, &random) }.joined(separator: "|")
    }

    static func sequence(depth: Int, _ random: inout SplitMix64) -> String {
        (0..<Int.random(in: 0...4, using: &random)).map { _ in
            let atom = self.atom(depth: depth, &random)
            let assertion = [#"\b"#, #"\B"#, "^", "$"].contains(atom)
            guard !assertion, Int.random(in: 0..<3, using: &random) == 0 else { return atom }
            return atom + quantifiers.randomElement(using: &random)!
        }.joined()
    }

    static func atom(depth: Int, _ random: inout SplitMix64) -> String {
        switch Int.random(in: 0..<10, using: &random) {
        case 0 where depth < 3: return "(" + alternation(depth: depth + 1, &random) + ")"
        case 1 where depth < 3: return "(?:" + alternation(depth: depth + 1, &random) + ")"
        case 2:
            let negated = Int.random(in: 0..<3, using: &random) == 0 ? "^" : ""
            let leading = Int.random(in: 0..<6, using: &random) == 0 ? "-" : ""
            let body = (0..<Int.random(in: 1...3, using: &random)).map { _ in members.randomElement(using: &random)! }.joined()
            return "[" + negated + leading + body + "]"
        default: return atoms.randomElement(using: &random)!
        }
    }
}
