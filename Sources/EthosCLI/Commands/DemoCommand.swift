internal import ArgumentParser
internal import EthosCore
internal import EthosPlugins
internal import EthosRecording
internal import EthosReports
internal import EthosServer
internal import EthosStore
internal import Foundation

/// `ethos demo`: a realistic organisation, a year of records, scored and reported.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a demo workspace: a synthetic organisation with a year of feedback and mentoring, scored, with its reports.",
        discussion: """
        Writes DIR/Principles (the shipped principles), DIR/ethos.sqlite (people and records, \
        scored), DIR/report.html and DIR/report.md (the organisation over the demo's year), and \
        three accounts for 'ethos serve' (people-operations, a manager, an engineer) whose \
        passwords it prints, new each run. The \
        year is the twelve months up to last month, so reports of recent periods have data; \
        --until fixes it. The same seed (and --until) always builds the same organisation. \
        Running it again replaces the demo's database and reports.

        Example:
          ethos demo --output ethos-demo --seed 7
        """
    )

    enum Size: String, ExpressibleByArgument, CaseIterable { case small, large }

    @Option(help: ArgumentHelp("Where to build the demo.", valueName: "dir")) var output: String = "ethos-demo"
    @Option(help: "The seed: the same seed builds the same organisation.") var seed: UInt64 = 2026
    @Option(help: "small (60 people) or large (240 people).") var size: Size = .small
    @Option(help: ArgumentHelp("The last month the demo covers, YYYY-MM (default: last month).", valueName: "month")) var until: String?
    @Flag(help: "No progress line.") var quiet = false

    /// The demo's last month: `--until`, else the month before `now`'s.
    func lastMonth(now: FactTimestamp) throws -> (year: Int, month: Int) {
        guard let until else { return DemoOrganisation.month(-1, from: (now.components.year, now.components.month)) }
        let parts = until.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
              (1...12).contains(month), (2000...9999).contains(year) else {
            throw ValidationError("--until must be a month, YYYY-MM, like 2026-10; not '\(until)'.")
        }
        return (year, month)
    }

    func run() async throws {
        let started = Date()
        let manager = FileManager.default
        let directory = URL(fileURLWithPath: output)
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        // The demo owns these files; anything else in the folder is left alone.
        for name in ["ethos.sqlite", "ethos.sqlite-wal", "ethos.sqlite-shm", "ethos.sqlite.key", "report.html", "report.md"] {
            try? manager.removeItem(at: directory.appendingPathComponent(name))
        }
        if !manager.fileExists(atPath: directory.appendingPathComponent("Principles").path) {
            _ = try WorkspaceScaffold.bundled.write(into: output, overwrite: false)
        }
        let schema = try Scorer.schema(factories: BuiltinPlugins.factories)
        let principles = try PrinciplesLoader(schema: schema).load(paths: [directory.appendingPathComponent("Principles").path]).get()
        let scorer = try Scorer(principles: principles, factories: BuiltinPlugins.factories)
        let store = try SQLiteStore(path: directory.appendingPathComponent("ethos.sqlite").path)
        let last = try lastMonth(now: currentTimestamp())
        let first = DemoOrganisation.month(1 - DemoOrganisation.months, from: last)
        let organisation = DemoOrganisation(seed: seed, size: size == .small ? 60 : 240, firstMonth: first)
        try await store.upsert(organisation.people)
        let recorder = Recorder(store: store, scorer: scorer, now: currentTimestamp())
        var progress = Progress(quiet: quiet)
        var stored = 0
        for start in stride(from: 0, to: organisation.records.count, by: 500) {
            let batch = Array(organisation.records[start..<min(organisation.records.count, start + 500)])
            stored += try await recorder.record(batch, createPeople: false).filter { if case .stored = $0 { true } else { false } }.count
            progress.update(stored, total: organisation.records.count, noun: "Scoring records")
        }
        progress.finish()
        let end = DemoOrganisation.month(1, from: last)
        let period = ReportPeriod(from: DemoOrganisation.date(first.year, first.month, 1).map { $0.seconds / 86_400 * 86_400 } ?? 0,
                                  to: DemoOrganisation.date(end.year, end.month, 1).map { $0.seconds / 86_400 * 86_400 } ?? 0,
                                  label: "the demo's year")
        let request = ReportRequest(period: ReportPeriod(from: period.from, to: period.to, label: "the demo's year"), compareWithPrevious: false,
                                    principlesHash: fingerprintHash(scorer.fingerprint))
        let report = try await ReportBuilder(principles: principles, source: store).build(request, now: currentTimestamp())
        let renderer: ReportRenderer
        do { renderer = try ReportRenderer() } catch { throw EthosError(error.message) }
        let html = directory.appendingPathComponent("report.html").path, markdown = directory.appendingPathComponent("report.md").path
        do {
            try ReportCommand.write(try renderer.render(report, format: .html), to: html)
            try ReportCommand.write(try renderer.render(report, format: .markdown), to: markdown)
        } catch let error as ReportError {
            throw EthosError(error.message)
        }
        let accounts = try await demoAccounts(organisation.people, store: store, directory: directory)
        let teams = Set(organisation.people.compactMap(\.team)).subtracting(["leadership"]).count
        let seconds = Date().timeIntervalSince(started)
        var lines = ["Built a demo organisation in '\(output)' (seed \(seed)): \(organisation.people.count) people in \(teams) teams, "
            + "\(stored) records over 12 months, scored in \(String(format: "%.1f", seconds)) s."]
        for principle in report.principles {
            lines.append("  \(principle.name): \(principle.summary)")
        }
        lines.append("")
        lines.append("Reports: \(html)")
        lines.append("         \(markdown)")
        // The last whole quarter the demo covers: the suggested report has three months of data.
        let quarterEnd = DemoOrganisation.month(-(last.month % 3), from: last)
        lines.append("Explore: cd \(output) && \(Self.invocation()) report --team platform --period \(quarterEnd.year)-Q\((quarterEnd.month + 2) / 3)")
        lines.append("")
        lines.append("The platform: cd \(output) && \(Self.invocation()) serve, then open http://127.0.0.1:8080/ and sign in as")
        for account in accounts {
            lines.append("  \(account.handle.padding(toLength: 10, withPad: " ", startingAt: 0)) password \(account.password)   \(account.role)")
        }
        lines.append("")
        lines.append("Anonymity key: \(directory.appendingPathComponent("ethos.sqlite.key").path), beside the database "
            + "(\(directory.appendingPathComponent("ethos.sqlite").path)); back the two up together: without the key the database "
            + "will not open.")
        Console.out(lines.joined(separator: "\n"))
    }

    /// Three accounts for `ethos serve`, with new random passwords: the head of the organisation
    /// as people-operations (added to the demo's `ethos.yaml` as its admin), a team's manager,
    /// and an engineer of that team.
    private func demoAccounts(_ people: [Person], store: SQLiteStore, directory: URL) async throws
        -> [(handle: String, password: String, role: String)] {
        guard let head = people.first, let manager = people.first(where: { $0.team == "platform" && $0.manager == head.handle }),
              let engineer = people.first(where: { $0.manager == manager.handle }) else { return [] }
        let settings = directory.appendingPathComponent("ethos.yaml")
        var text = (try? String(contentsOf: settings, encoding: .utf8)) ?? "version: 1\n"
        if !text.split(separator: "\n").contains(where: { $0.hasPrefix("admins:") }) {
            text += (text.hasSuffix("\n") ? "" : "\n") + "\n# The demo's people-operations.\nadmins: [\(head.handle)]\n"
            try Data(text.utf8).write(to: settings, options: .atomic)
        }
        var accounts: [(String, String, String)] = []
        for (person, role) in [(head, "people-operations: the organisation's report and the people directory"),
                               (manager, "manager of the platform team: its report"), (engineer, "engineer on the platform team")] {
            let password = Accounts.demoPassword()
            _ = try await Accounts.setPassword(person.handle, password, store: store, now: currentTimestamp().seconds)
            accounts.append((person.handle, password, role))
        }
        return accounts
    }

    /// How to run this `ethos` from the demo's folder: `ethos` when that is what the PATH finds,
    /// else, for a binary inside a package's `.build`, `swift run --package-path PACKAGE ethos`,
    /// else the binary's full path.
    static func invocation(executable: String = CommandLine.arguments.first ?? "ethos",
                           path: String = ProcessInfo.processInfo.environment["PATH"] ?? "") -> String {
        let binary = URL(fileURLWithPath: executable).standardizedFileURL.resolvingSymlinksInPath().path
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("ethos")
            if candidate.resolvingSymlinksInPath().path == binary { return "ethos" }
        }
        if let range = binary.range(of: "/.build/") {
            return "swift run --package-path \(binary[..<range.lowerBound]) ethos"
        }
        return binary
    }
}
