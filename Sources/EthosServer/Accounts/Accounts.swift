public import EthosRecording

/// What the command line does to accounts: invitations, passwords (the demo's accounts) and
/// API tokens. The secret each returns is shown once and stored only as a hash.
public enum Accounts {
    /// How long an invitation link works.
    public static let invitationLifetime: Int64 = 7 * 86_400

    /// A new invitation for `handle`, replacing any earlier one: the link to give them, on the
    /// server at `base` (such as `http://127.0.0.1:8080`).
    public static func invite(_ handle: String, store: any AccountStore, base: String, now: Int64) async throws -> String {
        let token = Secret.token()
        try await store.invite(handle, tokenHash: Secret.hash(token), expires: now + invitationLifetime)
        return (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/invitations/" + token
    }

    /// Sets `handle`'s password, hashed with bcrypt at `cost`; the reason when it is too short or long.
    public static func setPassword(_ handle: String, _ password: String, store: any AccountStore, now: Int64, cost: UInt8 = 12) async throws -> String? {
        if let problem = PasswordHasher.problem(password) { return problem }
        try await store.setPassword(handle, hash: PasswordHasher(cost: cost).hash(password), now: now)
        return nil
    }

    /// The scopes an API token may have.
    public static var scopes: [String] { APIRoutes.scopes }

    /// A new API token named `name` with `scopes`: the token, to give the integration.
    public static func createToken(name: String, scopes: [String], store: any AccountStore, now: Int64) async throws -> String {
        let token = "ethos_" + Secret.token()
        try await store.createToken(APIToken(name: name, scopes: scopes, created: now), hash: Secret.hash(token))
        return token
    }

    /// A password for a demo account: random, shown once by `ethos demo`.
    public static func demoPassword() -> String {
        String(Secret.token().prefix(16))
    }
}
