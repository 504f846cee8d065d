import EthosCore
@testable import EthosReports
import Foundation
import Testing

/// A store stand-in with hand-made rows, so every figure can be worked out by hand.
struct FixtureSource: ReportSource {
    var rows: [FixtureRow]
    var people: [Person]

    /// With `keysGrow`, keys are in the order records were stored, and reads honour them.
    var keysGrow = false
    var revision: Int64 = 0

    func forEachReportRow(from: Int64, to: Int64, principles: [String], involving: Set<String>?, storedAfter: Int64?, storedThrough: Int64?,
                          _ body: (ReportRow) throws -> Void) throws {
        for row in rows.sorted(by: { ($0.date, $0.key) < ($1.date, $1.key) }) where row.date >= from && row.date < to {
            if let involving, !involving.contains(row.subject), !(row.author.map(involving.contains) ?? false) { continue }
            if row.key <= storedAfter ?? .min || row.key > storedThrough ?? .max { continue }
            var reportRow = ReportRow(key: row.key, kind: row.kind, author: row.author, subject: row.subject, date: row.date, minutes: row.minutes,
                                      visibility: row.visibility, anonymous: row.author == nil,
                                      verdicts: principles.map { row.verdicts[$0] ?? .none })
            reportRow.languageSupported = TextLanguage.isSupported(row.text)
            try body(reportRow)
        }
    }

    /// The fixture's keys are hashes of ids, not in the order records were stored.
    func latestKey() throws -> Int64? { keysGrow ? rows.map(\.key).max() ?? 0 : nil }

    func scoresRevision() throws -> Int64 { revision }

    func texts(of keys: [Int64]) throws -> [Int64: String] {
        Dictionary(uniqueKeysWithValues: rows.filter { keys.contains($0.key) }.map { ($0.key, $0.text) })
    }

    func metBefore(_ date: Int64, pairs: Set<PersonPair>) throws -> Set<PersonPair> {
        Set(rows.compactMap { row in row.author.map { PersonPair($0, row.subject) } }.filter { pair in
            pairs.contains(pair) && rows.contains { $0.author != nil && PersonPair($0.author!, $0.subject) == pair && $0.date < date }
        })
    }

    func firstMentoring(of mentees: Set<String>) throws -> [String: (mentor: String?, date: Int64)] {
        var first: [String: (mentor: String?, date: Int64)] = [:]
        for row in rows.filter({ $0.kind == .mentoring }).sorted(by: { $0.date < $1.date })
        where mentees.contains(row.subject) && first[row.subject] == nil {
            first[row.subject] = (row.visibility == .public ? row.author : nil, row.date)
        }
        return first
    }

    func directory() throws -> [Person] {
        people
    }
}

/// A record as the fixture writes it: verdicts by principle id, and its text.
struct FixtureRow {
    var key: Int64
    var kind: RecordKind
    var author: String?
    var subject: String
    var date: Int64
    var minutes: Int?
    var visibility: Visibility
    var text: String
    var verdicts: [String: PrincipleVerdict]
}

func day(_ text: String) -> Int64 { FactTimestamp(parsing: text, allowDate: true)?.seconds ?? 0 }

func row(_ id: String, _ kind: RecordKind = .feedback, _ from: String?, _ to: String, _ date: String, p: (Verdict, Double)? = nil,
         q: (Verdict, Double)? = nil, minutes: Int? = nil, visibility: Visibility = .public, text: String? = nil) -> FixtureRow {
    var verdicts: [String: PrincipleVerdict] = [:]
    if let p { verdicts["p"] = PrincipleVerdict(verdict: p.0, alignment: p.1) }
    if let q { verdicts["q"] = PrincipleVerdict(verdict: q.0, alignment: q.1) }
    // The key is the id when numeric, else an FNV-1a hash of it: distinct for the fixtures' ids.
    let key = Int64(id) ?? Int64(bitPattern: id.utf8.reduce(14_695_981_039_346_656_037 as UInt64) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 })
    return FixtureRow(key: key, kind: kind, author: from, subject: to, date: day(date), minutes: minutes, visibility: visibility,
                      text: text ?? "Record \(id).", verdicts: verdicts)
}

let fixturePrinciples = PrincipleSet([
    Principle(id: "p", name: "Principle P", statement: "P.", tenets: ["P."]),
    Principle(id: "q", name: "Principle Q", statement: "Q.", tenets: ["Q."]),
])

let fixtureDirectory: [Person] = ["ana", "ben", "cat", "dan", "eve", "fay"].map { Person(handle: $0, team: "a", manager: $0 == "ana" ? nil : "ana") }
    + ["gus", "hal", "ivy"].map { Person(handle: $0, team: "b", manager: $0 == "gus" ? nil : "gus") }

