public import EthosCore
internal import Foundation

/// The one recording pipeline — `feedback give`, `mentoring log`, `import`, `rescore`, `explain`
/// and `ethos demo` all go through it: validation → identity → people → duplicates → history
/// facts → scoring (on every core) → one write per batch. It works with any ``RecordStore``.
///
/// ```swift
/// let recorder = Recorder(store: store, scorer: scorer, now: now)
/// let outcomes = try await recorder.record([record], createPeople: false)
/// ```
public struct Recorder: Sendable {
    /// Where records go.
    public let store: any RecordStore
    /// How they are scored.
    public let scorer: Scorer
    /// How they are checked.
    public var decoder: RecordDecoder
    /// The time records without a date are dated, and recorded at.
    public let now: FactTimestamp
    /// The people records name, when the caller already holds the store's directory as it is
    /// now (a server keeps it between requests); nil reads them from the store.
    public var people: (@Sendable (Set<String>) -> [String: Person])?
    /// What this recorder's scores are stamped with while every plugin answers.
    let stamp: ScoringStamp

    /// How many records an import stores per transaction. A transaction rewrites every index page
    /// its records touch, and most of the records' indexes take them in no particular order, so
    /// larger transactions write each page once for more records: 20,000 wrote the rows of
    /// 100,000 records in about half the time 5,000 took, holding some 60 MB more while it scores.
    public static let importBatchSize = 20_000
    /// Above this many stored records, a session reads the history of each batch's people
    /// rather than holding every record's history (some 60 bytes a record) in memory.
    public static let historyLimit = 2_000_000
    /// A batch at least this large reads every record's history once and keeps it for the
    /// batches after; smaller ones read only their people's.
    static let wholeHistoryBatch = 1_000

    /// Creates a recorder; records may name only `scorer`'s principles, and no date after `now`.
    public init(store: any RecordStore, scorer: Scorer, now: FactTimestamp) {
        self.store = store
        self.scorer = scorer
        self.now = now
        self.decoder = RecordDecoder(knownPrinciples: Set(scorer.principles.ids), now: now)
        stamp = ScoringStamp(scorer)
    }

    /// Validates, scores and stores `records` in one transaction; one outcome per record, in order.
    public func record(_ records: [Record], createPeople: Bool) async throws -> [RecordOutcome] {
        var session = session()
        return try await session.record(records, createPeople: createPeople)
    }

    /// Validates, scores and stores `record`, like ``record(_:createPeople:)``; when it is stored,
    /// also the record and its scores as the store now holds them (what reading them back gives),
    /// for a caller that answers with them.
    public func recordOne(_ record: Record, createPeople: Bool) async throws -> OneOutcome {
        var session = session()
        let (prepared, keys) = try await session.store([record], createPeople: createPeople)
        switch Session.outcomes(prepared, keys: keys)[0] {
        case .stored:
            return .stored(StoredForm(prepared.batch.records[0], stamp: prepared.batch.stamp, recordedAt: prepared.batch.recordedAt))
        case let .duplicate(id):
            return .duplicate(id: id)
        case let .rejected(reason):
            return .rejected(reason)
        }
    }

    /// What ``recordOne(_:createPeople:)`` did.
    public enum OneOutcome: Sendable {
        /// Stored: the record and its scores as the store holds them.
        case stored(StoredForm)
        /// Already stored (same id, or same content): skipped.
        case duplicate(id: String)
        /// Not stored, with the reason.
        case rejected(String)
    }

    /// A session for many batches (an import): it keeps what it has read of history between them.
    public func session() -> Session {
        Session(recorder: self)
    }

    /// Records batch after batch, keeping history between them.
    public struct Session: Sendable {
        let recorder: Recorder
        /// Every stored record's history up to key `through`, and the keys of the records this
        /// session stored after `through`, whose entries it already holds.
        private var kept: (index: HistoryIndex, through: Int64, ours: Set<Int64>)?
        /// The batch being written while the next is scored (``submit(_:createPeople:)``).
        private var writing: (task: Task<[Int64?], any Error>, prepared: Prepared)?
        /// The last position a record of this session was given.
        private var lastPosition: Int64 = 0

        init(recorder: Recorder) {
            self.recorder = recorder
        }

