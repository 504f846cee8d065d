import Foundation
import GRDB
import Testing

/// Attacks on anonymous feedback by someone who can run `ethos` but has no key file: each one
/// tries to learn who wrote an anonymous record, or to link it to its author's other records.
@Suite("Anonymity under attack")
struct AnonymityAttackTests {
    /// A principle whose rule reads the history facts, so `explain` shows them.
    static let reachPrinciple = """
        id: reach
        name: Reach
        statement: We reach out.
        tenets:
          - Everyone reaches out.
        signals:
          - terms: [reach]
        rules:
          - id: wide
            when: network.distinctPeople30d >= 1 || network.firstContact
            score: 0.1
            because: Reaches out widely.
        examples:
          aligned: [She reached out to three teams.]

        """

    func workspace() throws -> URL {
        let directory = try storeWorkspace()
        try write(["Principles/reach.yaml": Self.reachPrinciple], in: directory)
        #expect(try ethos(["people", "import", "people.csv"], in: directory).status == 0)
        return directory
    }

    func give(_ arguments: [String], in directory: URL) throws -> String {
        let result = try ethos(["feedback", "give"] + arguments, in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        return String(result.stdout.dropFirst("Recorded ".count).prefix { $0 != "." })
    }

    @Test("--create-people never adds the author of anonymous feedback: that would be the one trace of who wrote it")
    func createPeople() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let given = try ethos(["feedback", "give", "--from", "zed", "--to", "lena", "--text", "Lena shared the runbook.", "--anonymous",
                               "--create-people"], in: directory)
        #expect(given.status != 0)
        #expect(given.stderr.contains("must be in the people directory already"), "\(given.stderr)")
        let lines = """
            {"kind": "feedback", "from": "zed", "to": "lena", "date": "2026-11-02", "text": "Lena shared the runbook.", "anonymous": true}
            {"kind": "feedback", "from": "ana", "to": "yan", "date": "2026-11-03", "text": "Yan shared the runbook.", "anonymous": true}

            """
        try write(["anonymous.jsonl": lines], in: directory)
        let imported = try ethos(["import", "anonymous.jsonl", "--create-people"], in: directory)
        #expect(imported.stdout.contains("Imported 1 record") && imported.stderr.contains("anonymous.jsonl:1: error"), "\(imported.stdout)")
        let people = try ethos(["people", "list", "--format", "json"], in: directory).stdout
        #expect(!people.contains("zed"), "the unknown anonymous author was added")
        #expect(people.contains("yan"), "the unknown subject of anonymous feedback is added as asked")
    }

    @Test("importing a guessed author of an anonymous record gives the same answer whether the guess is right or wrong")
    func duplicateOracle() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try give(["--from", "omar", "--to", "lena", "--text", "Lena credited the maintainers upstream.", "--anonymous",
                      "--date", "2026-11-20"], in: directory)
        var answers: [String] = []
        for guess in ["ravi", "omar", "ana"] {
            let line = #"{"kind": "feedback", "from": "\#(guess)", "to": "lena", "date": "2026-11-20", "text": "Lena credited the maintainers upstream.", "anonymous": true}"#
            try write(["guess.jsonl": line + "\n"], in: directory)
            for dryRun in [true, false] {
                let result = try ethos(["import", "guess.jsonl"] + (dryRun ? ["--dry-run"] : []), in: directory)
                #expect(result.status == 0, "\(result.stderr)")
                answers.append(result.stdout + result.stderr)
            }
        }
        #expect(Set(answers.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)).count == 1, "\(answers)")
        #expect(Set(answers.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)).count == 1, "\(answers)")
        #expect(try ethos(["records", "list", "--format", "json"], in: directory).stdout.components(separatedBy: "\"id\"").count == 2,
                "only the first record is stored")
    }

    @Test("an anonymous record's history facts say nothing, and it counts in no one's: records cannot be linked through them")
    func linking() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try give(["--from", "omar", "--to", "lena", "--text", "Lena reached the maintainers upstream.", "--anonymous",
                              "--date", "2026-11-20"], in: directory)
        let second = try give(["--from", "omar", "--to", "ravi", "--text", "Ravi reached out to the support team.", "--anonymous",
                               "--date", "2026-11-21"], in: directory)
        for id in [first, second] {
            let explained = try ethos(["explain", id, "--as-admin"], in: directory).stdout
            #expect(explained.contains("facts read: network.distinctPeople30d = (no value), network.firstContact = (no value)"), "\(explained)")
        }
        // Lena's reply would not be her first contact with omar if his anonymous record counted.
        let reply = try give(["--from", "lena", "--to", "omar", "--text", "Omar reached across teams to help.", "--date", "2026-11-22"],
                             in: directory)
        #expect(try ethos(["explain", reply, "--as-admin"], in: directory).stdout.contains("network.firstContact = true"))
        // Omar's named record would show two people in 30 days if his anonymous ones counted.
        let named = try give(["--from", "omar", "--to", "ana", "--text", "Ana reached out to every new hire.", "--date", "2026-11-23"],
                             in: directory)
        #expect(try ethos(["explain", named, "--as-admin"], in: directory).stdout.contains("network.distinctPeople30d = 0"))
        // Nothing in the database links the two anonymous records to each other.
        let keys = try DatabaseKeys.anonymousAuthorKeys(in: directory)
        #expect(keys.count == 2 && Set(keys).count == 2)
    }
}

enum DatabaseKeys {
    /// The stored anonymous author keys of a workspace's database.
    static func anonymousAuthorKeys(in directory: URL) throws -> [String] {
        let queue = try DatabaseQueue(path: directory.appendingPathComponent("ethos.sqlite").path)
        defer { try? queue.close() }
        return try queue.read { db in try String.fetchAll(db, sql: "SELECT anonymous_author_key FROM records WHERE anonymous = 1") }
    }
}
