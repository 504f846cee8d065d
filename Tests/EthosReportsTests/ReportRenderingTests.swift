import EthosCore
import EthosReports
import EthosTestSupport
import Foundation
import Testing

@Suite("Report rendering")
struct ReportRenderingTests {
    let renderer = try! ReportRenderer()

    func render(_ report: Report, _ format: ReportFormat) throws -> String {
        try renderer.render(report, format: format)
    }

    @Test("HTML is one self-contained, well-formed file with text alternatives for its charts")
    func html() async throws {
        let html = try render(try await build(), .html)
        #expect(!html.lowercased().contains("http"), "no external references of any kind")
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(html.contains("<meta name=\"viewport\""))
        #expect(html.contains("@media print"))
        let charts = html.components(separatedBy: "<svg ").count - 1
        #expect(charts == 3)
        #expect(html.components(separatedBy: "role=\"img\" aria-labelledby=").count - 1 == charts)
        #expect(try WellFormed.check(html) == [])
    }

    @Test("JSON has every figure with what it rests on, and the schema's required keys")
    func json() async throws {
        let text = try render(try await build(), .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: TestFiles.repositoryRoot.appendingPathComponent("docs/report.schema.json"))) as? [String: Any])
        for key in try #require(schema["required"] as? [String]) { #expect(object[key] != nil, "missing \(key)") }
        #expect(object["principlesHash"] as? String == "hash")
        let principles = try #require(object["principles"] as? [[String: Any]])
        let evidenced = try #require(principles.first?["evidenced"] as? [String: Any])
        #expect(evidenced["value"] as? Double == 5 && evidenced["records"] as? Int == 5 && evidenced["people"] as? Int == 5)
        let heatmap = try #require(object["heatmap"] as? [String: Any])
        let cell = try #require(((heatmap["rows"] as? [[String: Any]])?[1]["cells"] as? [[String: Any]])?.first)
        #expect(cell["value"] is NSNull, "a suppressed figure is null, not absent")
        #expect(cell["note"] as? String == "fewer than 3 people")
    }

    @Test("CSV is tidy: one figure per row, with subject, principle, period, metric and value")
    func csv() async throws {
        let lines = try render(try await build(), .csv).split(separator: "\n")
        #expect(lines.first == "subject,principle,period,metric,value,records,people,suppressed")
        #expect(lines.contains("organisation,p,2026-10,evidenced,5,5,5,false"))
        #expect(lines.contains("organisation,p,2026-10,mean_alignment,0.3,5,5,false"))
        #expect(lines.contains("b,p,2026-10,mean_alignment,,,,true"), "a suppressed figure shows no count")
        #expect(lines.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 8 })
    }

    @Test("an anonymous author appears in no format", arguments: ReportFormat.allCases)
    func anonymity(format: ReportFormat) async throws {
        // zed only ever writes anonymously, and receives one public record.
        let rows = fixtureRows + [
            row("z1", .feedback, nil, "ana", "2026-10-05", p: (.aligned, 0.9), text: "Ana shared the whole design openly."),
            row("z2", .feedback, "ben", "zed", "2026-10-06"),
        ]
        let directory = fixtureDirectory + [Person(handle: "zed", team: "a", manager: "ana")]
        let report = try await ReportBuilder(principles: fixturePrinciples, source: FixtureSource(rows: rows, people: directory))
            .build(ReportRequest(period: october, minimumGroupSize: 3), now: FactTimestamp(parsing: "2026-11-26T00:00:00Z")!)
        let text = try render(report, format)
        #expect(text.contains("Ana shared the whole design openly.") || format == .csv)
        #expect(!text.contains("zed about"))
        #expect(!text.contains("\"from\" : \"zed\""))
    }

    @Test("Markdown renders through the template, and a company's own template replaces it")
    func templates() async throws {
        let markdown = try render(try await build(), .markdown)
        #expect(markdown.hasPrefix("# Principle alignment — Organisation\n"))
        #expect(markdown.contains("| Principle P | 5 | 4 | 1 | +0.30 | 56% |"))
        #expect(markdown.contains("| b | — | — |"))
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try TestFiles.write(["report.md.mustache": "{{% CONTENT_TYPE: TEXT}}\n{{scope}}: {{#principles}}{{name}}={{meanAlignment}} {{/principles}}\n"],
                            in: directory)
        let custom = try await ReportRenderer(templateDirectory: directory.path).render(try build(), format: .markdown)
        #expect(custom == "Organisation: Principle P=+0.30 Principle Q=+0.23 \n")
        try TestFiles.write(["report.md.mustache": "Title\n{{#section}}\n{{/other}}\n"], in: directory)
        let broken = directory.appendingPathComponent("report.md.mustache").path
        do {
            _ = try ReportRenderer(templateDirectory: directory.path)
            Issue.record("a broken template was accepted")
        } catch {
            #expect(error.message == "\(broken):3:4: error: This {{/name}} does not close the section open here; check the names match.")
            #expect(error.isLocated)
        }
        // A folder that is not there, or holds no template, is a mistake, not the built-in templates.
        #expect { try ReportRenderer(templateDirectory: directory.appendingPathComponent("nope").path) } throws: { error in
            (error as? ReportError)?.message.hasPrefix("No template folder at ") == true
        }
        let empty = directory.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect { try ReportRenderer(templateDirectory: empty.path) } throws: { error in
            (error as? ReportError)?.message.contains("holds neither report.md.mustache nor report.html.mustache") == true
        }
    }
}

