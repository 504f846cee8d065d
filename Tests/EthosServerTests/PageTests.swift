@testable import EthosServer
import EthosCore
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing

/// The pages: giving feedback with field-level errors, logging mentoring, requests for
/// feedback, roles, escaping, and health.
@Suite("Pages")
struct PageTests {
    @Test("Giving feedback stores it as the signed-in author, scored, and shows its verdicts", arguments: ServerBackend.allCases)
    func giveFeedback(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        try await fixture.test { client in
            var browser = Browser()
            let token = try await browser.signIn(client, "omar")
            let form = try await browser.get(client, "/feedback/new")
            #expect(form.status == .ok && form.text.contains("<datalist id=\"people\">"))
            let response = try await browser.post(client, "/feedback", [("_csrf", token), ("to", "Ravi Rao (ravi)"),
                ("text", "Ravi documented the deploy and shared the runbook with the whole community."), ("visibility", "public"),
                ("principle", "community-contribution")])
            #expect(response.status == .ok && response.text.contains("Recorded"))
            #expect(response.text.contains("Aligned"))
            let stored = try await fixture.store.records(RecordFilter(to: "ravi"))
            #expect(stored.count == 1 && stored.first?.author == "omar" && stored.first?.visibility == .public)
            #expect(stored.first?.principles == ["community-contribution"])
        }
    }

    @Test("Feedback about oneself, to an unknown person or with no text is refused at its field, nothing stored", arguments: ServerBackend.allCases)
    func refusals(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        try await fixture.test { client in
            var browser = Browser()
            let token = try await browser.signIn(client, "omar")
            let selfFeedback = try await browser.post(client, "/feedback", [("_csrf", token), ("to", "omar"), ("text", "I did well.")])
            #expect(selfFeedback.status == .badRequest && selfFeedback.text.contains("id=\"to-error\""))
            #expect(selfFeedback.text.contains("not yourself"))
            #expect(selfFeedback.text.contains("I did well."), "what was typed is kept")
            let unknown = try await browser.post(client, "/feedback", [("_csrf", token), ("to", "ravy"), ("text", "Thanks.")])
            #expect(unknown.status == .badRequest)
            #expect(unknown.text.contains("Did you mean"))
            let empty = try await browser.post(client, "/feedback", [("_csrf", token), ("to", "ravi"), ("text", "   ")])
            #expect(empty.status == .badRequest && empty.text.contains("id=\"text-error\""))
            let both = try await browser.post(client, "/feedback", [("_csrf", token), ("to", ""), ("text", "")])
            #expect(both.text.contains("id=\"to-error\"") && both.text.contains("id=\"text-error\""), "every field's problem at once")
            #expect(try await fixture.store.count() == 0)
        }
    }

    @Test("A form without its session's token is refused, and so is another session's", arguments: ServerBackend.allCases)
    func csrf(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        try await fixture.test { client in
            var omar = Browser(), ravi = Browser()
            _ = try await omar.signIn(client, "omar")
            let raviToken = try await ravi.signIn(client, "ravi")
            #expect(try await omar.post(client, "/feedback", [("to", "ravi"), ("text", "Forged.")]).status == .forbidden)
            #expect(try await omar.post(client, "/feedback", [("_csrf", raviToken), ("to", "ravi"), ("text", "Forged.")]).status == .forbidden)
            #expect(try await fixture.store.count() == 0)
        }
    }

    @Test("Logging mentoring as mentor or mentee; minutes are required", arguments: ServerBackend.allCases)
    func mentoring(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        try await fixture.test { client in
            var browser = Browser()
            let token = try await browser.signIn(client, "omar")
            let missing = try await browser.post(client, "/mentoring", [("_csrf", token), ("role", "mentee"), ("with", "lena"), ("notes", "Design review.")])
            #expect(missing.status == .badRequest && missing.text.contains("id=\"minutes-error\""))
            let logged = try await browser.post(client, "/mentoring", [("_csrf", token), ("role", "mentee"), ("with", "lena"), ("minutes", "45"),
                                                                      ("notes", "Lena taught me how to review a design."), ("topics", "design, reviews")])
            #expect(logged.status == .ok)
            let stored = try await fixture.store.records(RecordFilter(kind: .mentoring))
            #expect(stored.first?.author == "lena" && stored.first?.subject == "omar" && stored.first?.minutes == 45)
            #expect(stored.first?.tags == ["design", "reviews"])
        }
    }

