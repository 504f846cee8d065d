import EthosCore
import EthosStore
import EthosTestSupport
import Foundation
import Testing

/// Principles for the store tests, loaded once.
let storePrinciples: PrincipleSet = {
    let text = """
        principles:
          - id: growth
            name: Growth
            statement: We grow.
            tenets: [Each person grows.]
            signals: [{terms: [learn]}, {terms: [refused feedback], weight: -2}]
            rules:
              - {id: first-contact, when: network.firstContact && record.kind == 'feedback', score: 0.1, because: New connection.}
            examples: {aligned: [She learned Swift.]}
          - id: community
            name: Community
            statement: We share.
            tenets: [We share.]
            signals: [{terms: [open source]}]
            examples: {aligned: [She open-sourced it.]}
        """
    return (try? PrinciplesLoader().load([SourceFile(path: "p.yaml", text: text)]).get()) ?? PrincipleSet([])
}()

func date(_ text: String) -> FactTimestamp? { FactTimestamp(parsing: text, allowDate: true) }
func day(_ text: String) -> Int64 { date(text)?.seconds ?? 0 }

@Suite("SQLite store")
struct SQLiteStoreTests {
    let store: SQLiteStore
    let recorder: Recorder

    init() throws {
        // Given a fresh in-memory database with four people in two teams
        store = try SQLiteStore()
        try store.upsert([
            Person(handle: "ana", name: "Ana", team: "platform"), Person(handle: "ravi", team: "platform", manager: "ana"),
            Person(handle: "lena", team: "mobile", manager: "ana"), Person(handle: "omar", team: "mobile", manager: "lena"),
        ])
        recorder = Recorder(store: store, scorer: try Scorer(principles: storePrinciples), now: date("2026-11-26")!)
    }

    @discardableResult
    func record(_ records: [Record], createPeople: Bool = false) throws -> [RecordOutcome] {
        try recorder.record(records, createPeople: createPeople)
    }

    @Test("people are upserted and listed by team")
    func people() throws {
        try store.upsert([Person(handle: "ana", name: "Ana Silva", team: "leadership")])
        #expect(try store.person("ana")?.name == "Ana Silva")
        #expect(try store.people(team: "mobile").map(\.handle) == ["lena", "omar"])
        #expect(try store.people(team: nil).count == 4)
    }

    @Test("a record is stored with its scores and evidence; explain recomputes its rule traces")
    func storesScores() throws {
        // When ana gives feedback
        let outcomes = try record([Record(id: "ext-1", from: "ana", to: "ravi", date: date("2026-11-20"), text: "Ravi learned Swift.")])
        // Then it is stored under its id, scored against every principle, with its evidence
        #expect(outcomes == [.stored(id: "ext-1")])
        let scores = try store.scores(of: "ext-1")
        #expect(scores.map(\.principle) == ["growth", "community"])
        #expect(scores[0].verdict == .aligned)
        #expect(scores[0].evidence.contains { $0.plugin == "keywords" && $0.reason.contains("learned") })
        #expect(scores[0].pluginVersions.hasPrefix("tags@1.0.0,keywords@1.1.0"))
        // And explaining it scores it again from the same history facts, with every rule's trace
        let explained = try #require(try recorder.explain(id: "ext-1"))
        #expect(explained.principles.map(\.verdict) == scores.map(\.verdict))
        #expect(explained.principles.map(\.alignment) == scores.map(\.alignment))
        #expect(explained.principles.map(\.evidence) == scores.map(\.evidence), "stored evidence reads back exactly: numbers, spans, tone")
        #expect(explained.rules.map(\.rule.id) == ["first-contact"])
        #expect(explained.rules.first?.status == .fired)
        #expect(explained.rules.first?.trace.factsRead.map(\.name) == ["network.firstContact", "record.kind"])
        #expect(try recorder.explain(id: "nope") == nil)
    }

