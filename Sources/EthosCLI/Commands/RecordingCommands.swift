internal import ArgumentParser
internal import EthosCore
internal import EthosIO
internal import EthosRecording
internal import EthosStore

/// What `feedback give` and `mentoring log` share: record one record and print its verdicts.
struct RecordingOptions: ParsableArguments {
    @Flag(help: "Add people the directory does not know yet, instead of refusing the record.")
    var createPeople = false

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    /// Records what `make` builds from the workspace's settings.
    func record(_ make: (Configuration) throws -> Record) async throws {
        let loaded = try workspace.loadWorkspace()
        let record = try make(loaded.configuration)
        let database = try await store.open()
        if !createPeople {
            let directory = try await Directory(database)
            // Caught here, with the directory at hand, to suggest the handle meant.
            for handle in [record.anonymous ? nil : record.from, record.to].compactMap({ $0 }) {
                try directory.requirePerson(handle, hint: "; import people first, or pass --create-people")
            }
        }
        let recorder = Recorder(store: database, scorer: try loaded.makeScorer(), now: currentTimestamp())
        let outcome = try await recorder.record([record], createPeople: createPeople).first
        try loaded.finish(recorder.scorer)
        switch outcome {
        case let .stored(id)?:
            let scores = try await database.scores(of: id)
            switch output.format {
            case .text:
                Console.out("Recorded \(id).\n\n" + StoredRecordRenderer.verdictTable(scores))
            case .json:
                let verdicts = scores.map { "\(ValueText.jsonString($0.principle)): \(ValueText.jsonString($0.verdict.rawValue))" }
                Console.data("{\"id\": \(ValueText.jsonString(id)), \"verdicts\": {\(verdicts.joined(separator: ", "))}}")
            }
        case let .duplicate(id)?:
            throw EthosError("This record is already stored as \(id); nothing was added.")
        case let .rejected(reason)?:
            throw EthosError(reason)
        case nil:
            throw EthosError("Nothing was recorded.")
        }
    }
}

/// `--date`, parsed.
func parseDate(_ text: String?) throws -> FactTimestamp? {
    guard let text else { return nil }
    guard let date = FactTimestamp(parsing: text, allowDate: true) else { throw EthosError(Issue.invalidDate(text).message) }
    return date
}

/// `--visibility`.
enum VisibilityOption: String, ExpressibleByArgument, CaseIterable {
    case `public`, recipient, manager, `private`
    var visibility: Visibility { Visibility(rawValue: rawValue) ?? .public }
}

/// `ethos feedback give`.
struct FeedbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "Record peer feedback.",
        discussion: """
        Example:
          ethos feedback give --from ana --to ravi --text "Thanks for the thorough review." --anonymous
        """,
        subcommands: [Give.self]
    )

    struct Give: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record feedback from one colleague about another; it is scored as it is stored.",
            discussion: """
            The record is refused, with nothing stored, when it is feedback to oneself, its text is \
            empty or longer than 10,000 characters, it names an unknown principle or person, or its \
            date does not parse or lies in the future. An anonymous record's author is never shown \
            by any command, and is stored only as a keyed hash.

            Example:
              ethos feedback give --from ana --to ravi --text "Ravi rewrote the parser."
              ethos feedback give --from ana --to ravi --text - < feedback.txt
            """
        )

        @Option(help: "The author's handle.") var from: String
        @Option(help: "The subject's handle.") var to: String
        @Option(help: "What the author says; '-' reads it from standard input.") var text: String?
        @Option(help: "Read what the author says from this file.") var textFile: String?
        @Option(name: .customLong("principle"), help: "A principle the feedback is about (repeatable).") var principles: [String] = []
        @Option(name: .customLong("tag"), help: "A free-form tag (repeatable).") var tags: [String] = []
        @Option(help: "When it happened: YYYY-MM-DD or RFC 3339 (default: now).") var date: String?
        @Option(help: "Who may read it: public, recipient, manager or private (default: privacy.default-visibility in ethos.yaml, else recipient).")
        var visibility: VisibilityOption?
        @Flag(help: "Hide the author from everyone.") var anonymous = false
        @OptionGroup var options: RecordingOptions

        func validate() throws { try TextInput.validate(text, file: textFile, option: "--text") }

        func run() async throws {
            let date = try parseDate(date)
            let text = try TextInput.read(text, file: textFile)
            try await options.record { settings in
                Record(kind: .feedback, from: from, to: to, date: date, text: text, principles: principles, tags: tags,
                       visibility: visibility?.visibility ?? settings.defaultVisibility, anonymous: anonymous)
            }
        }
    }
}

