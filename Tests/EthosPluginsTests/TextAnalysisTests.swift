import EthosTestSupport
import EthosPlugins
@testable import EthosText
import Foundation
import Testing

@Suite("Porter2 stemmer")
struct StemmerTests {
    /// Pairs from the published Snowball English sample vocabulary and the algorithm's own
    /// description (exceptional forms, R1 prefixes, each step).
    @Test("stems like the reference", arguments: [
        ("consign", "consign"), ("consigned", "consign"), ("consigning", "consign"), ("consignment", "consign"),
        ("consist", "consist"), ("consisted", "consist"), ("consistency", "consist"), ("consistent", "consist"),
        ("consistently", "consist"), ("consisting", "consist"), ("consists", "consist"), ("consolation", "consol"),
        ("consolations", "consol"), ("consolatory", "consolatori"), ("console", "consol"), ("consoled", "consol"),
        ("consoles", "consol"), ("consolidate", "consolid"), ("consolidated", "consolid"), ("consolidating", "consolid"),
        ("consoling", "consol"), ("consolingly", "consol"), ("consols", "consol"), ("consonant", "conson"),
        ("consort", "consort"), ("consorted", "consort"), ("conspicuous", "conspicu"), ("conspicuously", "conspicu"),
        ("conspiracy", "conspiraci"), ("conspirator", "conspir"), ("conspirators", "conspir"), ("conspire", "conspir"),
        ("conspired", "conspir"), ("conspiring", "conspir"), ("constable", "constabl"), ("constables", "constabl"),
        ("constance", "constanc"), ("constancy", "constanc"), ("constant", "constant"),
        ("knack", "knack"), ("knackeries", "knackeri"), ("knacks", "knack"), ("knave", "knave"), ("knaves", "knave"),
        ("knavish", "knavish"), ("kneaded", "knead"), ("kneading", "knead"), ("knee", "knee"), ("kneel", "kneel"),
        ("kneeled", "kneel"), ("kneeling", "kneel"), ("kneels", "kneel"), ("knees", "knee"), ("knell", "knell"),
        ("knelt", "knelt"), ("knew", "knew"), ("knife", "knife"), ("knight", "knight"), ("knightly", "knight"),
        ("knights", "knight"), ("knit", "knit"), ("knits", "knit"), ("knitted", "knit"), ("knitting", "knit"),
        ("knives", "knive"), ("knob", "knob"), ("knocked", "knock"), ("knocker", "knocker"), ("knocking", "knock"),
        ("skies", "sky"), ("dying", "die"), ("news", "news"), ("generously", "generous"), ("communication", "communic"),
        ("cried", "cri"), ("ties", "tie"), ("gaps", "gap"), ("gas", "gas"), ("kiwis", "kiwi"), ("hopping", "hop"),
        ("hoped", "hope"), ("running", "run"), ("happily", "happili"), ("by", "by"), ("say", "say"), ("cry", "cri"),
        ("learned", "learn"), ("learning", "learn"), ("contributors", "contributor"), ("contribution", "contribut"),
        ("sharing", "share"), ("shared", "share"), ("mentoring", "mentor"), ("feedback", "feedback"),
        ("proceed", "proceed"), ("succeeded", "succeed"), ("agreed", "agre"), ("lena's", "lena"), ("youth", "youth"),
        // The Snowball project's later revisions.
        ("added", "add"), ("evening", "evening"), ("pasted", "paste"), ("emergency", "emergenc"), ("biologist", "biolog"),
        ("international", "internat"), ("vying", "vie"), ("dying", "die"), ("proceeded", "proceed"), ("exceedingly", "exceed"),
        ("universities", "universiti"), ("organization", "organiz"), ("later", "later"),
    ])
    func stem(word: String, expected: String) {
        #expect(EnglishStemmer.stem(word) == expected)
    }

    /// About 7,500 words (VADER's lexicon, the analysis fixture's and the benchmark's words) with
    /// the stems the reference Snowball implementation gives them (Fixtures/make-porter2-reference.py).
    @Test("stems every word of the reference list as the reference implementation does")
    func referenceList() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/porter2-reference.tsv")
        let pairs = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(pairs.count > 7_000)
        let wrong = pairs.filter { $0.count == 2 && EnglishStemmer.stem($0[0]) != $0[1] }.map { "\($0[0]): \(EnglishStemmer.stem($0[0])), not \($0[1])" }
        #expect(wrong.isEmpty, "\(wrong.prefix(20))")
    }
}

