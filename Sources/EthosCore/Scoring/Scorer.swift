public import EthosPluginAPI
internal import EthosText

/// Scores records against principles through plugins: the heart of Ethos.
///
/// A scorer is built once per run — plugins made from their settings, patterns and indexes
/// built — and is a `Sendable` value, so many records can be scored at once on every core.
///
/// ```swift
/// let scorer = try Scorer(principles: principles, factories: BuiltinPlugins.factories)
/// let score = scorer.score(Record(from: "ana", to: "lena", text: "Lena open-sourced our validator."))
/// score["community-contribution"]?.verdict   // .aligned
/// ```
public struct Scorer: Sendable {
    /// The principles scored.
    public let principles: PrincipleSet
    /// The enabled plugins, in the order they run.
    public let plugins: [any Plugin]
    /// Every fact rules and plugins may read: the record's and the plugins'.
    public let schema: FactSchema
    /// The thresholds and weights.
    public let settings: ScoringSettings
    /// Where each fact comes from: which plugin, the record or its history.
    private let factLayout: FactLayout
    /// The principles' ids, in order.
    private let principleIDs: [String]
    /// The plugins that give evidence, in the order they run, and their ids (two arrays rather
    /// than one of pairs: copying a pair that holds an existential goes through the runtime's
    /// generic value witnesses, a cost paid for every plugin of every record).
    private let evidenceProviders: [any EvidenceProvider]
    private let evidenceProviderIDs: [String]
    /// The provider that also reads sentences' meaning (the `semantic` plugin), if one runs.
    private let sentenceReader: (index: Int, reader: any SentenceReader)?
    /// Evidence into verdicts, with the plugins' weights looked up once.
    private let combiner: Combiner
    /// The words of the principles and of plugins' own lists, stemmed once here rather than in
    /// every record that uses them.
    private let vocabulary: Vocabulary
    /// Stems of the words outside the vocabulary that records used, remembered per thread.
    private let memos: StemMemos
    /// A fingerprint of everything that decides a score — the principles' content, the plugins
    /// and their versions, the thresholds, weights and options — so stored scores can tell when
    /// they are stale. Made once: every batch stamps its scores with it, and a record posted to
    /// `ethos serve` is a batch of one.
    public let fingerprint: String

    /// Ids that name Ethos's own fact groups, so no plugin may take them.
    public static let reservedIDs: Set<String> = ["record", "author", "subject", "network", "mentoring"]

    /// Makes the enabled plugins of `factories` and checks that their ids and facts do not clash.
    public init(principles: PrincipleSet, factories: [any PluginFactory],
                settings: ScoringSettings = ScoringSettings()) throws(PluginSetupError) {
        let enabled = Self.ordered(factories.filter { !settings.disabled.contains($0.id) })
        var seen: Set<String> = []
        for factory in enabled {
            guard seen.insert(factory.id).inserted else {
                throw PluginSetupError("Two plugins have the id '\(factory.id)'; every plugin needs its own id.")
            }
            guard !Self.reservedIDs.contains(factory.id) else {
                throw PluginSetupError("The plugin id '\(factory.id)' is reserved for Ethos's own facts; choose another.")
            }
        }
        // Every plugin's facts join the schema before any plugin that compiles expressions is made;
        // facts that late plugins declare up front are visible to every late plugin, whatever its order.
        let declaredEarly = enabled.flatMap { ($0 as? any DeclaresFactsEarly)?.declaredFacts ?? [] }
        var plugins: [any Plugin] = []
        var schema = RecordFacts.schema.merging(HistoryFacts.schema)
        var owners: [String: Int] = [:]
        for factory in enabled {
            let options = Self.options(for: factory, settings: settings)
            var visible = schema
            if factory.readsFacts {
                for declaration in declaredEarly { _ = visible.add(declaration) }
            }
            let plugin = try factory.make(PluginSettings(principles: principles, options: options, factSchema: visible))
            guard plugin.id == factory.id else {
                throw PluginSetupError("The factory for '\(factory.id)' made a plugin with the id '\(plugin.id)'; they must be the same.")
            }
            for declaration in plugin.facts {
                guard FactNamespace.contains(declaration.name, plugin: plugin.id) else {
                    throw PluginSetupError("Plugin '\(plugin.id)' declares the fact '\(declaration.name)'; a plugin's facts are named after it, like '\(FactNamespace.of(plugin: plugin.id)).\(declaration.name.split(separator: ".").last ?? "value")'.")
                }
                guard schema.add(declaration) else {
                    throw PluginSetupError("Plugin '\(plugin.id)' declares the fact '\(declaration.name)', which another plugin or the record already provides.")
                }
                owners[declaration.name] = plugins.count
            }
            plugins.append(plugin)
        }
        let principleTexts = principles.flatMap { [$0.name, $0.statement] + $0.tenets + $0.signals.flatMap(\.terms) }
        let vocabulary = Vocabulary(Vocabulary.words(in: principleTexts)
            + plugins.flatMap { ($0 as? any VocabularyProvider)?.vocabulary ?? [] })
        plugins = plugins.map { plugin in (plugin as? any VocabularyAdopting).map { $0.adopting(vocabulary) } ?? plugin }
        self.vocabulary = vocabulary
        self.memos = StemMemos(vocabulary: vocabulary)
        self.principles = principles
        self.plugins = plugins
        self.schema = schema
        self.settings = settings
        self.principleIDs = principles.ids
        self.factLayout = FactLayout(schema: schema, owners: owners, providers: plugins.map { $0 as? any FactProvider })
        self.evidenceProviders = plugins.compactMap { $0 as? any EvidenceProvider }
        self.evidenceProviderIDs = evidenceProviders.map(\.id)
        let providers = evidenceProviders
        sentenceReader = providers.indices.lazy.compactMap { index in (providers[index] as? any SentenceReader).map { (index, $0) } }.first
        self.combiner = Combiner(settings: settings, plugins: evidenceProviderIDs)
        fingerprint = Self.fingerprint(principles: principles, plugins: plugins, settings: settings)
    }

