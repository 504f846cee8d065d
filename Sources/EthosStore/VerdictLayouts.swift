internal import EthosCore
internal import EthosStoreSupport
internal import GRDB

/// The layouts of verdict summaries (``VerdictSummary``) in SQLite: `verdict_layouts` rows.
extension VerdictSummary {
    /// The id of the layout for `principles` (ids in order), added when new.
    static func layout(_ principles: [String], db: Database) throws -> Int64 {
        let text = JSONText.array(principles)
        if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM verdict_layouts WHERE principles = ?"), arguments: [text]) {
            return id
        }
        try db.cachedStatement(sql: "INSERT INTO verdict_layouts (principles) VALUES (?)").execute(arguments: [text])
        return db.lastInsertedRowID
    }

    /// For every layout, where each of its principles goes among `principles` (-1: not asked for).
    static func positions(for principles: [String], db: Database) throws -> [Int64: [Int]] {
        let wanted = Dictionary(principles.enumerated().map { ($1, $0) }) { first, _ in first }
        var positions: [Int64: [Int]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, principles FROM verdict_layouts") {
            positions[row[0]] = JSONText.strings(row[1]).map { wanted[$0] ?? -1 }
        }
        return positions
    }
}
