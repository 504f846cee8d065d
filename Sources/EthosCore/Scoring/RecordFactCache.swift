internal import EthosText

/// A record's facts during one scoring: record facts, and plugin facts computed on first read,
/// each plugin asked at most once.
///
/// A final class because plugins and rules read facts through a shared `FactSource` while the
/// cache fills; it lives for one `Scorer.score` call on one thread and is never shared.
final class RecordFactCache: FactSource {
    private let record: Record
    private let text: AnalyzedText
    private let principles: PrincipleSet
    /// Where each fact comes from, resolved once per scorer.
    private let layout: FactLayout
    /// The people, looked up only when an `author.*` or `subject.*` fact is read (most records'
    /// rules read none: copying two people's fields for every record cost more than the lookup).
    private let people: PeopleLookup
    private let history: HistoryFacts?
    /// Each plugin's answer, by plugin index (made on the first plugin fact read; one array, not
    /// two: every array of a type from another module costs a runtime metadata lookup to make).
    private var answers: [Answer] = []

    private enum Answer {
        case unasked
        /// Being computed: a plugin that reads its own facts meanwhile gets none, not a loop.
        case asking
        case answered([String: FactValue])
        /// A ``FactListProvider``'s values, in the order of its declarations.
        case listed([FactValue?])
    }

    /// The record's and history's facts read so far, in order (a fact read twice is listed twice).
    private var read: [(String, FactValue)] = []

    /// Every fact computed so far, record facts included once read, as parts that
    /// ``RecordScore/facts`` puts together when asked.
    var computed: RecordScore.FactParts {
        var parts = RecordScore.FactParts(pairs: read, answers: [], lists: [], owners: layout.owners)
        for (owner, answer) in answers.enumerated() {
            switch answer {
            case let .answered(values): parts.answers.append((owner, values))
            case let .listed(values): parts.lists.append((layout.listed[owner] ?? [], values))
            case .unasked, .asking: break
            }
        }
        return parts
    }

    init(record: Record, text: AnalyzedText, principles: PrincipleSet, layout: FactLayout, people: PeopleLookup, history: HistoryFacts?) {
        self.record = record
        self.text = text
        self.principles = principles
        self.layout = layout
        self.people = people
        self.history = history
    }

    func fact(named name: String) -> FactValue? {
        guard let source = layout.byName[name] else { return nil }
        return value(source, name: name)
    }

    func fact(_ key: FactKey) -> FactValue? {
        // The rules' keys come from the scorer's schema, the layout's positions too: the name at
        // the key's position confirms it (a key made from another schema is looked up by name).
        guard layout.names.indices.contains(key.position), layout.names[key.position] == key.name,
              let source = layout.byPosition[key.position] else { return fact(named: key.name) }
        return value(source, name: key.name)
    }

    private func value(_ source: FactLayout.Source, name: String) -> FactValue? {
        let value: FactValue?
        switch source {
        case let .plugin(owner):
            if case let .answered(values) = answer(of: owner) { return values[name] }
            return nil
        case let .listedPlugin(owner, index):
            if case let .listed(values) = answer(of: owner), values.indices.contains(index) { return values[index] }
            return nil
        case let .record(fact): value = RecordFacts.value(fact, of: record, people: people)
        case let .history(fact): value = history?.value(fact)
        }
        if let value {
            if read.isEmpty { read.reserveCapacity(8) }
            read.append((name, value))
        }
        return value
    }

    /// Plugin `owner`'s answer, asking it the first time.
    private func answer(of owner: Int) -> Answer {
        if answers.isEmpty { answers = Array(filling: .unasked, count: layout.providers.count) }
        guard case .unasked = answers[owner] else { return answers[owner] }
        let context = { RecordContext(principles: self.principles, text: self.text, facts: self) }
        answers[owner] = .asking
        let answer: Answer
        if let provider = layout.listProviders[owner] {
            answer = .listed(provider.factValues(for: record, context: context()))
        } else if let provider = layout.providers[owner] {
            answer = .answered(provider.facts(for: record, context: context()))
        } else {
            answer = .answered([:])
        }
        answers[owner] = answer
        return answer
    }

    /// Computes every fact — the record's, its history's and every plugin's — for output that
    /// lists them all.
    func computeAll() {
        for name in RecordFacts.schema.names + HistoryFacts.schema.names { _ = fact(named: name) }
        for owner in Set(layout.owners.values).sorted() { _ = answer(of: owner) }
    }
}

/// Where each fact of a scorer's schema comes from — a plugin, the record, its history — by name
/// and by position in the schema's sorted names (``FactKey``), worked out once per scorer: a
/// fact read is then one lookup, or none for a rule's key, instead of a lookup per kind of fact.
final class FactLayout: Sendable {
    enum Source: Sendable {
        case plugin(Int)
        /// The fact at `index` of a ``FactListProvider``'s declarations.
        case listedPlugin(Int, index: Int)
        case record(RecordFacts.Fact)
        case history(HistoryFacts.Fact)
    }

    /// Fact name → index of the plugin that provides it.
    let owners: [String: Int]
    /// Each plugin's fact-providing side, by plugin index (nil: it provides none), and the
    /// same for those that answer with a list.
    let providers: [(any FactProvider)?]
    let listProviders: [(any FactListProvider)?]
    /// The declared names of each plugin that answers with a list, in its order, by plugin index
    /// (nil: it answers with a dictionary, or provides no facts).
    let listed: [[String]?]
    let byName: [String: Source]
    /// The schema's names, sorted, and each one's source.
    let names: [String]
    let byPosition: [Source?]

    init(schema: FactSchema, owners: [String: Int], providers: [(any FactProvider)?]) {
        self.owners = owners
        self.providers = providers
        listProviders = providers.map { $0 as? any FactListProvider }
        let listed = listProviders.map { $0?.facts.map(\.name) }
        self.listed = listed
        names = schema.names
        byPosition = names.map { name in
            if let owner = owners[name] {
                guard let index = listed[owner]?.firstIndex(of: name) else { return .plugin(owner) }
                return .listedPlugin(owner, index: index)
            }
            if let fact = RecordFacts.key(name) { return .record(fact) }
            return HistoryFacts.Fact(name).map(Source.history)
        }
        byName = Dictionary(uniqueKeysWithValues: zip(names, byPosition).compactMap { name, source in source.map { (name, $0) } })
    }
}
