internal import EthosCore
internal import EthosRecording
internal import EthosReports
internal import Hummingbird

/// The reports of `ethos report` as pages: a person's own, their teams' for managers, the
/// organisation's for people-operations. Same figures, same small-group rules, quotes by what
/// the reader may see.
struct ReportPages {
    let platform: Platform
    let pages: PageRenderer

    func add(to router: Router<ServerContext>) {
        router.get("reports/me") { request, context in
            let viewer = try context.signedIn()
            return try await report(.person(viewer.handle), request, context, viewer, path: "/reports/me")
        }
        router.get("reports/teams") { _, context in
            let viewer = try context.signedIn()
            guard viewer.isManager || viewer.isAdmin else { throw Self.forTeamManagers }
            return pages.page("teams", title: "Team reports", context: context, platform: platform, current: "/reports/teams",
                              values: ["teams": viewer.reportTeams.map { ["name": $0, "path": "/reports/team/" + ($0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? $0)] }])
        }
        router.get("reports/team/:team") { request, context in
            let viewer = try context.signedIn()
            let team = try context.parameters.require("team")
            guard viewer.reportTeams.contains(team) else { throw Self.forTeamManagers }
            return try await report(.team(team), request, context, viewer, path: "/reports/team/\(team)")
        }
        router.get("reports/organisation") { request, context in
            let viewer = try context.signedIn()
            guard viewer.isAdmin else { throw Problem.forbidden("The organisation's report is for people-operations (the admins of ethos.yaml).") }
            return try await report(.organisation, request, context, viewer, path: "/reports/organisation")
        }
    }

    static let forTeamManagers = Problem.forbidden("A team's report is for the managers of its people and for people-operations.")

    private func report(_ scope: ReportRequest.Scope, _ request: Request, _ context: ServerContext, _ viewer: Viewer,
                        path: String) async throws -> Response {
        let now = platform.timestamp
        let choice = try PeriodChoice(request.query["period"], now: now)
        let report = try await platform.report(scope, period: choice.period, viewer: viewer.handle)
        let header = pages.fragment("report-header", values: [
            "navigation": PageRenderer.navigation(viewer, current: path),
            "path": path, "periods": PeriodChoice.options(now: now, selected: choice.value), "csrf": context.caller.session?.csrfToken ?? "",
            "name": viewer.name,
        ])
        let html = try pages.reports.render(report, format: .html, pageHeader: header)
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

extension Platform {
    /// The report `ethos report` makes for `scope` over `period`, as `viewer` may see it.
    func report(_ scope: ReportRequest.Scope, period: ReportPeriod, viewer: String?) async throws -> Report {
        let request = ReportRequest(scope: scope, period: period, compareWithPrevious: true, viewer: viewer,
                                    minimumGroupSize: configuration.minimumGroupSize, principlesHash: fingerprintHash(scorer.fingerprint),
                                    namePeopleInQuotes: configuration.namePeopleInQuotes)
        return try await ReportBuilder(principles: principles, source: store, organisation: organisationTallies).build(request, now: timestamp)
    }
}

/// The period a report page shows: a calendar period (`2026-Q3`, `2026-H1`, `2026`, `2026-07`,
/// `2026-W14`) or whole months before this one (`6m`); this quarter by default. Day ranges,
/// which could be narrowed to single out a record, are the shell's `--as-admin` only.
struct PeriodChoice {
    let value: String
    let period: ReportPeriod

    init(_ value: String?, now: FactTimestamp) throws {
        guard let value else {
            period = .quarter(of: now)
            self.value = period.label
            return
        }
        self.value = value
        if value.hasSuffix("m"), let months = Int(value.dropLast()), (1...120).contains(months), let period = ReportPeriod.lastMonths(months, now: now) {
            self.period = period
        } else if let period = ReportPeriod.calendar(value) {
            self.period = period
        } else {
            throw Problem.badRequest("'\(value)' is not a period: write a year (2026), half (2026-H1), quarter (2026-Q3), month (2026-07), "
                                     + "ISO week (2026-W14), or whole months such as 6m.", field: "period")
        }
    }

    /// The choices a report page offers: this and the three quarters before, the last 6 and 12
    /// months, this year and last.
    static func options(now: FactTimestamp, selected: String) -> [[String: Any]] {
        var labels: [(String, String)] = []
        var quarter = ReportPeriod.quarter(of: now)
        for _ in 0..<4 {
            labels.append((quarter.label, quarter.label))
            guard let previous = FactTimestamp(seconds: quarter.from - 1) else { break }
            quarter = .quarter(of: previous)
        }
        labels += [("6m", "Last 6 months"), ("12m", "Last 12 months")]
        let year = String(ReportPeriod.quarter(of: now).label.prefix(4))
        if let thisYear = Int(year) { labels += [(year, year), (String(thisYear - 1), String(thisYear - 1))] }
        if !labels.contains(where: { $0.0 == selected }) { labels.insert((selected, selected), at: 0) }
        return labels.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == selected] }
    }
}
