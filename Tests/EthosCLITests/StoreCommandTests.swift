import EthosTestSupport
import Foundation
import GRDB
import Testing

let peopleCSV = """
    handle,name,email,team,manager,role,joined
    ana,Ana Silva,ana@example.com,platform,,Engineering Manager,2021-03-01
    ravi,Ravi Kumar,ravi@example.com,platform,ana,Engineer,2023-06-12
    lena,Lena Berg,lena@example.com,mobile,ana,Engineer,2022-01-10
    omar,Omar Haddad,,mobile,lena,Engineer,2024-02-01

    """

/// A workspace with the shipped principles and a people file.
func storeWorkspace() throws -> URL {
    let directory = try temporaryDirectory()
    let principles = repositoryRoot.appendingPathComponent("Principles")
    for name in try FileManager.default.contentsOfDirectory(atPath: principles.path) where name.hasSuffix(".yaml") {
        try write(["Principles/\(name)": String(contentsOf: principles.appendingPathComponent(name), encoding: .utf8)], in: directory)
    }
    try write(["people.csv": peopleCSV], in: directory)
    return directory
}

/// JSON Lines of `count` feedback records among the four people.
func records(_ count: Int, prefix: String) -> String {
    let people = ["ana", "ravi", "lena", "omar"]
    let texts = ["asked for feedback on the design doc and rewrote it", "open-sourced the validator", "delivered the numbers on time",
                 "refused to share the runbook"]
    return (0..<count).map { index in
        let from = people[index % 4], to = people[(index + 1 + index / 4 % 3) % 4]
        return #"{"id": "\#(prefix)\#(index)", "kind": "feedback", "from": "\#(from)", "to": "\#(to)", "date": "2026-\#(String(format: "%02d", index % 10 + 1))-\#(String(format: "%02d", index % 27 + 1))", "text": "\#(to.capitalized) \#(texts[index % 4]) (\#(index))."}"#
    }.joined(separator: "\n") + "\n"
}