        /// A batch scored and ready to write.
        struct Prepared: Sendable {
            var outcomes: [RecordOutcome?]
            /// The records to write, with their place in the batch.
            var pending: [(index: Int, identity: RecordIdentity)]
            var batch: RecordBatch
        }

        /// Validates, scores and stores `records` in one transaction; one outcome per record, in order.
        public mutating func record(_ records: [Record], createPeople: Bool) async throws -> [RecordOutcome] {
            let (prepared, keys) = try await store(records, createPeople: createPeople)
            return Self.outcomes(prepared, keys: keys)
        }

        /// `records` prepared and written: the batch, and the key each of its records was stored with.
        fileprivate mutating func store(_ records: [Record], createPeople: Bool) async throws -> (Prepared, keys: [Int64?]) {
            precondition(writing == nil, "record(_:createPeople:) after submit(_:createPeople:) needs finishWriting() first")
            let prepared = try await prepare(records, createPeople: createPeople)
            guard !prepared.pending.isEmpty else { return (prepared, []) }
            do {
                let keys = try await recorder.store.write(prepared.batch)
                noteWritten(keys)
                return (prepared, keys)
            } catch {
                kept = nil  // it holds the failed batch's records
                throw error
            }
        }

        /// Validates and scores `records` while the batch submitted before is written, then
        /// starts writing them; returns the outcomes of the batch submitted before (nil for the
        /// first). Call ``finishWriting()`` after the last. Once the session holds every record's
        /// history (batches of 1,000 or more), scoring a batch overlaps the writing of the one
        /// before: an import takes about the longer of the two rather than their sum.
        public mutating func submit(_ records: [Record], createPeople: Bool) async throws -> [RecordOutcome]? {
            // Only a session that holds every record's history scores ahead of the write: one that
            // reads its people's history from the store needs the batch before stored first.
            var previous: [RecordOutcome]?
            if kept == nil { previous = try await finishWriting() }
            let prepared = try await prepare(records, createPeople: createPeople)
            if let earlier = try await finishWriting() { previous = earlier }
            let store = recorder.store, batch = prepared.batch
            writing = (Task { prepared.pending.isEmpty ? [] : try await store.write(batch) }, prepared)
            return previous
        }

        /// Waits for the batch being written; its outcomes, or nil when none is.
        public mutating func finishWriting() async throws -> [RecordOutcome]? {
            guard let writing else { return nil }
            self.writing = nil
            do {
                let keys = try await writing.task.value
                noteWritten(keys)
                return Self.outcomes(writing.prepared, keys: keys)
            } catch {
                kept = nil
                throw error
            }
        }

        /// Keeps the keys of the records this session wrote, whose history it already holds.
        private mutating func noteWritten(_ keys: [Int64?]) {
            if kept != nil { kept?.ours.formUnion(keys.compactMap { $0 }) }
        }

        /// Every outcome of `prepared`, written with `keys`.
        fileprivate static func outcomes(_ prepared: Prepared, keys: [Int64?]) -> [RecordOutcome] {
            var outcomes = prepared.outcomes
            for (item, key) in zip(prepared.pending, keys) {
                outcomes[item.index] = key == nil ? .duplicate(id: item.identity.id) : .stored(id: item.identity.id)
            }
            return outcomes.map { $0 ?? .rejected("Not recorded.") }
        }

