import EthosPlugins
import EthosCore
import Testing

/// A plugin for scorer tests: counts how often it is asked for facts.
final class CountingPlugin: FactProvider, EvidenceProvider, @unchecked Sendable {
    // @unchecked: the counter is only touched from the single test that owns the plugin.
    let id: String
    let version = "1.0.0"
    let summary = "Counts calls."
    var facts: [FactDeclaration] { [FactDeclaration("\(id).value", .int, "A value.")] }
    var factCalls = 0
    let evidenceFor: String?

    init(id: String = "counting", evidenceFor: String? = nil) {
        self.id = id
        self.evidenceFor = evidenceFor
    }

    func facts(for _: Record, context _: RecordContext) -> [String: FactValue] {
        factCalls += 1
        return ["\(id).value": 7, "undeclared": 1]
    }

    func evidence(for _: Record, context: RecordContext) -> [Evidence] {
        guard let evidenceFor else { return [] }
        _ = context.facts.fact(named: "\(id).value")
        return [Evidence(principle: evidenceFor, strength: 2, confidence: 3, reason: "Always.")]
    }
}

struct FixedFactory: PluginFactory {
    let id: String
    let plugin: any Plugin
    func make(_: PluginSettings) throws(PluginSetupError) -> any Plugin { plugin }
}

@Suite("The scorer")
struct ScorerTests {
    /// A principle whose rule reads the counting plugin's fact.
    let principles: PrincipleSet

    init() throws {
        let schema = try Scorer.schema(factories: BuiltinPlugins.factories).merging(FactSchema([FactDeclaration("counting.value", .int, "")]))
        principles = try PrinciplesLoader(schema: schema).load([SourceFile(path: "p.yaml", text: validPrinciple(extra: """
            rules:
              - {id: counted, when: counting.value > 5 && record.kind == 'feedback', score: 0.5, because: Counted.}
            """))]).get()
    }

    @Test("a plugin's facts are computed once per record, only when read, and only as declared")
    func lazyFacts() throws {
        let counting = CountingPlugin()
        let factories: [any PluginFactory] = BuiltinPlugins.factories.filter { $0.id != "rules" }
            + [FixedFactory(id: "counting", plugin: counting), RulesPluginFactory()]
        let scorer = try Scorer(principles: principles, factories: factories)
        let score = scorer.score(Record(from: "a", to: "b", text: "Nothing relevant."), allFacts: false)
        #expect(counting.factCalls == 1, "the rule read counting.value once")
        #expect(score.facts["counting.value"] == 7)
        #expect(score.facts["undeclared"] == nil)
        _ = scorer.score(Record(kind: .mentoring, from: "a", to: "b", text: "x"))
        #expect(counting.factCalls == 2)
    }

    @Test("evidence is clamped, attributed to its plugin, and unknown principles are ignored")
    func clamping() throws {
        let scorer = try Scorer(principles: principles, factories: [
            FixedFactory(id: "counting", plugin: CountingPlugin(evidenceFor: "growth")),
            FixedFactory(id: "other", plugin: CountingPlugin(id: "other", evidenceFor: "no-such-principle")),
        ])
        let evidence = try #require(scorer.score(Record(from: "a", to: "b", text: "x"))["growth"]?.evidence)
        #expect(evidence.map(\.plugin) == ["counting"])
        #expect(evidence.first?.strength == 1 && evidence.first?.confidence == 1)
    }

    @Test("disabled plugins do not run and weights change the outcome")
    func settings() throws {
        let text = "She learned Swift."
        let plain = try PrinciplesLoader.builtins().load([SourceFile(path: "p.yaml", text: validPrinciple())]).get()
        let normal = try Scorer(principles: plain, factories: BuiltinPlugins.factories)
        #expect(normal.score(Record(from: "a", to: "b", text: text))["growth"]?.verdict == .aligned)
        let quiet = try Scorer(principles: plain, factories: BuiltinPlugins.factories, settings: ScoringSettings(disabled: ["keywords", "semantic"]))
        #expect(!quiet.plugins.contains { $0.id == "keywords" })
        #expect(quiet.score(Record(from: "a", to: "b", text: text))["growth"]?.verdict == .notEvidenced)
        let light = try Scorer(principles: plain, factories: BuiltinPlugins.factories, settings: ScoringSettings(disabled: ["semantic"], weights: ["keywords": 0.1]))
        #expect(light.score(Record(from: "a", to: "b", text: text))["growth"]?.verdict == .notEvidenced)
    }

