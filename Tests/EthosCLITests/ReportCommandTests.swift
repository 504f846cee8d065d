import Foundation
import Testing

@Suite("ethos demo and ethos report", .serialized)
struct ReportCommandTests {
    @Test("the demo builds a scored organisation with its reports, the same for the same seed")
    func demo() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try ethos(["demo", "--output", "one", "--seed", "7", "--until", "2026-10"], in: directory)
        #expect(first.status == 0)
        #expect(first.stdout.hasPrefix("Built a demo organisation in 'one' (seed 7): 60 people in 6 teams, "))
        #expect(first.stdout.contains("Reports: "))
        // The suggested command is the demo's last whole quarter, run the way this binary can be.
        #expect(first.stdout.contains("Explore: cd one && swift run --package-path "), "\(first.stdout)")
        #expect(first.stdout.contains(" ethos report --team platform --period 2026-Q3\n"))
        // A fresh demo is not stale: its report's principles version is the workspace's, and rescoring changes nothing.
        let one = directory.appendingPathComponent("one")
        #expect(try ethos(["rescore"], in: one).stdout == "Every record's scores are up to date.\n")
        let reported = try ethos(["report", "--period", "2026-Q3", "--format", "json"], in: one).stdout
        let hash = try #require((try JSONSerialization.jsonObject(with: Data(reported.utf8)) as? [String: Any])?["principlesHash"] as? String)
        #expect(try String(contentsOf: one.appendingPathComponent("report.html"), encoding: .utf8).contains(String(hash.prefix(12))))
        #expect(first.stdout.contains("Anonymity key: ") && first.stdout.contains("one/ethos.sqlite.key")
                && first.stdout.contains("back the two up together"), "\(first.stdout)")
        // Three accounts for ethos serve, their passwords new each run, and the head as its people-operations.
        #expect(first.stdout.contains(" ethos serve, then open http://127.0.0.1:8080/ and sign in as\n"), "\(first.stdout)")
        #expect(first.stdout.components(separatedBy: " password ").count == 4)
        #expect(try String(contentsOf: one.appendingPathComponent("ethos.yaml"), encoding: .utf8).contains("\nadmins: ["))
        for name in ["report.html", "report.md", "ethos.sqlite", "ethos.sqlite.key", "Principles/journey-of-experiences.yaml"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("one/\(name)").path), "\(name)")
        }
        let html = try String(contentsOf: directory.appendingPathComponent("one/report.html"), encoding: .utf8)
        #expect(html.contains("<svg ") && !html.lowercased().contains("http"))
        _ = try ethos(["demo", "--output", "two", "--seed", "7", "--until", "2026-10"], in: directory)
        let exportOne = try ethos(["export", "--db", "one/ethos.sqlite"], in: directory).stdout
        let exportTwo = try ethos(["export", "--db", "two/ethos.sqlite"], in: directory).stdout
        #expect(exportOne == exportTwo)
        #expect(exportOne.split(separator: "\n").count > 2_000, "a few thousand records")
        let other = try ethos(["demo", "--output", "three", "--seed", "8", "--until", "2026-10"], in: directory)
        #expect(try ethos(["export", "--db", "three/ethos.sqlite"], in: directory).stdout != exportOne)
        #expect(other.status == 0)
        // Running it again replaces the demo's database rather than adding to it.
        _ = try ethos(["demo", "--output", "one", "--seed", "7", "--until", "2026-10"], in: directory)
        #expect(try ethos(["export", "--db", "one/ethos.sqlite"], in: directory).stdout == exportOne)
    }

    @Test("report reads the workspace: formats, scopes, periods, output and errors")
    func report() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try ethos(["demo", "--output", "demo", "--seed", "3", "--until", "2026-10"], in: directory)
        let demo = directory.appendingPathComponent("demo")
        // Day ranges are people-operations' tool, and the report says it was run as such.
        let refused = try ethos(["report", "--from", "2025-11-01", "--to", "2026-10-31"], in: demo)
        #expect(refused.status == 64 && refused.stderr.contains("add --as-admin, or use a calendar period"), "\(refused.stderr)")
        #expect(try ethos(["report", "--last", "90d"], in: demo).status == 64)
        // Whole months are calendar periods: anyone may ask for them.
        let months = try ethos(["report", "--last", "6m", "--format", "json"], in: demo)
        #expect(months.status == 0, "\(months.stderr)")
        #expect(months.stdout.contains("\"label\" : \"last 6 months (") || months.stdout.contains("\"label\":\"last 6 months ("))
        let markdown = try ethos(["report", "--as-admin", "--from", "2025-11-01", "--to", "2026-10-31"], in: demo)
        #expect(markdown.status == 0)
        #expect(markdown.stdout.contains("2025-11-01 to 2026-10-31 (day range, run as people-operations)"))
        #expect(markdown.stdout.hasPrefix("# Principle alignment — Organisation\n"))
        #expect(markdown.stdout.contains("## Teams and principles"))
        let json = try ethos(["report", "--team", "platform", "--period", "2026-Q3", "--format", "json"], in: demo)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["scope"] as? [String: Any])?["team"] as? String == "platform")
        #expect((object["period"] as? [String: Any])?["label"] as? String == "2026-Q3")
        #expect((object["trend"] as? [String: Any])?["granularity"] as? String == "week")
        let written = try ethos(["report", "--format", "csv", "--output", "report.csv", "--period", "2026"], in: demo)
        #expect(written.stdout == "Wrote report.csv.\n")
        #expect(try String(contentsOf: demo.appendingPathComponent("report.csv"), encoding: .utf8).hasPrefix("subject,principle,period,metric,value"))
        let unknownTeam = try ethos(["report", "--team", "platfrom"], in: demo)
        #expect(unknownTeam.stderr == "error: No team is called 'platfrom'; did you mean 'platform'?\n")
        #expect(try ethos(["report", "--period", "2026-Q5"], in: demo).stderr
                == "error: '2026-Q5' is not a calendar period; write a year (2026), half (2026-H1), quarter (2026-Q3), month (2026-07) or ISO week (2026-W14).\n")
        for period in ["2026", "2026-H2", "2026-10", "2026-W40"] {
            #expect(try ethos(["report", "--period", period, "--format", "json"], in: demo).status == 0, "\(period)")
        }
        #expect(try ethos(["report", "--team", "platform", "--person", "ana"], in: demo).status == 64)
        #expect(try ethos(["report", "--viewer", "nobody"], in: demo).stderr == "error: No person has the handle 'nobody'; 'ethos people list' shows them.\n")
    }
}
