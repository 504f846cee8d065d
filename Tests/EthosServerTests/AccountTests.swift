@testable import EthosServer
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing

/// Signing in and out, invitations, sessions, deactivation and the limits on guessing.
@Suite("Accounts and sessions")
struct AccountTests {
    @Test("Signing in sets an HttpOnly, SameSite=Lax session cookie; signing out ends the session", arguments: ServerBackend.allCases)
    func signInAndOut(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        try await fixture.test { client in
            var browser = Browser()
            let page = try await browser.get(client, "/sign-in")
            let cookie = page.headers[values: .setCookie].first { $0.hasPrefix("ethos_form=") } ?? ""
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            let response = try await browser.post(client, "/sign-in", [("_csrf", Browser.formToken(page.text) ?? ""), ("login", "omar@example.com"),
                                                                       ("password", "password-omar")])
            #expect(response.status == .seeOther)
            let session = response.headers[values: .setCookie].first { $0.hasPrefix("ethos_session=") } ?? ""
            #expect(session.contains("HttpOnly") && session.contains("SameSite=Lax") && session.contains("Path=/"))
            #expect(!session.contains("Secure"), "not Secure over plain HTTP on loopback")
            let home = try await browser.get(client, "/")
            #expect(home.status == .ok && home.text.contains("Hello, Omar Haddad"))
            let token = Browser.formToken(home.text) ?? ""
            #expect(try await browser.post(client, "/sign-out", [("_csrf", token)]).status == .seeOther)
            #expect(try await browser.get(client, "/").status == .seeOther, "signed out: back to the sign-in page")
        }
    }