        /// Validates and scores `records`: everything but writing them. Records of the batch
        /// being written count as stored, for duplicates, people and history.
        private mutating func prepare(_ records: [Record], createPeople: Bool) async throws -> Prepared {
            let store = recorder.store, scorer = recorder.scorer
            var outcomes = [RecordOutcome?](repeating: nil, count: records.count)
            var valid: [Int] = []
            for (index, record) in records.enumerated() {
                if let problem = recorder.decoder.problems(in: record).first {
                    outcomes[index] = .rejected(problem)
                } else if record.kind == .mentoring, record.minutes == nil {
                    // Stored sessions count hours in reports; scoring a text alone needs none.
                    outcomes[index] = .rejected(Issue.mentoringWithoutMinutes.message)
                } else {
                    valid.append(index)
                }
            }
            let empty = Prepared(outcomes: outcomes, pending: [], batch: RecordBatch(newPeople: [], records: [], stamp: recorder.stamp,
                                                                                  recordedAt: recorder.now))
            guard !valid.isEmpty else { return empty }
            let identities = Self.identities(of: valid.map { records[$0] }, now: recorder.now, key: store.anonymityKey)
            // An anonymous record exported without its author comes back with none to look up.
            func handles(_ record: Record) -> [String] { record.anonymous && record.from.isEmpty ? [record.to] : [record.from, record.to] }
            let allNamed = Set(valid.flatMap { handles(records[$0]) })
            var people = if let known = recorder.people { known(allNamed) } else { try await store.people(handles: allNamed) }
            var duplicates = try await store.duplicates(ids: Set(identities.map(\.id)),
                                                        contentHashes: Set(zip(valid, identities).compactMap { records[$0].id == nil ? $1.contentHash : nil }))
            if let inFlight = writing?.prepared {
                for person in inFlight.batch.newPeople where people[person] == nil { people[person] = Person(handle: person) }
                for item in inFlight.batch.records {
                    duplicates.ids.insert(item.identity.id)
                    if duplicates.contentHashes[item.identity.contentHash] == nil { duplicates.contentHashes[item.identity.contentHash] = item.identity.id }
                }
            }
            // Taken out of the session while the batch uses it (a copy would copy it whole).
            var (history, latest, keeping) = try await history(for: valid.map { records[$0] }, identities: identities)
            latest = max(latest, lastPosition)

            var newPeople: [String] = []
            var pending: [(index: Int, record: Record, identity: RecordIdentity, history: HistoryFacts, people: PeopleLookup)] = []
            var pendingIDs: Set<String> = [], pendingHashes: [String: String] = [:]
            for (index, identity) in zip(valid, identities) {
                var record = records[index]
                let named = handles(record)
                if let unknown = named.first(where: { people[$0] == nil }) {
                    // Adding an anonymous record's author would be the one trace of who wrote it.
                    if record.anonymous && unknown == record.from {
                        outcomes[index] = .rejected("No person has the handle '\(unknown)'; the author of anonymous feedback must be in the "
                            + "people directory already (--create-people never adds one: it would show who wrote it).")
                        continue
                    }
                    if !createPeople {
                        outcomes[index] = .rejected("No person has the handle '\(unknown)'; import people first, or pass --create-people.")
                        continue
                    }
                    // The same rule as a people file's: every way a handle enters is checked alike.
                    if let invalid = named.first(where: { people[$0] == nil && !PeopleFile.isValidHandle($0) }) {
                        outcomes[index] = .rejected(Issue.invalidHandle(invalid).message)
                        continue
                    }
                }
                // A record with an id is a duplicate of the record with that id; one without, of
                // any record with the same content.
                let existing = duplicates.ids.contains(identity.id) || pendingIDs.contains(identity.id) ? identity.id
                    : record.id == nil ? duplicates.contentHashes[identity.contentHash] ?? pendingHashes[identity.contentHash] : nil
                if let existing {
                    outcomes[index] = .duplicate(id: existing)
                    continue
                }
                for handle in named where people[handle] == nil {
                    people[handle] = Person(handle: handle)
                    newPeople.append(handle)
                }
                pendingIDs.insert(identity.id)
                pendingHashes[identity.contentHash] = identity.id
                record.date = identity.date
                let position = HistoryPosition(date: identity.date.seconds, key: latest + Int64(pending.count) + 1)
                let author = named.count == 2 ? people[record.from] : nil, subject = people[record.to]
                let facts = history.facts(for: record, at: position, people: (author, subject))
                if !record.anonymous { history.add(HistoryEntry(author: record.from, subject: record.to, position: position, kind: record.kind)) }
                pending.append((index, record, identity, facts, PeopleLookup([author, subject].compactMap { $0 })))
            }
            lastPosition = latest + Int64(pending.count)
            // Kept again only once the batch is scored: a batch that fails (a required plugin's
            // fault) leaves none of its records in the session's history.
            func keep() {
                if let keeping, history.count <= Recorder.historyLimit { kept = (history, keeping.through, keeping.ours) }
            }
            guard !pending.isEmpty else {
                keep()
                return Prepared(outcomes: outcomes, pending: [], batch: empty.batch)
            }

            try scorer.prepare(pending.map(\.record))
            // The language check runs with scoring, on every core, not on the writer every batch waits for.
            let scored = Self.inParallel(pending) { item in
                (scorer.score(item.record, people: item.people, history: item.history).principles, TextLanguage.isSupported(item.record.text))
            }
            let faulted = Set(scorer.faults.map(\.plugin))
            let stamp = faulted.isEmpty ? recorder.stamp : ScoringStamp(scorer, faulted: faulted)
            keep()
            return Prepared(outcomes: outcomes, pending: pending.map { ($0.index, $0.identity) }, batch: RecordBatch(
                newPeople: newPeople, records: zip(pending, scored).map { item, scored in
                    ScoredRecord(record: item.record, identity: item.identity, scores: scored.0, languageSupported: scored.1)
                },
                stamp: stamp, recordedAt: recorder.now))
        }

