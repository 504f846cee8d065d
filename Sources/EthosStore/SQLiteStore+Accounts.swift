public import EthosRecording
internal import EthosStoreSupport
internal import GRDB

extension SQLiteStore: AccountStore {
    public func account(_ handle: String) async throws -> Account? {
        try reading { db in
            try Row.fetchOne(db, sql: "SELECT password_hash, deactivated_at FROM accounts WHERE handle = ?", arguments: [handle]).map {
                Account(handle: handle, passwordHash: $0[0], deactivated: ($0[1] as Int64?) != nil)
            }
        }
    }

    public func accounts() async throws -> [String: Account] {
        try reading { db in
            try Row.fetchAll(db, sql: "SELECT handle, password_hash, deactivated_at FROM accounts").reduce(into: [:]) { accounts, row in
                accounts[row[0]] = Account(handle: row[0], passwordHash: row[1], deactivated: (row[2] as Int64?) != nil)
            }
        }
    }

    public func setPassword(_ handle: String, hash: String, now: Int64) async throws {
        try writing { db in try Self.setPassword(db, handle, hash: hash, now: now) }
    }

    private static func setPassword(_ db: Database, _ handle: String, hash: String, now: Int64) throws {
        try db.execute(sql: """
            INSERT INTO accounts (handle, password_hash, updated_at) VALUES (?, ?, ?)
            ON CONFLICT (handle) DO UPDATE SET password_hash = excluded.password_hash, updated_at = excluded.updated_at
            """, arguments: [handle, hash, now])
        // A new password ends every session the old one opened.
        try db.execute(sql: "DELETE FROM sessions WHERE handle = ?", arguments: [handle])
    }

    public func setDeactivated(_ handle: String, _ deactivated: Bool, now: Int64) async throws {
        try writing { db in
            try db.execute(sql: """
                INSERT INTO accounts (handle, deactivated_at, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (handle) DO UPDATE SET deactivated_at = excluded.deactivated_at, updated_at = excluded.updated_at
                """, arguments: [handle, deactivated ? now : nil, now])
            if deactivated {
                try db.execute(sql: "DELETE FROM sessions WHERE handle = ?", arguments: [handle])
                try db.execute(sql: "DELETE FROM invitations WHERE handle = ?", arguments: [handle])
            }
        }
    }

    public func invite(_ handle: String, tokenHash: String, expires: Int64) async throws {
        try writing { db in
            try db.execute(sql: "DELETE FROM invitations WHERE handle = ?", arguments: [handle])
            try db.execute(sql: "INSERT INTO invitations (token_hash, handle, expires_at) VALUES (?, ?, ?)",
                           arguments: [tokenHash, handle, expires])
        }
    }

    public func invitation(tokenHash: String, now: Int64) async throws -> String? {
        try reading { db in try Self.invitation(db, tokenHash: tokenHash, now: now) }
    }

    private static func invitation(_ db: Database, tokenHash: String, now: Int64) throws -> String? {
        try String.fetchOne(db, sql: """
            SELECT i.handle FROM invitations i LEFT JOIN accounts a ON a.handle = i.handle
            WHERE i.token_hash = ? AND i.expires_at > ? AND a.deactivated_at IS NULL
            """, arguments: [tokenHash, now])
    }

    public func acceptInvitation(tokenHash: String, passwordHash: String, now: Int64) async throws -> String? {
        try writing { db in
            guard let handle = try Self.invitation(db, tokenHash: tokenHash, now: now) else { return nil }
            try db.execute(sql: "DELETE FROM invitations WHERE handle = ?", arguments: [handle])
            try Self.setPassword(db, handle, hash: passwordHash, now: now)
            return handle
        }
    }

    public func createSession(_ session: SessionRecord) async throws {
        try writing { db in
            try db.execute(sql: "INSERT INTO sessions (token_hash, handle, csrf_token, expires_at) VALUES (?, ?, ?, ?)",
                           arguments: [session.tokenHash, session.handle, session.csrfToken, session.expires])
        }
    }

