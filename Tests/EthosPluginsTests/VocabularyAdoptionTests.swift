@testable import EthosPlugins
import EthosRules
import EthosTestSupport
import EthosText
import Testing

@Suite("Plugins that adopt a vocabulary")
struct VocabularyAdoptionTests {
    /// The vocabulary as the scorer builds it: the principles' words and VADER's.
    static let vocabulary = Vocabulary(Vocabulary.words(in: testPrinciples.flatMap { [$0.name, $0.statement] + $0.tenets + $0.signals.flatMap(\.terms) })
        + VADER.standard.words)

    /// Texts of every shape: the analysis fixture's, the VADER corpus's, and some that hit the
    /// test principles' signals in every form (stems, phrases with gaps, negation, hyphens).
    static let texts: [String] = TestFiles.jsonLines("Fixtures/analysis-golden.jsonl", besides: #filePath).compactMap { $0.object["text"] as? String }
        + TestFiles.jsonLines("Fixtures/vader-corpus.jsonl", besides: #filePath).compactMap { $0.object["text"] as? String }
        + [
            "She learned a lot and gave an excellent talk about open-sourcing our tools.",
            "He never asked for feedback and took credit for the open source release.",
            "Ravi did not share the runbook; he learns slowly but asked for more feedback.",
            "We are part of a wider community; each person is on a journey of constant growth.",
            "LEARNING, learned, learns — Open Source, open-source, opened sources.",
        ]

    @Test("the fixtures are there")
    func fixtures() {
        #expect(Self.texts.count > 1_500)
    }

    @Test("keywords by stem id find exactly what keywords by letters find")
    func keywords() {
        let plain = KeywordsPlugin(principles: testPrinciples)
        let adopted = plain.adopting(Self.vocabulary)
        #expect(adopted.adopted != nil, "every signal stem is in the vocabulary")
        Self.expectSame(plain, adopted)
    }

    @Test("similarity by stem id scores exactly as similarity by letters")
    func similarity() {
        let plain = SimilarityPlugin(principles: testPrinciples)
        let adopted = plain.adopting(Self.vocabulary)
        #expect(adopted.adopted != nil, "every indexed stem is in the vocabulary")
        Self.expectSame(plain, adopted)
    }

    @Test("VADER looking words up in the vocabulary's table scores every text exactly as with its own")
    func sentiment() throws {
        let adopted = try #require(VADER.standard.adopting(Self.vocabulary.terms), "the vocabulary holds every word VADER can find")
        // Words of every kind VADER treats specially, in upper and lower case, next to words
        // only the vocabulary holds ("learned", the principles' words) and words neither holds.
        let extra = ["The talk was not very good, but the demo was GREAT!!", "kind of helpful, sort of late", "no problems at all",
                     "Never so happy; without doubt the best. At least it works :)", "The shit, the bomb — yeah right",
                     "constant growth and humility; qwertyuiop zxcvb", "He didn't share the runbook, but she wasn't upset"]
        for text in Self.texts + extra {
            #expect(adopted.scores(text) == VADER.standard.scores(text), "\(text)")
        }
        let plugin = SentimentPlugin().adopting(Self.vocabulary)
        #expect(plugin.factValues(for: record(extra[0]), context: context(extra[0]))
            == SentimentPlugin().factValues(for: record(extra[0]), context: context(extra[0])))
        #expect(VADER.standard.adopting(Vocabulary.standard.terms) == nil, "a table without VADER's words is not adopted")
    }

    /// The same evidence and facts for every text: `plain` over texts analysed with the standard
    /// vocabulary, `adopted` over the same texts analysed with the one it adopted.
    static func expectSame(_ plain: some EvidenceProvider & FactProvider, _ adopted: some EvidenceProvider & FactProvider) {
        for text in texts {
            #expect(adopted.evidence(for: record(text), context: adoptedContext(text)) == plain.evidence(for: record(text), context: context(text)),
                    "\(text)")
            #expect(adopted.facts(for: record(text), context: adoptedContext(text)) == plain.facts(for: record(text), context: context(text)))
        }
    }

    @Test("an adopted plugin reads any other vocabulary's text by letters; a vocabulary without its stems is not adopted")
    func otherVocabularies() {
        let keywords = KeywordsPlugin(principles: testPrinciples), similarity = SimilarityPlugin(principles: testPrinciples)
        let text = "She learned a lot and asked for feedback."
        #expect(keywords.adopting(Self.vocabulary).evidence(for: record(text), context: context(text))
            == keywords.evidence(for: record(text), context: context(text)))
        #expect(similarity.adopting(Self.vocabulary).evidence(for: record(text), context: context(text))
            == similarity.evidence(for: record(text), context: context(text)))
        #expect(keywords.adopting(.standard).adopted == nil)
        #expect(similarity.adopting(.standard).adopted == nil)
    }

    static func adoptedContext(_ text: String) -> RecordContext {
        RecordContext(principles: testPrinciples, text: AnalyzedText(text, vocabulary: vocabulary), facts: GivenFacts(values: [:]))
    }
}