    @Test("the same record twice is stored once, by id or by content")
    func duplicates() throws {
        let record = Record(from: "ana", to: "ravi", date: date("2026-11-20"), text: "Thanks for the review.")
        let first = try self.record([record, record])
        guard case let .stored(id) = first[0] else { Issue.record("not stored"); return }
        #expect(first[1] == .duplicate(id: id))
        #expect(try self.record([record]) == [.duplicate(id: id)])
        var withID = record
        withID.id = "ext-9"
        #expect(try self.record([withID, withID]).map { if case .duplicate = $0 { "dup" } else { "new" } } == ["new", "dup"],
                "with an id, only the id decides")
        #expect(try store.count() == 2)
    }

    @Test("unknown people are refused unless asked to create them")
    func unknownPeople() throws {
        let record = Record(from: "zed", to: "ravi", date: date("2026-11-20"), text: "Hello.")
        #expect(try self.record([record]) == [.rejected("No person has the handle 'zed'; import people first, or pass --create-people.")])
        #expect(try store.count() == 0)
        #expect(try self.record([record], createPeople: true).first.map { if case .stored = $0 { true } else { false } } == true)
        #expect(try store.person("zed") != nil)
    }

    @Test("invalid records are refused with a clear message and nothing stored")
    func validation() throws {
        let outcomes = try record([
            Record(from: "ana", to: "ana", text: "Me."),
            Record(from: "ana", to: "ravi", text: "   "),
            Record(from: "ana", to: "ravi", date: date("2030-01-01"), text: "Future."),
            Record(kind: .mentoring, from: "ana", to: "ravi", text: "Long.", minutes: 2_000),
            Record(from: "ana", to: "ravi", text: "x", principles: ["growht"]),
            Record(from: "ana", to: "ravi", text: String(repeating: "a", count: 10_001)),
        ])
        #expect(outcomes == [
            .rejected("The record is from 'ana' to 'ana'; feedback and mentoring are about someone else."),
            .rejected("The text must not be empty."),
            .rejected("The date '2030-01-01T00:00:00Z' is in the future; record what has already happened."),
            .rejected("'minutes' is 2000, but must be from 1 to 1440 (24 hours)."),
            .rejected("No principle has the id 'growht'; did you mean 'growth'?"),
            .rejected("The text is 10001 characters long; the limit is 10000. Shorten it or split it into several records."),
        ])
        #expect(try store.count() == 0)
    }

    @Test("an anonymous author is never stored or returned")
    func anonymous() throws {
        try record([Record(id: "anon-1", from: "omar", to: "lena", date: date("2026-11-20"), text: "Lena shared her notes.", anonymous: true)])
        let stored = try #require(try store.record(id: "anon-1"))
        #expect(stored.author == nil)
        #expect(stored.anonymous)
        #expect(try store.records(RecordFilter(from: "omar")).isEmpty, "filtering by author never finds anonymous records")
        #expect(try store.records(RecordFilter(team: "mobile")).map(\.id) == ["anon-1"], "found through the subject's team only")
    }

    @Test("history facts come from earlier records")
    func history() throws {
        try record([
            Record(id: "1", from: "ana", to: "ravi", date: date("2026-10-01"), text: "Thanks."),
            Record(id: "2", from: "ravi", to: "ana", date: date("2026-10-05"), text: "Thanks back."),
            Record(id: "3", kind: .mentoring, from: "ana", to: "lena", date: date("2026-10-06"), text: "Career chat.", minutes: 30),
            Record(id: "4", kind: .mentoring, from: "lena", to: "omar", date: date("2026-10-20"), text: "First review.", minutes: 30),
            Record(id: "5", kind: .mentoring, from: "lena", to: "omar", date: date("2026-10-27"), text: "Second review.", minutes: 30),
        ])
        let scorer = try Scorer(principles: storePrinciples)
        // first contact: 1 is, 2 is not (the pair met in 1)
        #expect(try recorder.explain(id: "1")?.rules.first?.status == .fired)
        #expect(try recorder.explain(id: "2")?.rules.first?.status == .notFired)
        #expect(try store.scoringInput(of: "3")?.history.payItForward == false)
        #expect(try store.scoringInput(of: "4")?.history.payItForward == true)
        // Rescoring recomputes the same facts as of each record's date, excluding itself
        _ = scorer
        var seen: [String: HistoryFacts] = [:]
        try store.rescore(try store.records(RecordFilter()), score: { stored, history, people in
            seen[stored.id] = history
            return scorer.score(Record(from: stored.author ?? "x", to: stored.subject, text: stored.text), people: people, history: history)
        }, fingerprint: "test", pluginVersions: "test")
        #expect(seen["1"]?.firstContact == true)
        #expect(seen["2"]?.firstContact == false)
        #expect(seen["3"]?.distinctPeople30d == 1, "ana gave to ravi in the 30 days before")
        #expect(seen["3"]?.crossTeam == true)
        #expect(seen["1"]?.crossTeam == false)
        #expect(seen["4"]?.payItForward == true, "lena was mentored by ana before mentoring omar")
        #expect(seen["4"]?.mentoringSessions == 0)
        #expect(seen["5"]?.mentoringSessions == 1)
        #expect(seen["3"]?.payItForward == false)
    }

    @Test("reports read a period's rows in date order with their verdicts, by scope, and the history they ask about")
    func reportSource() throws {
        // Given records out of date order, with mentoring before the period
        try record([
            Record(id: "b", from: "lena", to: "omar", date: date("2026-10-05"), text: "Omar open sourced the SDK."),
            Record(id: "a", from: "ana", to: "ravi", date: date("2026-10-01"), text: "Ravi learned Rust."),
            Record(id: "m0", kind: .mentoring, from: "ana", to: "lena", date: date("2026-09-01"), text: "Career chat.", minutes: 30),
            Record(id: "c", kind: .mentoring, from: "lena", to: "omar", date: date("2026-10-09"), text: "Paired.", minutes: 30,
                   visibility: .recipient),
            Record(id: "d", from: "ravi", to: "ana", date: date("2026-10-12"), text: "Ana refused feedback.", anonymous: true),
        ])
        func rows(_ involving: Set<String>?, principles: [String] = ["community", "growth"]) throws -> [ReportRow] {
            var rows: [ReportRow] = []
            try store.forEachReportRow(from: day("2026-10-01"), to: day("2026-11-01"), principles: principles, involving: involving) { rows.append($0) }
            return rows
        }
        // When the whole period is read, then every record in it comes in date order, its verdicts in the order asked
        let all = try rows(nil)
        #expect(all.map(\.date) == all.map(\.date).sorted())
        #expect(all.count == 4)
        #expect(all[0].verdicts.map(\.verdict) == [.notEvidenced, .aligned], "Ravi learned Rust: growth")
        #expect(all[1].verdicts.map(\.verdict) == [.aligned, .notEvidenced], "Omar open sourced: community")
        #expect(try rows(nil, principles: ["growth", "gone"])[0].verdicts.map(\.verdict) == [.aligned, .notEvidenced])
        #expect(all[3].author == nil && all[3].anonymous, "an anonymous author is never read back")
        #expect(all[2].kind == .mentoring && all[2].minutes == 30 && all[2].visibility == .recipient)
        // And a scope reads only records by or about its people, through either path (a few
        // people among many take the author and subject indexes)
        try store.upsert((0..<40).map { Person(handle: "extra\($0)") })
        #expect(try rows(["omar"]).count == 2)
        #expect(try rows(["omar", "ana", "lena"]).count == 4)
        // And quotes, first contacts and first mentoring come from the store on request
        #expect(try store.texts(of: [all[0].key]) == [all[0].key: "Ravi learned Rust."])
        // (two pairs and two earlier records: the earlier records are read; one pair: its index is probed)
        #expect(try store.metBefore(day("2026-10-02"), pairs: [PersonPair("ravi", "ana"), PersonPair("omar", "lena")]) == [PersonPair("ana", "ravi")])
        #expect(try store.metBefore(day("2026-10-02"), pairs: [PersonPair("ravi", "ana")]) == [PersonPair("ana", "ravi")])
        #expect(try store.metBefore(day("2026-10-02"), pairs: [PersonPair("omar", "lena")]).isEmpty)
        let first = try store.firstMentoring(of: ["lena", "omar", "ravi"])
        #expect(first["lena"]?.mentor == "ana" && first["lena"]?.date == day("2026-09-01"))
        #expect(first["omar"]?.mentor == nil, "the session is not public, so its mentor is not named")
        #expect(first["ravi"] == nil)
        // And a read bounded by the latest key ignores records stored after it
        let latest = try store.latestKey()
        try record([Record(id: "e", from: "omar", to: "lena", date: date("2026-10-20"), text: "Thanks for the pairing.")])
        var bounded = 0
        try store.forEachReportRow(from: day("2026-10-01"), to: day("2026-11-01"), principles: [], involving: nil, storedThrough: latest) { _ in
            bounded += 1
        }
        #expect(bounded == 4)
        #expect(try rows(nil).count == 5)
    }

    @Test("rescoring keeps the verdicts reports read in step with the scores")
    func rescoreUpdatesSummary() throws {
        try record([Record(id: "a", from: "ana", to: "ravi", date: date("2026-10-01"), text: "Ravi learned Rust.")])
        try store.rescore(try store.records(RecordFilter()), score: { stored, history, people in
            recorder.scorer.score(Record(from: stored.author ?? "x", to: stored.subject, text: "Ravi refused feedback."), people: people,
                                  history: history)
        }, fingerprint: "other", pluginVersions: "test")
        var rows: [ReportRow] = []
        try store.forEachReportRow(from: 0, to: day("2027-01-01"), principles: ["growth"], involving: nil) { rows.append($0) }
        #expect(rows.map { $0.verdicts[0].verdict } == [.misaligned])
        #expect(try store.scores(of: "a").first?.verdict == .misaligned)
    }

    @Test("records are filtered by people, team, kind, principle, verdict and dates, newest first")
    func filters() throws {
        try record([
            Record(id: "a", from: "ana", to: "ravi", date: date("2026-09-01"), text: "Ravi learned Rust."),
            Record(id: "b", from: "lena", to: "omar", date: date("2026-10-01"), text: "Omar open sourced the SDK."),
            Record(id: "c", kind: .mentoring, from: "lena", to: "omar", date: date("2026-11-01"), text: "Paired.", minutes: 30),
            Record(id: "d", from: "ravi", to: "ana", date: date("2026-11-02"), text: "Ana refused feedback."),
        ])
        func ids(_ filter: RecordFilter) throws -> [String] { try store.records(filter).map(\.id) }
        #expect(try ids(RecordFilter()) == ["d", "c", "b", "a"])
        #expect(try ids(RecordFilter(from: "lena")) == ["c", "b"])
        #expect(try ids(RecordFilter(to: "omar", kind: .mentoring)) == ["c"])
        #expect(try ids(RecordFilter(team: "platform")) == ["d", "a"])
        #expect(try ids(RecordFilter(principle: "community")) == ["b"])
        #expect(try ids(RecordFilter(principle: "growth", verdict: .misaligned)) == ["d"])
        #expect(try ids(RecordFilter(verdict: .aligned)) == ["b", "a"])
        #expect(try ids(RecordFilter(since: date("2026-10-01"), until: date("2026-11-02"))) == ["c", "b"])
        #expect(try ids(RecordFilter(limit: 1)) == ["d"])
    }

    @Test("changing the principles makes scores stale; rescoring brings them up to date")
    func rescore() throws {
        try record([Record(id: "a", from: "ana", to: "ravi", date: date("2026-09-01"), text: "Ravi learned Rust.")])
        let tuned = Recorder(store: store, scorer: try Scorer(principles: storePrinciples, settings: ScoringSettings(relevanceThreshold: 0.9)),
                             now: date("2026-11-26")!)
        #expect(try store.staleCount(fingerprint: tuned.scorer.fingerprint) == 1)
        #expect(try store.staleCount(fingerprint: recorder.scorer.fingerprint) == 0)
        #expect(try tuned.rescoreStale() == 1)
        #expect(try store.scores(of: "a").first?.verdict == .notEvidenced)
        #expect(try tuned.rescoreStale() == 0)
    }
}