@Suite("Text analysis")
struct AnalyzedTextTests {
    @Test("splits words with their ranges, keeping contractions and hyphenated parts apart")
    func tokens() {
        let text = AnalyzedText("Lena open-sourced our validator; she didn’t stop.")
        #expect(text.tokens.map(\.word) == ["lena", "open", "sourced", "our", "validator", "she", "didn't", "stop"])
        #expect(text.tokens.map(\.stem) == ["lena", "open", "sourc", "our", "valid", "she", "didn't", "stop"])
        #expect(text.quote(text.tokens[4].range) == "validator")
        #expect(text.tokens.map(\.clause) == [0, 0, 0, 0, 0, 1, 1, 1])
    }

    @Test("negation governs a few words in its clause", arguments: [
        ("Ravi did not share the runbook.", ["share", "the", "runbook"]),
        ("She never credits anyone, but she listens.", ["credits", "anyone"]),
        ("He refused to look at the review comments", ["to", "look", "at", "the", "review"]),
        ("She did it instead of sharing it", ["of", "sharing", "it"]),
        ("She stopped sharing her notes", ["sharing", "her", "notes"]),
        ("Not only did she share the slides", []),
        ("He didn’t help", ["help"]),
        ("No doubt she helped", []),
    ])
    func negation(text: String, negated: [String]) {
        #expect(AnalyzedText(text).tokens.filter(\.isNegated).map(\.word) == negated)
    }
}

@Suite("BM25")
struct BM25Tests {
    @Test("ranks the document that shares rarer terms higher, with saturation")
    func ranking() {
        let index = BM25(documents: [["open", "sourc", "communiti", "contribut"], ["grow", "learn", "feedback", "communiti"]])
        let scores = index.scores(["open", "sourc", "communiti"])
        #expect(scores[0] > scores[1])
        #expect(scores[1] > 0, "a term in every document still counts a little")
        #expect(index.scores(["unrelated"]) == [0, 0])
        let once = index.scores(["learn"])[1], twice = index.scores(["learn", "learn"])[1]
        #expect(abs(twice - 2 * once) < 1e-12, "query repeats add up")
        #expect(index.matchingTerms(["learn", "x", "grow"], document: 1) == ["learn", "grow"])
    }
}

@Suite("Term table")
struct TermTableTests {
    @Test("finds every term by its bytes, keeps first ids for repeats, and knows nothing else")
    func lookups() {
        // Enough terms to fill many slots, so probes run past collisions.
        let words = (0..<5_000).map { "w\($0)" } + ["", "naïve", "café", "not", "w7"]
        let table = TermTable(words)
        #expect(table.count == 5_004, "the repeated 'w7' keeps its first id")
        for (id, word) in words.prefix(5_000).enumerated() {
            #expect(table.id(of: word) == id)
            #expect(table.term(id) == word)
        }
        #expect(table.id(of: "") == 5_000)
        #expect(table.id(of: "naïve") == 5_001)
        #expect(table.id(of: "cafe") == nil, "bytes, not canonical equivalence or folding")
        #expect(table.id(of: "Not") == nil)
        #expect(table.id(of: "w5000") == nil)
        #expect(table.id(of: "w") == nil)
        let bytes = Array("not".utf8)
        #expect(bytes.withUnsafeBufferPointer { table.id(of: $0) } == 5_003)
        #expect(TermTable([]).id(of: "x") == nil)
    }