    /// Plugins that read only the record first, then those that compile expressions over facts,
    /// each group in the given order: the second group is made with every fact in the schema.
    static func ordered(_ factories: [any PluginFactory]) -> [any PluginFactory] {
        factories.filter { !$0.readsFacts } + factories.filter(\.readsFacts)
    }

    /// Sends the records about to be scored to every external plugin, in batches, so scoring them
    /// does not wait on one process round trip per record. Throws when a required plugin faults;
    /// an optional plugin that faults is stopped and listed in ``faults``.
    public func prepare(_ records: [Record]) throws(PluginFault) {
        for case let plugin as any PreparesBatches in plugins {
            try plugin.prepare(records, failOnFault: false)
        }
    }

    /// The faults of external plugins stopped during this run.
    public var faults: [PluginFault] {
        plugins.compactMap { ($0 as? any PreparesBatches)?.fault }
    }

    /// Stops external plugin processes: the end of the run.
    public func finish() {
        for case let plugin as any PreparesBatches in plugins { plugin.finish() }
    }

    private static func options(for factory: any PluginFactory, settings: ScoringSettings) -> [String: FactValue] {
        var values = Dictionary(uniqueKeysWithValues: factory.options.map { ($0.name, $0.defaultValue) })
        for (name, value) in settings.options[factory.id] ?? [:] { values[name] = value }
        return values
    }

    /// The fact schema of plugins made from `factories` under `settings`, without building the
    /// scorer's indexes twice: what `ethos principles check` type-checks rules against.
    public static func schema(principles: PrincipleSet = PrincipleSet([]), factories: [any PluginFactory],
                              settings: ScoringSettings = ScoringSettings()) throws(PluginSetupError) -> FactSchema {
        var schema = try Scorer(principles: principles, factories: factories.filter { !$0.readsFacts }, settings: settings).schema
        for case let factory as any DeclaresFactsEarly & PluginFactory in factories where !settings.disabled.contains(factory.id) {
            for declaration in factory.declaredFacts {
                guard schema.add(declaration) else {
                    throw PluginSetupError("Plugin '\(factory.id)' declares the fact '\(declaration.name)', which another plugin or the record already provides.")
                }
            }
        }
        return schema
    }

    /// Evidence as the pipeline passes it on: named after its plugin, strength and confidence clamped.
    private static func normalise(_ item: inout Evidence, plugin: String) {
        item.plugin = plugin
        item.strength = max(-1, min(1, item.strength))
        item.confidence = max(0, min(1, item.confidence))
    }

