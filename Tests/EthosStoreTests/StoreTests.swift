import EthosPlugins
import EthosCore
import EthosRecording
import EthosPostgres
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
    return (try? PrinciplesLoader.builtins().load([SourceFile(path: "p.yaml", text: text)]).get()) ?? PrincipleSet([])
}()

func date(_ text: String) -> FactTimestamp? { FactTimestamp(parsing: text, allowDate: true) }
func day(_ text: String) -> Int64 { date(text)?.seconds ?? 0 }

/// A fresh store on `backend` with four people in two teams, and a recorder over it.
struct StoreFixture {
    let store: any RecordStore & ReportSource
    let recorder: Recorder

    init(_ backend: StoreBackend) async throws {
        store = switch backend {
        case .sqlite: try SQLiteStore()
        case .postgres: try await PostgresServer.store()
        }
        try await store.upsert([
            Person(handle: "ana", name: "Ana", team: "platform"), Person(handle: "ravi", team: "platform", manager: "ana"),
            Person(handle: "lena", team: "mobile", manager: "ana"), Person(handle: "omar", team: "mobile", manager: "lena"),
        ])
        recorder = Recorder(store: store, scorer: try Scorer(principles: storePrinciples, factories: BuiltinPlugins.factories), now: date("2026-11-26")!)
    }

    @discardableResult
    func record(_ records: [Record], createPeople: Bool = false) async throws -> [RecordOutcome] {
        try await recorder.record(records, createPeople: createPeople)
    }
}

