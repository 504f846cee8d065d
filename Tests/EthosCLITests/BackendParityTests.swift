import EthosTestSupport
import Foundation
import Testing

/// Every command that reads or writes records, run the same way against SQLite and PostgreSQL:
/// what each prints must be the same, but for where the database is.
@Suite("One behaviour, two backends", .enabled(if: PostgresServer.enabled))
struct BackendParityTests {
    /// The commands, in order; each sees what the ones before stored.
    static let script: [[String]] = [
        ["people", "import", "people.csv"],
        ["people", "list", "--format", "csv"],
        ["people", "show", "lena"],
        ["import", "big.jsonl", "--batch-size", "97"],
        ["import", "big.jsonl"],
        ["import", "extra.jsonl", "--dry-run", "--create-people"],
        ["import", "extra.jsonl", "--create-people"],
        ["feedback", "give", "--from", "lena", "--to", "omar", "--text", "Omar open-sourced our validator.", "--date", "2026-11-20"],
        ["feedback", "give", "--from", "ravi", "--to", "ana", "--text", "Ana refused feedback.", "--date", "2026-11-21", "--anonymous"],
        ["mentoring", "log", "--mentor", "ana", "--mentee", "lena", "--minutes", "45", "--notes", "Career chat.", "--date", "2026-11-22"],
        ["records", "list", "--all", "--format", "csv"],
        ["records", "list", "--team", "mobile", "--principle", "community-contribution", "--format", "json", "--limit", "20"],
        ["records", "show", "p17", "--as-admin"],
        ["records", "show", "p6000"],
        ["explain", "p42", "--as-admin"],
        ["export", "--format", "csv"],
        ["report", "--period", "2026", "--format", "json"],
        ["report", "--team", "platform", "--period", "2026-Q3", "--format", "md"],
        ["report", "--person", "omar", "--viewer", "lena", "--period", "2026", "--format", "csv"],
        ["rescore", "--all"],
        ["report", "--period", "2026", "--format", "json"],
        ["tokens", "list"],
        ["people", "deactivate", "omar"],
    ]

    @Test("the same commands print the same on SQLite and PostgreSQL")
    func sameOutput() async throws {
        var outputs: [[String]] = []
        for backend in CommandBackend.allCases {
            let directory = try storeWorkspace()
            defer { try? FileManager.default.removeItem(at: directory) }
            try write(["big.jsonl": records(600, prefix: "p"),
                       "extra.jsonl": #"{"id": "x1", "kind": "feedback", "from": "zoe", "to": "ana", "date": "2026-11-01", "text": "Ana taught me to profile."}"# + "\n"],
                      in: directory)
            let environment = try await backend.environment(in: directory)
            let location = environment["ETHOS_DB"] ?? "ethos.sqlite"
            outputs.append(try Self.script.map { arguments in
                let result = try ethos(arguments, in: directory, environment: environment)
                return "$ ethos \(arguments.joined(separator: " ")) → \(result.status)\n\(result.stdout)\(result.stderr)"
                    .replacingOccurrences(of: location, with: "<db>")
                    .replacingOccurrences(of: #""generatedAt" : "[^"]*""#, with: "", options: .regularExpression)
                    .replacingOccurrences(of: #"Generated [^\n]*"#, with: "", options: .regularExpression)
            })
        }
        #expect(outputs.count == 2)
        for (sqlite, postgres) in zip(outputs[0], outputs.last ?? []) {
            #expect(sqlite == postgres)
        }
        #expect(outputs[0].allSatisfy { $0.contains("→ 0\n") || $0.contains("records show p6000") }, "every command succeeded")
    }
}