/// October 2026, with one record in September for the comparison.
let fixtureRows = [
    row("1", .feedback, "ana", "ben", "2026-10-02", p: (.aligned, 0.8), visibility: .manager, text: "Ben grew a lot."),
    row("2", .feedback, "ben", "cat", "2026-10-03", p: (.misaligned, -0.6), visibility: .recipient, text: "Cat ignored the review."),
    row("3", .feedback, "cat", "ana", "2026-10-09", p: (.aligned, 0.4), q: (.aligned, 0.5)),
    row("4", .feedback, "dan", "eve", "2026-10-10", q: (.aligned, 0.7)),
    row("5", .feedback, "eve", "dan", "2026-10-16"),
    row("6", .feedback, nil, "gus", "2026-10-17", p: (.aligned, 0.6), text: "Gus shared everything openly."),
    row("7", .feedback, "gus", "hal", "2026-10-20", q: (.misaligned, -0.5)),
    row("8", .mentoring, "ana", "ben", "2026-10-21", p: (.aligned, 0.3), minutes: 60),
    row("9", .mentoring, "ben", "fay", "2026-10-25", minutes: 30),
    row("10", .feedback, "ana", "ben", "2026-09-10", p: (.aligned, 0.2)),
]

let october = ReportPeriod(from: day("2026-10-01"), to: day("2026-11-01"), label: "2026-10")

func build(_ scope: ReportRequest.Scope = .organisation, k: Int = 3, viewer: String? = nil) async throws -> Report {
    try await ReportBuilder(principles: fixturePrinciples, source: FixtureSource(rows: fixtureRows, people: fixtureDirectory))
        .build(ReportRequest(scope: scope, period: october, viewer: viewer, minimumGroupSize: k, principlesHash: "hash"),
               now: FactTimestamp(parsing: "2026-11-26T00:00:00Z")!)
}

@Suite("Report figures, checked by hand")
struct ReportBuilderTests {
    @Test("per-principle counts, mean alignment, coverage and the suppressed comparison")
    func principles() async throws {
        let report = try await build()
        #expect(report.records == 9)
        let p = report.principles[0], q = report.principles[1]
        #expect(p.evidenced.value == 5 && p.aligned.value == 4 && p.misaligned.value == 1)
        #expect(abs((p.meanAlignment.value ?? 0) - 0.3) < 1e-9)          // (0.8 − 0.6 + 0.4 + 0.6 + 0.3) / 5
        #expect(abs((p.coverage.value ?? 0) - 5.0 / 9) < 1e-9)
        #expect(p.evidenced.records == 5 && p.evidenced.people == 5)     // ana, ben, cat, gus, and one anonymous author
        #expect(p.change?.meanAlignment == nil, "September's figure rests on 2 people, under k = 3")
        #expect(q.evidenced.value == 3 && q.aligned.value == 2 && q.misaligned.value == 1)
        #expect(abs((q.meanAlignment.value ?? 0) - 0.7 / 3) < 1e-9)
        #expect(!q.barelyEvidenced && !p.barelyEvidenced)
    }

    @Test("participation, network and mentoring")
    func participation() async throws {
        let report = try await build()
        let participation = report.participation
        #expect(participation.feedbackGiven.value == 7 && participation.feedbackReceived.value == 7)
        #expect(abs((participation.shareReceiving.value ?? 0) - 7.0 / 9) < 1e-9)
        #expect(participation.distinctGivers.value == 6)
        #expect(participation.receivedNothing == ["fay", "ivy"])
        let network = report.network
        #expect(network.crossTeamShare.value == 0)                       // every named record stays in its team
        #expect(abs((network.reciprocity.value ?? 0) - 2.0 / 6) < 1e-9)  // dan ↔ eve among six pairs
        #expect(abs((network.gini.value ?? 0) - 2.0 / 9) < 1e-9)         // [0, 0, 1, 1, 1, 1, 1, 1, 1]
        #expect(abs((network.topFivePercentShare.value ?? 0) - 1.0 / 7) < 1e-9)
        #expect(network.newConnections.value == 4)                        // ana–ben met in September
        // Two sessions among three people: k people, but fewer than k records, so hidden, chains too.
        let mentoring = report.mentoring
        #expect(mentoring.sessions.suppressed && mentoring.sessions.note == "fewer than 3 records" && mentoring.sessions.records == 2)
        #expect(mentoring.hours.suppressed && mentoring.pairs.suppressed && mentoring.paidForward.suppressed)
        #expect(mentoring.chains.isEmpty)
        // A person's own report is not suppressed: ben's shows the sessions and the chain.
        let ben = try await build(.person("ben")).mentoring
        #expect(ben.sessions.value == 2 && ben.hours.value == 1.5 && ben.pairs.value == 2 && ben.paidForward.value == 1)
        #expect(ben.chains == [["ana", "ben", "fay"]])
    }

