@testable import EthosServer
import EthosCore
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing

/// The JSON API: tokens and scopes, records, pagination, problem details and limits.
@Suite("HTTP API")
struct APITests {
    func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

    @Test("A token with feedback:write records feedback on behalf of its author: 201, Location, verdicts", arguments: ServerBackend.allCases)
    func createRecord(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        let token = try await Accounts.createToken(name: "slack-bot", scopes: ["feedback:write"], store: fixture.store, now: ServerFixture.now)
        try await fixture.test { client in
            let body = #"{"from": "omar", "to": "ravi", "text": "Ravi documented the deploy and shared it with everyone.", "visibility": "public"}"#
            let created = try await client.execute(uri: "/api/v1/records", method: .post, headers: bearer(token), body: ByteBuffer(string: body))
            #expect(created.status == .created)
            let record = try #require(try created.json() as? [String: Any])
            #expect(record["from"] as? String == "omar" && record["to"] as? String == "ravi")
            #expect(created.headers[.location] == "/api/v1/records/\(record["id"] as? String ?? "")")
            #expect((record["verdicts"] as? [[String: Any]])?.contains { $0["verdict"] as? String == "aligned" } == true)
            let again = try await client.execute(uri: "/api/v1/records", method: .post, headers: bearer(token), body: ByteBuffer(string: body))
            #expect(again.status == .conflict, "the same record twice is stored once")
            // Its scope does not read records.
            #expect(try await client.execute(uri: "/api/v1/records", method: .get, headers: bearer(token)).status == .forbidden)
        }
    }

