public import EthosCore
public import EthosRecording
import Foundation

/// The store contract kept in memory: a second backend beside SQLite, so the pipeline's tests run
/// against both (and a check that nothing in the contract is SQLite's alone). A class with a lock
/// because a store is shared between tasks.
public final class InMemoryStore: RecordStore, @unchecked Sendable {
    // @unchecked: `state` is read and written only under `lock`.
    private let lock = NSLock()
    private var state: State
    public let anonymityKey: AnonymityKey

    struct Row {
        var key: Int64
        var record: Record
        var identity: RecordIdentity
        var recordedAt: FactTimestamp
        var scores: [PrincipleScore]
        var stamp: ScoringStamp
    }

    struct State {
        var people: [String: Person] = [:]
        var directoryRevision: Int64 = 0
        var scoresRevision: Int64 = 0
        var rows: [Row] = []
        var byID: [String: Int] = [:]
    }

    public init() {
        state = State()
        anonymityKey = .random()
    }

    private init(state: State, key: AnonymityKey) {
        self.state = state
        anonymityKey = key
    }

    private func withState<T>(_ body: (inout State) throws -> T) rethrows -> T {
        try lock.withLock { try body(&state) }
    }

    public func upsert(_ people: [Person]) async throws {
        withState { state in
            for person in people { state.people[person.handle] = person }
            state.directoryRevision += 1
        }
    }

    public func people(team: String?) async throws -> [Person] {
        withState { state in state.people.values.filter { team == nil || $0.team == team }.sorted { $0.handle < $1.handle } }
    }

    public func directoryRevision() async throws -> Int64 {
        withState { state in state.directoryRevision }
    }

    public func scoresRevision() async throws -> Int64 {
        withState { state in state.scoresRevision }
    }

    public func people(handles: Set<String>) async throws -> [String: Person] {
        withState { state in state.people.filter { handles.contains($0.key) } }
    }

    public func duplicates(ids: Set<String>, contentHashes: Set<String>) async throws -> StoredDuplicates {
        withState { state in
            var found = StoredDuplicates(ids: ids.filter { state.byID[$0] != nil })
            for row in state.rows where contentHashes.contains(row.identity.contentHash) {
                found.contentHashes[row.identity.contentHash] = found.contentHashes[row.identity.contentHash] ?? row.identity.id
            }
            return found
        }
    }

    public func history(involving people: Set<String>?, after: Int64) async throws -> [HistoryEntry] {
        withState { state in
            state.rows.filter { row in
                guard row.key > after, !row.record.anonymous else { return false }
                guard let people else { return true }
                return people.contains(row.record.from) || (row.record.kind == .mentoring && people.contains(row.record.to))
            }.map { row in
                HistoryEntry(author: row.record.from, subject: row.record.to,
                             position: HistoryPosition(date: row.identity.date.seconds, key: row.key), kind: row.record.kind)
            }
        }
    }

    public func history(for needs: [HistoryNeed]) async throws -> [HistoryEntry] {
        withState { state in
            state.rows.filter { row in
                guard !row.record.anonymous else { return false }
                let from = row.record.from, to = row.record.to
                return needs.contains { need in
                    (from == need.author && to == need.subject) || (from == need.subject && to == need.author)
                        || (from == need.author && row.identity.date.seconds >= need.since) || (to == need.author && row.record.kind == .mentoring)
                }
            }.map { row in
                HistoryEntry(author: row.record.from, subject: row.record.to,
                             position: HistoryPosition(date: row.identity.date.seconds, key: row.key), kind: row.record.kind)
            }
        }
    }

    public func lastKey() async throws -> Int64 {
        withState { $0.rows.last?.key ?? 0 }
    }

    public func write(_ batch: RecordBatch) async throws -> [Int64?] {
        try withState { state in
            var copy = state
            for handle in batch.newPeople where copy.people[handle] == nil { copy.people[handle] = Person(handle: handle) }
            var keys: [Int64?] = []
            for item in batch.records {
                guard copy.byID[item.identity.id] == nil else { keys.append(nil); continue }
                for handle in item.record.anonymous ? [item.record.to] : [item.record.from, item.record.to] where copy.people[handle] == nil {
                    throw StoreError("No person has the handle '\(handle)'.")  // as a foreign key would
                }
                let key = (copy.rows.last?.key ?? 0) + 1
                var record = item.record
                record.date = item.identity.date
                copy.byID[item.identity.id] = copy.rows.count
                copy.rows.append(Row(key: key, record: record, identity: item.identity, recordedAt: batch.recordedAt, scores: item.scores,
                                     stamp: batch.stamp))
                keys.append(key)
            }
            state = copy  // all or nothing
            return keys
        }
    }