    @Test("A request for feedback shows on the responder's home page until answered; declining closes it", arguments: ServerBackend.allCases)
    func requests(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        try await fixture.test { client in
            var omar = Browser(), ravi = Browser(), lena = Browser()
            let omarToken = try await omar.signIn(client, "omar")
            #expect(try await omar.post(client, "/requests", [("_csrf", omarToken), ("responder", "ravi"), ("message", "How was my demo?")]).status == .seeOther)
            let refused = try await omar.post(client, "/requests", [("_csrf", omarToken), ("responder", "ravi"), ("subject", "iris")])
            #expect(refused.status == .badRequest, "Omar manages no one")
            let raviToken = try await ravi.signIn(client, "ravi")
            let home = try await ravi.get(client, "/")
            #expect(home.text.contains("Asked of you") && home.text.contains("How was my demo?"))
            let asked = try await fixture.store.openRequests(involving: "ravi")
            let id = try #require(asked.first?.id)
            let form = try await ravi.get(client, "/feedback/new?request=\(id)")
            #expect(form.text.contains("value=\"omar\""), "the form is filled in for the request")
            let answered = try await ravi.post(client, "/feedback", [("_csrf", raviToken), ("to", "omar"), ("request", id),
                                                                    ("text", "Omar's demo shared what he learned with everyone.")])
            #expect(answered.status == .ok)
            #expect(try await fixture.store.openRequests(involving: "ravi").isEmpty)
            #expect(try await fixture.store.request(id: id)?.status == .answered)
            // A manager asks about one of their reports; the responder declines.
            let lenaToken = try await lena.signIn(client, "lena")
            #expect(try await lena.post(client, "/requests", [("_csrf", lenaToken), ("responder", "zoe"), ("subject", "iris")]).status == .seeOther)
            var zoe = Browser()
            let zoeToken = try await zoe.signIn(client, "zoe")
            let second = try #require(try await fixture.store.openRequests(involving: "zoe").first)
            #expect(second.subject == "iris")
            #expect(try await zoe.post(client, "/requests/\(second.id)/decline", [("_csrf", zoeToken)]).status == .seeOther)
            #expect(try await fixture.store.request(id: second.id)?.status == .declined)
        }
    }

    @Test("Roles: managers open their teams' reports, people-operations the organisation's, employees neither", arguments: ServerBackend.allCases)
    func roles(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        for (from, to) in [("omar", "ravi"), ("ravi", "iris"), ("iris", "omar"), ("lena", "omar")] {
            try await fixture.record(from: from, to: to, text: "\(from) shared the runbook with the team and documented it.")
        }
        try await fixture.test { client in
            var omar = Browser(), lena = Browser(), maria = Browser()
            try await omar.signIn(client, "omar")
            try await lena.signIn(client, "lena")
            try await maria.signIn(client, "maria")
            #expect(try await omar.get(client, "/reports/organisation").status == .forbidden)
            #expect(try await omar.get(client, "/reports/team/platform").status == .forbidden)
            #expect(try await omar.get(client, "/reports/me").status == .ok)
            #expect(try await lena.get(client, "/reports/team/platform?period=2026-Q4").status == .ok)
            #expect(try await lena.get(client, "/reports/team/design").status == .forbidden)
            #expect(try await lena.get(client, "/reports/organisation").status == .forbidden)
            let organisation = try await maria.get(client, "/reports/organisation?period=2026-11")
            #expect(organisation.status == .ok && organisation.text.contains("<nav class=\"ethos-nav\""))
            #expect(try await maria.get(client, "/reports/team/design").status == .ok)
            #expect(try await maria.get(client, "/reports/me?period=2026-Q9").status == .badRequest)
            #expect(try await omar.get(client, "/people").status == .forbidden)
            #expect(try await maria.get(client, "/people").status == .ok)
            // And the navigation offers each only what they may open, the page they are on marked
            let employee = try await omar.get(client, "/principles").text
            #expect(employee.contains(#"<li><a href="/principles" aria-current="page">Principles</a></li>"#))
            #expect(employee.contains(#"<li><a href="/">Home</a></li>"#))
            #expect(!employee.contains("/reports/teams") && !employee.contains("/people"))
            #expect(try await lena.get(client, "/").text.contains(#"<a href="/reports/teams">Team reports</a>"#))
            #expect(!(try await lena.get(client, "/").text.contains(#"href="/people""#)))
            #expect(organisation.text.contains(#"<li><a href="/reports/organisation" aria-current="page">Organisation</a></li>"#))
            #expect(organisation.text.contains(#"<li><a href="/people">People</a></li>"#))
        }
    }

