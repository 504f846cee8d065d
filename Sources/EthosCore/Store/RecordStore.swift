/// Where people and records live. Scoring and reports use this protocol, so another store (a
/// PostgreSQL one for companies that outgrow one SQLite file) can follow without touching them.
public protocol RecordStore: Sendable {
    /// Adds or updates people (matched by handle).
    func upsert(_ people: [Person]) throws
    /// Everyone, or one team, by handle.
    func people(team: String?) throws -> [Person]
    /// The person with `handle`.
    func person(_ handle: String) throws -> Person?

    /// Stores a batch of records in one transaction. For each new record, `score` is called with
    /// the record's history facts (which see the batch's earlier records) and the people it
    /// names; duplicates (same id, or same content) are skipped.
    func record(_ batch: [Record], createPeople: Bool, score: @escaping @Sendable (Record, HistoryFacts, PeopleLookup) -> RecordScore,
                fingerprint: String, pluginVersions: String) throws -> [RecordOutcome]

    /// Runs `body`, which stores many batches with ``record(_:createPeople:score:fingerprint:pluginVersions:)``
    /// (a bulk import), and returns what it returns. A store may take such a load faster as a
    /// whole than batch by batch: the SQLite store builds most of its indexes once at the end,
    /// when it loads into an (almost) empty database. Everything `body` stores is stored as
    /// usual; the store is fully indexed again when this returns, whether `body` threw or not.
    /// `finishing` is called when `body` has returned and the store has work left to do (the
    /// SQLite store: building the indexes it dropped), for a progress line to say so.
    func bulkLoad<T>(_ body: () throws -> T, finishing: () -> Void) throws -> T

    /// The record with `id`.
    func record(id: String) throws -> StoredRecord?
    /// The records matching `filter`, newest first.
    func records(_ filter: RecordFilter) throws -> [StoredRecord]
    /// The stored scores of record `id`, in principle order.
    func scores(of id: String) throws -> [StoredScore]
    /// What record `id` is scored from, for re-scoring it on demand (`ethos explain` shows rule
    /// traces this way rather than storing them).
    func scoringInput(of id: String) throws -> ScoringInput?

    /// Up to `limit` records whose scores were not produced by `fingerprint`, oldest first.
    func staleRecords(fingerprint: String, limit: Int) throws -> [StoredRecord]
    /// Replaces the scores of `records` in one transaction.
    func rescore(_ records: [StoredRecord], score: (StoredRecord, HistoryFacts, PeopleLookup) -> RecordScore,
                 fingerprint: String, pluginVersions: String) throws
    /// How many records are stored.
    func count() throws -> Int
}

extension RecordStore {
    /// A store with nothing to gain from a bulk load runs `body` as it is.
    public func bulkLoad<T>(_ body: () throws -> T, finishing _: () -> Void) throws -> T { try body() }

    /// ``bulkLoad(_:finishing:)`` with nothing to tell.
    public func bulkLoad<T>(_ body: () throws -> T) throws -> T { try bulkLoad(body, finishing: {}) }
}