    @Test("Malformed input is a 400 naming the field, as problem details", arguments: ServerBackend.allCases)
    func badInput(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        let token = try await Accounts.createToken(name: "bot", scopes: ["feedback:write"], store: fixture.store, now: ServerFixture.now)
        try await fixture.test { client in
            func post(_ body: String) async throws -> (status: HTTPResponse.Status, problem: [String: Any]) {
                let answer = try await client.execute(uri: "/api/v1/records", method: .post, headers: bearer(token), body: ByteBuffer(string: body))
                #expect(answer.headers[.contentType] == "application/problem+json")
                return (answer.status, try answer.json() as? [String: Any] ?? [:])
            }
            for (body, field) in [(#"{"from": "omar", "text": "Hi"}"#, "to"), (#"{"from": "omar", "to": 5, "text": "Hi"}"#, "to"),
                                  (#"{"from": "omar", "to": "omar", "text": "Me."}"#, "to"), (#"{"from": "omar", "to": "ravi", "text": " "}"#, "text"),
                                  (#"{"from": "omar", "to": "ravi", "text": "Hi", "visibility": "everyone"}"#, "visibility"),
                                  (#"{"from": "omar", "to": "ravi", "text": "Hi", "minutes": 30}"#, "minutes"),
                                  (#"{"to": "ravi", "text": "Hi"}"#, "from"), (#"{"from": "omar", "to": "ravi", "text": "Hi", "date": "soon"}"#, "date"),
                                  (#"{"from": "omar", "to": "ravi", "text": "Hi", "principles": ["honesty"]}"#, "principles")] {
                let (status, problem) = try await post(body)
                #expect(status == .badRequest, "\(body)")
                #expect(problem["field"] as? String == field, "\(body): \(problem)")
                #expect(problem["status"] as? Int == 400 && problem["title"] as? String == "Bad Request")
            }
            let (status, problem) = try await post("{not json")
            #expect(status == .badRequest && problem["detail"] as? String != nil)
            #expect(try await fixture.store.count() == 0)
        }
    }

    @Test("Without a token 401; with an unknown or revoked one 401; a body over 1 MiB 413", arguments: ServerBackend.allCases)
    func authentication(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        let token = try await Accounts.createToken(name: "bot", scopes: ["score"], store: fixture.store, now: ServerFixture.now)
        try await fixture.test { client in
            #expect(try await client.execute(uri: "/api/v1/records", method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/v1/records", method: .get, headers: bearer("ethos_guess")).status == .unauthorized)
            let big = ByteBuffer(string: "{\"text\": \"" + String(repeating: "a", count: 1_100_000) + "\"}")
            #expect(try await client.execute(uri: "/api/v1/score", method: .post, headers: bearer(token), body: big).status == .contentTooLarge)
            _ = try await fixture.store.revokeToken(named: "bot", now: ServerFixture.now)
            #expect(try await client.execute(uri: "/api/v1/score", method: .post, headers: bearer(token),
                                             body: ByteBuffer(string: #"{"text": "Hi"}"#)).status == .unauthorized)
        }
    }

    @Test("Past its rate a caller gets 429 with Retry-After", arguments: ServerBackend.allCases)
    func rateLimit(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend, apiCallsPerMinute: 3)
        let token = try await Accounts.createToken(name: "bot", scopes: ["people:read"], store: fixture.store, now: ServerFixture.now)
        try await fixture.test { client in
            for _ in 0..<3 { #expect(try await client.execute(uri: "/api/v1/people", method: .get, headers: bearer(token)).status == .ok) }
            let limited = try await client.execute(uri: "/api/v1/people", method: .get, headers: bearer(token))
            #expect(limited.status == .tooManyRequests && Int(limited.headers[.retryAfter] ?? "") ?? 0 > 0)
        }
    }

    @Test("Listing pages with a cursor: every readable record once, newest first", arguments: ServerBackend.allCases)
    func pagination(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        var ids: [String] = []
        for day in 10...16 {
            ids.append(try await fixture.record(from: "omar", to: "ravi", text: "Thanks for day \(day).", date: "2026-11-\(day)"))
            try await fixture.record(from: "ravi", to: "iris", text: "Private note \(day).", visibility: .private, date: "2026-11-\(day)")
        }
        let token = try await Accounts.createToken(name: "reader", scopes: ["records:read"], store: fixture.store, now: ServerFixture.now)
        let expected = Array(ids.reversed())
        try await fixture.test { client in
            var seen: [String] = [], cursor: String?, pages = 0
            repeat {
                let uri = "/api/v1/records?limit=3" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try #require(try await client.execute(uri: uri, method: .get, headers: bearer(token)).json() as? [String: Any])
                seen += (page["records"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                cursor = page["next"] as? String
                pages += 1
            } while cursor != nil && pages < 10
            #expect(seen == expected, "public records only, newest first, none twice")
            #expect(pages == 3)
            let bad = try await client.execute(uri: "/api/v1/records?cursor=nonsense", method: .get, headers: bearer(token))
            #expect(bad.status == .badRequest)
            let unknown = try await client.execute(uri: "/api/v1/records?to=nobody", method: .get, headers: bearer(token))
            let problem = try unknown.json() as? [String: Any]
            #expect(unknown.status == .badRequest && problem?["field"] as? String == "to")
        }
    }

    @Test("Scoring a text stores nothing and gives each verdict's evidence; the live hint's call", arguments: ServerBackend.allCases)
    func score(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        try await fixture.test { client in
            var browser = Browser()
            let token = try await browser.signIn(client, "omar")
            let refused = try await browser.postJSON(client, "/api/v1/score", #"{"text": "She shared the runbook."}"#, token: nil)
            #expect(refused.status == .forbidden, "a session's change needs its form token")
            let answer = try await browser.postJSON(client, "/api/v1/score", #"{"text": "She documented the API and shared it with the community."}"#,
                                                    token: token)
            #expect(answer.status == .ok)
            let result = try #require(try answer.json() as? [String: Any])
            let verdicts = try #require(result["verdicts"] as? [[String: Any]])
            let community = try #require(verdicts.first { $0["principle"] as? String == "community-contribution" })
            #expect(community["verdict"] as? String == "aligned")
            #expect((community["evidence"] as? [[String: Any]])?.contains { $0["sentence"] as? String != nil } == true)
            #expect(try await fixture.store.count() == 0)
        }
    }

    @Test("A session records as its person and asks for feedback through the API", arguments: ServerBackend.allCases)
    func sessionCalls(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        try await fixture.test { client in
            var browser = Browser()
            let token = try await browser.signIn(client, "omar")
            let impostor = try await browser.postJSON(client, "/api/v1/records", #"{"from": "ravi", "to": "iris", "text": "Hi"}"#, token: token)
            #expect(impostor.status == .badRequest, "a person records only as themselves")
            let created = try await browser.postJSON(client, "/api/v1/records", #"{"to": "iris", "text": "Iris paired with me on the flaky test."}"#, token: token)
            #expect(created.status == .created)
            let asked = try await browser.postJSON(client, "/api/v1/requests", #"{"responder": "ravi", "message": "My demo?"}"#, token: token)
            #expect(asked.status == .created)
            let listed = try #require(try await browser.get(client, "/api/v1/requests").json() as? [[String: Any]])
            #expect(listed.count == 1 && listed.first?["responder"] as? String == "ravi")
        }
    }
}
