public import EthosCore
public import EthosRecording
internal import EthosStoreSupport
internal import GRDB

extension SQLiteStore: CopyableStore {
    public func storedIdentities(of keys: [Int64]) async throws -> [Int64: RecordIdentity] {
        try reading { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT seq, id, content_hash, anonymous_author_key, date, date_nanos FROM records WHERE seq IN (SELECT value FROM json_each(?))
                """, arguments: ["[" + keys.map(String.init).joined(separator: ",") + "]"])
            var identities: [Int64: RecordIdentity] = [:]
            while let row = try rows.next() {
                identities[row[0]] = RecordIdentity(id: row[1], contentHash: row[2], anonymousKey: row[3],
                                                    date: FactTimestamp(seconds: row[4], nanoseconds: row[5]) ?? FactTimestamp(seconds: 0)!)
            }
            return identities
        }
    }

    public func tokensWithHashes() async throws -> [(token: APIToken, hash: String)] {
        try reading { db in
            try Row.fetchAll(db, sql: "SELECT name, scopes, created_at, revoked_at, token_hash FROM api_tokens ORDER BY name").map {
                (APIToken(name: $0[0], scopes: JSONText.strings($0[1]), created: $0[2], revoked: $0[3]), $0[4])
            }
        }
    }

    public func allRequests() async throws -> [FeedbackRequest] {
        try reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM feedback_requests ORDER BY created_at, id").map(Self.request)
        }
    }
}
