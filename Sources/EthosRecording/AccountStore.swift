public import EthosCore

/// What `ethos serve` stores beside records: accounts, invitations, sessions, API tokens and
/// feedback requests. Secrets arrive hashed; a store never sees a password or a token.
/// Times are seconds since 1970.
public protocol AccountStore: Sendable {
    // MARK: Accounts

    /// The account of `handle`, or nil when they have never been invited.
    func account(_ handle: String) async throws -> Account?
    /// Every account, by handle (the People page lists everyone's in one read).
    func accounts() async throws -> [String: Account]
    /// Sets `handle`'s password hash, making the account if there is none; ends their sessions.
    func setPassword(_ handle: String, hash: String, now: Int64) async throws
    /// Deactivates (or reactivates) `handle`'s account: a deactivated person cannot sign in, and
    /// their sessions end. Their records stay.
    func setDeactivated(_ handle: String, _ deactivated: Bool, now: Int64) async throws

    // MARK: Invitations

    /// Stores an invitation for `handle`, replacing any earlier one.
    func invite(_ handle: String, tokenHash: String, expires: Int64) async throws
    /// The handle an unexpired invitation is for.
    func invitation(tokenHash: String, now: Int64) async throws -> String?
    /// Uses an invitation once: sets the password and removes the invitation, in one
    /// transaction; the handle, or nil when the invitation is unknown or expired.
    func acceptInvitation(tokenHash: String, passwordHash: String, now: Int64) async throws -> String?

    // MARK: Sessions

    func createSession(_ session: SessionRecord) async throws
    /// The session with `tokenHash` when it has not expired and its account is active, with the
    /// store's revisions as of the same read.
    func session(tokenHash: String, now: Int64) async throws -> SessionRecord?
    /// Moves a session's expiry (a session lasts while it is used).
    func extendSession(tokenHash: String, expires: Int64) async throws
    func deleteSession(tokenHash: String) async throws

    // MARK: API tokens

    /// Stores a token; fails when a token of that name exists.
    func createToken(_ token: APIToken, hash: String) async throws
    /// The unrevoked token with `hash`.
    func token(hash: String) async throws -> APIToken?
    func tokens() async throws -> [APIToken]
    /// Revokes the token named `name`; false when there is none.
    func revokeToken(named name: String, now: Int64) async throws -> Bool

    // MARK: Feedback requests

    func createRequest(_ request: FeedbackRequest) async throws
    /// The open requests `handle` is asked to answer or made, newest first (one read: a home
    /// page shows both).
    func openRequests(involving handle: String) async throws -> [FeedbackRequest]
    func request(id: String) async throws -> FeedbackRequest?
    /// Closes an open request as answered (by `recordID`) or declined; false when it was not open.
    func closeRequest(id: String, status: FeedbackRequest.Status, recordID: String?) async throws -> Bool
}

/// Someone who may sign in.
public struct Account: Sendable, Equatable {
    public var handle: String
    /// The bcrypt hash of their password; nil until they accept an invitation.
    public var passwordHash: String?
    public var deactivated: Bool

    public init(handle: String, passwordHash: String?, deactivated: Bool) {
        self.handle = handle
        self.passwordHash = passwordHash
        self.deactivated = deactivated
    }
}

/// A signed-in session.
public struct SessionRecord: Sendable, Equatable {
    public var tokenHash: String
    public var handle: String
    /// The token every form of this session carries (CSRF).
    public var csrfToken: String
    public var expires: Int64
    /// The store's directory and scores revisions, read with the session (what a signed-in
    /// request needs next, in the same read); nil for a session just made.
    public var revisions: StoreRevisions?

    public init(tokenHash: String, handle: String, csrfToken: String, expires: Int64, revisions: StoreRevisions? = nil) {
        self.tokenHash = tokenHash
        self.handle = handle
        self.csrfToken = csrfToken
        self.expires = expires
        self.revisions = revisions
    }
}

/// The store's directory and scores revisions (``RecordStore/directoryRevision()``,
/// ``RecordStore/scoresRevision()``) as read together.
public struct StoreRevisions: Sendable, Equatable {
    public var directory: Int64
    public var scores: Int64

    public init(directory: Int64, scores: Int64) {
        self.directory = directory
        self.scores = scores
    }
}

/// A token an integration calls the API with.
public struct APIToken: Sendable, Equatable {
    public var name: String
    public var scopes: [String]
    public var created: Int64
    public var revoked: Int64?

    public init(name: String, scopes: [String], created: Int64, revoked: Int64? = nil) {
        self.name = name
        self.scopes = scopes
        self.created = created
        self.revoked = revoked
    }
}

/// A request for feedback about `subject`, asked of `responder`.
public struct FeedbackRequest: Sendable, Equatable {
    public enum Status: String, Sendable { case open, answered, declined }

    public var id: String
    public var requester: String
    public var responder: String
    public var subject: String
    public var message: String
    public var created: Int64
    public var status: Status
    public var recordID: String?

    public init(id: String, requester: String, responder: String, subject: String, message: String, created: Int64,
                status: Status = .open, recordID: String? = nil) {
        self.id = id
        self.requester = requester
        self.responder = responder
        self.subject = subject
        self.message = message
        self.created = created
        self.status = status
        self.recordID = recordID
    }
}