extension ReportRenderingTests {
    static let hostileText = "# Heading\n![img](http://x.test/a.png) <script>alert(1)</script> [click](javascript:alert(1)) | cell \u{1B}]0;title\u{07}"

    /// The fixture with a quote and a team name written to break out of their place.
    func hostileReport() async throws -> Report {
        let rows = fixtureRows + [row("h1", .feedback, "ana", "ben", "2026-10-07", p: (.aligned, 0.9), text: Self.hostileText)]
        let directory = fixtureDirectory.map { person in
            var person = person
            if person.team == "b" { person.team = "b|x <i>y</i>" }
            return person
        }
        return try await ReportBuilder(principles: fixturePrinciples, source: FixtureSource(rows: rows, people: directory))
            .build(ReportRequest(period: october, minimumGroupSize: 3), now: FactTimestamp(parsing: "2026-11-26T00:00:00Z")!)
    }

    @Test("text users wrote adds no heading, image, link, HTML or column to Markdown, and stays on its line")
    func markdownInjection() async throws {
        let markdown = try render(try await hostileReport(), .markdown)
        let quote = try #require(markdown.split(separator: "\n").first { $0.contains("Heading") })
        #expect(quote == "> \\# Heading \\!\\[img\\](http://x.test/a.png) \\<script\\>alert(1)\\</script\\> "
                + "\\[click\\](javascript:alert(1)) \\| cell \u{FFFD}\\]0;title\u{FFFD}")
        #expect(!markdown.contains("\u{1B}"))
        // Every row of a table has as many unescaped bars as its header.
        for table in markdown.components(separatedBy: "\n\n") where table.hasPrefix("|") {
            let lines = table.split(separator: "\n")
            let bars = lines.map { line in zip(" " + line, line).filter { previous, character in character == "|" && previous != "\\" }.count }
            #expect(Set(bars).count == 1, "\(table)")
        }
        #expect(markdown.contains("| b\\|x \\<i\\>y\\</i\\> |"))
    }

    @Test("text users wrote is text in HTML, and CSV cells a spreadsheet would run are written as text")
    func htmlAndCSVInjection() async throws {
        let report = try await hostileReport()
        let html = try render(report, .html)
        #expect(!html.contains("<script>alert") && !html.contains("<i>y</i>") && !html.contains("href=\"javascript"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(try WellFormed.check(html) == [])
        var renamed = report
        renamed.participation.teams = renamed.participation.teams.map { bar in
            var bar = bar
            bar.team = "=HYPERLINK(\"http://x.test\")"
            return bar
        }
        let csv = try render(renamed, .csv)
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://x.test\"\")\","), "\(csv)")
        #expect(!csv.split(separator: "\n").contains { $0.hasPrefix("=") })
    }
}

/// A small check that HTML nests properly: every opened element is closed in order, except the
/// void elements.
enum WellFormed {
    static let void: Set<String> = ["meta", "br", "hr", "img", "input", "link", "area", "base", "col", "source", "wbr"]

    static func check(_ html: String) throws -> [String] {
        var stack: [String] = []
        var problems: [String] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { problems.append("unclosed tag"); break }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("!") || tag.hasSuffix("/") { continue }
            let name = tag.drop { $0 == "/" }.prefix { !$0.isWhitespace }.lowercased()
            if tag.hasPrefix("/") {
                if stack.last == name { stack.removeLast() } else { problems.append("</\(name)> closes <\(stack.last ?? "nothing")>") }
            } else if !void.contains(name) {
                stack.append(name)
                if name == "style", let end = rest.range(of: "</style>") { rest = rest[end.lowerBound...] }
            }
        }
        return problems + stack.map { "<\($0)> is never closed" }
    }
}