/// `ethos mentoring log`.
struct MentoringCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mentoring",
        abstract: "Record mentoring sessions.",
        discussion: """
        Example:
          ethos mentoring log --mentor lena --mentee omar --minutes 30 --notes "Reviewed his first pull request."
        """,
        subcommands: [Log.self]
    )

    struct Log: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a mentoring session; it is scored as it is stored.",
            discussion: """
            Example:
              ethos mentoring log --mentor lena --mentee omar --minutes 45 --notes "Design."
            """
        )

        @Option(help: "The mentor's handle.") var mentor: String
        @Option(help: "The mentee's handle.") var mentee: String
        // Unconditional, so that '--minutes -5' is a value to refuse, not a missing one.
        @Option(parsing: .unconditional, help: "How long the session was, from 1 to 1440.") var minutes: Int
        @Option(help: "What the session covered; '-' reads it from standard input.") var notes: String?
        @Option(help: "Read what the session covered from this file.") var notesFile: String?
        @Option(name: .customLong("topic"), help: "A topic (repeatable); stored as a tag.") var topics: [String] = []
        @Option(help: "When it happened: YYYY-MM-DD or RFC 3339 (default: now).") var date: String?
        @OptionGroup var options: RecordingOptions

        func validate() throws {
            guard (1...1_440).contains(minutes) else {
                throw ValidationError("--minutes must be positive and at most 1440 (a day), not \(minutes).")
            }
            try TextInput.validate(notes, file: notesFile, option: "--notes")
        }

        func run() async throws {
            let date = try parseDate(date)
            let notes = try TextInput.read(notes, file: notesFile)
            try await options.record { _ in
                Record(kind: .mentoring, from: mentor, to: mentee, date: date, text: notes, minutes: minutes, tags: topics)
            }
        }
    }
}