        /// The history the batch's records are scored against, and the key after which their
        /// positions are numbered: every record's, kept from the batch before and brought up to
        /// date, for a large batch; for a small one, only what its records need of it
        /// (``HistoryNeed``), read afresh.
        private mutating func history(for records: [Record], identities: [RecordIdentity]) async throws
            -> (HistoryIndex, latest: Int64, keeping: (through: Int64, ours: Set<Int64>)?) {
            let store = recorder.store
            if kept == nil, records.count >= Recorder.wholeHistoryBatch, try await store.count() + records.count <= Recorder.historyLimit {
                kept = (HistoryIndex(), 0, [])
            }
            if var kept {
                self.kept = nil
                // While a batch of this session is being written its rows may land at any moment
                // and its records are held already: what others stored meanwhile is read once it is done.
                guard writing == nil else { return (kept.index, kept.through, (kept.through, kept.ours)) }
                let latest = try await store.lastKey()
                for entry in try await store.history(involving: nil, after: kept.through)
                where entry.position.key <= latest && !kept.ours.contains(entry.position.key) {
                    kept.index.add(entry)
                }
                kept.through = latest
                return (kept.index, latest, (latest, kept.ours.filter { $0 > latest }))
            }
            let needs = zip(records, identities).compactMap { record, identity in
                record.anonymous ? nil : HistoryNeed(author: record.from, subject: record.to, date: identity.date.seconds)
            }
            let latest = try await store.lastKey()
            return (HistoryIndex(try await store.history(for: needs)), latest, nil)
        }

        /// The identities of `records`, worked out on every core.
        static func identities(of records: [Record], now: FactTimestamp, key: AnonymityKey) -> [RecordIdentity] {
            inParallel(records) { record in RecordIdentity(record, now: now, key: key) }
        }

        static func inParallel<Item: Sendable, Result: Sendable>(_ items: [Item], _ body: @Sendable (Item) -> Result) -> [Result] {
            inParallel(items) { item, _ in body(item) } start: { () }
        }
    }

    // MARK: Rescoring

    /// Scores again every record whose scores are stale (made by other principles, plugins or
    /// settings, or while a plugin had failed) — or, with `all`, every record — `batchSize` at a
    /// time, each batch in its own transaction (so an interrupted run resumes where it stopped).
    /// `progress` is told how many were done. Returns how many were scored again.
    @discardableResult
    public func rescore(all: Bool = false, batchSize: Int = 2_000, progress: (Int) -> Void = { _ in }) async throws -> Int {
        let current = ScoringStamp(scorer)
        // Every record's history, read once when there is something to score (and memory allows).
        var whole: HistoryIndex??
        var after: Int64 = 0, done = 0
        while true {
            let batch = try await store.recordsToRescore(staleAgainst: all ? nil : current, after: after, limit: batchSize)
            guard let last = batch.last else { return done }
            after = last.key
            if whole == nil {
                whole = try await store.count() <= Self.historyLimit
                    ? HistoryIndex(try await store.history(involving: nil, after: 0)) : .some(nil)
            }
            let inputs = try await scoringInputs(batch, history: whole ?? nil)
            try scorer.prepare(inputs.map(\.stored.record))
            let scorer = scorer
            let scores = Session.inParallel(inputs) { input in
                scorer.score(input.stored.record, people: input.people, history: input.history).principles
            }
            let stamp = ScoringStamp(scorer, faulted: Set(scorer.faults.map(\.plugin)))
            try await store.replaceScores(zip(batch, scores).map { ($0.key, $1) }, stamp: stamp)
            done += batch.count
            progress(done)
        }
    }