@Suite("Recording through the command line")
struct StoreCommandTests {
    @Test("people import, list and show; a bad people file changes nothing")
    func people() throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try ethos(["people", "import", "people.csv"], in: directory).stdout == "Imported 4 people from people.csv.\n")
        let list = try ethos(["people", "list", "--team", "mobile", "--format", "csv"], in: directory)
        #expect(list.stdout == """
            handle,name,email,team,manager,role,joined
            lena,Lena Berg,lena@example.com,mobile,ana,Engineer,2022-01-10
            omar,Omar Haddad,,mobile,lena,Engineer,2024-02-01

            """)
        #expect(try ethos(["people", "show", "omar"], in: directory).stdout == "handle: omar\nname: Omar Haddad\nteam: mobile\nmanager: lena\nrole: Engineer\njoined: 2024-02-01\n")
        try write(["bad.csv": "handle,name,manager,tema\nzoe,Zoe,nobody,x\nzoe,Zoe again,,y\nbo,Bo,cy,\ncy,Cy,bo,\n"], in: directory)
        let bad = try ethos(["people", "import", "bad.csv"], in: directory)
        #expect(bad.stderr == """
            bad.csv:1:4: error: Unknown key 'tema' in the header; did you mean 'team'?
            bad.csv:2:1: error: The manager 'nobody' of 'zoe' is not a known person; add them to the file or import them first.
            bad.csv:3:1: error: The handle 'zoe' is already used at bad.csv:2:1; each person appears once.
            bad.csv:4:1: error: The management chain goes round in a circle: bo → cy → bo; every chain must end with someone who has no manager.
            bad.csv:5:1: error: The management chain goes round in a circle: cy → bo → cy; every chain must end with someone who has no manager.

            """)
        try write(["bad.csv": "handle,name,manager\nzoe,Zoe,nobody\nzoe,Zoe again,\nbo,Bo,cy\ncy,Cy,bo\nBad Handle,X,\n"], in: directory)
        let cycle = try ethos(["people", "import", "bad.csv"], in: directory)
        #expect(cycle.stderr == """
            bad.csv:2:1: error: The manager 'nobody' of 'zoe' is not a known person; add them to the file or import them first.
            bad.csv:3:1: error: The handle 'zoe' is already used at bad.csv:2:1; each person appears once.
            bad.csv:4:1: error: The management chain goes round in a circle: bo → cy → bo; every chain must end with someone who has no manager.
            bad.csv:5:1: error: The management chain goes round in a circle: cy → bo → cy; every chain must end with someone who has no manager.
            bad.csv:6:1: error: The handle 'Bad Handle' may only use lowercase letters, digits, '.', '_' and '-'.

            """)
        #expect(cycle.status == 1)
        #expect(try ethos(["people", "list"], in: directory).stdout.split(separator: "\n").count == 5, "nothing was added")
    }

    @Test("feedback give and mentoring log print the new id and verdicts; records list, show and explain read them back")
    func recording() throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try ethos(["people", "import", "people.csv"], in: directory)
        let given = try ethos(["feedback", "give", "--from", "lena", "--to", "omar", "--text", "Omar open-sourced our validator.",
                               "--date", "2026-11-20", "--format", "json"], in: directory)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(given.stdout.utf8)) as? [String: Any])
        let id = try #require(object["id"] as? String)
        #expect((object["verdicts"] as? [String: String])?["community-contribution"] == "aligned")
        let logged = try ethos(["mentoring", "log", "--mentor", "ana", "--mentee", "lena", "--minutes", "45", "--notes",
                                "We planned her conference talk.", "--topic", "speaking", "--date", "2026-11-21"], in: directory)
        #expect(logged.stdout.hasPrefix("Recorded r-"))
        let list = try ethos(["records", "list", "--format", "json"], in: directory)
        let records = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(records.map { $0["kind"] as? String } == ["mentoring", "feedback"])
        #expect(records[0]["tags"] as? [String] == ["speaking"])
        #expect(try ethos(["explain", id], in: directory).stderr.contains("is recipient: its text and evidence are not readable"),
                "the subject's feedback is theirs to read")
        let explained = try ethos(["explain", id, "--viewer", "omar"], in: directory)
        #expect(explained.stdout.contains("""
            [keywords] strength +0.75, confidence 0.80: Mentions “open-sourced”, a signal for the principle.
                  in “Omar open-sourced our validator.”
            """), "stored evidence keeps its span, so explain names its sentence")
        #expect(explained.stdout.contains("community-contribution/links-to-public-work: fired"))
        #expect(explained.stdout.contains("facts read:"))
        #expect(!explained.stdout.contains("Note:"), "scoring again gives the stored verdicts")
        // When the settings change after recording, explain says its rules are today's
        try "scoring:\n  thresholds:\n    relevance: 0.99\n".write(to: directory.appendingPathComponent("ethos.yaml"), atomically: true,
                                                                encoding: .utf8)
        let changed = try ethos(["explain", id, "--viewer", "omar"], in: directory)
        #expect(changed.stdout.contains("Note: scoring this record now gives other verdicts than the stored ones"), "\(changed.stdout)")
        #expect(changed.stdout.contains("[keywords] strength +0.75"), "the stored evidence is still shown")
        let show = try ethos(["records", "show", id], in: directory)
        #expect(show.stdout.hasPrefix("\(id): feedback from lena to omar on 2026-11-20\n"))
    }

    @Test("new feedback is readable by its subject and their managers unless it or the settings say otherwise")
    func defaultVisibility() throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try ethos(["people", "import", "people.csv"], in: directory)
        func visibilities() throws -> [String?] {
            let list = try ethos(["records", "list", "--format", "json"], in: directory)
            let records = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
            return records.map { $0["visibility"] as? String }
        }
        _ = try ethos(["feedback", "give", "--from", "lena", "--to", "omar", "--text", "Omar reviewed my change.", "--date", "2026-11-20"],
                      in: directory)
        #expect(try visibilities() == ["recipient"])
        _ = try ethos(["feedback", "give", "--from", "lena", "--to", "omar", "--text", "Omar led the retro.", "--date", "2026-11-21",
                       "--visibility", "public"], in: directory)
        #expect(try visibilities() == ["public", "recipient"])
        try "privacy:\n  default-visibility: manager\n".write(to: directory.appendingPathComponent("ethos.yaml"), atomically: true,
                                                               encoding: .utf8)
        _ = try ethos(["feedback", "give", "--from", "lena", "--to", "omar", "--text", "Omar mentored a new hire.", "--date", "2026-11-22"],
                      in: directory)
        try #"{"kind": "feedback", "from": "omar", "to": "lena", "text": "Lena shared her notes.", "date": "2026-11-23"}"#
            .write(to: directory.appendingPathComponent("one.jsonl"), atomically: true, encoding: .utf8)
        #expect(try ethos(["import", "one.jsonl"], in: directory).status == 0)
        #expect(try visibilities() == ["manager", "manager", "public", "recipient"])
    }

    @Test("import applies mentoring log's rules: a session without minutes is refused with its line")
    func importedMentoringNeedsMinutes() throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try ethos(["people", "import", "people.csv"], in: directory)
        try write(["m.jsonl": """
            {"kind": "mentoring", "from": "ana", "to": "ravi", "text": "We met.", "date": "2026-11-01", "minutes": 30}
            {"kind": "mentoring", "from": "ana", "to": "lena", "text": "We met too.", "date": "2026-11-02"}

            """], in: directory)
        let result = try ethos(["import", "m.jsonl"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("m.jsonl:2: error: A mentoring record needs 'minutes' (from 1 to 1440)"), "\(result.stderr)")
        #expect(result.stdout.contains("Imported 1 record"))
    }

    @Test("a text comes from standard input with --text - and from a file with --text-file or --notes-file")
    func textFromFiles() throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try ethos(["people", "import", "people.csv"], in: directory)
        try write(["long.txt": "Omar wrote the migration guide.\n\nIt is \"quoted\" and on two lines.\n", "notes.txt": "We planned the talk.\n"],
                  in: directory)
        let piped = try ethos(["feedback", "give", "--from", "lena", "--to", "omar", "--text", "-", "--date", "2026-11-20", "--visibility", "public"],
                              in: directory, standardInput: directory.appendingPathComponent("long.txt"))
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(try ethos(["feedback", "give", "--from", "omar", "--to", "lena", "--text-file", "long.txt", "--date", "2026-11-21",
                           "--visibility", "public"], in: directory).status == 0)
        #expect(try ethos(["mentoring", "log", "--mentor", "ana", "--mentee", "lena", "--minutes", "30", "--notes-file", "notes.txt",
                           "--date", "2026-11-22"], in: directory).status == 0)
        let list = try ethos(["records", "list", "--as-admin", "--format", "json"], in: directory)
        let records = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(records.compactMap { $0["text"] as? String } == ["We planned the talk.", "Omar wrote the migration guide.\n\nIt is \"quoted\" and on two lines.",
                                                                "Omar wrote the migration guide.\n\nIt is \"quoted\" and on two lines."])
        let missing = try ethos(["feedback", "give", "--from", "lena", "--to", "omar", "--text-file", "nope.txt"], in: directory)
        #expect(missing.status == 1 && missing.stderr.contains("nope.txt"))
    }

    @Test("recording refuses bad input with a clear message and stores nothing", arguments: [
        (["--from", "ana", "--to", "ana", "--text", "Me"], "error: The record is from 'ana' to 'ana'; feedback and mentoring are about someone else.\n"),
        (["--from", "ana", "--to", "ravi", "--text", "  "], "error: The text must not be empty.\n"),
        (["--from", "ana", "--to", "zed", "--text", "Hi"], "error: No person has the handle 'zed'; import people first, or pass --create-people.\n"),
        (["--from", "ana", "--to", "ravi", "--text", "Hi", "--date", "2099-01-01"], "error: The date '2099-01-01T00:00:00Z' is in the future; record what has already happened.\n"),
        (["--from", "ana", "--to", "ravi", "--text", "Hi", "--date", "yesterday"], "error: The date 'yesterday' is not a date; use YYYY-MM-DD or RFC 3339, like 2026-11-20 or 2026-11-20T09:30:00Z.\n"),
        (["--from", "ana", "--to", "ravi", "--text", "Hi", "--principle", "integrity"], "error: No principle has the id 'integrity'; 'ethos principles list' shows the ids.\n"),
    ])
    func refusals(arguments: [String], message: String) throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try ethos(["people", "import", "people.csv"], in: directory)
        let result = try ethos(["feedback", "give"] + arguments, in: directory)
        #expect(result.stderr == message)
        #expect(result.status == 1)
        #expect(try ethos(["records", "list", "--format", "json"], in: directory).stdout == "[]\n")
    }

    @Test("anonymous feedback never shows its author in any command or export")
    func anonymity() throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try ethos(["people", "import", "people.csv"], in: directory)
        let given = try ethos(["feedback", "give", "--from", "omar", "--to", "lena", "--text", "Lena credited the maintainers upstream.",
                               "--anonymous", "--date", "2026-11-20", "--visibility", "public"], in: directory)
        let id = String(given.stdout.dropFirst("Recorded ".count).prefix { $0 != "." })
        let outputs = try [
            ethos(["records", "list"], in: directory), ethos(["records", "list", "--format", "json"], in: directory),
            ethos(["records", "list", "--all", "--format", "csv"], in: directory), ethos(["records", "show", id], in: directory),
            ethos(["records", "show", id, "--format", "json"], in: directory), ethos(["explain", id], in: directory),
            ethos(["export"], in: directory), ethos(["export", "--format", "csv"], in: directory),
        ]
        for output in outputs {
            #expect(!output.stdout.contains("omar"), "\(output.stdout)")
            #expect(output.stdout.contains("Lena credited"))
        }
        #expect(try ethos(["records", "list", "--from", "omar", "--format", "json"], in: directory).stdout == "[]\n")
    }

    @Test("import reports bad rows with their line and reason, is idempotent, and export round-trips")
    func importExport() throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try ethos(["people", "import", "people.csv"], in: directory)
        try write(["in.csv": #"""
            id,kind,from,to,date,text,minutes,principles,tags,visibility,anonymous
            a1,feedback,ana,ravi,2026-11-01,"Ravi asked for feedback, and acted on it.",,journey-of-experiences,review,public,false
            a2,feedback,ana,ana,2026-11-01,Self praise,,,,public,false
            a3,mentoring,lena,omar,2026-11-02,"Paired on ""tests""",45,,pairing;tests,recipient,false
            a4,feedbak,ana,lena,2026-11-03,Typo,,,,public,false
            a5,feedback,omar,lena,2026-11-04,"Anonymous
            and multi-line",,,,private,true

            """#], in: directory)
        let first = try ethos(["import", "in.csv", "--rejects", "rejects.jsonl"], in: directory)
        #expect(first.stdout == "Imported 3 records, skipped 0 duplicates, rejected 2 (see rejects.jsonl).\n")
        #expect(first.stderr == """
            in.csv:3: error: The record is from 'ana' to 'ana'; feedback and mentoring are about someone else.
            in.csv:5: error: 'kind' 'feedbak' is not one of 'feedback', 'mentoring'; did you mean 'feedback'?

            """)
        #expect(first.status == 1)
        let rejects = try String(contentsOf: directory.appendingPathComponent("rejects.jsonl"), encoding: .utf8)
        #expect(rejects.hasPrefix(#"{"line": 3, "error": "The record is from 'ana' to 'ana'"#))
        let again = try ethos(["import", "in.csv"], in: directory)
        #expect(again.stdout == "Imported 0 records, skipped 3 duplicates, rejected 2.\n")

        let export = try ethos(["export"], in: directory)
        try write(["export.jsonl": export.stdout], in: directory)
        let fresh = ["--db", "fresh.sqlite"]
        _ = try ethos(["people", "import", "people.csv"] + fresh, in: directory)
        #expect(try ethos(["import", "export.jsonl"] + fresh, in: directory).stdout == "Imported 3 records, skipped 0 duplicates, rejected 0.\n")
        #expect(try ethos(["export"] + fresh, in: directory).stdout == export.stdout)
        let csv = try ethos(["export", "--format", "csv"], in: directory)
        try write(["export.csv": csv.stdout], in: directory)
        let third = ["--db", "third.sqlite"]
        _ = try ethos(["people", "import", "people.csv"] + third, in: directory)
        #expect(try ethos(["import", "export.csv"] + third, in: directory).stdout == "Imported 3 records, skipped 0 duplicates, rejected 0.\n")
        #expect(try ethos(["export"] + third, in: directory).stdout == export.stdout)
        #expect(try ethos(["import", "in.csv", "--dry-run", "--db", "dry.sqlite"], in: directory).stdout.hasPrefix("Would import"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("dry.sqlite").path))
        // Small transactions store the same records; a batch size out of range is refused before reading anything.
        let small = ["--db", "small.sqlite"]
        _ = try ethos(["people", "import", "people.csv"] + small, in: directory)
        #expect(try ethos(["import", "export.jsonl", "--batch-size", "1"] + small, in: directory).stdout
            == "Imported 3 records, skipped 0 duplicates, rejected 0.\n")
        #expect(try ethos(["export"] + small, in: directory).stdout == export.stdout)
        let refused = try ethos(["import", "export.jsonl", "--batch-size", "0"] + small, in: directory)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--batch-size must be from 1 to 100000, not 0."))
    }

    @Test("a JSON Lines import decoded a chunk at a time on every core reports every bad line in line order and stores the rest")
    func jsonLinesInChunks() throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try ethos(["people", "import", "people.csv"], in: directory)
        // 9,000 lines, more than two chunks: bad records on both sides of the chunks' edges, a
        // line that is not UTF-8 and a blank line between them.
        let bad: Set<Int> = [1, 4_095, 4_096, 4_097, 8_192, 9_000]
        var file = Data()
        for line in 1...9_000 {
            if line == 5_000 {
                file.append(contentsOf: [0x7B, 0xFF, 0xFE, 0x7D, 0x0A])
            } else if line == 3_000 {
                file.append(contentsOf: "   \n".utf8)
            } else if bad.contains(line) {
                file.append(contentsOf: #"{"id": "b\#(line)", "kind": "feedbak", "from": "ana", "to": "ravi", "text": "Typo."}"#.utf8 + [0x0A])
            } else {
                let text = "Thanks for the review of change \(line)."
                file.append(contentsOf: #"{"id": "c\#(line)", "kind": "feedback", "from": "ana", "to": "ravi", "date": "2026-11-01", "text": "\#(text)"}"#.utf8 + [0x0A])
            }
        }
        try file.write(to: directory.appendingPathComponent("many.jsonl"))
        let result = try ethos(["import", "many.jsonl", "--rejects", "rejects.jsonl", "--quiet"], in: directory)
        #expect(result.stdout == "Imported 8992 records, skipped 0 duplicates, rejected 7 (see rejects.jsonl).\n")
        #expect(result.status == 1)
        let reported = result.stderr.split(separator: "\n").compactMap { $0.split(separator: ":").dropFirst().first.flatMap { Int($0) } }
        #expect(reported == [1, 4_095, 4_096, 4_097, 5_000, 8_192, 9_000])
        #expect(result.stderr.contains("many.jsonl:5000: error: The line is not valid UTF-8."))
        let rejects = try String(contentsOf: directory.appendingPathComponent("rejects.jsonl"), encoding: .utf8)
        #expect(rejects.split(separator: "\n").map { $0.prefix { $0 != "," } } == reported.map { "{\"line\": \($0)"[...] })
        let stored = try ethos(["records", "list", "--all", "--format", "csv"], in: directory).stdout.split(separator: "\n").count - 1
        #expect(stored == 8_992)
    }

    @Test("rescore brings stale scores up to date, and only those")
    func rescore() throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try ethos(["people", "import", "people.csv"], in: directory)
        try write(["r.jsonl": records(20, prefix: "r")], in: directory)
        _ = try ethos(["import", "r.jsonl"], in: directory)
        #expect(try ethos(["rescore"], in: directory).stdout == "Every record's scores are up to date.\n")
        try write(["ethos.yaml": "scoring:\n  thresholds:\n    relevance: 0.5\n"], in: directory)
        #expect(try ethos(["rescore", "--quiet"], in: directory).stdout == "Re-scored 20 records.\n")
        #expect(try ethos(["rescore"], in: directory).stdout == "Every record's scores are up to date.\n")
    }

    @Test("records show and explain say when a record's scores are stale, and why")
    func staleShown() throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try ethos(["people", "import", "people.csv"], in: directory)
        try write(["r.jsonl": records(2, prefix: "r")], in: directory)
        _ = try ethos(["import", "r.jsonl"], in: directory)
        let id = "r0"
        #expect(!(try ethos(["records", "show", id], in: directory).stdout.contains("Stale")))
        try write(["ethos.yaml": "scoring:\n  thresholds:\n    relevance: 0.5\n"], in: directory)
        let note = "Stale: the principles, plugins or settings changed since it was scored; 'ethos rescore' scores it again."
        #expect(try ethos(["records", "show", id], in: directory).stdout.hasSuffix(note + "\n"))
        #expect(try ethos(["explain", id, "--as-admin"], in: directory).stdout.contains(note))
        let json = try ethos(["records", "show", id, "--format", "json"], in: directory).stdout
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["stale"] as? String == note)
        #expect((object["scores"] as? [String: Any])?.keys.sorted() == ["community-contribution", "journey-of-experiences"])
        _ = try ethos(["rescore"], in: directory)
        #expect(!(try ethos(["records", "show", id], in: directory).stdout.contains("Stale")))
    }

    @Test("explain, rescore and import's summary are machine-readable with JSON")
    func machineReadable() throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try ethos(["people", "import", "people.csv"], in: directory)
        try write(["r.jsonl": records(3, prefix: "r")], in: directory)
        func object(_ text: String) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
        }
        let imported = try object(try ethos(["import", "r.jsonl", "--summary", "json"], in: directory).stdout)
        #expect(imported["imported"] as? Int == 3 && imported["duplicates"] as? Int == 0 && imported["rejected"] as? Int == 0)
        #expect(imported["dryRun"] as? Bool == false)
        let explained = try object(try ethos(["explain", "r1", "--as-admin", "--format", "json"], in: directory).stdout)
        #expect((explained["record"] as? [String: Any])?["id"] as? String == "r1")
        let principles = try #require(explained["principles"] as? [String: [String: Any]])
        #expect(principles.keys.sorted() == ["community-contribution", "journey-of-experiences"])
        #expect(principles["community-contribution"]?["evidence"] is [Any])
        #expect((explained["rules"] as? [[String: Any]])?.isEmpty == false)
        #expect(explained["verdictsChanged"] as? Bool == false)
        #expect(try object(try ethos(["rescore", "--format", "json"], in: directory).stdout)["rescored"] as? Int == 0)
    }

    @Test("export writes its file whole with --output, carries scores, and imports back; rejects follow their file's extension")
    func exportAndRejects() throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try ethos(["people", "import", "people.csv"], in: directory)
        try write(["r.jsonl": records(3, prefix: "r") + #"{"kind": "feedback", "from": "ana", "to": "ana", "text": "Me."}"# + "\n"], in: directory)
        let imported = try ethos(["import", "r.jsonl", "--rejects", "rejects.csv"], in: directory)
        #expect(imported.status == 1)
        let rejects = try String(contentsOf: directory.appendingPathComponent("rejects.csv"), encoding: .utf8)
        #expect(rejects.hasPrefix("line,error,input\n4,"), "\(rejects)")
        #expect(try ethos(["export", "--output", "all.csv"], in: directory).stdout == "Wrote 3 records to all.csv.\n")
        let csv = try String(contentsOf: directory.appendingPathComponent("all.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("id,kind,from,to,date,text,minutes,principles,tags,visibility,anonymous,scores\n") && csv.contains("community-contribution="))
        _ = try ethos(["export", "--output", "all.jsonl"], in: directory)
        let jsonl = try String(contentsOf: directory.appendingPathComponent("all.jsonl"), encoding: .utf8)
        #expect(jsonl.split(separator: "\n").count == 3 && jsonl.contains("\"scores\": {"))
        // Scores are recomputed on import, not read.
        let again = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: again) }
        _ = try ethos(["people", "import", "people.csv"], in: again)
        try write(["all.jsonl": jsonl, "all.csv": csv], in: again)
        #expect(try ethos(["import", "all.jsonl"], in: again).stdout == "Imported 3 records, skipped 0 duplicates, rejected 0.\n")
        #expect(try ethos(["import", "all.csv"], in: again).stdout == "Imported 0 records, skipped 3 duplicates, rejected 0.\n")
    }

    @Test("a non-SQLite file at --db is refused and left untouched")
    func corruptDatabase() throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write(["notes.db": "not a database\n"], in: directory)
        let result = try ethos(["people", "list", "--db", "notes.db"], in: directory)
        #expect(result.stderr == "error: 'notes.db' is not an Ethos database (it is not an SQLite file); it was left untouched. Choose another path with --db or ETHOS_DB.\n")
        #expect(result.status == 1)
        #expect(try String(contentsOf: directory.appendingPathComponent("notes.db"), encoding: .utf8) == "not a database\n")
        let fromEnvironment = try ethos(["people", "list"], in: directory, environment: ["ETHOS_DB": "notes.db"])
        #expect(fromEnvironment.status == 1)
    }
}

/// The database `ethos` runs against in a test: the workspace's SQLite file, or a new
/// PostgreSQL database when a test server is given (PostgresServer).
enum CommandBackend: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres

    static var allCases: [CommandBackend] { PostgresServer.enabled ? [.sqlite, .postgres] : [.sqlite] }

    var testDescription: String { rawValue }

    /// How many records the database of `environment` holds (none before it exists).
    func storedRecords(in directory: URL, environment: [String: String]) async throws -> Int {
        switch self {
        case .sqlite:
            let path = directory.appendingPathComponent("ethos.sqlite").path
            guard FileManager.default.fileExists(atPath: path) else { return 0 }
            return try await DatabaseQueue(path: path).read { db in
                try db.tableExists("records") ? Int.fetchOne(db, sql: "SELECT COUNT(*) FROM records") ?? 0 : 0
            }
        case .postgres:
            return try await PostgresServer.count("records", in: environment["ETHOS_DB"] ?? "")
        }
    }

    /// The environment that points `ethos`, run in `directory`, at a new database on this backend.
    func environment(in directory: URL) async throws -> [String: String] {
        switch self {
        case .sqlite: [:]
        case .postgres: ["ETHOS_DB": try await PostgresServer.newDatabase(),
                         "ETHOS_ANONYMITY_KEY_FILE": directory.appendingPathComponent("postgres.key").path]
        }
    }
}

@Suite("Robustness of the store", .serialized)
struct StoreRobustnessTests {
    /// Batches of 500 read their people's history; batches of 1,000 read every record's once.
    @Test("an import killed with SIGKILL leaves a consistent database, and running it again completes it without duplicates",
          arguments: CommandBackend.allCases, [500, 1_000])
    func killedImport(backend: CommandBackend, batchSize: Int) async throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = try await backend.environment(in: directory)
        func ethos(_ arguments: [String], in directory: URL) throws -> RunResult {
            try EthosCLITests.ethos(arguments, in: directory, environment: environment)
        }
        _ = try ethos(["people", "import", "people.csv"], in: directory)
        try write(["big.jsonl": records(4_000, prefix: "k")], in: directory)
        let process = try Self.start(["import", "big.jsonl", "--quiet", "--batch-size", String(batchSize)], in: directory, environment: environment)
        // Kill it once a batch has landed but before it ends. It runs 100 ms at a time and is
        // stopped (SIGSTOP) while the records are counted, so however slowly a loaded machine
        // counts, the import cannot finish in the meantime.
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline, process.isRunning {
            usleep(100_000)
            kill(process.processIdentifier, SIGSTOP)
            if try await backend.storedRecords(in: directory, environment: environment) > 0 { break }
            kill(process.processIdentifier, SIGCONT)
        }
        let wasRunning = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(wasRunning, "the import should still have been running when killed")
        let after = try ethos(["records", "list", "--all", "--format", "csv"], in: directory).stdout.split(separator: "\n").count - 1
        #expect(after % batchSize == 0, "only whole batches land: \(after)")
        let rerun = try ethos(["import", "big.jsonl"], in: directory)
        #expect(rerun.status == 0)
        #expect(rerun.stdout == "Imported \(4_000 - after) records, skipped \(after) duplicates, rejected 0.\n")
        #expect(try ethos(["records", "list", "--all", "--format", "csv"], in: directory).stdout.split(separator: "\n").count - 1 == 4_000)
        guard backend == .sqlite else { return }
        // Every index is there, as many as a new database has.
        let fresh = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: fresh) }
        _ = try ethos(["people", "import", "people.csv"], in: fresh)
        func indexes(in workspace: URL) throws -> Int? {
            try DatabaseQueue(path: workspace.appendingPathComponent("ethos.sqlite").path).read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('records', 'scores') AND sql IS NOT NULL")
            }
        }
        let expected = try indexes(in: fresh)
        #expect((expected ?? 0) > 1, "a new database has the records' indexes")
        #expect(try indexes(in: directory) == expected)
    }

    @Test("two processes writing at once both succeed, with every record stored once", arguments: CommandBackend.allCases)
    func concurrentWriters(backend: CommandBackend) async throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = try await backend.environment(in: directory)
        _ = try ethos(["people", "import", "people.csv"], in: directory, environment: environment)
        try write(["one.jsonl": records(800, prefix: "one-"), "two.jsonl": records(800, prefix: "two-")], in: directory)
        let processes = try ["one.jsonl", "two.jsonl"].map { try Self.start(["import", $0, "--quiet"], in: directory, environment: environment) }
        for process in processes { process.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == [0, 0])
        let csv = try ethos(["records", "list", "--all", "--format", "csv"], in: directory, environment: environment).stdout
        let ids = csv.split(separator: "\n").dropFirst().map { $0.prefix { $0 != "," } }
        #expect(ids.count == 1_600)
        #expect(Set(ids).count == 1_600)
    }

    @Test("a NUL character is refused with its line in every format, and the rows around it are imported")
    func nulCharacters() throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try ethos(["people", "import", "people.csv"], in: directory)
        try write(["nul.csv": "kind,from,to,date,text\nfeedback,ana,lena,2026-10-01,Before.\nfeedback,ana,lena,2026-10-02,nul\u{0}byte\n"
                       + "feedback,ana,lena,2026-10-03,After.\n",
                   "nul.jsonl": #"{"kind": "feedback", "from": "ana", "to": "ravi", "date": "2026-10-04", "text": "esc\#u{5C}u0000aped"}"# + "\n"],
              in: directory)
        let csv = try ethos(["import", "nul.csv"], in: directory)
        #expect(csv.stderr.contains("nul.csv:3: error: The text holds a NUL character"), "\(csv.stderr)")
        #expect(csv.stdout.contains("Imported 2 records"))
        let jsonl = try ethos(["import", "nul.jsonl"], in: directory)
        #expect(jsonl.stderr.contains("nul.jsonl:1: error: The text holds a NUL character"), "\(jsonl.stderr)")
    }

    @Test("two commands creating a new database at the same moment both succeed, with one schema and one key")
    func concurrentCreation() throws {
        for round in 0..<12 {
            let directory = try storeWorkspace()
            defer { try? FileManager.default.removeItem(at: directory) }
            try write(["a.csv": "handle,name\nana,Ana\n", "b.csv": "handle,name\nben,Ben\n"], in: directory)
            let processes = try ["a.csv", "b.csv"].map { try Self.start(["people", "import", $0], in: directory) }
            for process in processes { process.waitUntilExit() }
            #expect(processes.map(\.terminationStatus) == [0, 0], "round \(round)")
            // Both people are there, and the key on disk is the one the database was keyed with.
            let listed = try ethos(["people", "list", "--format", "json"], in: directory)
            #expect(listed.status == 0 && listed.stdout.contains("\"ana\"") && listed.stdout.contains("\"ben\""), "round \(round): \(listed.stderr)")
        }
    }

    /// `ethos` started with `arguments` in `directory`, its output discarded, not waited for.
    static func start(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = ethosExecutable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}

@Suite("ethos migrate")
struct MigrateCommandTests {
    @Test("migrate creates the schema once and then has nothing to apply", arguments: CommandBackend.allCases)
    func migrate(backend: CommandBackend) async throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = try await backend.environment(in: directory)
        let location = environment["ETHOS_DB"] ?? "ethos.sqlite"
        let first = try ethos(["migrate"], in: directory, environment: environment)
        #expect(first.status == 0)
        #expect(first.stdout.hasPrefix("Applied 0001_initial"))
        #expect(first.stdout.contains(" to \(location); the schema is up to date ("))
        let again = try ethos(["migrate"], in: directory, environment: environment)
        #expect(again.stdout.hasPrefix("The schema of \(location) is up to date ("))
        #expect(again.stdout.hasSuffix("); nothing to apply.\n"))
        // A reading command finds the database set up, and empty.
        #expect(try ethos(["people", "list", "--format", "csv"], in: directory, environment: environment).stdout == "handle,name,email,team,manager,role,joined\n")
    }
}
