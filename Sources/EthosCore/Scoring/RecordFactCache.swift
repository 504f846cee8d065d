internal import EthosPlugins
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
    /// Each plugin's fact-providing side, by plugin index (nil: it provides none).
    private let providers: [(any FactProvider)?]
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
    }

    /// The record's and history's facts read so far, in order (a fact read twice is listed twice).
    private var read: [(String, FactValue)] = []

    /// Every fact computed so far, record facts included once read, as parts that
    /// ``RecordScore/facts`` puts together when asked.
    var computed: RecordScore.FactParts {
        RecordScore.FactParts(pairs: read, answers: answers.indices.compactMap { owner in
            if case let .answered(values) = answers[owner] { (owner, values) } else { nil }
        }, owners: layout.owners)
    }

    init(record: Record, text: AnalyzedText, principles: PrincipleSet, providers: [(any FactProvider)?], layout: FactLayout,
         people: PeopleLookup, history: HistoryFacts?) {
        self.record = record
        self.text = text
        self.principles = principles
        self.providers = providers
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
        case let .plugin(owner): return results(of: owner)[name]
        case let .record(fact): value = RecordFacts.value(fact, of: record, people: people)
        case let .history(fact): value = history?.value(fact)
        }
        if let value {
            if read.isEmpty { read.reserveCapacity(8) }
            read.append((name, value))
        }
        return value
    }

    private func results(of owner: Int) -> [String: FactValue] {
        if answers.isEmpty { answers = Array(repeating: .unasked, count: providers.count) }
        switch answers[owner] {
        case let .answered(values): return values
        case .asking: return [:]
        case .unasked: break
        }
        guard let provider = providers[owner] else { return [:] }
        answers[owner] = .asking
        let values = provider.facts(for: record, context: RecordContext(principles: principles, text: text, facts: self))
        answers[owner] = .answered(values)
        return values
    }

    /// Computes every fact — the record's, its history's and every plugin's — for output that
    /// lists them all.
    func computeAll() {
        for name in RecordFacts.schema.names + HistoryFacts.schema.names { _ = fact(named: name) }
        for owner in Set(layout.owners.values).sorted() { _ = results(of: owner) }
    }
}

/// Where each fact of a scorer's schema comes from — a plugin, the record, its history — by name
/// and by position in the schema's sorted names (``FactKey``), worked out once per scorer: a
/// fact read is then one lookup, or none for a rule's key, instead of a lookup per kind of fact.
final class FactLayout: Sendable {
    enum Source: Sendable {
        case plugin(Int)
        case record(RecordFacts.Fact)
        case history(HistoryFacts.Fact)
    }

    /// Fact name → index of the plugin that provides it.
    let owners: [String: Int]
    let byName: [String: Source]
    /// The schema's names, sorted, and each one's source.
    let names: [String]
    let byPosition: [Source?]

    init(schema: FactSchema, owners: [String: Int]) {
        self.owners = owners
        names = schema.names
        byPosition = names.map { name in
            if let owner = owners[name] { return .plugin(owner) }
            if let fact = RecordFacts.key(name) { return .record(fact) }
            return HistoryFacts.Fact(name).map(Source.history)
        }
        byName = Dictionary(uniqueKeysWithValues: zip(names, byPosition).compactMap { name, source in source.map { (name, $0) } })
    }
}