    @Test("trend buckets are weeks for a month-long period, the last few days joining the last week")
    func trend() async throws {
        let report = try await build()
        #expect(report.trend.granularity == "week")
        #expect(report.trend.buckets.map(\.label) == ["2026-10-01", "2026-10-08", "2026-10-15", "2026-10-22"])
        #expect(report.trend.buckets.map { $0.principles[0].evidenced.records } == [2, 1, 2, 0])  // records 1, 2 | 3 | 6, 8
    }

    @Test("a calendar period is compared with the calendar period before it")
    func calendarPrevious() throws {
        func previous(_ text: String) -> [String]? {
            ReportPeriod.calendar(text).map { period in
                let before = period.previous
                return [before.label] + [before.from, before.to].map { String((FactTimestamp(seconds: $0)?.description ?? "").prefix(10)) }
            }
        }
        #expect(previous("2026-Q3") == ["2026-Q2", "2026-04-01", "2026-07-01"])
        #expect(previous("2026-Q1") == ["2025-Q4", "2025-10-01", "2026-01-01"])
        #expect(previous("2026-H2") == ["2026-H1", "2026-01-01", "2026-07-01"])
        #expect(previous("2026-03") == ["2026-02", "2026-02-01", "2026-03-01"])
        #expect(previous("2026") == ["2025", "2025-01-01", "2026-01-01"])
        #expect(previous("2026-W14")?.dropFirst() == ["2026-03-23", "2026-03-30"])
    }

    @Test("the report explains itself: a summary in words, a glossary, names, changes with their direction, the version in the footer")
    func explainsItself() async throws {
        let report = try await build()
        let summary = ReportSummary.sentences(report)
        #expect(summary.first == "This report rests on 9 records.")
        for format in [ReportFormat.markdown, .html] {
            let text = try ReportRenderer().render(report, format: format)
            #expect(text.contains("In short") && text.contains("This report rests on 9 records."))
            #expect(text.contains("Reading this report") && text.contains("Above +0.3 is a principle clearly lived"))
            #expect(text.contains("principles version hash"), "the version is in the footer")
            let header = String(text[..<(text.range(of: "In short")?.lowerBound ?? text.endIndex)])
            #expect(!header.contains("hash"), "and not in the header")
            #expect(text.contains("▲ ") || text.contains("▼ ") || text.contains("no change"))
        }
    }

