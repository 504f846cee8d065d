internal import ArgumentParser
internal import EthosCore
internal import EthosRecording
internal import EthosReports
internal import EthosStore
internal import Foundation

/// `ethos report`.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report how the principles are lived: for the organisation, a team or a person, over a period.",
        discussion: """
        Default: the organisation over this calendar quarter, compared with the period before, as \
        Markdown on standard output. Figures about fewer people, or resting on fewer records, than \
        the minimum group size (privacy.minimum-group-size in ethos.yaml, default 5) are hidden; \
        anonymous authors are never named. Without --viewer a report quotes public records only.

        Periods are calendar periods: a year, half, quarter, month or ISO week. Arbitrary day \
        ranges (--from/--to, --last) are people-operations' tool: they need --as-admin, and the \
        report says it was made so.

        Examples:
          ethos report
          ethos report --team platform --period 2026-Q3 --output platform.html
          ethos report --person ravi --viewer ana --period 2026-H1
          ethos report --period 2026-W14 --format json --output report.json
          ethos report --as-admin --from 2026-03-01 --to 2026-03-15
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case md, html, json, csv }
    enum Compare: String, ExpressibleByArgument, CaseIterable { case previous, none }

    @Option(help: "A person's report.") var person: String?
    @Option(help: "A team's report.") var team: String?
    @Flag(help: "The organisation's report (the default).") var org = false
    @Option(help: "The first day of the period (with --to and --as-admin).") var from: String?
    @Option(help: "The last day of the period (with --from and --as-admin).") var to: String?
    @Option(help: "A calendar period: 2026, 2026-H1, 2026-Q3, 2026-07 or 2026-W14.") var period: String?
    @Option(help: "The whole months before this one, such as 6m; or the days up to today, such as 90d (with --as-admin).") var last: String?
    @Flag(help: "Run as people-operations: allows arbitrary day ranges, and says so in the report.") var asAdmin = false
    @Option(help: "Compare with the previous period of the same length, or not.") var compare: Compare = .previous
    @Option(help: "md, html, json or csv.") var format: Format = .md
    @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file")) var output: String?
    @Option(help: ArgumentHelp("A folder with report.md.mustache and/or report.html.mustache to use instead of the built-in templates.",
                               valueName: "dir")) var template: String?
    @Option(help: "Render what this person may see: quotes by their visibility.") var viewer: String?
    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if [person != nil, team != nil, org].filter({ $0 }).count > 1 {
            throw ValidationError("Choose one of --person, --team and --org.")
        }
        let periods = [from != nil || to != nil, period != nil, last != nil].filter { $0 }.count
        if periods > 1 { throw ValidationError("Choose one of --from/--to, --period and --last.") }
        if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together.") }
        // Day ranges could be narrowed until a figure rests on one record; calendar periods cannot.
        if (from != nil || last?.hasSuffix("d") == true) && !asAdmin {
            throw ValidationError("Day ranges (--from/--to, --last Nd) are for people-operations: add --as-admin, or use a calendar "
                + "period such as --period 2026-Q3 (also 2026, 2026-H1, 2026-07, 2026-W14) or whole months (--last 6m).")
        }
    }

    func run() async throws {
        let loaded = try workspace.loadWorkspace()
        let database = try await store.openExisting()
        let directory = try await Directory(database)
        let scorer = try loaded.makeScorer()
        let now = currentTimestamp()
        let request = ReportRequest(scope: try scope(directory), period: try reportPeriod(now: now), compareWithPrevious: compare == .previous,
                                    viewer: viewer, minimumGroupSize: loaded.configuration.minimumGroupSize,
                                    principlesHash: fingerprintHash(scorer.fingerprint),
                                    namePeopleInQuotes: loaded.configuration.namePeopleInQuotes)
        if let viewer { try directory.requirePerson(viewer) }
        let report = try await ReportBuilder(principles: loaded.principles, source: database).build(request, now: now)
        let text: String
        do {
            text = try ReportRenderer(templateDirectory: template).render(report, format: Self.reportFormat(format))
        } catch {
            throw EthosError(error.message, isLocated: error.isLocated)
        }
        try Self.write(text, to: output)
        if let output { Console.out("Wrote \(output).") }
    }

    static func reportFormat(_ format: Format) -> ReportFormat {
        switch format {
        case .md: .markdown
        case .html: .html
        case .json: .json
        case .csv: .csv
        }
    }

    private func scope(_ directory: Directory) throws -> ReportRequest.Scope {
        if let person {
            try directory.requirePerson(person)
            return .person(person)
        }
        if let team {
            try directory.requireTeam(team)
            return .team(team)
        }
        return .organisation
    }

    private func reportPeriod(now: FactTimestamp) throws -> ReportPeriod {
        if let period {
            guard let calendar = ReportPeriod.calendar(period) else {
                throw EthosError("'\(period)' is not a calendar period; write a year (2026), half (2026-H1), quarter (2026-Q3), "
                    + "month (2026-07) or ISO week (2026-W14).")
            }
            return calendar
        }
        if let from, let to, let start = try parseDate(from), let end = try parseDate(to) {
            guard start <= end else { throw EthosError("The period starts (\(from)) after it ends (\(to)).") }
            return Self.admin(.range(from: start, through: end))
        }
        guard let last else { return .quarter(of: now) }
        if last.hasSuffix("m"), let months = Int(last.dropLast()), (1...120).contains(months), let period = ReportPeriod.lastMonths(months, now: now) {
            return period
        }
        guard last.hasSuffix("d"), let days = Int(last.dropLast()), (1...3_650).contains(days) else {
            throw EthosError("'\(last)' is not a number of whole months or of days; write it like 6m (anyone) or 90d (with --as-admin).")
        }
        return Self.admin(.last(days: days, now: now))
    }

    /// A day range, labelled as people-operations' own.
    static func admin(_ period: ReportPeriod) -> ReportPeriod {
        var period = period
        period.label += " (day range, run as people-operations)"
        return period
    }

    /// Writes `text` to `path` atomically, or to standard output.
    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            Console.raw(text)
            return
        }
        let destination = try OutputFile.destination(path)
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: destination), options: .atomic)
        } catch {
            throw EthosError("Cannot write '\(path)': \((error as NSError).localizedDescription)")
        }
    }
}
