public import EthosCore

/// Where people and records live: the contract a storage backend implements (the SQLite store
/// today; PostgreSQL next). A store is a data layer. It takes records that are already scored and
/// never calls the scorer; identity, duplicates, history facts and scoring are the ``Recorder``'s,
/// the same for every backend.
///
/// What a backend must guarantee:
/// - ``write(_:)`` and ``replaceScores(_:stamp:)`` are atomic: all of a batch or none of it.
/// - A record's id is unique: writing a record whose id is stored already stores nothing and
///   reports no key for it, even when another writer stored it since ``duplicates(ids:contentHashes:)``.
/// - Records are never changed or deleted, only their scores replaced: keys only grow, so a
///   caller that has read history up to a key reads only what came after (``history(involving:after:)``).
/// - Every method may be called from any task.
public protocol RecordStore: Sendable {
    /// The key that makes anonymous authors' keys, kept outside the database.
    var anonymityKey: AnonymityKey { get }

    // MARK: People

    /// Adds or updates people, matched by handle.
    func upsert(_ people: [Person]) async throws
    /// Everyone, or one team, by handle.
    func people(team: String?) async throws -> [Person]
    /// The people among `handles` the directory knows, by handle.
    func people(handles: Set<String>) async throws -> [String: Person]
    /// A number that changes whenever the directory does — whoever changes it, this process or
    /// another — so a copy of the directory kept in memory knows when to read it again.
    func directoryRevision() async throws -> Int64
    /// A number that changes whenever stored scores or evidence are replaced (rescoring), by
    /// this process or another; storing new records does not move it.
    func scoresRevision() async throws -> Int64

    // MARK: Writing

    /// Which of `ids` are stored, and the id of a stored record with each of `contentHashes` that is.
    func duplicates(ids: Set<String>, contentHashes: Set<String>) async throws -> StoredDuplicates
    /// The history entries of every stored named record after key `after` that the history facts
    /// of records by or about `people` read: records they gave, and mentoring they received.
    /// `nil` people: every named record. Anonymous records are never history.
    func history(involving people: Set<String>?, after: Int64) async throws -> [HistoryEntry]
    /// The history entries that decide the history facts of the records `needs` describe: all a
    /// few records need, read in time that follows what they need rather than how long their
    /// people's history is. Anonymous records are never history.
    func history(for needs: [HistoryNeed]) async throws -> [HistoryEntry]
    /// The key of the last record stored, 0 when there is none.
    func lastKey() async throws -> Int64
    /// Stores `batch` in one transaction; the key of each record, in order, or nil when its id
    /// was taken and it was not stored.
    func write(_ batch: RecordBatch) async throws -> [Int64?]

    // MARK: Rescoring

    /// Up to `limit` records after key `after`, in key order, with what rescoring them needs;
    /// with a `staleAgainst` stamp, only those whose scores were not made with its principles hash.
    func recordsToRescore(staleAgainst stamp: ScoringStamp?, after: Int64, limit: Int) async throws -> [KeyedRecord]
    /// How many records' scores were not made with `stamp`'s principles hash.
    func staleCount(against stamp: ScoringStamp) async throws -> Int
    /// Replaces the scores of records, by key, in one transaction.
    func replaceScores(_ scores: [(key: Int64, scores: [PrincipleScore])], stamp: ScoringStamp) async throws

    // MARK: Reading

    /// The record with `id`, with its key and anonymous key.
    func keyedRecord(id: String) async throws -> KeyedRecord?
    /// Passes each record matching `filter` to `body`, with its key, in the filter's order,
    /// without holding them all: a listing or export of every record keeps its memory flat.
    /// A record's date and key are its place in the order (``RecordFilter/startAfter``).
    func forEachRecord(_ filter: RecordFilter, _ body: (KeyedRecord) async throws -> Void) async throws
    /// The stored scores of the records with `ids`, in principle order, by id.
    func scores(of ids: [String]) async throws -> [String: [StoredScore]]
    /// How many records are stored.
    func count() async throws -> Int

    /// Runs `body` on this store inside a transaction that is rolled back when it returns: a dry
    /// run sees exactly what the real run would, and leaves nothing behind.
    func rollingBack<T>(_ body: (any RecordStore) async throws -> T) async throws -> T
}

extension RecordStore {
    /// The person with `handle`.
    public func person(_ handle: String) async throws -> Person? {
        try await people(handles: [handle])[handle]
    }

    /// The record with `id`.
    public func record(id: String) async throws -> StoredRecord? {
        try await keyedRecord(id: id)?.stored
    }

