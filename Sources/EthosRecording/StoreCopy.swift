public import EthosCore

/// A store a whole workspace can be copied out of, exactly as stored: `ethos db copy`.
public protocol CopyableStore: RecordStore, AccountStore {
    /// The identities (content hash, anonymous author key) the records with `keys` are stored with.
    func storedIdentities(of keys: [Int64]) async throws -> [Int64: RecordIdentity]
    /// Every API token, revoked or not, with the hash of its secret.
    func tokensWithHashes() async throws -> [(token: APIToken, hash: String)]
    /// Every feedback request, open or closed, oldest first.
    func allRequests() async throws -> [FeedbackRequest]
}

/// Copies a workspace from one store into an empty one — people, records with their ids,
/// anonymous author keys, scores, evidence and when they were recorded, accounts, API tokens
/// and feedback requests — so a company can move from SQLite to PostgreSQL and back. Nothing is
/// scored again: the copy holds what the source held. Sessions and unused invitations are not
/// copied: people sign in again, and invitations are sent again.
public enum StoreCopy {
    /// What a copy moved.
    public struct Counts: Equatable, Sendable {
        public var people = 0, records = 0, accounts = 0, tokens = 0, requests = 0

        public init() {}
    }

    /// How many records are read and written at once.
    public static let batchSize = 1_000

    /// Copies everything in `source` into `target`, which must be empty and keyed with the same
    /// anonymity key (anonymous authors' keys are made with it). `progress` hears the records
    /// copied so far after each batch. Checks the counts before returning them.
    public static func copy(from source: any CopyableStore, to target: any CopyableStore, now: Int64,
                            progress: (Int) -> Void = { _ in }) async throws -> Counts {
        guard source.anonymityKey.check == target.anonymityKey.check else {
            throw StoreError("The two databases have different anonymity keys; a copy must use the source's key, or its anonymous records could no longer be checked or deduplicated.")
        }
        guard try await target.count() == 0, try await target.people(team: nil).isEmpty else {
            throw StoreError("The target database is not empty; 'ethos db copy' moves a workspace into a new, empty database.")
        }
        var counts = Counts()
        let people = try await source.people(team: nil)
        try await target.upsert(people)
        counts.people = people.count
        var after: Int64 = 0
        while true {
            let records = try await source.recordsToRescore(staleAgainst: nil, after: after, limit: batchSize)
            guard let last = records.last else { break }
            for batch in try await batches(of: records, from: source) {
                let keys = try await target.write(batch)
                guard !keys.contains(nil) else { throw StoreError("A record copied was already in the target database.") }
            }
            counts.records += records.count
            after = last.key
            progress(counts.records)
        }
        for account in try await source.accounts().values.sorted(by: { $0.handle < $1.handle }) {
            if let hash = account.passwordHash { try await target.setPassword(account.handle, hash: hash, now: now) }
            if account.deactivated { try await target.setDeactivated(account.handle, true, now: now) }
            counts.accounts += 1
        }
        for (token, hash) in try await source.tokensWithHashes() {
            try await target.createToken(token, hash: hash)
            if let revoked = token.revoked { _ = try await target.revokeToken(named: token.name, now: revoked) }
            counts.tokens += 1
        }
        for request in try await source.allRequests() {
            try await target.createRequest(request)
            counts.requests += 1
        }
        let copied = try await (target.count(), target.people(team: nil).count, target.accounts().count, target.tokensWithHashes().count,
                                target.allRequests().count)
        guard copied == (counts.records, counts.people, counts.accounts, counts.tokens, counts.requests) else {
            throw StoreError("The copy does not hold what the source does (\(copied)); remove the target and copy again.")
        }
        return counts
    }

    /// `records` (in key order) as the batches a store writes: each batch's records share a
    /// scoring stamp and the second they were recorded at.
    static func batches(of records: [KeyedRecord], from source: any CopyableStore) async throws -> [RecordBatch] {
        let identities = try await source.storedIdentities(of: records.map(\.key))
        let scores = try await source.scores(of: records.map(\.stored.id))
        var batches: [RecordBatch] = []
        for keyed in records {
            let stored = keyed.stored
            guard let identity = identities[keyed.key] else { throw StoreError("The record '\(stored.id)' vanished while it was copied.") }
            let stamp = scores[stored.id]?.first.map { ScoringStamp(principlesHash: $0.principlesHash, pluginVersions: $0.pluginVersions) }
                ?? ScoringStamp(principlesHash: "", pluginVersions: "")
            let record = Record(id: stored.id, kind: stored.kind, from: stored.author ?? "", to: stored.subject, date: stored.date,
                                text: stored.text, minutes: stored.minutes, principles: stored.principles, tags: stored.tags,
                                visibility: stored.visibility, anonymous: stored.anonymous)
            let scored = ScoredRecord(record: record, identity: identity, scores: (scores[stored.id] ?? []).map {
                PrincipleScore(principle: $0.principle, verdict: $0.verdict, alignment: $0.alignment, relevance: $0.relevance, evidence: $0.evidence)
            }, languageSupported: stored.languageSupported)
            if let last = batches.last, last.stamp == stamp, last.recordedAt == stored.recordedAt {
                batches[batches.count - 1].records.append(scored)
            } else {
                batches.append(RecordBatch(newPeople: [], records: [scored], stamp: stamp, recordedAt: stored.recordedAt))
            }
        }
        return batches
    }
}
