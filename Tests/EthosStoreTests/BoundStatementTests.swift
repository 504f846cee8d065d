@testable import EthosStore
import Foundation
import GRDB
import Testing

@Suite("Bound statements")
struct BoundStatementTests {
    @Test("every kind of value is stored as GRDB would store it, empty text and blobs included")
    func roundTrip() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
            let insert = try BoundStatement(db, "INSERT INTO t VALUES (?, ?, ?, ?, ?)")
            try insert.execute(.int(-7), .real(0.25), .text("naïve 👍"), .blob(Data([0, 1, 255])), .null)
            try insert.execute(.int(nil), .real(-0.0), .text(""), .blob(Data()), .text(nil))
            try db.execute(sql: "INSERT INTO t VALUES (?, ?, ?, ?, ?)", arguments: [Int?.none, -0.0, "", Data(), String?.none])

            let rows = try Row.fetchAll(db, sql: "SELECT i, r, s, b, n, typeof(s), typeof(b) FROM t ORDER BY rowid")
            #expect(rows[0]["i"] as Int64? == -7)
            #expect(rows[0]["r"] as Double? == 0.25)
            #expect(rows[0]["s"] as String? == "naïve 👍")
            #expect(rows[0]["b"] as Data? == Data([0, 1, 255]))
            #expect(rows[0]["n"] as String? == nil)
            #expect(rows[1] == rows[2], "empty text and an empty blob bind as GRDB binds them, not as NULL")
            #expect(rows[1][5] as String? == "text")
            #expect(rows[1][6] as String? == "blob")
        }
    }

    @Test("queries answer their first column; statements run again with new values")
    func queries() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)")
            let insert = try BoundStatement(db, "INSERT INTO t VALUES (?, ?)")
            for (key, value) in [("a", 1), ("b", 2), ("c", 3)] { try insert.execute(.text(key), .int(Int64(value))) }
            let find = try BoundStatement(db, "SELECT v FROM t WHERE k = ?")
            #expect(try find.int(.text("b")) == 2)
            #expect(try find.int(.text("z")) == nil)
            #expect(try find.int(.text("c")) == 3)
            #expect(try BoundStatement(db, "SELECT k FROM t WHERE v >= ? ORDER BY v").text(.int(2)) == "b", "the first row")
            #expect(try BoundStatement(db, "SELECT COUNT(*) FROM t").int() == 3)
        }
    }

    @Test("a failing statement throws GRDB's error with the SQL, and the statement can run again")
    func errors() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (k TEXT PRIMARY KEY)")
            let insert = try BoundStatement(db, "INSERT INTO t VALUES (?)")
            try insert.execute(.text("a"))
            let error = try #require(throws: DatabaseError.self) { try insert.execute(.text("a")) }
            #expect(error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY || error.resultCode == .SQLITE_CONSTRAINT)
            #expect(error.sql == "INSERT INTO t VALUES (?)")
            try insert.execute(.text("b"))
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") == 2)
        }
    }
}