    @Test("terms longer than the eight bytes a slot holds are told apart by the rest of their bytes and their length")
    func longTerms() {
        let long = String(repeating: "x", count: 300)
        let terms = ["abcdefgh", "abcdefghi", "abcdefghij", "abcdefgh-1", "abcdefgh-2", "knowledge", "knowledgeable", long, long + "y",
                     "caf\u{E9}s-and-more", "a"]
        let table = TermTable(terms)
        for (id, term) in terms.enumerated() { #expect(table.id(of: term) == id, "\(term.prefix(20))") }
        for missing in ["abcdefg", "abcdefgh-3", "abcdefghijk", "knowledgeabl", String(repeating: "x", count: 299),
                        String(repeating: "x", count: 301), long + "z", "abcdefgh\u{0}", "b"] {
            #expect(table.id(of: missing) == nil, "\(missing.prefix(20))")
        }
    }

    @Test("a word's first eight bytes and its hash are read alike from any buffer and offset, at every length")
    func wordAtATime() {
        let text = Array("the quick brown fox jumps over the lazy dog, knowledgeable contributors".utf8)
        for length in 0...24 {
            for offset in [0, 1, 3, 7] where offset + length <= text.count {
                let slice = Array(text[offset..<(offset + length)])
                var expected: UInt64 = 0
                for (index, byte) in slice.prefix(8).enumerated() { expected |= UInt64(byte) << (8 * UInt64(index)) }
                text.withUnsafeBufferPointer { all in
                    let word = UnsafeBufferPointer(rebasing: all[offset..<(offset + length)])
                    #expect(TermTable.prefix(word) == expected, "length \(length) at \(offset)")
                    #expect(TermTable.hash(word) == slice.withUnsafeBufferPointer(TermTable.hash), "length \(length) at \(offset)")
                }
            }
        }
        // Words of every length that differ only in their last byte, or only in one in the middle.
        var words: [String] = []
        for length in 1...40 {
            let xs = String(repeating: "x", count: length - 1), ys = String(repeating: "y", count: length / 2)
            words += [xs + "a", xs + "b", ys + "z" + String(repeating: "y", count: length - length / 2)]
        }
        let table = TermTable(words)
        for (id, word) in words.enumerated() { #expect(table.id(of: word) == id, "\(word)") }
        #expect(table.id(of: String(repeating: "x", count: 40)) == nil)
    }
}

@Suite("Text analysis regression")
struct AnalysisRegressionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var line: Int
        var text: String
        var tokens: String
        var testDescription: String { "\(line): \(text.prefix(60))" }
    }

    /// Texts with the analysis the string-based implementation gave them (word, stem, range,
    /// clause, negation, quote for each token), kept when analysis moved to bytes and term
    /// tables: lexicon words of every shape, non-ASCII words, curly apostrophes, negations,
    /// clause breaks, Unicode spaces.
    static let cases: [Case] = TestFiles.jsonLines("Fixtures/analysis-golden.jsonl", besides: #filePath).compactMap { line, object in
        guard let text = object["text"] as? String, let tokens = object["tokens"] as? String else { return nil }
        return Case(line: line, text: text, tokens: tokens)
    }

    @Test("the fixture has a few hundred texts")
    func size() {
        #expect(Self.cases.count >= 300)
    }

    @Test("every text analyses as before", arguments: cases)
    func analysis(_ testCase: Case) {
        #expect(Self.described(AnalyzedText(testCase.text)) == testCase.tokens)
    }

    /// A vocabulary of every word of the fixture, given as written (capitals, curly apostrophes)
    /// as a plugin might give it, plus VADER's lexicon: each word's stem comes from the vocabulary.
    static let vocabulary = Vocabulary(cases.flatMap { $0.text.split(whereSeparator: { !$0.isLetter && $0 != "’" && $0 != "'" }).map(String.init) }
        + VADER.standard.words)

    @Test("a vocabulary holding the words changes nothing", arguments: cases)
    func analysisWithVocabulary(_ testCase: Case) {
        #expect(Self.described(AnalyzedText(testCase.text, vocabulary: Self.vocabulary)) == testCase.tokens)
    }

    @Test("the vocabulary holds the fixture's words with their stems, in analysis's spelling")
    func vocabularyHolds() {
        let tokens = Self.cases.flatMap { AnalyzedText($0.text).tokens }
        let held = tokens.filter { Self.vocabulary.stem(of: $0.word) == $0.stem }
        #expect(held.count * 10 >= tokens.count * 9, "\(held.count) of \(tokens.count)")
        #expect(Vocabulary(["Didn’t", "MENTORING"]).stem(of: "didn't") == "didn't")
        #expect(Vocabulary(["MENTORING"]).stem(of: "mentoring") == "mentor")
        #expect(Vocabulary.standard.stem(of: "mentoring") == nil)
        #expect(Vocabulary.standard.stem(of: "the") == "the")
    }