    @Test("Behind HTTPS the session cookie is Secure", arguments: ServerBackend.allCases)
    func secureCookie(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend, options: ServerOptions(behindHTTPS: true))
        try await fixture.test { client in
            var browser = Browser()
            let page = try await browser.get(client, "/sign-in")
            let response = try await browser.post(client, "/sign-in", [("_csrf", Browser.formToken(page.text) ?? ""), ("login", "omar"),
                                                                       ("password", "password-omar")])
            #expect(response.headers[values: .setCookie].contains { $0.hasPrefix("ethos_session=") && $0.contains("Secure") })
        }
    }

    @Test("A wrong password and an unknown handle fail alike, and the page does not echo the password", arguments: ServerBackend.allCases)
    func wrongPassword(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        try await fixture.test { client in
            var browser = Browser()
            let page = try await browser.get(client, "/sign-in")
            let token = Browser.formToken(page.text) ?? ""
            let wrong = try await browser.post(client, "/sign-in", [("_csrf", token), ("login", "omar"), ("password", "not-his-password")])
            let unknown = try await browser.post(client, "/sign-in", [("_csrf", token), ("login", "nobody"), ("password", "not-his-password")])
            #expect(wrong.status == .unauthorized && unknown.status == .unauthorized)
            let message = "That handle or email and password do not match an active account."
            #expect(wrong.text.contains(message) && unknown.text.contains(message))
            #expect(!wrong.text.contains("not-his-password"), "the page does not echo the password")
        }
    }

    @Test("A sign-in form without its token is refused", arguments: ServerBackend.allCases)
    func signInCSRF(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        try await fixture.test { client in
            var browser = Browser()
            _ = try await browser.get(client, "/sign-in")
            let forged = try await browser.post(client, "/sign-in", [("_csrf", "forged"), ("login", "omar"), ("password", "password-omar")])
            #expect(forged.status == .forbidden)
            var stranger = Browser()  // no form cookie at all: a cross-site form
            #expect(try await stranger.post(client, "/sign-in", [("login", "omar"), ("password", "password-omar")]).status == .forbidden)
        }
    }

    @Test("Five failures lock an account for a while, even for the right password, with Retry-After", arguments: ServerBackend.allCases)
    func rateLimit(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        try await fixture.test { client in
            var browser = Browser()
            let token = Browser.formToken(try await browser.get(client, "/sign-in").text) ?? ""
            for _ in 0..<5 {
                _ = try await browser.post(client, "/sign-in", [("_csrf", token), ("login", "ravi"), ("password", "guess-guess-guess")])
            }
            let locked = try await browser.post(client, "/sign-in", [("_csrf", token), ("login", "ravi"), ("password", "password-ravi")])
            #expect(locked.status == .tooManyRequests)
            #expect(Int(locked.headers[.retryAfter] ?? "") ?? 0 > 0)
            // Another account from the same address is not locked by Ravi's failures.
            let other = try await browser.post(client, "/sign-in", [("_csrf", token), ("login", "zoe"), ("password", "password-zoe")])
            #expect(other.status == .seeOther)
        }
    }

    @Test("An invitation sets a password once; a short one is refused; the link then stops working", arguments: ServerBackend.allCases)
    func invitation(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        let link = try await Accounts.invite("iris", store: fixture.store, base: "http://127.0.0.1:8080", now: ServerFixture.now)
        let path = String(link.dropFirst("http://127.0.0.1:8080".count))
        try await fixture.test { client in
            var browser = Browser()
            let page = try await browser.get(client, path)
            #expect(page.status == .ok && page.text.contains("Welcome, iris"))
            let token = Browser.formToken(page.text) ?? ""
            let short = try await browser.post(client, path, [("_csrf", token), ("password", "short"), ("confirm", "short")])
            #expect(short.status == .badRequest && short.text.contains("at least 10 characters"))
            let differ = try await browser.post(client, path, [("_csrf", token), ("password", "a-long-password"), ("confirm", "another-one")])
            #expect(differ.status == .badRequest)
            let set = try await browser.post(client, path, [("_csrf", token), ("password", "iris-new-password"), ("confirm", "iris-new-password")])
            #expect(set.status == .seeOther)
            #expect(try await browser.get(client, "/").text.contains("Hello, Iris Novak"))
            var later = Browser()
            #expect(try await later.get(client, path).status == .notFound, "used once")
            var again = Browser()
            #expect(try await again.signIn(client, "iris", password: "iris-new-password").isEmpty == false)
        }
    }

    @Test("A deactivated person cannot sign in and their sessions end; their records stay", arguments: ServerBackend.allCases)
    func deactivation(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        let id = try await fixture.record(from: "ravi", to: "omar", text: "Ravi documented the deploy and shared it.")
        try await fixture.test { client in
            var ravi = Browser()
            try await ravi.signIn(client, "ravi")
            var maria = Browser()
            let token = try await maria.signIn(client, "maria")
            #expect(try await maria.post(client, "/people/ravi/deactivate", [("_csrf", token)]).status == .seeOther)
            #expect(try await ravi.get(client, "/").status == .seeOther, "the session ended")
            var again = Browser()
            let page = try await again.get(client, "/sign-in")
            let refused = try await again.post(client, "/sign-in", [("_csrf", Browser.formToken(page.text) ?? ""), ("login", "ravi"),
                                                                    ("password", "password-ravi")])
            #expect(refused.status == .unauthorized)
            #expect(try await fixture.store.record(id: id) != nil)
        }
    }

    @Test("A session expires when unused for its lifetime", arguments: ServerBackend.allCases)
    func expiry(backend: ServerBackend) async throws {
        let clock = Clock(ServerFixture.now)
        let fixture = try await ServerFixture(backend: backend, options: ServerOptions(sessionLifetime: 3_600), clock: { clock.now })
        try await fixture.test { client in
            var browser = Browser()
            try await browser.signIn(client, "omar")
            clock.advance(3_000)
            #expect(try await browser.get(client, "/").status == .ok)
            clock.advance(3_000)  // used 50 minutes before: still within the hour it was extended by
            #expect(try await browser.get(client, "/").status == .ok)
            clock.advance(3_700)
            #expect(try await browser.get(client, "/").status == .seeOther)
        }
    }

    @Test("Only local paths are followed after signing in")
    func openRedirect() {
        #expect(AccountPages.localPath("/reports/me") == "/reports/me")
        #expect(AccountPages.localPath("//evil.example.com") == nil)
        #expect(AccountPages.localPath("https://evil.example.com") == nil)
        #expect(AccountPages.localPath("/\\evil.example.com") == nil)
    }
}

/// A clock a test moves.
final class Clock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int64

    init(_ value: Int64) { self.value = value }

    var now: Int64 { lock.withLock { value } }

    func advance(_ seconds: Int64) { lock.withLock { value += seconds } }
}
