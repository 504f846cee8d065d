public import EthosRecording
internal import EthosStoreSupport
internal import Logging
internal import PostgresNIO

extension PostgresStore {
    public func account(_ handle: String) async throws -> Account? {
        try await all("SELECT password_hash, deactivated_at FROM accounts WHERE handle = \(handle)", as: (String?, Int64?).self).first.map {
            Account(handle: handle, passwordHash: $0.0, deactivated: $0.1 != nil)
        }
    }

    public func accounts() async throws -> [String: Account] {
        var accounts: [String: Account] = [:]
        for try await (handle, hash, deactivated) in try await query("SELECT handle, password_hash, deactivated_at FROM accounts")
            .decode((String, String?, Int64?).self) {
            accounts[handle] = Account(handle: handle, passwordHash: hash, deactivated: deactivated != nil)
        }
        return accounts
    }

    public func setPassword(_ handle: String, hash: String, now: Int64) async throws {
        try await transaction { connection in try await Self.setPassword(connection, handle, hash: hash, now: now, logger: logger) }
    }

    private static func setPassword(_ connection: PostgresConnection, _ handle: String, hash: String, now: Int64, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO accounts (handle, password_hash, updated_at) VALUES (\(handle), \(hash), \(now))
            ON CONFLICT (handle) DO UPDATE SET password_hash = excluded.password_hash, updated_at = excluded.updated_at
            """, logger: logger)
        // A new password ends every session the old one opened.
        try await connection.query("DELETE FROM sessions WHERE handle = \(handle)", logger: logger)
    }

    public func setDeactivated(_ handle: String, _ deactivated: Bool, now: Int64) async throws {
        try await transaction { connection in
            try await connection.query("""
                INSERT INTO accounts (handle, deactivated_at, updated_at) VALUES (\(handle), \(deactivated ? now : nil), \(now))
                ON CONFLICT (handle) DO UPDATE SET deactivated_at = excluded.deactivated_at, updated_at = excluded.updated_at
                """, logger: logger)
            if deactivated {
                try await connection.query("DELETE FROM sessions WHERE handle = \(handle)", logger: logger)
                try await connection.query("DELETE FROM invitations WHERE handle = \(handle)", logger: logger)
            }
        }
    }

    public func invite(_ handle: String, tokenHash: String, expires: Int64) async throws {
        try await transaction { connection in
            try await connection.query("DELETE FROM invitations WHERE handle = \(handle)", logger: logger)
            try await connection.query("INSERT INTO invitations (token_hash, handle, expires_at) VALUES (\(tokenHash), \(handle), \(expires))",
                                       logger: logger)
        }
    }

    public func invitation(tokenHash: String, now: Int64) async throws -> String? {
        try await one(Self.invitationQuery(tokenHash: tokenHash, now: now), as: String.self)
    }

    private static func invitationQuery(tokenHash: String, now: Int64, locking: Bool = false) -> PostgresQuery {
        """
        SELECT i.handle FROM invitations i LEFT JOIN accounts a ON a.handle = i.handle
        WHERE i.token_hash = \(tokenHash) AND i.expires_at > \(now) AND a.deactivated_at IS NULL\(unescaped: locking ? " FOR UPDATE OF i" : "")
        """
    }

    public func acceptInvitation(tokenHash: String, passwordHash: String, now: Int64) async throws -> String? {
        try await transaction { connection in
            // Locked, so two servers accepting one invitation at once do not both use it.
            var handle: String?
            for try await found in try await connection.query(Self.invitationQuery(tokenHash: tokenHash, now: now, locking: true), logger: logger)
                .decode(String.self) { handle = found }
            guard let handle else { return nil }
            try await connection.query("DELETE FROM invitations WHERE handle = \(handle)", logger: logger)
            try await Self.setPassword(connection, handle, hash: passwordHash, now: now, logger: logger)
            return handle
        }
    }

    public func createSession(_ session: SessionRecord) async throws {
        try await execute("""
            INSERT INTO sessions (token_hash, handle, csrf_token, expires_at)
            VALUES (\(session.tokenHash), \(session.handle), \(session.csrfToken), \(session.expires))
            """)
    }

    public func session(tokenHash: String, now: Int64) async throws -> SessionRecord? {
        try await all("""
            SELECT s.handle, s.csrf_token, s.expires_at, (SELECT value FROM revisions WHERE name = 'directory'),
                   (SELECT value FROM revisions WHERE name = 'scores')
            FROM sessions s JOIN accounts a ON a.handle = s.handle
            WHERE s.token_hash = \(tokenHash) AND s.expires_at > \(now) AND a.deactivated_at IS NULL
            """, as: (String, String, Int64, Int64, Int64).self).first.map { handle, csrf, expires, directory, scores in
            SessionRecord(tokenHash: tokenHash, handle: handle, csrfToken: csrf, expires: expires,
                          revisions: StoreRevisions(directory: directory, scores: scores))
        }
    }

    public func extendSession(tokenHash: String, expires: Int64) async throws {
        try await transaction { connection in
            try await connection.query("UPDATE sessions SET expires_at = \(expires) WHERE token_hash = \(tokenHash)", logger: logger)
            // Expired sessions are swept as new ones are used, so the table does not grow.
            try await connection.query("DELETE FROM sessions WHERE expires_at < \(expires - 30 * 86_400)", logger: logger)
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await execute("DELETE FROM sessions WHERE token_hash = \(tokenHash)")
    }

    public func createToken(_ token: APIToken, hash: String) async throws {
        try await execute("""
            INSERT INTO api_tokens (name, token_hash, scopes, created_at) VALUES (\(token.name), \(hash), \(JSONText.array(token.scopes)), \(token.created))
            """)
    }

    public func token(hash: String) async throws -> APIToken? {
        try await all("SELECT name, scopes, created_at FROM api_tokens WHERE token_hash = \(hash) AND revoked_at IS NULL",
                      as: (String, String, Int64).self).first.map { APIToken(name: $0, scopes: JSONText.strings($1), created: $2) }
    }

    public func tokens() async throws -> [APIToken] {
        var tokens: [APIToken] = []
        for try await (name, scopes, created, revoked) in try await query("SELECT name, scopes, created_at, revoked_at FROM api_tokens ORDER BY name")
            .decode((String, String, Int64, Int64?).self) {
            tokens.append(APIToken(name: name, scopes: JSONText.strings(scopes), created: created, revoked: revoked))
        }
        return tokens
    }

    public func revokeToken(named name: String, now: Int64) async throws -> Bool {
        try await one("UPDATE api_tokens SET revoked_at = \(now) WHERE name = \(name) AND revoked_at IS NULL RETURNING 1", as: Int32.self) != nil
    }

    public func createRequest(_ request: FeedbackRequest) async throws {
        try await execute("""
            INSERT INTO feedback_requests (id, requester, responder, subject, message, created_at, status, record_id)
            VALUES (\(request.id), \(request.requester), \(request.responder), \(request.subject), \(request.message), \(request.created),
                    \(request.status.rawValue), \(request.recordID))
            """)
    }

    public func openRequests(involving handle: String) async throws -> [FeedbackRequest] {
        try await requests("""
            SELECT \(unescaped: Self.requestColumns) FROM feedback_requests WHERE status = 'open' AND (responder = \(handle) OR requester = \(handle))
            ORDER BY created_at DESC, id
            """)
    }

    public func request(id: String) async throws -> FeedbackRequest? {
        try await requests("SELECT \(unescaped: Self.requestColumns) FROM feedback_requests WHERE id = \(id)").first
    }

    public func closeRequest(id: String, status: FeedbackRequest.Status, recordID: String?) async throws -> Bool {
        try await one("""
            UPDATE feedback_requests SET status = \(status.rawValue), record_id = \(recordID) WHERE id = \(id) AND status = 'open' RETURNING 1
            """, as: Int32.self) != nil
    }

    static let requestColumns = "id, requester, responder, subject, message, created_at, status, record_id"

    func requests(_ sql: PostgresQuery) async throws -> [FeedbackRequest] {
        var requests: [FeedbackRequest] = []
        for try await (id, requester, responder, subject, message, created, status, recordID) in try await query(sql)
            .decode((String, String, String, String, String, Int64, String, String?).self) {
            requests.append(FeedbackRequest(id: id, requester: requester, responder: responder, subject: subject, message: message,
                                            created: created, status: FeedbackRequest.Status(rawValue: status) ?? .open, recordID: recordID))
        }
        return requests
    }
}
