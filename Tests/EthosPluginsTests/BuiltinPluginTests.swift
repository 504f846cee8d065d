import EthosPlugins
import EthosRules
import EthosText
import Testing

/// Principles built in code for the plugin tests.
let testPrinciples = PrincipleSet([
    Principle(id: "community-contribution", name: "Community Contribution", statement: "We give back to communities.",
              tenets: ["We are part of a wider community."],
              signals: [SignalGroup(terms: ["open source", "open-source", "share", "gave a talk", "volunteered at"], weight: 1.5),
                        SignalGroup(terms: ["took credit"], weight: -2)],
              rules: [PrincipleRule(id: "public-links", when: #"record.text.contains("github.com/")"#, score: 0.4, because: "Public work.")]),
    Principle(id: "journey-of-experiences", name: "Journey of Experiences", statement: "Each of us grows.",
              tenets: ["Each person is on a journey of constant growth.", "We are humble in accepting feedback."],
              signals: [SignalGroup(terms: ["learn", "asked for feedback"], weight: 1)]),
])

/// Facts given directly, standing in for the scorer's cache.
struct GivenFacts: FactSource {
    var values: [String: FactValue]
    func fact(named name: String) -> FactValue? { values[name] }
}

func context(_ text: String, facts: [String: FactValue] = [:]) -> RecordContext {
    RecordContext(principles: testPrinciples, text: AnalyzedText(text), facts: GivenFacts(values: facts))
}

func record(_ text: String, principles: [String] = []) -> Record {
    Record(from: "ana", to: "ravi", text: text, principles: principles)
}

@Suite("tags plugin")
struct TagsPluginTests {
    let plugin = TagsPlugin(principles: testPrinciples)

    @Test("explicit tags and #hashtags by id or name are topical evidence with full confidence")
    func tags() {
        let text = "Great talk! #CommunityContribution #journey-of-experiences #unknown"
        let evidence = plugin.evidence(for: record(text, principles: ["community-contribution"]), context: context(text))
        #expect(evidence.map(\.principle) == ["community-contribution", "journey-of-experiences"])
        #expect(evidence.allSatisfy { $0.strength == 0 && $0.confidence == 1 })
        #expect(evidence[0].reason == "The author tagged the record with this principle.")
        #expect(evidence[1].spans == [TextSpan(start: 35, end: 58, text: "#journey-of-experiences")])
        #expect(plugin.facts(for: record(text), context: context(text))["tags.principles"]
            == .list(["community-contribution", "journey-of-experiences"]))
    }

    @Test("hashtags can be turned off; a # inside a word is not a tag")
    func options() {
        let text = "issue#communitycontribution and #community_contribution"
        #expect(TagsPlugin(principles: testPrinciples, readsHashtags: false).evidence(for: record(text), context: context(text)).isEmpty)
        #expect(plugin.evidence(for: record(text), context: context(text)).map { $0.spans.map(\.text) } == [["#community_contribution"]])
    }
}

@Suite("keywords plugin")
struct KeywordsPluginTests {
    let plugin = KeywordsPlugin(principles: testPrinciples)

    func evidence(_ text: String) -> [Evidence] {
        plugin.evidence(for: record(text), context: context(text))
    }

    @Test("matches stems, and phrases with a couple of words between")
    func matching() {
        let found = evidence("She learned a lot and gave an excellent talk about open-sourcing our tools.")
        #expect(found.map(\.reason) == [
            "Mentions “learned”, a signal for the principle.",
            "Mentions “gave an excellent talk”, a signal for the principle.",
            "Mentions “open-sourcing”, a signal for the principle.",
        ])
        #expect(found.map(\.principle) == ["journey-of-experiences", "community-contribution", "community-contribution"])
        #expect(found.map(\.strength) == [0.5, 0.75, 0.75])
        #expect(found.allSatisfy { $0.confidence == 0.8 })
    }

    @Test("negation flips a signal, within its clause only")
    func negation() {
        let found = evidence("He did not share the runbook, but he learned from it.")
        #expect(found.map(\.strength) == [-0.75 * 0.75, 0.5])
        #expect(found[0].reason == "Mentions “share” negated, so the signal for the principle counts the other way.")
    }

    @Test("a negative signal counts against; negated, it counts for")
    func negativeSignals() {
        #expect(evidence("Dev took credit for the parser.").map(\.strength) == [-1])
        #expect(evidence("Dev never took credit for the parser.").map(\.strength) == [0.75])
    }

    @Test("a function word alone is not a signal: 'volunteered at' needs both words")
    func collapsedPhrases() {
        #expect(evidence("She volunteered for the stretch project.").isEmpty)
        #expect(evidence("She volunteered at the code club.").count == 1)
    }

    @Test("facts count aligned and misaligned terms")
    func facts() {
        let text = "She shared the slides but took credit for the demo."
        #expect(plugin.facts(for: record(text), context: context(text)) == [
            "keywords.aligned": 1, "keywords.misaligned": 1, "keywords.terms": ["share", "took credit"],
        ])
    }
}

