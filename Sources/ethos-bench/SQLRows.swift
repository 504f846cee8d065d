internal import Foundation
internal import GRDB
internal import GRDBSQLite

/// Rows of one table held in memory as SQLite gave them (integers, doubles, text and blobs as
/// bytes), so the benchmark can write them again with SQLite's C API and nothing else between.
struct SQLRows {
    private enum Value {
        case null
        case int(Int64)
        case real(Double)
        case text([UInt8])
        case blob([UInt8])
    }

    let columns: Int
    private var values: [Value] = []
    /// Each row's first column (the record's `seq`, or the record a score or evidence belongs to).
    private(set) var keys: [Int64] = []
    var count: Int { keys.count }

    init(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws {
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        columns = Int(sqlite3_column_count(handle))
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "reading rows") }
            keys.append(sqlite3_column_int64(handle, 0))
            for column in 0..<Int32(columns) {
                switch sqlite3_column_type(handle, column) {
                case SQLITE_INTEGER: values.append(.int(sqlite3_column_int64(handle, column)))
                case SQLITE_FLOAT: values.append(.real(sqlite3_column_double(handle, column)))
                case SQLITE_TEXT:
                    let bytes = sqlite3_column_text(handle, column), count = Int(sqlite3_column_bytes(handle, column))
                    values.append(.text(bytes.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []))
                case SQLITE_BLOB:
                    let bytes = sqlite3_column_blob(handle, column), count = Int(sqlite3_column_bytes(handle, column))
                    values.append(.blob(bytes.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []))
                default: values.append(.null)
                }
            }
        }
        sqlite3_reset(handle)
    }

    /// An `INSERT` of every column of `table`, prepared once, run row by row.
    struct Insert {
        private let statement: Statement
        private let rows: SQLRows

        init(_ db: Database, table: String, rows: SQLRows) throws {
            statement = try db.makeStatement(sql: "INSERT INTO \(table) VALUES (\(Array(repeating: "?", count: rows.columns).joined(separator: ", ")))")
            self.rows = rows
        }

        /// Binds row `row`'s values and steps the statement once.
        func run(row: Int) throws {
            let handle = statement.sqliteStatement
            let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
            for column in 0..<rows.columns {
                let index = Int32(column + 1)
                switch rows.values[row * rows.columns + column] {
                case .null: sqlite3_bind_null(handle, index)
                case let .int(value): sqlite3_bind_int64(handle, index, value)
                case let .real(value): sqlite3_bind_double(handle, index, value)
                case let .text(bytes):
                    if bytes.isEmpty {
                        sqlite3_bind_text(handle, index, "", 0, transient)  // empty text, not NULL
                    } else {
                        _ = bytes.withUnsafeBytes { sqlite3_bind_text(handle, index, $0.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), transient) }
                    }
                case let .blob(bytes):
                    _ = bytes.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32(bytes.count), transient) }
                }
            }
            let code = sqlite3_step(handle)
            sqlite3_reset(handle)
            guard code == SQLITE_DONE else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "inserting a row") }
        }
    }
}