    public func recordsToRescore(staleAgainst stamp: ScoringStamp?, after: Int64, limit: Int) async throws -> [KeyedRecord] {
        withState { state in
            state.rows.filter { $0.key > after && (stamp == nil || $0.stamp.principlesHash != stamp?.principlesHash) }
                .prefix(limit).map(Self.keyed)
        }
    }

    public func staleCount(against stamp: ScoringStamp) async throws -> Int {
        withState { state in state.rows.count { $0.stamp.principlesHash != stamp.principlesHash } }
    }

    public func replaceScores(_ scores: [(key: Int64, scores: [PrincipleScore])], stamp: ScoringStamp) async throws {
        withState { state in
            for (key, principles) in scores {
                guard let index = state.rows.firstIndex(where: { $0.key == key }) else { continue }
                state.rows[index].scores = principles
                state.rows[index].stamp = stamp
                state.scoresRevision += 1
            }
        }
    }

    public func keyedRecord(id: String) async throws -> KeyedRecord? {
        withState { state in state.byID[id].map { Self.keyed(state.rows[$0]) } }
    }

    public func forEachRecord(_ filter: RecordFilter, _ body: (KeyedRecord) async throws -> Void) async throws {
        let records = withState { state in
            let matching = state.rows.filter { row in
                let record = row.record
                if let from = filter.from, record.anonymous || record.from != from { return false }
                if let to = filter.to, record.to != to { return false }
                if let kind = filter.kind, record.kind != kind { return false }
                if let since = filter.since, row.identity.date < since { return false }
                if let until = filter.until, row.identity.date >= until { return false }
                if let team = filter.team {
                    let author = record.anonymous ? nil : state.people[record.from]?.team
                    if author != team, state.people[record.to]?.team != team { return false }
                }
                if let after = filter.startAfter {
                    let position = (row.identity.date.seconds, row.key), start = (after.date, after.key)
                    if filter.oldestFirst ? position <= start : position >= start { return false }
                }
                if let principle = filter.principle {
                    guard let score = row.scores.first(where: { $0.principle == principle }) else { return false }
                    if let verdict = filter.verdict { if score.verdict != verdict { return false } } else if score.verdict == .notEvidenced { return false }
                } else if let verdict = filter.verdict, !row.scores.contains(where: { $0.verdict == verdict }) {
                    return false
                }
                return true
            }.sorted { filter.oldestFirst ? ($0.identity.date, $0.key) < ($1.identity.date, $1.key) : ($0.identity.date, $0.key) > ($1.identity.date, $1.key) }
            return matching.prefix(filter.limit ?? .max).map { Self.keyed($0) }
        }
        for record in records { try await body(record) }
    }

    public func scores(of ids: [String]) async throws -> [String: [StoredScore]] {
        withState { state in
            var scores: [String: [StoredScore]] = [:]
            for id in ids {
                guard let index = state.byID[id] else { continue }
                let row = state.rows[index]
                scores[id] = row.scores.map {
                    StoredScore(principle: $0.principle, verdict: $0.verdict, alignment: $0.alignment, relevance: $0.relevance,
                                evidence: $0.evidence, principlesHash: row.stamp.principlesHash, pluginVersions: row.stamp.pluginVersions)
                }
            }
            return scores
        }
    }

    public func count() async throws -> Int {
        withState { $0.rows.count }
    }

    public func rollingBack<T>(_ body: (any RecordStore) async throws -> T) async throws -> T {
        try await body(InMemoryStore(state: withState { $0 }, key: anonymityKey))
    }

    private static func keyed(_ row: Row) -> KeyedRecord {
        let record = row.record
        return KeyedRecord(key: row.key, stored: StoredRecord(
            id: row.identity.id, kind: record.kind, author: record.anonymous ? nil : record.from, subject: record.to, date: row.identity.date,
            text: record.text, minutes: record.minutes, principles: record.principles, tags: record.tags, visibility: record.visibility,
            anonymous: record.anonymous, recordedAt: FactTimestamp(seconds: row.recordedAt.seconds) ?? row.recordedAt))  // to the second, as SQLite keeps it
    }
}