    public func session(tokenHash: String, now: Int64) async throws -> SessionRecord? {
        try readingOne { db in
            try Row.fetchOne(db.cachedStatement(sql: """
                SELECT s.handle, s.csrf_token, s.expires_at, (SELECT value FROM directory_revision), (SELECT value FROM scores_revision)
                FROM sessions s JOIN accounts a ON a.handle = s.handle
                WHERE s.token_hash = ? AND s.expires_at > ? AND a.deactivated_at IS NULL
                """), arguments: [tokenHash, now]).map {
                SessionRecord(tokenHash: tokenHash, handle: $0[0], csrfToken: $0[1], expires: $0[2],
                              revisions: StoreRevisions(directory: $0[3], scores: $0[4]))
            }
        }
    }

    public func extendSession(tokenHash: String, expires: Int64) async throws {
        try writing { db in
            try db.execute(sql: "UPDATE sessions SET expires_at = ? WHERE token_hash = ?", arguments: [expires, tokenHash])
            // Expired sessions are swept as new ones are used, so the table does not grow.
            try db.execute(sql: "DELETE FROM sessions WHERE expires_at < ?", arguments: [expires - 30 * 86_400])
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try writing { db in try db.execute(sql: "DELETE FROM sessions WHERE token_hash = ?", arguments: [tokenHash]) }
    }

    public func createToken(_ token: APIToken, hash: String) async throws {
        try writing { db in
            try db.execute(sql: "INSERT INTO api_tokens (name, token_hash, scopes, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [token.name, hash, JSONText.array(token.scopes), token.created])
        }
    }

    public func token(hash: String) async throws -> APIToken? {
        try readingOne { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT name, scopes, created_at FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL"),
                             arguments: [hash]).map { APIToken(name: $0[0], scopes: JSONText.strings($0[1]), created: $0[2]) }
        }
    }

    public func tokens() async throws -> [APIToken] {
        try reading { db in
            try Row.fetchAll(db, sql: "SELECT name, scopes, created_at, revoked_at FROM api_tokens ORDER BY name").map {
                APIToken(name: $0[0], scopes: JSONText.strings($0[1]), created: $0[2], revoked: $0[3])
            }
        }
    }

    public func revokeToken(named name: String, now: Int64) async throws -> Bool {
        try writing { db in
            try db.execute(sql: "UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", arguments: [now, name])
            return db.changesCount > 0
        }
    }

    public func createRequest(_ request: FeedbackRequest) async throws {
        try writing { db in
            try db.execute(sql: """
                INSERT INTO feedback_requests (id, requester, responder, subject, message, created_at, status, record_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [request.id, request.requester, request.responder, request.subject, request.message, request.created,
                                 request.status.rawValue, request.recordID])
        }
    }

    public func openRequests(involving handle: String) async throws -> [FeedbackRequest] {
        try readingOne { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM feedback_requests WHERE status = 'open' AND (responder = ? OR requester = ?) ORDER BY created_at DESC, id
                """), arguments: [handle, handle]).map(Self.request)
        }
    }

    public func request(id: String) async throws -> FeedbackRequest? {
        try reading { db in try Row.fetchOne(db, sql: "SELECT * FROM feedback_requests WHERE id = ?", arguments: [id]).map(Self.request) }
    }

    public func closeRequest(id: String, status: FeedbackRequest.Status, recordID: String?) async throws -> Bool {
        try writing { db in
            try db.execute(sql: "UPDATE feedback_requests SET status = ?, record_id = ? WHERE id = ? AND status = 'open'",
                           arguments: [status.rawValue, recordID, id])
            return db.changesCount > 0
        }
    }

    static func request(_ row: Row) -> FeedbackRequest {
        FeedbackRequest(id: row["id"], requester: row["requester"], responder: row["responder"], subject: row["subject"],
                        message: row["message"], created: row["created_at"],
                        status: FeedbackRequest.Status(rawValue: row["status"]) ?? .open, recordID: row["record_id"])
    }
}
