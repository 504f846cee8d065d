import EthosCore
@testable import EthosReports
import Foundation
import Testing

/// Attacks on small groups by a reader who may see reports: each tries to recover a figure about
/// fewer than k people from what the reports show.
@Suite("Small groups under attack")
struct SmallGroupAttackTests {
    /// Two teams of six and a team of one (`solo`), each person receiving feedback in October.
    static let people: [Person] = (0..<6).map { Person(handle: "a\($0)", team: "alpha") }
        + (0..<6).map { Person(handle: "b\($0)", team: "beta") } + [Person(handle: "s0", team: "solo")]

    static let rows: [FixtureRow] = {
        var rows: [FixtureRow] = []
        var id = 0
        func add(_ from: String, _ to: String, _ dayOfMonth: Int, _ alignment: Double) {
            id += 1
            rows.append(row("r\(id)", .feedback, from, to, String(format: "2026-10-%02d", dayOfMonth),
                            p: (alignment > 0 ? .aligned : .misaligned, alignment), text: "Record \(id)."))
        }
        for index in 0..<6 {
            add("a\(index)", "a\((index + 1) % 6)", index + 2, 0.5)
            add("a\(index)", "a\((index + 2) % 6)", index + 10, 0.4)
            add("b\(index)", "b\((index + 1) % 6)", index + 3, 0.3)
            add("b\(index)", "b\((index + 3) % 6)", index + 12, 0.2)
        }
        add("a0", "s0", 20, -0.9)  // the one record about solo's only member
        return rows
    }()

    func report(_ scope: ReportRequest.Scope = .organisation, period: ReportPeriod = october, k: Int = 3, rows: [FixtureRow] = rows,
                compare: Bool = false) async throws -> Report {
        try await ReportBuilder(principles: fixturePrinciples, source: FixtureSource(rows: rows, people: Self.people))
            .build(ReportRequest(scope: scope, period: period, compareWithPrevious: compare, minimumGroupSize: k),
                   now: FactTimestamp(parsing: "2026-11-26T00:00:00Z")!)
    }

    /// Two records in September between four people: enough people, too few records.
    static let withSeptember = rows + [
        row("s1", .feedback, "a0", "b0", "2026-09-07", p: (.aligned, 0.9)),
        row("s2", .feedback, "a1", "b1", "2026-09-14", p: (.misaligned, -0.8)),
    ]

