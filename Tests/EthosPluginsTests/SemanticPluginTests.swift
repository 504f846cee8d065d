@testable import EthosPlugins
import EthosPluginAPI
import EthosText
import Testing

@Suite("semantic plugin")
struct SemanticPluginTests {
    static let embeddings = try? StaticEmbeddings.shipped.get()

    static let principles = PrincipleSet([
        Principle(id: "community-contribution", name: "Community Contribution", statement: "We give back to communities.",
                  tenets: ["We are part of a wider community."],
                  exemplars: PrincipleExemplars(aligned: ["He contributed a fix to the open-source library we depend on."],
                                                misaligned: ["She took credit for work that someone else did."],
                                                unrelated: ["She booked the room and ordered lunch for the team."])),
    ])

    @Test("the shipped table has a row of 128 dimensions for every token of the vocabulary")
    func shippedTable() throws {
        let embeddings = try #require(Self.embeddings)
        #expect(embeddings.dimensions == 128)
        let vector = try #require(embeddings.embed(tokens: AnalyzedText("the library").tokens))
        #expect(abs(StaticEmbeddings.cosine(vector, vector) - 1) < 1e-5)
    }

    @Test("a word outside the vocabulary is split into its longest known pieces, or dropped when a piece is unknown")
    func wordPiece() throws {
        let embeddings = try #require(Self.embeddings)
        var sum = [Float](repeating: 0, count: embeddings.dimensions)
        func pieces(_ word: String) -> Int {
            var word = word
            return word.withUTF8 { bytes in sum.withUnsafeMutableBufferPointer { embeddings.add(bytes, to: $0) } }
        }
        #expect(pieces("library") == 1)
        #expect(pieces("unmergeable") >= 2)
        #expect(pieces("\u{A64E}\u{A64E}") == 0)
        #expect(embeddings.embed(tokens: AnalyzedText("\u{A64E}\u{A64E} library").tokens) == nil, "one known piece is too little")
    }

    @Test("a table whose size disagrees with its vocabulary is refused with a message")
    func malformedTable() {
        #expect(throws: StaticEmbeddings.FormatError.self) {
            try StaticEmbeddings(vocabulary: "a\nb\n", base64: "AAAA", dimensions: 4)
        }
    }

    @Test("a paraphrase is nearer its exemplar than an unrelated sentence is")
    func paraphrase() throws {
        let embeddings = try #require(Self.embeddings)
        let exemplar = embeddings.embed(text: "He contributed a fix to the open-source library we depend on.")
        let paraphrase = embeddings.embed(text: "She got a patch merged by the maintainers of the open-source package.")
        let unrelated = embeddings.embed(text: "Thanks for booking the meeting room for Thursday.")
        #expect(StaticEmbeddings.cosine(exemplar, paraphrase) > StaticEmbeddings.cosine(exemplar, unrelated))
    }

    @Test("evidence names the exemplar and the similarity, quotes its sentence, and turns when the sentence is negated")
    func evidence() throws {
        let embeddings = try #require(Self.embeddings)
        let plugin = SemanticPlugin(principles: Self.principles, embeddings: embeddings, threshold: 0.8, margin: 0)
        let text = "Thanks for the demo. He contributed a patch to the open-source library we depend on!"
        let found = plugin.evidence(for: record(text), context: RecordContext(principles: Self.principles, text: AnalyzedText(text),
                                                                                facts: GivenFacts(values: [:])))
        let first = try #require(found.first)
        #expect(first.strength > 0)
        #expect(first.reason.hasPrefix("Close in meaning to the aligned exemplar “He contributed a fix to the open-source library we depend on.” (similarity 0.9"))
        #expect(first.spans.map(\.text) == ["He contributed a patch to the open-source library we depend on!"])

        // The same wording is left out, so an example cannot match itself.
        let same = "He contributed a fix to the open-source library we depend on."
        #expect(plugin.evidence(for: record(same), context: RecordContext(principles: Self.principles, text: AnalyzedText(same),
                                                                          facts: GivenFacts(values: [:]))).isEmpty)

        let negated = "He never contributed a patch to the open-source library we depend on."
        let turned = plugin.evidence(for: record(negated), context: RecordContext(principles: Self.principles, text: AnalyzedText(negated),
                                                                                  facts: GivenFacts(values: [:])))
        #expect(turned.first.map { $0.strength < 0 } == true)
        #expect(turned.first?.reason.contains("negated or sarcastic in the sentence, so it counts against") == true)
    }

    @Test("sentences end at . ! ? and line breaks before a space, not inside v1.2 or e.g.")
    func sentences() {
        let text = AnalyzedText("Shipped v1.2 today, e.g.the parser. Great!\nNext week: docs")
        #expect(text.sentences.map(text.quote) == ["Shipped v1.2 today, e.g.the parser.", "Great!", "Next week: docs"])
        #expect(text.sentences.map(\.number) == [0, 1, 2])
    }

    @Test("sarcasm is negation to the analysis: an eye-roll or 'love how' marks the sentence, scare quotes the phrase")
    func sarcasm() {
        func negated(_ text: String) -> [String] { AnalyzedText(text).tokens.filter(\.isNegated).map(\.word) }
        #expect(negated("Thanks for the demo. great, another knowledge share that was a sales pitch 🙄")
            == ["great", "another", "knowledge", "share", "that", "was", "a", "sales", "pitch"])
        #expect(negated("Love how the door is open. Really.") == ["love", "how", "the", "door", "is", "open"])
        #expect(negated("Such a \"community player\", she took the credit.") == ["community", "player"])
        #expect(negated("She said \"this one's on me\" and fixed it.") == [])
        #expect(negated("The contributors' patches landed and the 'docs' too.") == ["docs"])
        #expect(negated("She shared the slides with everyone.") == [])
    }

    @Test("a polite request negates what it asks for, to the end of its sentence")
    func politeRequest() {
        let analysed = AnalyzedText("Thanks Max. You might consider actually reading the review comments. Great demo.")
        #expect(analysed.tokens.filter(\.isNegated).map(\.word) == ["actually", "reading", "the", "review", "comments"])
    }
}
