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
