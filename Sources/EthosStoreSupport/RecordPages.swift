package import EthosCore
package import EthosRecording

/// A listing read a page at a time, each page after the last one's (date, key), so the body
/// may await and memory stays flat however many records match: how every store answers
/// ``RecordStore/forEachRecord(_:_:)``.
package enum RecordPages {
    /// How many records a listing reads at once.
    package static let size = 1_000

    /// Passes each record `page` reads to `body`, in `filter`'s order and up to its limit.
    /// `page` reads up to `limit` records after `cursor` (date and key), or from the start.
    package static func forEach(_ filter: RecordFilter, page: (_ cursor: (date: Int64, key: Int64)?, _ limit: Int) async throws -> [KeyedRecord],
                                _ body: (KeyedRecord) async throws -> Void) async throws {
        var cursor: (date: Int64, key: Int64)? = filter.startAfter.map { ($0.date, $0.key) }
        var remaining = filter.limit.map { max(0, $0) } ?? .max
        while remaining > 0 {
            let limit = min(remaining, size)
            let rows = try await page(cursor, limit)
            for row in rows { try await body(row) }
            guard rows.count == limit, let last = rows.last else { return }
            cursor = (last.stored.date.seconds, last.key)
            remaining -= limit
        }
    }
}