    @Test("People-operations import the directory from CSV, every problem located, nothing half-stored", arguments: ServerBackend.allCases)
    func peopleImport(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        try await fixture.test { client in
            var maria = Browser()
            let token = try await maria.signIn(client, "maria")
            let bad = try await maria.post(client, "/people/import", [("_csrf", token), ("csv", "handle,team,manager\nnia,platform,nobody\nbo,design,\n")])
            #expect(bad.status == .badRequest && bad.text.contains("people.csv:2"))
            #expect(try await fixture.store.person("bo") == nil)
            let good = try await maria.post(client, "/people/import", [("_csrf", token), ("csv", "handle,team,manager\nnia,platform,lena\n")])
            #expect(good.status == .seeOther)
            #expect(try await maria.get(client, "/people?imported=1").text.contains("Imported 1 person."))
            #expect(try await fixture.store.person("nia")?.manager == "lena")
            let invited = try await maria.post(client, "/people/nia/invite", [("_csrf", token)])
            #expect(invited.text.contains("/invitations/"))
            // Only fixed sentences: a crafted link cannot make the page say something else.
            #expect(try await maria.get(client, "/people?deactivated=Click+evil.example.com").text.contains("evil") == false)
        }
    }

    @Test("What people wrote is escaped on every page", arguments: ServerBackend.allCases)
    func escaping(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        try await fixture.record(from: "ravi", to: "omar", text: "<script>alert(1)</script> & \"quotes\"")
        try await fixture.test { client in
            var omar = Browser()
            try await omar.signIn(client, "omar")
            let home = try await omar.get(client, "/")
            #expect(!home.text.contains("<script>alert(1)</script>"))
            #expect(home.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(home.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
            #expect(home.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
        }
    }

    @Test("The escaping the templates use")
    func htmlEscape() {
        #expect(HTML.escape(#"<a href="x">Tom & Jerry's</a> — é"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; — é")
        #expect(HTML.escape("plain text, café") == "plain text, café")
    }

    @Test("Health, readiness and metrics answer without signing in; unknown pages are 404 pages", arguments: ServerBackend.allCases)
    func health(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        try await fixture.test { client in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.text.contains("ethos_http_requests_total"))
            let missing = try await client.execute(uri: "/no-such-page", method: .get)
            #expect(missing.status == .notFound && missing.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(try await client.execute(uri: "/assets/ethos.css", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/principles", method: .get).status == .seeOther, "principles need a sign-in")
        }
    }

    @Test("Every page template renders", arguments: ServerBackend.allCases)
    func templates(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        try await fixture.record(from: "ravi", to: "omar", text: "Ravi mentored Omar and shared the runbook.")
        try await fixture.test { client in
            var maria = Browser()
            try await maria.signIn(client, "maria")
            for path in ["/", "/feedback/new", "/mentoring/new", "/requests/new", "/principles", "/reports/teams", "/people", "/reports/me"] {
                let page = try await maria.get(client, path)
                #expect(page.status == .ok, "\(path)")
                #expect(page.text.contains("</html>"), "\(path)")
            }
        }
    }
}
