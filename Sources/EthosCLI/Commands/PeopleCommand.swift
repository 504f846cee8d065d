internal import ArgumentParser
internal import EthosCore
internal import EthosIO
internal import EthosRecording
internal import EthosServer
internal import EthosStore

/// `ethos people …`: the people directory.
struct PeopleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "people",
        abstract: "Import, list and show the people records are about.",
        discussion: """
        Examples:
          ethos people import people.csv
          ethos people list --team platform --format csv
          ethos people show ana
          ethos people invite ana --url https://ethos.example.com
        """,
        subcommands: [Import.self, List.self, Show.self, Invite.self, Deactivate.self, Reactivate.self]
    )

    struct Invite: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a one-time link with which a person chooses their password for 'ethos serve'.",
            discussion: """
            The link works once, for 7 days; a new invitation replaces the last. Only its hash is stored.

            Example:
              ethos people invite ana --url https://ethos.example.com
            """
        )

        @Argument(help: "The person's handle.") var handle: String
        @Option(help: "The address people open 'ethos serve' at.") var url = "http://127.0.0.1:8080"
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let database = try await store.openExisting()
            try await Directory(database).requirePerson(handle)
            if try await database.account(handle)?.deactivated == true {
                throw EthosError("'\(handle)' is deactivated; 'ethos people reactivate \(handle)' first.")
            }
            let link = try await Accounts.invite(handle, store: database, base: url, now: currentTimestamp().seconds)
            Console.out("Send \(handle) this link; it works once, until \(FactTimestamp(seconds: currentTimestamp().seconds + Accounts.invitationLifetime)?.description.prefix(10) ?? "in 7 days"):\n\n  \(link)")
        }
    }

    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop a person signing in to 'ethos serve' (a leaver); their records stay.")
        @Argument(help: "The person's handle.") var handle: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let database = try await store.openExisting()
            try await Directory(database).requirePerson(handle)
            try await database.setDeactivated(handle, true, now: currentTimestamp().seconds)
            Console.out("\(handle) can no longer sign in; their sessions ended and their records stay.")
        }
    }

    struct Reactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a deactivated person sign in again.")
        @Argument(help: "The person's handle.") var handle: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let database = try await store.openExisting()
            try await Directory(database).requirePerson(handle)
            try await database.setDeactivated(handle, false, now: currentTimestamp().seconds)
            Console.out("\(handle) can sign in again.")
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or update people from a CSV or YAML file (handle, name, email, team, manager, role, joined).",
            discussion: """
            Every problem — an unknown manager, a cycle in the management chain, a duplicate \
            handle — is reported with its row (CSV) or line and column (YAML), and nothing is \
            stored when there is any.

            Example:
              ethos people import people.csv
            """
        )

        @Argument(help: "The CSV or YAML file.")
        var file: String

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let database = try await store.open()
            let source: SourceFile
            switch SourceFiles.read(file, limits: YAMLLimits(maxFileBytes: 64 << 20)) {
            case let .success(read): source = read
            case let .failure(diagnostic): throw DiagnosticsError([diagnostic])
            }
            let people = try PeopleFile.read(source, existing: try await database.people(team: nil)).get()
            try await database.upsert(people)
            Console.out("Imported \(Plural.count(people.count, "person").replacingPersons()) from \(file).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List people, optionally of one team.",
            discussion: """
            Example:
              ethos people list --team platform
            """
        )

        @Option(help: "Only this team.")
        var team: String?

        @Option(help: "The output format: table, json or csv.")
        var format: ListFormat = .table

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let database = try await store.openExisting()
            if let team { try await Directory(database).requireTeam(team) }
            let people = try await database.people(team: team)
            if format == .table { Console.out(PeopleRenderer.render(people, format: format)) } else { Console.data(PeopleRenderer.render(people, format: format)) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one person.",
            discussion: """
            Example:
              ethos people show ana
            """
        )

        @Argument(help: "The person's handle.")
        var handle: String

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: FormatOptions

        func run() async throws {
            let database = try await store.openExisting()
            try await Directory(database).requirePerson(handle)
            guard let person = try await database.person(handle) else { return }
            if output.format == .json { Console.data(PeopleRenderer.render([person], format: .json)) } else { Console.out(PeopleRenderer.detail(person)) }
        }
    }
}

extension String {
    /// "2 persons" → "2 people".
    func replacingPersons() -> String {
        hasSuffix(" persons") ? String(dropLast(" persons".count)) + " people" : self
    }
}

/// People as a table, JSON or CSV.
enum PeopleRenderer {
    static func fields(_ person: Person) -> [String] {
        [person.handle, person.name ?? "", person.email ?? "", person.team ?? "", person.manager ?? "", person.role ?? "", person.joined ?? ""]
    }

    static func render(_ people: [Person], format: ListFormat) -> String {
        switch format {
        case .table:
            var table = TextTable(headers: PeopleFile.columns.map { $0.uppercased() })
            table.rows = people.map(fields)
            return table.rendered
        case .csv:
            return ([CSVWriter.row(PeopleFile.columns)] + people.map { CSVWriter.row(fields($0)) }).joined(separator: "\n")
        case .json:
            let objects = people.map { person in
                "{" + zip(PeopleFile.columns, fields(person)).map { "\(ValueText.jsonString($0)): \($1.isEmpty ? "null" : ValueText.jsonString($1))" }
                    .joined(separator: ", ") + "}"
            }
            return "[" + objects.joined(separator: ",\n ") + "]"
        }
    }

    static func detail(_ person: Person) -> String {
        zip(PeopleFile.columns, fields(person)).filter { !$1.isEmpty }.map { "\($0): \($1)" }.joined(separator: "\n")
    }
}
