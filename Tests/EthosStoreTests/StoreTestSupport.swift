@testable import EthosStore
import EthosTestSupport
import Testing
import Foundation
import GRDB

/// A database path in a new temporary directory, and the directory to remove after.
func temporaryStorePath() throws -> (path: String, directory: URL) {
    let directory = try TestFiles.temporaryDirectory()
    return (directory.appendingPathComponent("ethos.sqlite").path, directory)
}

/// SQLite's plan for `sql` in `store`, a line a step (each parameter bound to 'x').
func queryPlan(_ store: SQLiteStore, _ sql: String) throws -> [String] {
    try store.writer.read { db in
        try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: StatementArguments(sql.filter { $0 == "?" }.map { _ in "x" }))
            .map { $0["detail"] as String }
    }
}

/// The backends store tests run on: SQLite, and PostgreSQL when a test server is given.
enum StoreBackend: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres

    static var allCases: [StoreBackend] { PostgresServer.enabled ? [.sqlite, .postgres] : [.sqlite] }

    var testDescription: String { rawValue }
}