    @Test("no hidden figure is derived from those shown: coverage, shares, means, changes and trend sums", arguments: [3, 4, 5])
    func derivations(k: Int) async throws {
        let scopes: [ReportRequest.Scope] = [.organisation, .team("alpha"), .team("beta"), .team("solo")]
        let periods = [october, try #require(ReportPeriod.calendar("2026-Q4")), try #require(ReportPeriod.calendar("2026-W43"))]
        for scope in scopes {
            for period in periods {
                let shown = try await report(scope, period: period, k: k, rows: Self.withSeptember, compare: true)
                let previous = try await report(scope, period: period.previous, k: k, rows: Self.withSeptember)
                let where_ = "\(scope) \(period.label) k=\(k)"
                for (position, figures) in shown.principles.enumerated() {
                    // coverage × records = evidenced; the mean and the verdict counts rest on it.
                    if figures.evidenced.suppressed {
                        #expect(figures.coverage.value == nil && figures.meanAlignment.value == nil, "\(where_)")
                        #expect(figures.aligned.value == nil && figures.misaligned.value == nil, "\(where_)")
                    }
                    // this period − change = the previous period's figure, which that period's report hides.
                    if let change = figures.change, change.evidenced != nil || change.meanAlignment != nil || change.coverage != nil {
                        #expect(!figures.evidenced.suppressed && !previous.principles[position].evidenced.suppressed,
                                "\(where_): change \(change.evidenced ?? 0) beside a hidden figure")
                    }
                    // The period's figure less its visible buckets is a lone hidden bucket.
                    if !figures.evidenced.suppressed {
                        let hidden = shown.trend.buckets.filter { $0.principles[position].evidenced.suppressed }
                        #expect(hidden.count != 1, "\(where_): \(figures.id) hides only the bucket \(hidden.first?.label ?? "")")
                    }
                    for bucket in shown.trend.buckets where bucket.principles[position].evidenced.suppressed {
                        #expect(bucket.principles[position].meanAlignment.value == nil, "\(where_)")
                    }
                }
                // shares × people = the receivers; distinct givers rest on the feedback given.
                let participation = shown.participation
                if participation.feedbackReceived.suppressed { #expect(participation.shareReceiving.value == nil, "\(where_)") }
                if participation.feedbackGiven.suppressed { #expect(participation.distinctGivers.value == nil, "\(where_)") }
            }
        }
    }

    @Test("a one-person team is merged into other teams, not left to hide a healthy team")
    func mergedNotHidden() async throws {
        let organisation = try await report()
        // solo alone is fewer than k = 3: the smallest other team (alpha, by name among equals) joins it.
        #expect(organisation.participation.teams.map(\.team) == ["beta", "other teams"])
        #expect(organisation.participation.teams.map(\.teams) == [["beta"], ["alpha", "solo"]])
        #expect(organisation.participation.teams.allSatisfy { !$0.received.suppressed }, "no team's bar is a dash")
        let rows = try #require(organisation.heatmap?.rows)
        #expect(rows.map(\.team) == ["beta", "other teams", "organisation"])
        #expect(rows.allSatisfy { $0.cells.allSatisfy { !$0.suppressed } })
        // The summary names the lowest visible team figure: beta's records lean +0.25, the others +0.45.
        #expect(ReportSummary.sentences(organisation).contains("The lowest team figure: beta on Principle P, mean alignment +0.25."))
        // The attack: other teams − alpha's own report = solo. Alpha's report hides what the group shows.
        let alpha = try await report(.team("alpha"))
        #expect(alpha.participation.feedbackReceived.value == nil && alpha.participation.shareReceiving.value == nil)
        for figures in alpha.principles {
            #expect(figures.evidenced.value == nil && figures.meanAlignment.value == nil && figures.quotes.isEmpty, "\(figures.id)")
            #expect(figures.evidenced.note == "merged into other teams to protect a smaller team")
        }
        #expect(alpha.trend.buckets.allSatisfy { bucket in bucket.principles.allSatisfy { $0.meanAlignment.value == nil } })
        #expect(alpha.heatmap?.rows.first?.cells.allSatisfy(\.suppressed) == true)
        // Beta, not merged, keeps its figures, and its heatmap row is the organisation report's.
        let beta = try await report(.team("beta"))
        #expect(beta.principles[0].meanAlignment.value != nil)
        #expect(beta.heatmap?.rows.first?.cells == rows.first?.cells)
    }

    @Test("records in a language Ethos does not read are counted and said, not silently not evidenced")
    func unsupportedLanguage() async throws {
        let german = (0..<4).map { index in
            row("de\(index)", .feedback, "a\(index)", "a\((index + 1) % 6)", "2026-10-2\(index)",
                text: "Sie hat das Review sehr gründlich gemacht und danach die Tests verbessert (\(index)).")
        }
        let shown = try await report(rows: Self.rows + german)
        #expect(shown.unsupportedLanguage.value == 4)
        #expect(ReportSummary.sentences(shown).contains { $0.hasPrefix("4 records (14%) are in a language Ethos does not read") })
        let markdown = try ReportRenderer().render(shown, format: .markdown)
        #expect(markdown.contains("**Language not supported:** 4 records"))
        // Fewer than k such records are a figure about too few, hidden like any other.
        let one = try await report(rows: Self.rows + german.prefix(1))
        #expect(one.unsupportedLanguage.suppressed && one.unsupportedLanguage.value == nil)
    }

    @Test("small teams that are k together form other teams, and every healthy team keeps its own figures")
    func smallTeamsTogether() async throws {
        let people = Self.people + [Person(handle: "t0", team: "tiny"), Person(handle: "t1", team: "tiny")]
        let rows = Self.rows + [row("t1", .feedback, "b0", "t0", "2026-10-21", p: (.aligned, 0.6)),
                                row("t2", .feedback, "b1", "t1", "2026-10-22", p: (.aligned, 0.7))]
        let organisation = try await ReportBuilder(principles: fixturePrinciples, source: FixtureSource(rows: rows, people: people))
            .build(ReportRequest(period: october, compareWithPrevious: false, minimumGroupSize: 3), now: FactTimestamp(parsing: "2026-11-26T00:00:00Z")!)
        #expect(organisation.participation.teams.map(\.team) == ["alpha", "beta", "other teams"])
        #expect(organisation.participation.teams.last?.teams == ["solo", "tiny"])
        #expect(organisation.participation.teams.allSatisfy { !$0.received.suppressed })
    }

    @Test("teams are grouped so that each group has k people, healthy teams joining only when the small ones are too few")
    func grouping() {
        func groups(_ sizes: [String: Int], k: Int = 5) -> [String] {
            let teams = sizes.keys.sorted()
            let grouped = TeamGroups(teams: teams, sizes: teams.map { sizes[$0]! }, k: k)
            return zip(grouped.names, grouped.teams).map { name, teams in name == "other teams" ? "other(\(teams.joined(separator: ",")))" : name }
        }
        #expect(groups(["design": 6, "leadership": 1, "platform": 8]) == ["platform", "other(design,leadership)"])
        #expect(groups(["design": 6, "leadership": 1, "legal": 2, "ops": 2]) == ["design", "other(leadership,legal,ops)"])
        #expect(groups(["design": 6, "platform": 7]) == ["design", "platform"])
        #expect(groups(["leadership": 1]) == ["leadership"], "one team has nothing to merge with")
        #expect(groups(["a": 1, "b": 1], k: 5) == ["other(a,b)"], "fewer than k together: the group is hidden by the people rule")
    }

    @Test("a suppressed figure shows no count, share, coverage or mean in any format", arguments: ReportFormat.allCases)
    func noCounts(format: ReportFormat) async throws {
        let report = try await report(.team("solo"))
        // p rests on solo's one record; q has none, but solo is merged into other teams, so even its zero is hidden.
        let p = report.principles[0]
        #expect(p.evidenced.suppressed && p.aligned.suppressed && p.misaligned.suppressed && p.coverage.suppressed && p.meanAlignment.suppressed)
        #expect(report.principles[1].evidenced.value == nil)
        #expect(report.records == nil, "the team's record count is a figure about one person")
        let text = try ReportRenderer().render(report, format: format)
        switch format {
        case .json:
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect(object["records"] is NSNull)
            let evidenced = try #require((object["principles"] as? [[String: Any]])?.first?["evidenced"] as? [String: Any])
            #expect(evidenced["records"] is NSNull && evidenced["people"] is NSNull && evidenced["value"] is NSNull)
        case .csv:
            for line in text.split(separator: "\n").dropFirst() where line.hasSuffix(",true") {
                #expect(line.hasSuffix(",,,,true"), "\(line)")
            }
        case .markdown, .html:
            #expect(!text.contains("-0.90") && !text.contains("−0.90"))
            #expect(text.contains("—"))
        }
    }

    @Test("narrowing the period to one record's week shows nothing about it: every figure needs k records")
    func narrowing() async throws {
        // The week of 2026-10-19 holds solo's record and two others.
        let week = try #require(ReportPeriod.calendar("2026-W43"))
        let narrowed = try await report(period: week)
        #expect(narrowed.principles[0].evidenced.suppressed || (narrowed.principles[0].evidenced.value ?? 0) >= 3)
        let organisation = try await report(period: try #require(ReportPeriod.calendar("2026-10")))
        #expect(!organisation.principles[0].meanAlignment.suppressed)
        // Weeks of one record each are hidden, whatever their people.
        for bucket in organisation.trend.buckets {
            for point in bucket.principles where point.evidenced.records > 0 && point.evidenced.records < 3 {
                #expect(point.evidenced.suppressed && point.meanAlignment.value == nil, "\(bucket.label)")
            }
        }
    }

    @Test("calendar periods: year, half, quarter, month and ISO week; anything else is not one")
    func calendarPeriods() {
        func days(_ text: String) -> [String]? {
            ReportPeriod.calendar(text).map { period in
                [period.from, period.to].map { String((FactTimestamp(seconds: $0)?.description ?? "").prefix(10)) }
            }
        }
        #expect(days("2026") == ["2026-01-01", "2027-01-01"])
        #expect(days("2026-H2") == ["2026-07-01", "2027-01-01"])
        #expect(days("2026-q4") == ["2026-10-01", "2027-01-01"])
        #expect(days("2026-02") == ["2026-02-01", "2026-03-01"])
        #expect(days("2026-W01") == ["2025-12-29", "2026-01-05"])  // the week of 1 January 2026, a Thursday
        #expect(days("2026-W53") == ["2026-12-28", "2027-01-04"])  // 2026 has 53 ISO weeks
        #expect(days("2027-W53") == nil)
        #expect(days("2020-W53") == ["2020-12-28", "2021-01-04"])
        for text in ["2026-13", "2026-Q5", "2026-H3", "2026-W00", "26", "2026-07-01", "last 90 days", "2026-W1"] {
            #expect(ReportPeriod.calendar(text) == nil, "\(text)")
        }
        #expect(ReportPeriod.calendar("2026-07")?.label == "2026-07")
        func months(_ count: Int, _ now: String) -> [String]? {
            ReportPeriod.lastMonths(count, now: FactTimestamp(parsing: now)!).map { period in
                [period.from, period.to].map { String((FactTimestamp(seconds: $0)?.description ?? "").prefix(10)) } + [period.label]
            }
        }
        #expect(months(6, "2026-12-07T10:00:00Z") == ["2026-06-01", "2026-12-01", "last 6 months (2026-06 to 2026-11)"])
        #expect(months(1, "2026-01-15T00:00:00Z") == ["2025-12-01", "2026-01-01", "last 1 month (2025-12 to 2025-12)"])
        #expect(months(0, "2026-01-15T00:00:00Z") == nil)
    }
}
