import EthosCore
import EthosReports
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

    @Test("organisation total − visible teams − the hidden team's own report: the team report hides what the organisation report hid")
    func complementaryAcrossReports() async throws {
        let organisation = try await report()
        let bars = Dictionary(uniqueKeysWithValues: organisation.participation.teams.map { ($0.team, $0.received) })
        #expect(bars["solo"]?.suppressed == true, "solo has one person")
        let complementary = try #require(bars.first { $0.key != "solo" && $0.value.suppressed }?.key, "a second team is hidden with it")
        let cells = try #require(organisation.heatmap?.rows)
        let hiddenCells = Set(cells.flatMap { row in zip(fixturePrinciples.ids, row.cells).filter(\.1.suppressed).map { "\(row.team)/\($0.0)" } })
        // The attack: read the complementarily hidden team's own report.
        let team = try await report(.team(complementary))
        #expect(team.participation.feedbackReceived.suppressed, "its received count would give solo's back")
        #expect(team.participation.feedbackReceived.value == nil && team.participation.shareReceiving.value == nil)
        for (position, id) in fixturePrinciples.ids.enumerated() where hiddenCells.contains("\(complementary)/\(id)") {
            let figures = team.principles[position]
            #expect(figures.meanAlignment.suppressed && figures.evidenced.suppressed && figures.quotes.isEmpty, "\(id)")
            #expect(team.heatmap?.rows.first?.cells[position].suppressed == true)
            #expect(team.trend.buckets.allSatisfy { bucket in bucket.principles[position].meanAlignment.value == nil })
        }
        // And the heatmap rows the two reports share are the same cells.
        #expect(team.heatmap?.rows.first?.cells == cells.first { $0.team == complementary }?.cells)
    }

    @Test("a suppressed figure shows no count, share, coverage or mean in any format", arguments: ReportFormat.allCases)
    func noCounts(format: ReportFormat) async throws {
        let report = try await report(.team("solo"))
        // p rests on solo's one record; q has none (a zero hides nothing).
        let p = report.principles[0]
        #expect(p.evidenced.suppressed && p.aligned.suppressed && p.misaligned.suppressed && p.coverage.suppressed && p.meanAlignment.suppressed)
        #expect(report.principles[1].evidenced.value == 0)
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
    }
}
