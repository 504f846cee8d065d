/// Records feedback and mentoring: validates each record, scores it as it lands (with history
/// facts from the store) and stores record, scores and evidence together. Rule traces are not
/// stored: ``explain(id:)`` recomputes them from the record and its history facts.
///
/// It works with any ``RecordStore``: scoring stays independent of storage.
public struct Recorder: Sendable {
    /// Where records go.
    public let store: any RecordStore
    /// How they are scored.
    public let scorer: Scorer
    /// How they are checked.
    public let decoder: RecordDecoder

    /// How many records a bulk import stores per transaction. Every transaction rewrites the
    /// index pages its records touch (the records table has eight indexes, most in no particular
    /// order, unless a bulk load into an empty database has dropped them until its end), so
    /// larger transactions write each page once for more records: 5,000 imported
    /// about 45 % faster than 500, and 20,000 about 25 % faster than 5,000 (with the store's 64 MB
    /// page cache; 50,000 was slower again, its dirty pages no longer fitting), holding about
    /// 30 MB more while it scores (docs/performance.md).
    public static let importBatchSize = 20_000

    /// Creates a recorder; records may name only `scorer`'s principles, and no date after `now`.
    public init(store: any RecordStore, scorer: Scorer, now: FactTimestamp) {
        self.store = store
        self.scorer = scorer
        self.decoder = RecordDecoder(knownPrinciples: Set(scorer.principles.ids), now: now)
    }

    /// Validates, scores and stores `records` in one transaction; one outcome per record, in order.
    public func record(_ records: [Record], createPeople: Bool) throws -> [RecordOutcome] {
        var outcomes = [RecordOutcome?](repeating: nil, count: records.count)
        var valid: [Record] = []
        var positions: [Int] = []
        for (index, record) in records.enumerated() {
            if let problem = decoder.problems(in: record).first {
                outcomes[index] = .rejected(problem)
            } else {
                valid.append(record)
                positions.append(index)
            }
        }
        if !valid.isEmpty {
            try scorer.prepare(valid)
            let stored = try store.record(valid, createPeople: createPeople, score: { record, history, people in
                scorer.score(record, people: people, history: history)
            }, fingerprint: scorer.fingerprint, pluginVersions: scorer.pluginVersions)
            for (position, outcome) in zip(positions, stored) { outcomes[position] = outcome }
        }
        return outcomes.map { $0 ?? .rejected("Not recorded.") }
    }

    /// Runs `body`, a bulk import through ``record(_:createPeople:)``, as one load (see
    /// ``RecordStore/bulkLoad(_:finishing:)``); `finishing` is told when the store finishes it.
    public func bulkLoad<T>(_ body: () throws -> T, finishing: () -> Void = {}) throws -> T {
        try store.bulkLoad(body, finishing: finishing)
    }

    /// Re-scores every record whose scores are stale, `batchSize` at a time, each batch in its
    /// own transaction (so an interrupted run resumes where it stopped). `progress` is told how
    /// many were done. Returns how many were re-scored.
    @discardableResult
    public func rescoreStale(batchSize: Int = 500, progress: (Int) -> Void = { _ in }) throws -> Int {
        var done = 0
        while true {
            let batch = try store.staleRecords(fingerprint: scorer.fingerprint, limit: batchSize)
            if batch.isEmpty { return done }
            try scorer.prepare(batch.map(\.record))
            try store.rescore(batch, score: { stored, history, people in
                scorer.score(stored.record, people: people, history: history)
            }, fingerprint: scorer.fingerprint, pluginVersions: scorer.pluginVersions)
            done += batch.count
            progress(done)
        }
    }

    /// Record `id` scored again with every rule's trace, from its history facts as of its date;
    /// nil when there is no such record. Compare with its stored scores to see whether they are
    /// current.
    public func explain(id: String) throws -> RecordScore? {
        guard let input = try store.scoringInput(of: id) else { return nil }
        let record = input.stored.record
        try scorer.prepare([record])
        return scorer.score(record, people: input.people, history: input.history, explain: true)
    }
}
