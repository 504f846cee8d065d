internal import EthosCore
internal import GRDBSQLite

/// The columns of the current row of a statement, read with SQLite's C API: a listing or a
/// report reads many rows, and GRDB's `Row` copies and casts every value it decodes.
struct RowColumns {
    let statement: OpaquePointer

    init(_ statement: OpaquePointer) { self.statement = statement }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

    func int(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

    func text(_ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(statement, column) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column))), as: UTF8.self)
    }

    func withBlob(_ column: Int32, _ body: (UnsafeRawBufferPointer) -> Void) {
        let count = Int(sqlite3_column_bytes(statement, column))
        guard let bytes = sqlite3_column_blob(statement, column), count > 0 else { return }
        body(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    /// The visibility by its bytes, without making a string.
    func visibility(_ column: Int32) -> Visibility {
        guard let bytes = sqlite3_column_text(statement, column) else { return .private }
        let text = UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column)))
        for visibility in Visibility.allCases where text.elementsEqual(visibility.rawValue.utf8) { return visibility }
        return .private
    }
}
