internal import Foundation
internal import GRDB
internal import GRDBSQLite

/// A value bound to a statement parameter with SQLite's C API.
enum BoundValue {
    case int(Int64)
    case real(Double)
    case text(String)
    /// Text already encoded as UTF-8 (valid: SQLite does not check).
    case utf8([UInt8])
    /// A blob.
    case bytes([UInt8])
    case null

    static func blob(_ data: Data) -> BoundValue { .bytes(Array(data)) }
    static func text(_ value: String?) -> BoundValue { value.map(BoundValue.text) ?? .null }
    static func int(_ value: Int?) -> BoundValue { value.map { .int(Int64($0)) } ?? .null }
    static func bool(_ value: Bool) -> BoundValue { .int(value ? 1 : 0) }
}

/// One of GRDB's cached statements, run with SQLite's C API: values bound by type, straight from
/// Swift values, without going through `StatementArguments` (an array of existentials converted to
/// `DatabaseValue`s for every statement run). Import runs about ten statements a record, and that
/// conversion was a measurable share of the writer's time (docs/performance.md).
///
/// Only for statements GRDB prepared on this connection, inside its transaction: GRDB still owns
/// the statement, the connection and the transaction; errors come back as GRDB's `DatabaseError`.
struct BoundStatement {
    private let statement: Statement

    init(_ db: Database, _ sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
    }

    /// Runs the statement to completion with `values`.
    func execute(_ values: BoundValue...) throws {
        try run(values) { _ in }
    }

    /// The first column of the first row as an integer, nil when there is no row or it is NULL.
    func int(_ values: BoundValue...) throws -> Int64? {
        var result: Int64?
        try run(values) { handle in if result == nil { result = Columns(handle: handle).int(0) } }
        return result
    }

    /// The first column of the first row as text, nil when there is no row or it is NULL.
    func text(_ values: BoundValue...) throws -> String? {
        var result: String?
        try run(values) { handle in if result == nil { result = Columns(handle: handle).text(0) } }
        return result
    }

    /// Every row, each given to `body` as a reader of its columns.
    func forEachRow(_ values: BoundValue..., body: (Columns) -> Void) throws {
        try run(values) { body(Columns(handle: $0)) }
    }

    /// The current row's columns, by position.
    struct Columns {
        fileprivate let handle: OpaquePointer

        func int(_ column: Int32) -> Int64? {
            sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
        }

        func text(_ column: Int32) -> String? {
            guard let bytes = sqlite3_column_text(handle, column) else { return nil }
            return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
        }
    }

    private func run(_ values: [BoundValue], row: (OpaquePointer) -> Void) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        precondition(Int(sqlite3_bind_parameter_count(handle)) == values.count, "\(values.count) values for: \(statement.sql)")
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32 = switch value {
            case let .int(number): sqlite3_bind_int64(handle, index, number)
            case let .real(number): sqlite3_bind_double(handle, index, number)
            case var .text(string): string.withUTF8 { Self.bindText($0, handle, index) }
            case let .utf8(bytes): bytes.withUnsafeBufferPointer { Self.bindText($0, handle, index) }
            case let .bytes(bytes) where bytes.isEmpty: sqlite3_bind_zeroblob(handle, index, 0)
            case let .bytes(bytes): bytes.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), Self.transient) }
            case .null: sqlite3_bind_null(handle, index)
            }
            try check(code, handle)
        }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                try check(code, handle)
                break
            }
            row(handle)
        }
        sqlite3_reset(handle)
    }

    /// Binds UTF-8 text; empty text as such, not through a buffer that may have no address
    /// (which SQLite would read as NULL).
    private static func bindText(_ utf8: UnsafeBufferPointer<UInt8>, _ handle: OpaquePointer, _ index: Int32) -> Int32 {
        utf8.isEmpty ? sqlite3_bind_text(handle, index, "", 0, transient)
            : sqlite3_bind_text(handle, index, utf8.baseAddress, Int32(utf8.count), transient)
    }

    private func check(_ code: Int32, _ handle: OpaquePointer) throws {
        guard code != SQLITE_OK else { return }
        let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
        sqlite3_reset(handle)
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }

    /// SQLite copies the bytes before the bind returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