    @Test("a stem memo changes nothing: every text twice through one memo, and stem ids as without it")
    func analysisWithMemo() {
        let memo = StemMemo(vocabulary: .standard)
        for pass in 1...2 {
            for testCase in Self.cases {
                let analysed = AnalyzedText(testCase.text, memo: memo)
                #expect(Self.described(analysed) == testCase.tokens, "pass \(pass), line \(testCase.line)")
                #expect(analysed.stemIDs == AnalyzedText(testCase.text).stemIDs, "pass \(pass), line \(testCase.line)")
            }
        }
        #expect(memo.count > 100)  // the fixture's words outside the standard vocabulary are remembered
        // With a vocabulary of the fixture's words, stem ids come from it, memo or not.
        let withVocabulary = StemMemo(vocabulary: Self.vocabulary)
        for testCase in Self.cases + Self.cases {
            #expect(AnalyzedText(testCase.text, memo: withVocabulary).stemIDs == AnalyzedText(testCase.text, vocabulary: Self.vocabulary).stemIDs)
        }
    }

    @Test("a stem memo is bounded: it stops remembering at its capacity and still stems right")
    func memoBounded() {
        let memo = StemMemo(vocabulary: .standard, capacity: 500)
        let words = (0..<3_000).map { "zork\($0)ings" }
        for chunk in stride(from: 0, to: words.count, by: 30) {
            let text = words[chunk..<min(words.count, chunk + 30)].joined(separator: " ")
            #expect(AnalyzedText(text, memo: memo).tokens.map(\.stem) == AnalyzedText(text).tokens.map(\.stem))
        }
        #expect(memo.count <= 500)
        #expect(memo.count > 400)  // few are refused a slot within the probe limit
    }

    static func described(_ analysed: AnalyzedText) -> String {
        analysed.tokens.map { "\($0.word)|\($0.stem)|\($0.range)|\($0.clause)|\($0.isNegated)|\(analysed.quote($0.range))" }
            .joined(separator: " ")
    }
}

@Suite("Sentences without analysis")
struct SentenceRangesTests {
    static let tricky = [
        "", "   ", "...", "One. Two! Three? Four", "Wait... what?! Yes.", "Line one\nLine two\n\nLine three", "Dr. Ahmed didn't come.Then left.",
        "He said \"stop.\" Then we went.", "Great work 🙄. Really.", "Café ownership. Über gut! 日本語の文。Next one", "don't. won't. 'tis. ’twas",
        "  Leading and trailing spaces.   ", "A.\tB.\r\nC", "Numbers 3.14 and 1,000. Done", "end.", "x.y.z. a",
    ]

    @Test("cuts and quotes every labelled text and some tricky ones exactly as the analysis does")
    func matchesAnalysis() throws {
        var texts = Self.tricky
        for path in ["Tests/EthosCLITests/Fixtures/corpus/train.jsonl", "Tests/EthosCLITests/Fixtures/corpus/dev.jsonl",
                     "Tests/EthosCLITests/Fixtures/corpus/test.jsonl", "Tests/EthosCoreTests/Fixtures/labelled.jsonl"] {
            let lines = try String(contentsOf: TestFiles.repositoryRoot.appendingPathComponent(path), encoding: .utf8).split(separator: "\n")
            for line in lines {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                texts.append(try #require(object["text"] as? String))
            }
        }
        #expect(texts.count > 400)
        for text in texts {
            let analysed = AnalyzedText(text), light = SentenceRanges(text)
            #expect(light.ranges == analysed.sentences.map(\.range), "\(text)")
            #expect(analysed.sentences.map { light.quote($0.range) } == analysed.sentences.map(analysed.quote), "\(text)")
            for offset in 0...analysed.scalarCount {
                #expect(light.sentence(containing: offset) == analysed.sentences.first { $0.range.contains(offset) }.map(analysed.quote))
            }
        }
    }
}