    @Test("duplicate plugin ids and clashing facts are rejected")
    func clashes() {
        #expect(throws: PluginSetupError("Two plugins have the id 'tags'; every plugin needs its own id.")) {
            try Scorer(principles: principles, factories: [TagsPluginFactory(), TagsPluginFactory()])
        }
        #expect(throws: PluginSetupError("The plugin id 'record' is reserved for Ethos's own facts; choose another.")) {
            try Scorer(principles: principles, factories: [FixedFactory(id: "record", plugin: CountingPlugin(id: "record"))])
        }
        #expect(throws: PluginSetupError("The factory for 'other' made a plugin with the id 'counting'; they must be the same.")) {
            try Scorer(principles: principles, factories: [FixedFactory(id: "other", plugin: CountingPlugin(id: "counting"))])
        }

    }

    @Test("every principle gets a score, in order, even with no evidence")
    func everyPrinciple() throws {
        let scorer = try Scorer(principles: try PrinciplesLoader.builtins().load([SourceFile(path: "p.yaml", text: validPrinciple())]).get(), factories: BuiltinPlugins.factories)
        let score = scorer.score(Record(from: "a", to: "b", text: "The invoices went out."))
        #expect(score.principles.map(\.principle) == ["growth"])
        #expect(score["growth"]?.verdict == .notEvidenced)
    }

    @Test("an explanation carries every rule's trace")
    func explain() throws {
        let scorer = try Scorer(principles: try PrinciplesLoader.builtins().load([SourceFile(path: "p.yaml", text: validPrinciple(extra: """
            rules:
              - {id: long, when: record.kind == 'mentoring' && record.minutes >= 30, score: 0.4, because: Long.}
            """))]).get(), factories: BuiltinPlugins.factories)
        let score = scorer.score(Record(kind: .mentoring, from: "a", to: "b", text: "We paired.", minutes: 20), explain: true)
        #expect(score.rules.map(\.rule.id) == ["long"])
        #expect(score.rules.first?.status == .notFired)
        #expect(score.rules.first?.trace.deciding.map(\.text) == ["record.minutes >= 30"])
    }
}

@Suite("Facts by key")
struct FactKeyTests {
    @Test("a record's facts read by key, as rules read them, answer exactly as by name, whatever the key's position")
    func keysAnswerAsNames() throws {
        let scorer = try Scorer(principles: PrinciplesLoader.builtins().load([SourceFile(path: "p.yaml", text: validPrinciple())]).get(), factories: BuiltinPlugins.factories)
        let record = Record(kind: .mentoring, from: "ana", to: "ben", text: "We paired on the parser; great session!", minutes: 45,
                            principles: ["growth"], tags: ["pairing"])
        let people = PeopleLookup([Person(handle: "ana", team: "core"), Person(handle: "ben", name: "Ben", team: "web")])
        let history = HistoryFacts(firstContact: false, crossTeam: true, distinctPeople30d: 3, mentoringSessions: 2, payItForward: true)
        let names = scorer.schema.names
        #expect(names.contains("record.minutes") && names.contains("network.crossTeam") && names.contains("sentiment.compound"))
        for (position, name) in names.enumerated() {
            let expected = scorer.facts(for: record, people: people, history: history).fact(named: name)
            let keys = [FactKey(name: name, position: position), FactKey(name: name, position: -1),
                        FactKey(name: name, position: (position + 1) % names.count), FactKey(name: name, position: names.count)]
            for key in keys {
                #expect(scorer.facts(for: record, people: people, history: history).fact(key) == expected, "\(key)")
            }
        }
        #expect(scorer.schema.keys["record.minutes"] == FactKey(name: "record.minutes", position: names.firstIndex(of: "record.minutes") ?? -1))
        let source = scorer.facts(for: record, people: people, history: history)
        #expect(source.fact(named: "author.team") == .string("core") && source.fact(named: "subject.name") == .string("Ben"))
        #expect(source.fact(named: "mentoring.sessions") == .int(2) && source.fact(named: "network.nothing") == nil)
        #expect(source.fact(FactKey(name: "no.such", position: 0)) == nil)
    }
}

/// A plugin that answers with a list of its facts' values.
struct ListingPlugin: FactListProvider {
    let id = "listing"
    let version = "1.0.0"
    let summary = "Answers with a list."
    var facts: [FactDeclaration] { [FactDeclaration("listing.count", .int, "A count."), FactDeclaration("listing.label", .string, "A label.")] }

    func factValues(for record: Record, context _: RecordContext) -> [FactValue?] {
        [.int(Int64(record.text.count)), record.text.hasPrefix("x") ? .string("x") : nil]
    }

    func facts(for record: Record, context: RecordContext) -> [String: FactValue] {
        listedFacts(for: record, context: context)
    }
}