/// `ethos records …`.
struct RecordsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records",
        abstract: "List and show stored records.",
        discussion: """
        Examples:
          ethos records list --team platform --principle community-contribution --since 2026-10-01
          ethos records show r-3f2a9c1e0b7d4e55
        """,
        subcommands: [List.self, Show.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List records, newest first, filtered by people, team, kind, principle, verdict and dates.",
            discussion: """
            Example:
              ethos records list --to ravi --verdict misaligned --format json
            """
        )

        @Option(help: "Only records by this author (anonymous records never match).") var from: String?
        @Option(help: "Only records about this person.") var to: String?
        @Option(help: "Only records whose author or subject is in this team.") var team: String?
        @Option(help: "Only feedback or mentoring.") var kind: KindOption?
        @Option(help: "Only records evidencing this principle.") var principle: String?
        @Option(help: "Only records with this verdict: aligned, misaligned or not-evidenced.") var verdict: String?
        @Option(help: "On or after this date.") var since: String?
        @Option(help: "Before this date.") var until: String?
        @Option(help: "At most this many (default 50).") var limit: Int?
        @Flag(help: "Every matching record, however many.") var all = false
        @Option(help: "The output format: table, json or csv.") var format: ListFormat = .table
        @OptionGroup var reader: ReaderOptions
        @OptionGroup var store: StoreOptions

        /// How many records a listing shows unless told otherwise.
        static let defaultPage = 50

        func run() async throws {
            var verdictFilter: Verdict?
            if let verdict {
                guard let parsed = Verdict(rawValue: verdict) else {
                    throw ValidationError("--verdict must be aligned, misaligned or not-evidenced, not '\(verdict)'.")
                }
                verdictFilter = parsed
            }
            let database = try await store.openExisting()
            let directory = try await Directory(database)
            let readers = try reader.readers(directory)
            // An unknown name in a filter is a mistake, not an empty result.
            for handle in [from, to].compactMap({ $0 }) { try directory.requirePerson(handle) }
            if let team { try directory.requireTeam(team) }
            var hidden = 0
            func mayRead(_ record: StoredRecord) -> Bool {
                readers.mayRead(record.visibility, author: record.author, subject: record.subject)
            }
            let page = all ? nil : limit ?? Self.defaultPage
            // One more than the page, to say when there are more; every record (--all) streams.
            let filter = RecordFilter(from: from, to: to, team: team, kind: kind?.kind, principle: principle, verdict: verdictFilter,
                                      since: try parseDate(since), until: try parseDate(until), limit: page.map { $0 + 1 })
            var chunk: [StoredRecord] = [], listed = 0, more = false
            func flush() async throws {
                hidden += chunk.count { !mayRead($0) }
                let scores = try await database.scores(of: chunk.map(\.id))
                switch format {
                case .table:
                    Console.out(StoredRecordRenderer.table(chunk, scores: { scores[$0] ?? [] }, mayRead: mayRead))
                case .json:
                    Console.raw(chunk.enumerated().map { (listed + $0.offset == 0 ? "[" : ",\n ")
                        + StoredRecordRenderer.json($0.element, showText: mayRead($0.element), scores: scores[$0.element.id] ?? []) }.joined())
                case .csv:
                    Console.raw(chunk.map { StoredRecordRenderer.csv($0, showText: mayRead($0), scores: scores[$0.id] ?? []) + "\n" }.joined())
                }
                listed += chunk.count
                chunk.removeAll(keepingCapacity: true)
            }
            if format == .csv { Console.data(CSVWriter.row(StoredRecordRenderer.csvColumns)) }
            try await database.forEachRecord(filter) { keyed in
                let record = keyed.stored
                if let page, listed + chunk.count == page {
                    more = true
                    return
                }
                chunk.append(record)
                if chunk.count == Self.tableRows { try await flush() }
            }
            if !chunk.isEmpty || (listed == 0 && format == .table) { try await flush() }
            if format == .json { Console.data(listed == 0 ? "[]" : "]") }
            if more, format == .table {
                Console.out("Showing the newest \(listed); narrow the filters, raise --limit, or pass --all for every record.")
            }
            // Machine formats keep standard output parseable: the notice goes to standard error.
            if let notice = reader.notice(hidden: hidden) { format == .table ? Console.out(notice) : Console.err(notice) }
        }

        /// How many records one printed table holds: a listing of every record prints a table per so many.
        static let tableRows = 1_000
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one record and its verdicts.",
            discussion: """
            Example:
              ethos records show ext-123
            """
        )

        @Argument(help: "The record's id.") var id: String
        @OptionGroup var reader: ReaderOptions
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: FormatOptions

        func run() async throws {
            let database = try await store.openExisting()
            let record = try await database.existingRecord(id)
            let readable = try reader.readers(await Directory(database)).mayRead(record.visibility, author: record.author, subject: record.subject)
            let scores = try await database.scores(of: id)
            // Outside a workspace there is nothing to be stale against; the record still shows.
            let stale = (try? workspace.loadWorkspace().makeScorer()).flatMap { StoredRecordRenderer.staleness(scores, current: ScoringStamp($0)) }
            if output.format == .json {
                Console.data(StoredRecordRenderer.json(record, showText: readable, scores: scores, stale: stale))
            } else {
                Console.out(StoredRecordRenderer.detail(record, scores: scores, showText: readable) + (stale.map { "\n\n" + $0 } ?? ""))
            }
            if let notice = reader.notice(hidden: readable ? 0 : 1) { Console.err(notice) }
        }
    }
}

/// `ethos explain ID`.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show the stored evidence behind each verdict of a record, and every rule's outcome.",
        discussion: """
        Rules are evaluated again, with the record's history facts as of its date, to show what \
        decided each one and the facts it read; when that no longer gives the stored verdicts \
        (the principles, plugins or settings changed), it says so.

        Example:
          ethos explain ext-123
        """
    )

    @Argument(help: "The record's id.") var id: String
    @OptionGroup var reader: ReaderOptions
    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    func run() async throws {
        let loaded = try workspace.loadWorkspace()
        let database = try await store.openExisting()
        let record = try await database.existingRecord(id)
        // The evidence quotes the text, so explaining a record is reading it.
        guard try reader.readers(await Directory(database)).mayRead(record.visibility, author: record.author, subject: record.subject) else {
            throw EthosError("Record '\(id)' is \(record.visibility.rawValue): its text and evidence are not readable without "
                             + "--viewer (someone who may read it) or --as-admin.")
        }
        if let notice = reader.notice(hidden: 0) { Console.err(notice) }
        let scorer = try loaded.makeScorer()
        let rescored = try await Recorder(store: database, scorer: scorer, now: currentTimestamp()).explain(id: id)
        try loaded.finish(scorer)
        let scores = try await database.scores(of: id)
        let stale = StoredRecordRenderer.staleness(scores, current: ScoringStamp(scorer))
        if output.format == .json {
            Console.data(StoredRecordRenderer.explanationJSON(record, scores: scores, rescored: rescored, stale: stale))
        } else {
            Console.out(StoredRecordRenderer.explanation(record, scores: scores, rescored: rescored) + (stale.map { "\n\n" + $0 } ?? ""))
        }
    }
}