    /// The records matching `filter`, in its order.
    public func records(_ filter: RecordFilter) async throws -> [StoredRecord] {
        try await keyedRecords(filter).map(\.stored)
    }

    /// The records matching `filter`, in its order, with their keys.
    public func keyedRecords(_ filter: RecordFilter) async throws -> [KeyedRecord] {
        var records: [KeyedRecord] = []
        try await forEachRecord(filter) { records.append($0) }
        return records
    }

    /// The stored scores of record `id`, in principle order.
    public func scores(of id: String) async throws -> [StoredScore] {
        try await scores(of: [id])[id] ?? []
    }
}

/// Stored records that new ones duplicate.
public struct StoredDuplicates: Sendable {
    /// Ids that are stored.
    public var ids: Set<String>
    /// Content hashes that are stored, with the id of a record that has each.
    public var contentHashes: [String: String]

    public init(ids: Set<String> = [], contentHashes: [String: String] = [:]) {
        self.ids = ids
        self.contentHashes = contentHashes
    }
}

/// A stored record with its key (the store's order).
public struct KeyedRecord: Sendable {
    public var key: Int64
    public var stored: StoredRecord

    public init(key: Int64, stored: StoredRecord) {
        self.key = key
        self.stored = stored
    }
}

/// What scored a score: the hash of the scorer's fingerprint and the plugins that answered.
/// A score made while a plugin had failed has another hash than a score made with every plugin,
/// so it is stale until it is scored again with them all.
public struct ScoringStamp: Hashable, Sendable {
    /// SHA-256 of the fingerprint, with the plugins that did not answer named.
    public var principlesHash: String
    /// The plugins that answered, with their versions: `tags@1.0.0,keywords@1.0.0,…`.
    public var pluginVersions: String

    public init(principlesHash: String, pluginVersions: String) {
        self.principlesHash = principlesHash
        self.pluginVersions = pluginVersions
    }

    /// The stamp of `scorer`'s scores, when the plugins in `faulted` did not answer.
    public init(_ scorer: Scorer, faulted: Set<String> = []) {
        let answered = scorer.plugins.filter { !faulted.contains($0.id) }
        var fingerprint = scorer.fingerprint
        if !faulted.isEmpty { fingerprint += "\nwithout:" + faulted.sorted().joined(separator: ",") }
        principlesHash = sha256(fingerprint)
        pluginVersions = answered.map { "\($0.id)@\($0.version)" }.joined(separator: ",")
    }
}

/// A batch of scored records for ``RecordStore/write(_:)``.
public struct RecordBatch: Sendable {
    /// Handles to add to the directory first (`--create-people`).
    public var newPeople: [String]
    public var records: [ScoredRecord]
    public var stamp: ScoringStamp
    /// When they were recorded.
    public var recordedAt: FactTimestamp

    public init(newPeople: [String], records: [ScoredRecord], stamp: ScoringStamp, recordedAt: FactTimestamp) {
        self.newPeople = newPeople
        self.records = records
        self.stamp = stamp
        self.recordedAt = recordedAt
    }
}

/// A record to store, with its identity and scores.
public struct ScoredRecord: Sendable {
    public var record: Record
    public var identity: RecordIdentity
    public var scores: [PrincipleScore]
    /// Whether its text is in a language Ethos reads (``TextLanguage``), found while it was scored.
    public var languageSupported: Bool

    public init(record: Record, identity: RecordIdentity, scores: [PrincipleScore], languageSupported: Bool = true) {
        self.record = record
        self.identity = identity
        self.scores = scores
        self.languageSupported = languageSupported
    }
}

/// A record and its scores as a store holds them once written: what reading them back gives.
public struct StoredForm: Sendable {
    public var record: StoredRecord
    public var scores: [StoredScore]

    /// `written`, stored in a batch with `stamp` and `recordedAt`. Stores keep when a record was
    /// recorded to the second.
    public init(_ written: ScoredRecord, stamp: ScoringStamp, recordedAt: FactTimestamp) {
        let source = written.record
        record = StoredRecord(id: written.identity.id, kind: source.kind, author: source.anonymous ? nil : source.from, subject: source.to,
                              date: written.identity.date, text: source.text, minutes: source.minutes, principles: source.principles,
                              tags: source.tags, visibility: source.visibility, anonymous: source.anonymous,
                              recordedAt: FactTimestamp(seconds: recordedAt.seconds) ?? recordedAt, languageSupported: written.languageSupported)
        scores = written.scores.map { score in
            StoredScore(principle: score.principle, verdict: score.verdict, alignment: score.alignment, relevance: score.relevance,
                        evidence: score.evidence, principlesHash: stamp.principlesHash, pluginVersions: stamp.pluginVersions)
        }
    }
}
