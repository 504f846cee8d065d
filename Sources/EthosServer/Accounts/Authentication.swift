internal import EthosCore
internal import EthosRecording
internal import Foundation
internal import Hummingbird
internal import HTTPTypes

/// Finds who is calling: an API token (`Authorization: Bearer …`), a session cookie, or — when
/// the server trusts a single-sign-on proxy — the proxy's header, accepted only from the
/// proxy's addresses. A session lasts while it is used.
struct Authentication: RouterMiddleware {
    let platform: Platform

    static let sessionCookie = "ethos_session"

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        var context = context
        if let authorization = request.headers[.authorization] {
            let token = authorization.hasPrefix("Bearer ") ? String(authorization.dropFirst("Bearer ".count)) : ""
            guard !token.isEmpty, let found = try await platform.store.token(hash: Secret.hash(token)) else {
                throw Problem(.unauthorized, "The API token is unknown or revoked; 'ethos tokens create' makes one.")
            }
            context.caller = .token(found)
            return try await next(request, context)
        }
        let now = platform.now
        if let cookie = request.cookies[Self.sessionCookie], let session = try await platform.store.session(tokenHash: Secret.hash(cookie.value), now: now),
           let viewer = try await platform.viewer(session.handle, directoryRevision: session.revisions?.directory) {
            context.caller = .person(viewer, session)
            // Moved at most every ten minutes, so reading pages does not write on every request.
            if session.expires - now < platform.options.sessionLifetime - 600 {
                try await platform.store.extendSession(tokenHash: session.tokenHash, expires: now + platform.options.sessionLifetime)
            }
        }
        guard let header = platform.options.trustedHeader, let value = request.headers[HTTPField.Name(header)!] else {
            return try await next(request, context)
        }
        guard platform.options.trustedProxies.contains(where: { $0.contains(context.address) }) else {
            context.logger.warning("Refused the sign-in header from an address that is not a trusted proxy", metadata: ["address": "\(context.address)"])
            throw Problem.forbidden("The '\(header)' header is accepted only from the trusted proxy.")
        }
        if let viewer = context.caller.viewer, Self.identifies(value, viewer.person) { return try await next(request, context) }
        let wanted = value.lowercased()
        guard let person = try await platform.directory(nil).people.first(where: { Self.identifies(wanted, $0) }),
              try await platform.store.account(person.handle)?.deactivated != true,
              let viewer = try await platform.viewer(person.handle) else {
            throw Problem.forbidden("No active person in the directory has the email the sign-in proxy sent.")
        }
        let (session, cookie) = try await Sessions.start(for: person.handle, platform: platform)
        context.caller = .person(viewer, session)
        var response = try await next(request, context)
        response.setCookie(cookie)
        return response
    }

    /// Whether the proxy's `value` (an email, or a handle) names `person`.
    static func identifies(_ value: String, _ person: Person) -> Bool {
        person.email?.lowercased() == value.lowercased() || person.handle == value
    }
}

/// Starting and ending sessions.
enum Sessions {
    /// A new session for `handle`, and the cookie that carries it.
    static func start(for handle: String, platform: Platform) async throws -> (SessionRecord, Cookie) {
        let token = Secret.token()
        let session = SessionRecord(tokenHash: Secret.hash(token), handle: handle, csrfToken: Secret.token(),
                                    expires: platform.now + platform.options.sessionLifetime)
        try await platform.store.createSession(session)
        return (session, cookie(token, platform: platform))
    }

    /// The session cookie: HttpOnly, SameSite=Lax, and Secure when people reach the server over HTTPS.
    static func cookie(_ value: String, platform: Platform, clear: Bool = false) -> Cookie {
        Cookie(name: Authentication.sessionCookie, value: value, maxAge: clear ? 0 : nil, path: "/", secure: platform.options.behindHTTPS,
               httpOnly: true, sameSite: .lax)
    }
}
