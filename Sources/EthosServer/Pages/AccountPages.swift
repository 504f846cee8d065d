internal import EthosCore
internal import EthosRecording
internal import Hummingbird

/// Signing in and out, and accepting an invitation.
struct AccountPages {
    let platform: Platform
    let pages: PageRenderer

    func add(to router: Router<ServerContext>) {
        router.get("sign-in") { request, context in
            if context.caller.viewer != nil { return Response.seeOther("/") }
            return signInPage(request, context, next: request.query["next"])
        }
        router.post("sign-in") { request, context in try await signIn(request, context) }
        router.post("sign-out") { request, context in
            _ = try await FormGuard.form(request, context)
            if let session = context.caller.session { try await platform.store.deleteSession(tokenHash: session.tokenHash) }
            return Response.seeOther("/sign-in", cookies: [Sessions.cookie("", platform: platform, clear: true)])
        }
        router.get("invitations/:token") { request, context in
            let token = try context.parameters.require("token")
            guard let handle = try await platform.store.invitation(tokenHash: Secret.hash(token), now: platform.now) else { throw Self.unknownInvitation }
            return invitationPage(request, context, handle: handle)
        }
        router.post("invitations/:token") { request, context in
            let token = try context.parameters.require("token")
            let form = try await FormGuard.form(request, context)
            guard let handle = try await platform.store.invitation(tokenHash: Secret.hash(token), now: platform.now) else { throw Self.unknownInvitation }
            let password = form.raw("password") ?? ""
            if let problem = PasswordHasher.problem(password) {
                return invitationPage(request, context, handle: handle, error: problem, status: .badRequest)
            }
            guard password == form.raw("confirm") else {
                return invitationPage(request, context, handle: handle, error: "The two passwords differ; type the same one twice.", status: .badRequest)
            }
            guard try await platform.store.acceptInvitation(tokenHash: Secret.hash(token), passwordHash: platform.passwords.hash(password),
                                                            now: platform.now) != nil else { throw Self.unknownInvitation }
            let (_, cookie) = try await Sessions.start(for: handle, platform: platform)
            return Response.seeOther("/", cookies: [cookie])
        }
    }

    static let unknownInvitation = Problem(.notFound, "This invitation link is unknown, already used or expired: ask people-operations for a new one.")

    private func signInPage(_ request: Request, _ context: ServerContext, next: String?, login: String = "", error: String? = nil,
                            status: HTTPResponse.Status = .ok, retryAfter: Int64? = nil) -> Response {
        let (token, cookie) = FormGuard.token(request, context, platform: platform)
        var values: [String: Any] = ["formToken": token, "login": login, "next": Self.localPath(next) ?? ""]
        if let error { values["error"] = error }
        values["trustedHeader"] = platform.options.trustedHeader != nil
        var response = pages.page("sign-in", title: "Sign in", context: context, platform: platform, values: values, status: status)
        if let cookie { response.setCookie(cookie) }
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }

    private func signIn(_ request: Request, _ context: ServerContext) async throws -> Response {
        let form = try await FormGuard.form(request, context)
        let login = form["login"] ?? "", password = form.raw("password") ?? ""
        let next = form["next"], now = platform.now
        let directory = try await platform.directory(nil)
        let person = directory.person(login) ?? directory.people.first { $0.email?.lowercased() == login.lowercased() && !login.isEmpty }
        let accountKey = "account:" + (person?.handle ?? login.lowercased()), addressKey = "address:" + context.address
        let accountWait = await platform.accountFailures.retryAfter(accountKey, now: now)
        let addressWait = await platform.addressFailures.retryAfter(addressKey, now: now)
        if let wait = accountWait ?? addressWait {
            return signInPage(request, context, next: next, login: login, error: "Too many failed attempts: try again in \(Self.minutes(wait)).",
                              status: .tooManyRequests, retryAfter: wait)
        }
        let account = try await person.asyncMap { try await platform.store.account($0.handle) } ?? nil
        // The hash is checked even without an account, so a wrong handle fails as slowly as a wrong password.
        let matches = platform.passwords.verify(password, hash: account?.passwordHash ?? platform.decoyHash)
        guard let person, let account, account.passwordHash != nil, !account.deactivated, matches else {
            await platform.accountFailures.count(accountKey, now: now)
            await platform.addressFailures.count(addressKey, now: now)
            return signInPage(request, context, next: next, login: login,
                              error: "That handle or email and password do not match an active account.", status: .unauthorized)
        }
        await platform.accountFailures.reset(accountKey)
        let (_, cookie) = try await Sessions.start(for: person.handle, platform: platform)
        return Response.seeOther(Self.localPath(next) ?? "/", cookies: [cookie])
    }

    private func invitationPage(_ request: Request, _ context: ServerContext, handle: String, error: String? = nil,
                                status: HTTPResponse.Status = .ok) -> Response {
        let (token, cookie) = FormGuard.token(request, context, platform: platform)
        var values: [String: Any] = ["formToken": token, "handle": handle, "minimum": PasswordHasher.minimumLength]
        if let error { values["error"] = error }
        var response = pages.page("invitation", title: "Choose your password", context: context, platform: platform, values: values, status: status)
        if let cookie { response.setCookie(cookie) }
        return response
    }

    /// `path` when it is a path on this server (never another site's address).
    static func localPath(_ path: String?) -> String? {
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\") else { return nil }
        return path
    }

    static func minutes(_ seconds: Int64) -> String {
        let minutes = (seconds + 59) / 60
        return minutes == 1 ? "a minute" : "\(minutes) minutes"
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
