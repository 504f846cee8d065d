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
    private let owners: [String: Int]
    /// The people, looked up only when an `author.*` or `subject.*` fact is read (most records'
    /// rules read none: copying two people's fields for every record cost more than the lookup).
    private let people: PeopleLookup
    private let history: HistoryFacts?
    /// Each plugin's answer, by plugin index, once asked (made on the first plugin fact read).
    private var results: [[String: FactValue]?] = []
    /// The plugins being asked right now, by index.
    private var inProgress: [Bool] = []
    /// The record's and history's facts read so far, in order (a fact read twice is listed twice).
    private var read: [(String, FactValue)] = []

    /// Every fact computed so far, record facts included once read, as parts that
    /// ``RecordScore/facts`` puts together when asked.
    var computed: RecordScore.FactParts {
        RecordScore.FactParts(pairs: read, answers: results.indices.compactMap { owner in results[owner].map { (owner, $0) } }, owners: owners)
    }

    init(record: Record, text: AnalyzedText, principles: PrincipleSet, providers: [(any FactProvider)?], owners: [String: Int],
         people: PeopleLookup, history: HistoryFacts?) {
        self.record = record
        self.text = text
        self.principles = principles
        self.providers = providers
        self.owners = owners
        self.people = people
        self.history = history
    }

    func fact(named name: String) -> FactValue? {
        if let owner = owners[name] {
            return results(of: owner)[name]
        }
        let value = name.hasPrefix("network.") || name.hasPrefix("mentoring.")
            ? history?.value(name) : RecordFacts.value(name, of: record, people: people)
        if let value { read.append((name, value)) }
        return value
    }

    private func results(of owner: Int) -> [String: FactValue] {
        if results.isEmpty {
            results = Array(repeating: nil, count: providers.count)
            inProgress = Array(repeating: false, count: providers.count)
        }
        if let done = results[owner] { return done }
        // A plugin that reads its own facts while computing them gets nothing, not a loop.
        guard !inProgress[owner], let provider = providers[owner] else { return [:] }
        inProgress[owner] = true
        let values = provider.facts(for: record, context: RecordContext(principles: principles, text: text, facts: self))
        inProgress[owner] = false
        results[owner] = values
        return values
    }

    /// Computes every fact — the record's, its history's and every plugin's — for output that
    /// lists them all.
    func computeAll() {
        for name in RecordFacts.schema.names + HistoryFacts.schema.names { _ = fact(named: name) }
        for owner in Set(owners.values).sorted() { _ = results(of: owner) }
    }
}