@Suite("sentiment plugin")
struct SentimentPluginTests {
    let plugin = SentimentPlugin()

    @Test("provides VADER's four scores as facts")
    func facts() {
        let facts = plugin.facts(for: record("The book was good."), context: context(""))
        guard case let .double(compound)? = facts["sentiment.compound"], case let .double(positive)? = facts["sentiment.pos"] else {
            Issue.record("missing facts")
            return
        }
        #expect(abs(compound - 0.4404) < 0.001)
        #expect(abs(positive - 0.492) < 0.001)
        #expect(facts.count == 4)
    }

    @Test("gives tone evidence for every principle outside the neutral band")
    func tone() {
        let negative = plugin.evidence(for: record(""), context: context("", facts: ["sentiment.compound": -0.62]))
        #expect(negative == [Evidence(principle: nil, strength: -0.62, confidence: 1, reason: "The tone is negative (VADER compound -0.62).")])
        #expect(plugin.evidence(for: record(""), context: context("", facts: ["sentiment.compound": 0.01])).isEmpty)
    }
}

@Suite("similarity plugin")
struct SimilarityPluginTests {
    let plugin = SimilarityPlugin(principles: testPrinciples)

    @Test("relevance is highest for the principle whose words the text shares")
    func relevance() throws {
        let text = "She is humble about feedback and keeps growing on her journey."
        let facts = plugin.facts(for: record(text), context: context(text))
        guard case let .map(map)? = facts["similarity"], case let .double(journey)? = map["journey-of-experiences"],
              case let .double(community)? = map["community-contribution"] else {
            Issue.record("missing similarity")
            return
        }
        #expect(journey > 0.2 && journey < 1)
        #expect(community < journey)
        let evidence = plugin.evidence(for: record(text), context: context(text))
        #expect(evidence.map(\.principle) == ["journey-of-experiences"])
        #expect(evidence.first?.strength == 0)
        #expect(abs((evidence.first?.confidence ?? 0) - journey * SimilarityPlugin.confidenceScale) < 1e-12)
    }

    @Test("unrelated text has no relevance")
    func unrelated() {
        let text = "The invoices went to finance."
        #expect(plugin.evidence(for: record(text), context: context(text)).isEmpty)
    }
}

@Suite("rules plugin")
struct RulesPluginTests {
    @Test("fired rules are evidence with their score and reason; the factory compiles against the run's facts")
    func rules() throws {
        let schema = FactSchema([FactDeclaration("record.text", .string, "")])
        let plugin = try #require(try RulesPluginFactory().make(PluginSettings(principles: testPrinciples, factSchema: schema)) as? RulesPlugin)
        let text = "See https://github.com/acme/validator"
        let evidence = plugin.evidence(for: record(text), context: context(text, facts: ["record.text": .string(text)]))
        #expect(evidence == [Evidence(principle: "community-contribution", strength: 0.4, confidence: 1, reason: "Public work.",
                                      rule: "public-links")])
        #expect(throws: PluginSetupError.self) {
            try RulesPluginFactory().make(PluginSettings(principles: testPrinciples, factSchema: FactSchema()))
        }
    }
}