@Suite("SQLite store on disk")
struct SQLiteStoreFileTests {
    @Test("once SQLite has started, configuring the process is refused and harmless: it goes on counting, and stores work")
    func configureAfterStart() throws {
        let store = try SQLiteStore()
        try store.upsert([Person(handle: "ana")])
        #expect(!SQLiteStore.configureProcess(), "this process opened databases before")
        #expect(SQLiteStore.countsMemory)
        #expect(try store.person("ana")?.handle == "ana")
    }

    @Test("a file that is not an SQLite database is refused and never overwritten")
    func notADatabase() throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("notes.txt").path
        try Data("my precious notes\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError("'\(path)' is not an Ethos database (it is not an SQLite file); it was left untouched. Choose another path with --db or ETHOS_DB.")) {
            try SQLiteStore(path: path)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "my precious notes\n")
        #expect(!FileManager.default.fileExists(atPath: path + ".key"))
    }

    @Test("the database is created on first use, in WAL mode, with its key beside it readable by its owner only")
    func created() throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ethos.sqlite").path
        do {
            let store = try SQLiteStore(path: path)
            try store.upsert([Person(handle: "ana")])
            #expect(FileManager.default.fileExists(atPath: path + "-wal"), "WAL mode keeps a write-ahead log while open")
        }
        let permissions = try FileManager.default.attributesOfItem(atPath: path + ".key")[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        // Reopening migrates nothing and keeps the data.
        #expect(try SQLiteStore(path: path).person("ana") != nil)
        // Without its key, the database refuses to open rather than lose anonymity.
        try FileManager.default.removeItem(atPath: path + ".key")
        #expect(throws: StoreError.self) { try SQLiteStore(path: path) }
    }
}
