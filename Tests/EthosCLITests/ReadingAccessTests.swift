import Foundation
import Testing

/// Who may read what `records`, `explain` and `report` show, and how mistakes in names are met.
@Suite("Reading access and forgiving names")
struct ReadingAccessTests {
    /// Omar's manager is Lena, hers is Ana. One record of each visibility.
    func workspace() throws -> URL {
        let directory = try storeWorkspace()
        _ = try ethos(["people", "import", "people.csv"], in: directory)
        for (from, to, text, visibility) in [("lena", "omar", "Public praise.", "public"), ("lena", "omar", "For Omar.", "recipient"),
                                             ("ravi", "omar", "For Omar's managers.", "manager"), ("omar", "ravi", "Omar's own note.", "private")] {
            let given = try ethos(["feedback", "give", "--from", from, "--to", to, "--text", text, "--visibility", visibility,
                                   "--date", "2026-11-20"], in: directory)
            #expect(given.status == 0, "\(given.stderr)")
        }
        return directory
    }

    func texts(_ arguments: [String], in directory: URL) throws -> (texts: Set<String>, stderr: String) {
        let result = try ethos(["records", "list", "--format", "json"] + arguments, in: directory)
        let records = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(records.count == 4, "every record is listed; only texts are withheld")
        return (Set(records.compactMap { $0["text"] as? String }), result.stderr)
    }

    @Test("records list shows public texts only, a viewer's by visibility, and every text as admin, saying so")
    func recordsList() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let anyone = try texts([], in: directory)
        #expect(anyone.texts == ["Public praise."])
        #expect(anyone.stderr.contains("3 texts hidden"))
        #expect(try texts(["--viewer", "omar"], in: directory).texts == ["Public praise.", "For Omar.", "Omar's own note."],
                "the subject reads recipient feedback; an author reads their private note; managers' feedback is not for the subject")
        #expect(try texts(["--viewer", "ana"], in: directory).texts == ["Public praise.", "For Omar.", "For Omar's managers."],
                "ana manages omar through lena: his feedback and his managers' is hers to read")
        #expect(try texts(["--viewer", "ravi"], in: directory).texts == ["Public praise.", "For Omar's managers."],
                "ravi wrote one; omar's private note about him is omar's alone")
        let admin = try ethos(["records", "list", "--as-admin"], in: directory)
        for text in ["Public praise.", "For Omar.", "For Omar's managers.", "Omar's own note."] { #expect(admin.stdout.contains(text)) }
        #expect(admin.stdout.contains("Read as people-operations (--as-admin): every record's text is shown."))
        let table = try ethos(["records", "list"], in: directory).stdout
        #expect(table.contains("(hidden: recipient)") && !table.contains("For Omar."))
        #expect(try ethos(["records", "list", "--viewer", "ana", "--as-admin"], in: directory).status != 0)
    }

    @Test("records show and explain withhold what the reader may not read")
    func showAndExplain() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let list = try ethos(["records", "list", "--as-admin", "--format", "json"], in: directory).stdout
        let records = try #require(try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [[String: Any]])
        let id = try #require(records.first { $0["text"] as? String == "For Omar." }?["id"] as? String)
        let shown = try ethos(["records", "show", id], in: directory)
        #expect(shown.stdout.contains("(hidden: recipient)") && !shown.stdout.contains("For Omar."))
        #expect(try ethos(["records", "show", id, "--viewer", "omar"], in: directory).stdout.contains("For Omar."))
        let prefix = String(id.prefix(8))
        #expect(try ethos(["records", "show", prefix], in: directory).stderr == "error: No record has the id '\(prefix)'; did you mean '\(id)'?\n")
        let explained = try ethos(["explain", id], in: directory)
        #expect(explained.status == 1 && explained.stdout.isEmpty)
        #expect(try ethos(["explain", id, "--viewer", "lena"], in: directory).stdout.contains("For Omar."), "the author reads it")
    }

    @Test("unknown names are errors with a suggestion, not empty results", arguments: [
        (["records", "list", "--to", "omr"], "error: No person has the handle 'omr'; did you mean 'omar'?\n"),
        (["records", "list", "--team", "mobil"], "error: No team is called 'mobil'; did you mean 'mobile'?\n"),
        (["records", "list", "--viewer", "zed"], "error: No person has the handle 'zed'; 'ethos people list' shows them.\n"),
        (["people", "list", "--team", "platfrom"], "error: No team is called 'platfrom'; did you mean 'platform'?\n"),
        (["report", "--person", "len"], "error: No person has the handle 'len'; did you mean 'lena'?\n"),
        (["feedback", "give", "--from", "ana", "--to", "rav", "--text", "Thanks."], "error: No person has the handle 'rav'; did you mean 'ravi'?\n"),
        (["principles", "show", "community"], nil),
    ])
    func unknownNames(arguments: [String], message: String?) throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try ethos(["people", "import", "people.csv"], in: directory)
        let result = try ethos(arguments, in: directory)
        #expect(result.status == 1)
        if let message { #expect(result.stderr == message) } else { #expect(result.stderr.contains("did you mean 'community-contribution'?")) }
    }

    @Test("commands that only read never create a database, and say how to make one", arguments: [
        ["records", "list"], ["records", "show", "r-1"], ["explain", "r-1"], ["people", "list"], ["people", "show", "ana"], ["report"],
        ["export"], ["rescore"],
    ])
    func readOnly(arguments: [String]) throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try ethos(arguments, in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("No database at 'ethos.sqlite': run 'ethos init'"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("ethos.sqlite").path))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("ethos.sqlite.key").path))
    }
}