/// What every store does, tested on each backend: SQLite, and PostgreSQL when a test server is given.
@Suite("Stores, on every backend")
struct StoreTests {
    @Test("people are upserted and listed by team", arguments: StoreBackend.allCases)
    func people(backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend), store = fixture.store, recorder = fixture.recorder
        try await store.upsert([Person(handle: "ana", name: "Ana Silva", team: "leadership")])
        #expect(try await store.person("ana")?.name == "Ana Silva")
        #expect(try await store.people(team: "mobile").map(\.handle) == ["lena", "omar"])
        #expect(try await store.people(team: nil).count == 4)
    }

    @Test("a record is stored with its scores and evidence; explain recomputes its rule traces", arguments: StoreBackend.allCases)
    func storesScores(backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend), store = fixture.store, recorder = fixture.recorder
        // When ana gives feedback
        let outcomes = try await fixture.record([Record(id: "ext-1", from: "ana", to: "ravi", date: date("2026-11-20"), text: "Ravi learned Swift.")])
        // Then it is stored under its id, scored against every principle, with its evidence
        #expect(outcomes == [.stored(id: "ext-1")])
        let scores = try await store.scores(of: "ext-1")
        #expect(scores.map(\.principle) == ["growth", "community"])
        #expect(scores[0].verdict == .aligned)
        #expect(scores[0].evidence.contains { $0.plugin == "keywords" && $0.reason.contains("learned") })
        #expect(scores[0].pluginVersions.hasPrefix("tags@1.0.0,keywords@1.1.0"))
        // And explaining it scores it again from the same history facts, with every rule's trace
        let explained = try #require(try await recorder.explain(id: "ext-1"))
        #expect(explained.principles.map(\.verdict) == scores.map(\.verdict))
        #expect(explained.principles.map(\.alignment) == scores.map(\.alignment))
        #expect(explained.principles.map(\.evidence) == scores.map(\.evidence), "stored evidence reads back exactly: numbers, spans, tone")
        #expect(explained.rules.map(\.rule.id) == ["first-contact"])
        #expect(explained.rules.first?.status == .fired)
        #expect(explained.rules.first?.trace.factsRead.map(\.name) == ["network.firstContact", "record.kind"])
        #expect(try await recorder.explain(id: "nope") == nil)
    }

    @Test("the same record twice is stored once, by id or by content", arguments: StoreBackend.allCases)
    func duplicates(backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend), store = fixture.store, recorder = fixture.recorder
        let record = Record(from: "ana", to: "ravi", date: date("2026-11-20"), text: "Thanks for the review.")
        let first = try await fixture.record([record, record])
        guard case let .stored(id) = first[0] else { Issue.record("not stored"); return }
        #expect(first[1] == .duplicate(id: id))
        #expect(try await fixture.record([record]) == [.duplicate(id: id)])
        var withID = record
        withID.id = "ext-9"
        #expect(try await fixture.record([withID, withID]).map { if case .duplicate = $0 { "dup" } else { "new" } } == ["new", "dup"],
                "with an id, only the id decides")
        #expect(try await store.count() == 2)
    }

    @Test("unknown people are refused unless asked to create them", arguments: StoreBackend.allCases)
    func unknownPeople(backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend), store = fixture.store, recorder = fixture.recorder
        let record = Record(from: "zed", to: "ravi", date: date("2026-11-20"), text: "Hello.")
        #expect(try await fixture.record([record]) == [.rejected("No person has the handle 'zed'; import people first, or pass --create-people.")])
        #expect(try await store.count() == 0)
        #expect(try await fixture.record([record], createPeople: true).first.map { if case .stored = $0 { true } else { false } } == true)
        #expect(try await store.person("zed") != nil)
    }

    @Test("invalid records are refused with a clear message and nothing stored", arguments: StoreBackend.allCases)
    func validation(backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend), store = fixture.store, recorder = fixture.recorder
        let outcomes = try await fixture.record([
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
        #expect(try await store.count() == 0)
    }

    @Test("an anonymous author is never stored or returned", arguments: StoreBackend.allCases)
    func anonymous(backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend), store = fixture.store, recorder = fixture.recorder
        try await fixture.record([Record(id: "anon-1", from: "omar", to: "lena", date: date("2026-11-20"), text: "Lena shared her notes.", anonymous: true)])
        let stored = try #require(try await store.record(id: "anon-1"))
        #expect(stored.author == nil)
        #expect(stored.anonymous)
        #expect(try await store.records(RecordFilter(from: "omar")).isEmpty, "filtering by author never finds anonymous records")
        #expect(try await store.records(RecordFilter(team: "mobile")).map(\.id) == ["anon-1"], "found through the subject's team only")
    }

    @Test("history facts come from earlier records", arguments: StoreBackend.allCases)
    func history(backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend), store = fixture.store, recorder = fixture.recorder
        try await fixture.record([
            Record(id: "1", from: "ana", to: "ravi", date: date("2026-10-01"), text: "Thanks."),
            Record(id: "2", from: "ravi", to: "ana", date: date("2026-10-05"), text: "Thanks back."),
            Record(id: "3", kind: .mentoring, from: "ana", to: "lena", date: date("2026-10-06"), text: "Career chat.", minutes: 30),
            Record(id: "4", kind: .mentoring, from: "lena", to: "omar", date: date("2026-10-20"), text: "First review.", minutes: 30),
            Record(id: "5", kind: .mentoring, from: "lena", to: "omar", date: date("2026-10-27"), text: "Second review.", minutes: 30),
        ])
        // first contact: 1 is, 2 is not (the pair met in 1)
        #expect(try await recorder.explain(id: "1")?.rules.first?.status == .fired)
        #expect(try await recorder.explain(id: "2")?.rules.first?.status == .notFired)
        // Rescoring and explaining read the same facts as of where each record stands, excluding itself
        var seen: [String: HistoryFacts] = [:]
        for id in ["1", "2", "3", "4", "5"] { seen[id] = try await recorder.scoringInput(of: id)?.history }
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

    @Test("reports read a period's rows in date order with their verdicts, by scope, and the history they ask about", arguments: StoreBackend.allCases)
    func reportSource(backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend), store = fixture.store, recorder = fixture.recorder
        // Given records out of date order, with mentoring before the period
        try await fixture.record([
            Record(id: "b", from: "lena", to: "omar", date: date("2026-10-05"), text: "Omar open sourced the SDK."),
            Record(id: "a", from: "ana", to: "ravi", date: date("2026-10-01"), text: "Ravi learned Rust."),
            Record(id: "m0", kind: .mentoring, from: "ana", to: "lena", date: date("2026-09-01"), text: "Career chat.", minutes: 30),
            Record(id: "c", kind: .mentoring, from: "lena", to: "omar", date: date("2026-10-09"), text: "Paired.", minutes: 30,
                   visibility: .recipient),
            Record(id: "d", from: "ravi", to: "ana", date: date("2026-10-12"), text: "Ana refused feedback.", anonymous: true),
        ])
        func rows(_ involving: Set<String>?, principles: [String] = ["community", "growth"]) async throws -> [ReportRow] {
            var rows: [ReportRow] = []
            try await store.forEachReportRow(from: day("2026-10-01"), to: day("2026-11-01"), principles: principles, involving: involving) { rows.append($0) }
            return rows
        }
        // When the whole period is read, then every record in it comes in date order, its verdicts in the order asked
        let all = try await rows(nil)
        #expect(all.map(\.date) == all.map(\.date).sorted())
        #expect(all.count == 4)
        #expect(all[0].verdicts.map(\.verdict) == [.notEvidenced, .aligned], "Ravi learned Rust: growth")
        #expect(all[1].verdicts.map(\.verdict) == [.aligned, .notEvidenced], "Omar open sourced: community")
        #expect(try await rows(nil, principles: ["growth", "gone"])[0].verdicts.map(\.verdict) == [.aligned, .notEvidenced])
        #expect(all[3].author == nil && all[3].anonymous, "an anonymous author is never read back")
        #expect(all[2].kind == .mentoring && all[2].minutes == 30 && all[2].visibility == .recipient)
        // And a scope reads only records by or about its people, through either path (a few
        // people among many take the author and subject indexes)
        try await store.upsert((0..<40).map { Person(handle: "extra\($0)") })
        #expect(try await rows(["omar"]).count == 2)
        #expect(try await rows(["omar", "ana", "lena"]).count == 4)
        // And quotes, first contacts and first mentoring come from the store on request
        #expect(try await store.texts(of: [all[0].key]) == [all[0].key: "Ravi learned Rust."])
        // (two pairs and two earlier records: the earlier records are read; one pair: its index is probed)
        #expect(try await store.metBefore(day("2026-10-02"), pairs: [PersonPair("ravi", "ana"), PersonPair("omar", "lena")]) == [PersonPair("ana", "ravi")])
        #expect(try await store.metBefore(day("2026-10-02"), pairs: [PersonPair("ravi", "ana")]) == [PersonPair("ana", "ravi")])
        #expect(try await store.metBefore(day("2026-10-02"), pairs: [PersonPair("omar", "lena")]).isEmpty)
        let first = try await store.firstMentoring(of: ["lena", "omar", "ravi"])
        #expect(first["lena"]?.mentor == "ana" && first["lena"]?.date == day("2026-09-01"))
        #expect(first["omar"]?.mentor == nil, "the session is not public, so its mentor is not named")
        #expect(first["ravi"] == nil)
        // And a read bounded by the latest key ignores records stored after it
        let latest = try await store.latestKey()
        try await fixture.record([Record(id: "e", from: "omar", to: "lena", date: date("2026-10-20"), text: "Thanks for the pairing.")])
        var bounded = 0
        try await store.forEachReportRow(from: day("2026-10-01"), to: day("2026-11-01"), principles: [], involving: nil, storedAfter: nil,
                                         storedThrough: latest) { _ in
            bounded += 1
        }
        #expect(bounded == 4)
        #expect(try await rows(nil).count == 5)
        // And a read of what was stored after a key finds only that, in the period and scope asked
        try await fixture.record([Record(id: "f", from: "ana", to: "ravi", date: date("2026-10-03"), text: "Ravi ran the retro."),
                          Record(id: "g", from: "lena", to: "omar", date: date("2026-12-01"), text: "Omar fixed the build.")])
        func after(_ involving: Set<String>?) async throws -> [String] {
            var found: [String] = []
            try await store.forEachReportRow(from: day("2026-10-01"), to: day("2026-11-01"), principles: [], involving: involving,
                                             storedAfter: latest, storedThrough: nil) { found.append("\($0.author ?? "-")→\($0.subject)") }
            return found
        }
        #expect(try await after(nil) == ["ana→ravi", "omar→lena"], "in date order: f (Oct 3) before e (Oct 20); g is in December")
        #expect(try await after(["ravi"]) == ["ana→ravi"])
    }

    @Test("rescoring keeps the verdicts reports read in step with the scores", arguments: StoreBackend.allCases)
    func rescoreUpdatesSummary(backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend), store = fixture.store, recorder = fixture.recorder
        try await fixture.record([Record(id: "a", from: "ana", to: "ravi", date: date("2026-10-01"), text: "Ravi learned Rust.")])
        let key = try #require(try await store.keyedRecord(id: "a")?.key)
        let refused = recorder.scorer.score(Record(from: "ana", to: "ravi", text: "Ravi refused feedback.")).principles
        try await store.replaceScores([(key, refused)], stamp: ScoringStamp(principlesHash: "other", pluginVersions: "test"))
        var rows: [ReportRow] = []
        try await store.forEachReportRow(from: 0, to: day("2027-01-01"), principles: ["growth"], involving: nil) { rows.append($0) }
        #expect(rows.map { $0.verdicts[0].verdict } == [.misaligned])
        #expect(try await store.scores(of: "a").first?.verdict == .misaligned)
    }

    @Test("records are filtered by people, team, kind, principle, verdict and dates, newest first", arguments: StoreBackend.allCases)
    func filters(backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend), store = fixture.store, recorder = fixture.recorder
        try await fixture.record([
            Record(id: "a", from: "ana", to: "ravi", date: date("2026-09-01"), text: "Ravi learned Rust."),
            Record(id: "b", from: "lena", to: "omar", date: date("2026-10-01"), text: "Omar open sourced the SDK."),
            Record(id: "c", kind: .mentoring, from: "lena", to: "omar", date: date("2026-11-01"), text: "Paired.", minutes: 30),
            Record(id: "d", from: "ravi", to: "ana", date: date("2026-11-02"), text: "Ana refused feedback."),
        ])
        func ids(_ filter: RecordFilter) async throws -> [String] { try await store.records(filter).map(\.id) }
        #expect(try await ids(RecordFilter()) == ["d", "c", "b", "a"])
        #expect(try await ids(RecordFilter(from: "lena")) == ["c", "b"])
        #expect(try await ids(RecordFilter(to: "omar", kind: .mentoring)) == ["c"])
        #expect(try await ids(RecordFilter(team: "platform")) == ["d", "a"])
        #expect(try await ids(RecordFilter(principle: "community")) == ["b"])
        #expect(try await ids(RecordFilter(principle: "growth", verdict: .misaligned)) == ["d"])
        #expect(try await ids(RecordFilter(verdict: .aligned)) == ["b", "a"])
        #expect(try await ids(RecordFilter(since: date("2026-10-01"), until: date("2026-11-02"))) == ["c", "b"])
        #expect(try await ids(RecordFilter(limit: 1)) == ["d"])
    }

    @Test("changing the principles makes scores stale; rescoring brings them up to date", arguments: StoreBackend.allCases)
    func rescore(backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend), store = fixture.store, recorder = fixture.recorder
        try await fixture.record([Record(id: "a", from: "ana", to: "ravi", date: date("2026-09-01"), text: "Ravi learned Rust.")])
        let tuned = Recorder(store: store, scorer: try Scorer(principles: storePrinciples, factories: BuiltinPlugins.factories, settings: ScoringSettings(relevanceThreshold: 0.9)),
                             now: date("2026-11-26")!)
        #expect(try await tuned.staleCount() == 1)
        #expect(try await recorder.staleCount() == 0)
        #expect(try await tuned.rescore() == 1)
        #expect(try await store.scores(of: "a").first?.verdict == .notEvidenced)
        #expect(try await tuned.rescore() == 0)
        #expect(try await tuned.rescore(all: true) == 1, "--all scores every record again, stale or not")
    }

    @Test("a record scored while a plugin had failed is stale until every plugin answers", arguments: StoreBackend.allCases)
    func faultedPluginIsStale(backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend), store = fixture.store, recorder = fixture.recorder
        try await fixture.record([Record(id: "a", from: "ana", to: "ravi", date: date("2026-09-01"), text: "Ravi learned Rust.")])
        let key = try #require(try await store.keyedRecord(id: "a")?.key)
        let scores = recorder.scorer.score(Record(from: "ana", to: "ravi", text: "Ravi learned Rust.")).principles
        let partial = ScoringStamp(recorder.scorer, faulted: ["similarity"])
        #expect(!partial.pluginVersions.contains("similarity@") && partial.principlesHash != ScoringStamp(recorder.scorer).principlesHash)
        try await store.replaceScores([(key, scores)], stamp: partial)
        #expect(try await recorder.staleCount() == 1)
        #expect(try await store.scores(of: "a").first?.pluginVersions == partial.pluginVersions, "the scores name the plugins that answered")
        #expect(try await recorder.rescore() == 1)
        #expect(try await recorder.staleCount() == 0)
    }

    @Test("a dry run sees the real database and leaves nothing behind", arguments: StoreBackend.allCases)
    func dryRun(backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend), store = fixture.store, recorder = fixture.recorder
        let record = Record(id: "x", from: "ana", to: "ravi", date: date("2026-09-01"), text: "Ravi learned Rust.")
        try await fixture.record([record])
        let outcomes = try await store.rollingBack { scratch in
            try await Recorder(store: scratch, scorer: recorder.scorer, now: recorder.now).record(
                [record, Record(id: "y", from: "ana", to: "zed", date: date("2026-09-02"), text: "New.")], createPeople: true)
        }
        #expect(outcomes == [.duplicate(id: "x"), .stored(id: "y")], "the real run would skip x, as a duplicate")
        #expect(try await store.count() == 1)
        #expect(try await store.person("zed") == nil)
    }
}