@Suite("Facts as lists")
struct FactListTests {
    @Test("a plugin that answers with a list is read by name, by key and by rules as one that answers with a dictionary")
    func listedFacts() throws {
        let schema = try Scorer.schema(factories: BuiltinPlugins.factories).merging(FactSchema(ListingPlugin().facts))
        let principles = try PrinciplesLoader(schema: schema).load([SourceFile(path: "p.yaml", text: validPrinciple(extra: """
            rules:
              - {id: long, when: listing.count > 10 && !has(listing.label), score: 0.5, because: Long.}
            """))]).get()
        let factories: [any PluginFactory] = BuiltinPlugins.factories.filter { $0.id != "rules" }
            + [FixedFactory(id: "listing", plugin: ListingPlugin()), RulesPluginFactory()]
        let scorer = try Scorer(principles: principles, factories: factories)
        let record = Record(from: "a", to: "b", text: "Twelve chars")
        let score = scorer.score(record, explain: true, allFacts: true)
        #expect(score.facts["listing.count"] == .int(12) && score.facts["listing.label"] == nil)
        #expect(score.rules.first { $0.rule.id == "long" }?.status == .fired)
        #expect(score.facts["sentiment.compound"] != nil, "the built-in sentiment plugin answers with a list too")
        let source = scorer.facts(for: Record(from: "a", to: "b", text: "xy"))
        #expect(source.fact(named: "listing.count") == .int(2) && source.fact(named: "listing.label") == .string("x"))
        let keys = scorer.schema.keys
        #expect(keys["listing.label"].map { source.fact($0) } == .string("x"))
        let context = RecordContext(principles: principles, text: AnalyzedText("xy"), facts: FactValues())
        #expect(ListingPlugin().facts(for: Record(from: "a", to: "b", text: "xy"), context: context) == ["listing.count": .int(2), "listing.label": .string("x")])
        #expect(ListingPlugin().facts(for: record, context: context) == ["listing.count": .int(12)], "an absent value is left out")
    }

    @Test("the sentiment plugin's facts by name are its list, name for name")
    func sentimentListMatchesDictionary() throws {
        let plugin = SentimentPlugin()
        let context = RecordContext(principles: PrincipleSet([]), text: AnalyzedText(""), facts: FactValues())
        for text in ["Great work, thank you!", "This was not good at all.", "The meeting is at noon.", ""] {
            let record = Record(from: "a", to: "b", text: text)
            let listed = Dictionary(uniqueKeysWithValues: zip(plugin.facts.map(\.name), plugin.factValues(for: record, context: context))
                .compactMap { name, value in value.map { (name, $0) } })
            #expect(plugin.facts(for: record, context: context) == listed, "\(text)")
            #expect(listed.count == 4)
        }
    }

    @Test("the scorer's sentiment plugin looks VADER's words up in the scorer's vocabulary, and scores as the plugin alone does")
    func sentimentAdoptsTheVocabulary() throws {
        let principles = try PrinciplesLoader.builtins().load(paths: [repositoryRoot.appendingPathComponent("Principles").path]).get()
        let scorer = try Scorer(principles: principles, factories: BuiltinPlugins.factories)
        let sentiment = try #require(scorer.plugins.first { $0 is SentimentPlugin } as? SentimentPlugin)
        // Adopted, its words are the whole vocabulary's (the principles' words too), not VADER's own.
        #expect(sentiment.vocabulary.count > SentimentPlugin().vocabulary.count, "the adoption did not fall back to VADER's own table")
        let context = RecordContext(principles: principles, text: AnalyzedText(""), facts: FactValues())
        for text in ["Great work, thank you!", "This was not good at all.", "She never asked for feedback :(", "LEARNING a lot"] {
            let record = Record(from: "a", to: "b", text: text)
            #expect(sentiment.factValues(for: record, context: context) == SentimentPlugin().factValues(for: record, context: context), "\(text)")
        }
    }
}

@Suite("People lookup")
struct PeopleLookupTests {
    @Test("finds people by handle, the first of a handle winning, for a record's two people and for a directory")
    func lookup() {
        for count in [0, 1, 2, 8, 9, 400] {
            var people = (0..<count).map { Person(handle: "p\($0)", team: "team \($0)") }
            if count > 0 { people.append(Person(handle: "p0", team: "later")) }
            let lookup = PeopleLookup(people)
            for index in 0..<count {
                #expect(lookup.person("p\(index)")?.team == "team \(index)", "\(count) people")
            }
            #expect(lookup.person("p\(count)") == nil && lookup.person("") == nil, "\(count) people")
        }
    }
}
