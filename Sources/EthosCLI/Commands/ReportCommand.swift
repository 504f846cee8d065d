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
        Default: the organisation over the last 90 days, compared with the 90 days before, as \
        Markdown on standard output. Aggregates over fewer people than the minimum group size \
        (privacy.minimum-group-size in ethos.yaml, default 5) are hidden; anonymous authors are \
        never named. Without --viewer a report quotes public records only.

        Examples:
          ethos report
          ethos report --team platform --period 2026-Q3 --format html --output platform.html
          ethos report --person ravi --viewer ana --last 180d
          ethos report --format json --output report.json
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case md, html, json, csv }
    enum Compare: String, ExpressibleByArgument, CaseIterable { case previous, none }

    @Option(help: "A person's report.") var person: String?
    @Option(help: "A team's report.") var team: String?
    @Flag(help: "The organisation's report (the default).") var org = false
    @Option(help: "The first day of the period (with --to).") var from: String?
    @Option(help: "The last day of the period (with --from).") var to: String?
    @Option(help: "A quarter, such as 2026-Q3.") var period: String?
    @Option(help: "The days up to today, such as 90d.") var last: String?
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
    }

    func run() async throws {
        let loaded = try workspace.loadWorkspace()
        let database = try store.open()
        let scorer = try loaded.makeScorer()
        let now = currentTimestamp()
        let request = ReportRequest(scope: try await scope(database), period: try reportPeriod(now: now), compareWithPrevious: compare == .previous,
                                    viewer: viewer, minimumGroupSize: loaded.configuration.minimumGroupSize,
                                    principlesHash: fingerprintHash(scorer.fingerprint))
        if let viewer, try await database.person(viewer) == nil {
            throw EthosError("No person has the handle '\(viewer)' to view the report as.")
        }
        let report = try await ReportBuilder(principles: loaded.principles, source: database).build(request, now: now)
        let text: String
        do {
            text = try ReportRenderer(templateDirectory: template).render(report, format: Self.reportFormat(format))
        } catch {
            throw EthosError(error.message)
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

    private func scope(_ database: SQLiteStore) async throws -> ReportRequest.Scope {
        if let person {
            guard try await database.person(person) != nil else { throw EthosError("No person has the handle '\(person)'; 'ethos people list' shows them.") }
            return .person(person)
        }
        if let team {
            let teams = Set(try await database.people(team: nil).compactMap(\.team))
            guard teams.contains(team) else {
                throw EthosError("No team is called '\(team)'" + (Suggestions.closest(to: team, in: teams).map { "; did you mean '\($0)'?" } ?? "."))
            }
            return .team(team)
        }
        return .organisation
    }

    private func reportPeriod(now: FactTimestamp) throws -> ReportPeriod {
        if let period {
            guard let quarter = ReportPeriod.quarter(period) else { throw EthosError("'\(period)' is not a quarter; write it like 2026-Q3.") }
            return quarter
        }
        if let from, let to, let start = try parseDate(from), let end = try parseDate(to) {
            guard start <= end else { throw EthosError("The period starts (\(from)) after it ends (\(to)).") }
            return .range(from: start, through: end)
        }
        let text = last ?? "90d"
        guard text.hasSuffix("d"), let days = Int(text.dropLast()), (1...3_650).contains(days) else {
            throw EthosError("'\(text)' is not a number of days; write it like 90d.")
        }
        return .last(days: days, now: now)
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
