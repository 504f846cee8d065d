import EthosTestSupport
import Foundation
import Testing

/// `ethos db copy`: a workspace moved from SQLite to PostgreSQL and back reads the same.
@Suite("ethos db copy", .enabled(if: PostgresServer.enabled))
struct DatabaseCopyTests {
    @Test("a workspace copied to PostgreSQL and back gives the same listings, reports and duplicates")
    func roundTrip() async throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write(["big.jsonl": records(700, prefix: "c")], in: directory)
        for command in [["people", "import", "people.csv"], ["import", "big.jsonl"],
                        ["feedback", "give", "--from", "ravi", "--to", "ana", "--text", "Ana refused feedback.", "--date", "2026-11-21", "--anonymous"],
                        ["mentoring", "log", "--mentor", "ana", "--mentee", "lena", "--minutes", "45", "--notes", "Career chat.", "--date", "2026-11-22"],
                        ["tokens", "create", "--name", "ci", "--scope", "feedback:write"], ["tokens", "create", "--name", "old", "--scope", "score"],
                        ["tokens", "revoke", "old"], ["people", "invite", "lena"], ["people", "deactivate", "omar"]] {
            #expect(try ethos(command, in: directory).status == 0, "\(command)")
        }
        let postgres = try await PostgresServer.newDatabase()
        let environment = ["ETHOS_ANONYMITY_KEY_FILE": directory.appendingPathComponent("postgres.key").path]
        func read(_ database: String) throws -> [String] {
            try [["records", "list", "--all", "--format", "csv", "--as-admin"], ["report", "--period", "2026", "--format", "json"],
                 ["report", "--team", "mobile", "--period", "2026-Q3", "--format", "csv"], ["people", "list", "--format", "csv"],
                 ["tokens", "list"], ["explain", "c17", "--as-admin", "--format", "json"]].map { arguments in
                let result = try ethos(arguments + ["--db", database], in: directory, environment: environment)
                return "\(result.status)\n" + result.stdout.replacingOccurrences(of: #""generatedAt" : "[^"]*""#, with: "", options: .regularExpression)
            }
        }
        let original = try read("ethos.sqlite")
        let there = try ethos(["db", "copy", "--from", "sqlite:ethos.sqlite", "--to", postgres], in: directory, environment: environment)
        #expect(there.status == 0)
        #expect(there.stdout.hasPrefix("Copied 4 people, 702 records, 1 account, 2 API tokens and 0 feedback requests from ethos.sqlite to \(postgres) in "))
        #expect(try read(postgres) == original)
        // The anonymous author's key came along: the same anonymous feedback again is a duplicate.
        let again = try ethos(["feedback", "give", "--from", "ravi", "--to", "ana", "--text", "Ana refused feedback.", "--date", "2026-11-21",
                               "--anonymous", "--db", postgres], in: directory, environment: environment)
        #expect(again.status == 1)
        #expect(again.stderr.hasPrefix("error: This record is already stored as r-"), "\(again)")
        let back = try ethos(["db", "copy", "--from", postgres, "--to", "back.sqlite"], in: directory, environment: environment)
        #expect(back.status == 0)
        #expect(try read("back.sqlite") == original)
        // A target that is not empty is refused and left as it was.
        let refused = try ethos(["db", "copy", "--from", "ethos.sqlite", "--to", "back.sqlite"], in: directory)
        #expect(refused.status == 1)
        #expect(refused.stderr == "error: The target database is not empty; 'ethos db copy' moves a workspace into a new, empty database.\n")
        #expect(try read("back.sqlite") == original)
    }
}
