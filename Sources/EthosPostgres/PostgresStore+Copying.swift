public import EthosCore
public import EthosRecording
internal import EthosStoreSupport
internal import PostgresNIO

extension PostgresStore: CopyableStore {
    public func storedIdentities(of keys: [Int64]) async throws -> [Int64: RecordIdentity] {
        var identities: [Int64: RecordIdentity] = [:]
        for (key, id, hash, anonymousKey, date, nanos) in try await all("""
            SELECT seq, id, content_hash, anonymous_author_key, date, date_nanos FROM records WHERE seq = ANY(\(keys))
            """, as: (Int64, String, String, String?, Int64, Int32).self) {
            identities[key] = RecordIdentity(id: id, contentHash: hash, anonymousKey: anonymousKey,
                                             date: FactTimestamp(seconds: date, nanoseconds: Int64(nanos)) ?? FactTimestamp(seconds: 0)!)
        }
        return identities
    }

    public func tokensWithHashes() async throws -> [(token: APIToken, hash: String)] {
        try await all("SELECT name, scopes, created_at, revoked_at, token_hash FROM api_tokens ORDER BY name",
                      as: (String, String, Int64, Int64?, String).self).map {
            (APIToken(name: $0, scopes: JSONText.strings($1), created: $2, revoked: $3), $4)
        }
    }

    public func allRequests() async throws -> [FeedbackRequest] {
        try await requests("SELECT \(unescaped: Self.requestColumns) FROM feedback_requests ORDER BY created_at, id")
    }
}