    @Test("the trend chart leaves gaps for empty weeks, marks thin points hollow, and labels at most six dates, short")
    func trendChart() {
        func point(_ value: Double?, records: Int) -> Report.TrendPoint {
            let figure = Report.Figure(value: value, records: records, people: records, suppressed: value == nil && records > 0, note: nil)
            return Report.TrendPoint(id: "p", evidenced: figure, meanAlignment: figure)
        }
        let values: [(Double?, Int)] = [(0.5, 20), (0.4, 12), (nil, 0), (0.2, 3), (0.3, 15)] + Array(repeating: (0.1, 20), count: 9)
        let buckets = values.enumerated().map { index, value in
            Report.TrendBucket(start: "2026-10-\(String(format: "%02d", 1 + index))T00:00:00Z", label: "2026-10-\(String(format: "%02d", 1 + index))",
                               principles: [point(value.0, records: value.1)])
        }
        let svg = Charts.trend(Report.Trend(granularity: "week", buckets: buckets), names: ["Principle P"], minimumRecords: 5)
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2, "the empty week breaks the line in two")
        #expect(svg.components(separatedBy: "fill=\"#fff\"").count - 1 == 1, "only the 3-record point is hollow")
        let labels = svg.components(separatedBy: "class=\"axis\">").dropFirst().map { String($0.prefix { $0 != "<" }) }.filter { $0.contains("Oct") }
        #expect(labels.count <= 6 && labels.first == "1 Oct", "\(labels)")
    }

    @Test("a person's report separates what they received from what they gave, and drops group statistics")
    func personReport() async throws {
        let report = try await build(.person("ben"), viewer: "ben")
        for format in [ReportFormat.markdown, .html] {
            let text = try ReportRenderer().render(report, format: format)
            #expect(text.contains("Feedback ben received") && text.contains("Feedback and mentoring ben gave"))
            #expect(!text.contains("Gini") && !text.contains("of 1 people") && !text.contains("Recognition network"))
        }
    }

    @Test("a team of fewer than k people is suppressed, and so is the next smallest team in the same column")
    func heatmapSuppression() async throws {
        let heatmap = try await #require(try build().heatmap)
        #expect(heatmap.rows.map(\.team) == ["a", "b", "organisation"])
        // Team b's P rests on one member (gus): hidden; team a is hidden too, or b = total − a.
        #expect(heatmap.rows[1].cells[0].suppressed && heatmap.rows[1].cells[0].note == "fewer than 3 people")
        #expect(heatmap.rows[0].cells[0].suppressed && heatmap.rows[0].cells[0].note == "hidden to protect another group")
        #expect(abs((heatmap.rows[2].cells[0].value ?? 0) - 0.3) < 1e-9)
    }

    @Test("k is never below 3, and a small team's report is suppressed whole")
    func smallTeam() async throws {
        #expect(ReportRequest(period: october, minimumGroupSize: 1).minimumGroupSize == 3)
        let report = try await build(.team("b"), k: 5)
        #expect(report.principles.allSatisfy { $0.evidenced.suppressed || $0.evidenced.records == 0 })
        #expect(report.principles.allSatisfy { $0.meanAlignment.value == nil })
        #expect(report.participation.receivedNothing.isEmpty, "names are not listed for a group under k")
    }

    @Test("quotes follow visibility: public only without a viewer; a manager and a recipient see theirs")
    func viewerVisibility() async throws {
        func quotes(_ viewer: String?) async throws -> [String] {
            try await build(.person("ben"), viewer: viewer).principles.flatMap(\.quotes).map(\.text)
        }
        #expect(try await quotes(nil) == ["Record 8."], "only the public mentoring record")
        #expect(try await quotes("ana") == ["Record 8.", "Cat ignored the review.", "Ben grew a lot."],
                "ana manages ben (record 1 is manager-only) and cat (record 2 is for cat and cat's managers); most recent first")
        #expect(try await quotes("cat") == ["Record 8.", "Cat ignored the review."], "cat is the recipient of record 2")
        #expect(try await quotes("eve") == ["Record 8."])
    }

    @Test("organisation and team reports quote without naming anyone unless the settings opt in; a person's report names")
    func quotesNameNoOne() async throws {
        let organisation = try await build()
        let quotes = organisation.principles.flatMap(\.quotes)
        #expect(!quotes.isEmpty)
        #expect(quotes.allSatisfy { $0.from == nil && $0.to == nil && $0.fromName == nil && $0.toName == nil })
        let html = try ReportRenderer().render(organisation, format: .html)
        #expect(!html.contains(" about ben") && !html.contains("ana about"), "the rendered quote names no one either")
        let named = try await ReportBuilder(principles: fixturePrinciples, source: FixtureSource(rows: fixtureRows, people: fixtureDirectory))
            .build(ReportRequest(period: october, minimumGroupSize: 3, namePeopleInQuotes: true), now: FactTimestamp(parsing: "2026-11-26T00:00:00Z")!)
        #expect(named.principles.flatMap(\.quotes).contains { $0.to != nil })
        let person = try await build(.person("ben"), viewer: "ana")
        #expect(person.principles.flatMap(\.quotes).allSatisfy { $0.to == "ben" || $0.from == "ben" })
    }

    @Test("quotes come from across the period, most recent first, and not from a group too small for its figures")
    func quotesAcrossThePeriod() async throws {
        // Equally strong public records in every week of October: the latest of each third is quoted.
        let rows = (1...28).map { day in
            row("\(100 + day)", .feedback, ["ana", "ben", "cat", "dan"][day % 4], ["eve", "fay", "gus"][day % 3], String(format: "2026-10-%02d", day),
                p: (.aligned, 0.9), text: "Day \(day).")
        }
        let report = try await ReportBuilder(principles: fixturePrinciples, source: FixtureSource(rows: rows, people: fixtureDirectory))
            .build(ReportRequest(period: october, minimumGroupSize: 3), now: FactTimestamp(parsing: "2026-11-26T00:00:00Z")!)
        let dates = report.principles[0].quotes.map(\.date)
        #expect(dates.count == 2)
        #expect(dates == dates.sorted(by: >), "most recent first")
        #expect(dates == ["2026-10-28", "2026-10-21"], "the latest of the two latest thirds, not the first days")
        // A team of three under k = 5 shows dashes, and so no quotes.
        let small = try await build(.team("b"), k: 5)
        #expect(small.principles.allSatisfy { $0.quotes.isEmpty })
    }

    @Test("an anonymous record's author is never named, and its quote appears only in a large enough group")
    func anonymousQuotes() async throws {
        let organisation = try await build()
        let quote = try #require(organisation.principles[0].quotes.first { $0.text == "Gus shared everything openly." })
        #expect(quote.from == nil)
        let strict = try await build(k: 6)
        #expect(!strict.principles.flatMap(\.quotes).contains { $0.text == "Gus shared everything openly." })
    }
}