    /// Scores `record` against every principle. With `explain`, the result carries every rule's
    /// trace; with `allFacts`, every fact of every plugin, not only those something read.
    public func score(_ record: Record, people: PeopleLookup = PeopleLookup(), history: HistoryFacts? = nil, explain: Bool = false,
                      allFacts: Bool = false) -> RecordScore {
        let text = memos.with { AnalyzedText(record.text, memo: $0) }
        let facts = RecordFactCache(record: record, text: text, principles: principles, layout: factLayout,
                                    people: people, history: history)
        let context = RecordContext(principles: principles, text: text, facts: facts)
        var byPrinciple = [[Evidence]](filling: [], count: principles.count)
        for index in byPrinciple.indices { byPrinciple[index].reserveCapacity(16) }  // rather than growing 1, 2, 4, 8, 16
        var tone: [Evidence] = []
        var readings: [SentenceReading] = []
        var readerID: String?
        // By index, the provider called in place: iterating the array copied each provider, a
        // struct of shared arrays and indexes, retaining each of them for every record.
        for index in evidenceProviders.indices {
            let id = evidenceProviderIDs[index]
            // Items are moved out of the plugin's array (reversed, then popped from the end) and
            // into their principle's, never copied: evidence carries several strings each. (The
            // buffer's swaps move; `Array.reverse()`'s copied each item and destroyed the copy.)
            var items: [Evidence]
            if let sentenceReader, sentenceReader.index == index {
                (items, readings) = sentenceReader.reader.evidenceAndReadings(for: record, context: context)
                readerID = id
            } else {
                items = evidenceProviders[index].evidence(for: record, context: context)
            }
            items.withUnsafeMutableBufferPointer { $0.reverse() }
            while let item = items.popLast() {
                // Appended first (its last use, so moved, not copied), then set in place.
                if let principle = item.principle {
                    guard let position = principles.position(of: principle) else { continue }
                    byPrinciple[position].append(item)
                    Self.normalise(&byPrinciple[position][byPrinciple[position].count - 1], plugin: id)
                } else {
                    tone.append(item)
                    Self.normalise(&tone[tone.count - 1], plugin: id)
                }
            }
        }
        let attribution = Attribution(text: text, handle: record.to, name: people.person(record.to)?.name)
        let sense = SenseCheck(readings: readings)
        if !attribution.others.isEmpty || !readings.isEmpty {
            for position in byPrinciple.indices {
                for index in byPrinciple[position].indices {
                    if byPrinciple[position][index].plugin != readerID {
                        sense.apply(to: &byPrinciple[position][index], principle: principleIDs[position])
                    }
                    if attribution.isAboutSomeoneElse(byPrinciple[position][index]) {
                        byPrinciple[position][index].confidence *= Attribution.factor
                        byPrinciple[position][index].reason += " Its sentence is about someone other than the record's subject, so it counts for less."
                    }
                }
            }
        }
        var scores: [PrincipleScore] = []
        scores.reserveCapacity(principleIDs.count)
        for index in principleIDs.indices {
            let evidence = byPrinciple[index]
            byPrinciple[index] = []  // so the combiner owns the only reference and appends in place
            scores.append(combiner.score(principle: principleIDs[index], evidence: evidence, tone: tone))
        }
        var explanations: [RuleExplanation] = []
        if explain {
            for case let plugin as any ExplainsRules in plugins { explanations += plugin.explain(context: context) }
        }
        if allFacts { facts.computeAll() }
        return RecordScore(principles: scores, factParts: facts.computed, rules: explanations)
    }
}

extension Scorer {
    /// Every fact of `record` — its own and every plugin's — computed when first read.
    public func facts(for record: Record, people: PeopleLookup = PeopleLookup(), history: HistoryFacts? = nil) -> any FactSource {
        RecordFactCache(record: record, text: memos.with { AnalyzedText(record.text, memo: $0) }, principles: principles, layout: factLayout,
                        people: people, history: history)
    }

    private static func fingerprint(principles: PrincipleSet, plugins: [any Plugin], settings: ScoringSettings) -> String {
        var parts = principles.map { principle in
            let signals = principle.signals.map { "\($0.weight):\($0.terms.joined(separator: ","))" }.joined(separator: ";")
            let rules = principle.rules.map { "\($0.id)|\($0.when)|\($0.score)|\($0.because)" }.joined(separator: ";")
            return [principle.id, principle.name, principle.statement, principle.tenets.joined(separator: "|"), "\(principle.weight)",
                    signals, rules].joined(separator: "\u{1F}")
        }
        parts.append(plugins.map { "\($0.id)@\($0.version)" }.joined(separator: ","))
        parts.append("analysis@\(AnalyzedText.version)")
        parts.append("\(settings.relevanceThreshold)|\(settings.alignmentThreshold)")
        parts.append(settings.weights.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","))
        parts.append(settings.options.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.sorted { $0.key < $1.key })" }.joined(separator: ","))
        parts.append(settings.disabled.sorted().joined(separator: ","))
        return parts.joined(separator: "\n")
    }

    /// The plugins and their versions, as stored with every score: `tags@1.0.0,keywords@1.0.0,…`.
    public var pluginVersions: String {
        plugins.map { "\($0.id)@\($0.version)" }.joined(separator: ",")
    }
}

/// People by handle, for `author.*` and `subject.*` facts.
public struct PeopleLookup: Sendable {
    /// A record's author and subject are searched in order: an import makes a lookup for every
    /// record, and building a dictionary of two cost more than the searches it saved. Many
    /// people are looked up by handle.
    private let few: [Person]
    private let many: [String: Person]?

    /// Creates a lookup of `people` (the first of several with one handle wins).
    public init(_ people: [Person] = []) {
        if people.count <= 8 {
            few = people
            many = nil
        } else {
            few = []
            many = Dictionary(people.map { ($0.handle, $0) }) { first, _ in first }
        }
    }

    /// The person with `handle`, if known.
    public func person(_ handle: String) -> Person? {
        if let many { return many[handle] }
        return few.first { $0.handle == handle }
    }
}