@Suite("SQLite store on disk")
struct SQLiteStoreFileTests {
    @Test("a file that is not an SQLite database is refused and never overwritten")
    func notADatabase() async throws {
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
    func created() async throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ethos.sqlite").path
        do {
            let store = try SQLiteStore(path: path)
            try await store.upsert([Person(handle: "ana")])
            #expect(FileManager.default.fileExists(atPath: path + "-wal"), "WAL mode keeps a write-ahead log while open")
        }
        let permissions = try FileManager.default.attributesOfItem(atPath: path + ".key")[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        // Reopening migrates nothing and keeps the data.
        #expect(try await SQLiteStore(path: path).person("ana") != nil)
        // Without its key, the database refuses to open rather than lose anonymity.
        try FileManager.default.removeItem(atPath: path + ".key")
        #expect(throws: StoreError.missingKey(path + ".key")) { try SQLiteStore(path: path) }
        #expect(!FileManager.default.fileExists(atPath: path + ".key"), "no empty key file is left behind")
        // A damaged key is refused, and kept as it was.
        try Data("not a key\n".utf8).write(to: URL(fileURLWithPath: path + ".key"))
        #expect(throws: StoreError.self) { try SQLiteStore(path: path) }
        #expect(try String(contentsOfFile: path + ".key", encoding: .utf8) == "not a key\n")
    }
}