    /// How many records ``rescore(all:batchSize:progress:)`` would score again without `all`.
    public func staleCount() async throws -> Int {
        try await store.staleCount(against: ScoringStamp(scorer))
    }

    /// Record `id` scored again with every rule's trace, from its history facts as of where it
    /// stands; nil when there is no such record. Compare with its stored scores to see whether
    /// they are current.
    public func explain(id: String) async throws -> RecordScore? {
        guard let keyed = try await store.keyedRecord(id: id), let input = try await scoringInputs([keyed], history: nil).first else {
            return nil
        }
        try scorer.prepare([input.stored.record])
        return scorer.score(input.stored.record, people: input.people, history: input.history, explain: true)
    }

    /// What stored record `id` is scored from: the people it names and its history facts as of
    /// where it stands; nil when there is no such record.
    public func scoringInput(of id: String) async throws -> ScoringInput? {
        guard let keyed = try await store.keyedRecord(id: id) else { return nil }
        return try await scoringInputs([keyed], history: nil).first
    }

    /// What stored records are scored from: the people they name and their history facts, from
    /// `history` when it holds every record, else from their people's history.
    func scoringInputs(_ batch: [KeyedRecord], history: HistoryIndex?) async throws -> [ScoringInput] {
        var handles: Set<String> = []
        for keyed in batch {
            handles.insert(keyed.stored.subject)
            if let author = keyed.stored.author { handles.insert(author) }
        }
        let people = try await store.people(handles: handles)
        let index = if let history { history } else {
            HistoryIndex(try await store.history(for: batch.compactMap { keyed in
                keyed.stored.author.map { HistoryNeed(author: $0, subject: keyed.stored.subject, date: keyed.stored.date.seconds) }
            }))
        }
        return batch.map { keyed in
            let record = keyed.stored.record
            let author = keyed.stored.author.flatMap { people[$0] }, subject = people[record.to]
            let facts = index.facts(for: record, at: HistoryPosition(date: record.date?.seconds ?? 0, key: keyed.key), people: (author, subject))
            return ScoringInput(stored: keyed.stored, history: facts, people: PeopleLookup([author, subject].compactMap { $0 }))
        }
    }
}

extension Recorder.Session {
    /// `body` over `items` on every core, in order; each part starts its own state with `start`.
    static func inParallel<Item: Sendable, Result: Sendable, State>(_ items: [Item], _ body: @Sendable (Item, inout State) -> Result,
                                                                    start: @Sendable () -> State) -> [Result] {
        // Foundation reads the cgroup's CPU files to count cores: not for a batch of one.
        let parts = items.count < 128 ? 1 : min(ProcessInfo.processInfo.activeProcessorCount, items.count / 64)
        guard parts > 1 else {
            var state = start()
            return items.map { body($0, &state) }
        }
        return concurrentParts(parts) { part in
            var state = start()
            return items[items.count * part / parts..<items.count * (part + 1) / parts].map { body($0, &state) }
        }.flatMap { $0 }
    }
}

/// History facts for records scored without a store (`ethos score --input`, `ethos principles
/// evaluate`): each record's facts from the records before it, by the same ``HistoryIndex``
/// the store's records are scored with.
public struct RunningHistory: Sendable {
    private var index = HistoryIndex()
    private var next: Int64 = 1
    private let now: FactTimestamp

    /// An empty history; records without a date are dated `now`.
    public init(now: FactTimestamp) { self.now = now }

    /// The history facts of `record`, which then joins the history.
    public mutating func facts(for record: Record, people: (author: Person?, subject: Person?) = (nil, nil)) -> HistoryFacts {
        let position = HistoryPosition(date: (record.date ?? now).seconds, key: next)
        next += 1
        defer { if !record.anonymous { index.add(HistoryEntry(author: record.from, subject: record.to, position: position, kind: record.kind)) } }
        return index.facts(for: record, at: position, people: people)
    }
}
