@testable import EthosServer
import EthosCore
import EthosReports
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing

/// Attacks on what the server shows: an anonymous author through any page or call, for any
/// viewer; a record one may not read, told apart from one that does not exist; figures about
/// fewer than k people.
@Suite("Privacy on the server")
struct PrivacyAttackTests {
    @Test("Who wrote an anonymous record changes nothing any viewer sees, on any page or API answer, admins included",
          arguments: ServerBackend.allCases)
    func anonymousAuthor(backend: ServerBackend) async throws {
        // The same organisation twice, the anonymous record written by Iris in one and by Ravi
        // in the other: were the author recoverable, some answer would differ.
        var seen: [[String: String]] = []
        for author in ["iris", "ravi"] {
            let fixture = try await ServerFixture(backend: backend)
            try await fixture.record(from: "omar", to: "ravi", text: "Omar shared the runbook with the team.")
            try await fixture.record(from: "lena", to: "iris", text: "Lena documented the deploy for everyone.")
            let id = try await fixture.record(from: author, to: "omar", text: "Omar took on the on-call rota and learned it fast.",
                                              visibility: .public, anonymous: true)
            let token = try await Accounts.createToken(name: "reader", scopes: Accounts.scopes, store: fixture.store, now: ServerFixture.now)
            let answers = try await fixture.test { client in
                var answers: [String: String] = [:]
                for viewer in ["omar", "lena", "maria", "zoe"] {
                    var browser = Browser()
                    try await browser.signIn(client, viewer)
                    var paths = ["/", "/records/\(id)", "/reports/me", "/api/v1/records", "/api/v1/records/\(id)",
                                 "/api/v1/records/\(id)/explanation", "/api/v1/records?to=omar", "/api/v1/records?from=\(author)",
                                 "/api/v1/reports?scope=person"]
                    if viewer == "lena" || viewer == "maria" { paths += ["/reports/team/platform", "/api/v1/reports?scope=team&team=platform"] }
                    if viewer == "maria" { paths += ["/reports/organisation", "/api/v1/reports"] }
                    for path in paths {
                        let text = try await browser.get(client, path).text
                        answers["\(viewer) \(path.replacingOccurrences(of: id, with: "ID").replacingOccurrences(of: author, with: "AUTHOR"))"] =
                            Self.normalised(text, id: id)
                    }
                    #expect(answers["\(viewer) /records/ID"]?.contains("Anonymous") == true, "\(viewer) sees the record, its author hidden")
                }
                for path in ["/api/v1/records?from=\(author)", "/api/v1/records/\(id)", "/api/v1/reports"] {
                    let answer = try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer \(token)"])
                    answers["token \(path.replacingOccurrences(of: id, with: "ID").replacingOccurrences(of: author, with: "AUTHOR"))"] =
                        Self.normalised(answer.text, id: id)
                }
                return answers
            }
            #expect(answers["token /api/v1/records?from=AUTHOR"] == "{\"records\":[]}", "the author filter never matches an anonymous record")
            seen.append(answers)
        }
        #expect(seen[0].keys.sorted() == seen[1].keys.sorted())
        for key in seen[0].keys.sorted() {
            #expect(seen[0][key] == seen[1][key], "\(key) differs with the anonymous author")
        }
    }

    /// An answer with what differs between runs for reasons other than the author removed: the
    /// record's id (random), and form tokens.
    static func normalised(_ text: String, id: String) -> String {
        text.replacingOccurrences(of: id, with: "ID")
            .replacingOccurrences(of: #"(value|content)="[A-Za-z0-9_-]{43}""#, with: "$1=\"TOKEN\"", options: .regularExpression)
    }

    @Test("A record one may not read answers exactly as one that does not exist, on pages and in the API", arguments: ServerBackend.allCases)
    func notFoundAlike(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        let hidden = try await fixture.record(from: "ravi", to: "omar", text: "A note only Ravi reads.", visibility: .private)
        let forManagers = try await fixture.record(from: "ravi", to: "omar", text: "For Omar's managers.", visibility: .manager)
        try await fixture.test { client in
            var omar = Browser(), lena = Browser()
            try await omar.signIn(client, "omar")
            try await lena.signIn(client, "lena")
            for id in [hidden, forManagers] {
                let page = try await omar.get(client, "/records/\(id)"), missing = try await omar.get(client, "/records/r-0000000000000000")
                #expect(page.status == .notFound && page.text == missing.text)
                let api = try await omar.get(client, "/api/v1/records/\(id)"), absent = try await omar.get(client, "/api/v1/records/r-0000000000000000")
                #expect(api.status == .notFound)
                #expect(api.text.replacingOccurrences(of: id, with: "ID") == absent.text.replacingOccurrences(of: "r-0000000000000000", with: "ID"))
            }
            #expect(try await lena.get(client, "/records/\(forManagers)").status == .ok, "Omar's manager reads it")
            #expect(try await lena.get(client, "/records/\(hidden)").status == .notFound, "private: the author only, managers and admins too")
            let home = try await omar.get(client, "/")
            #expect(!home.text.contains("A note only Ravi reads.") && !home.text.contains("For Omar's managers."))
            let listing = try await omar.get(client, "/api/v1/records")
            #expect(listing.text == "{\"records\":[]}", "nothing hints at records one may not read")
        }
    }

    @Test("A report page shows the figures `ethos report` makes, suppressed below k alike", arguments: ServerBackend.allCases)
    func samePrivacyAsTheCommandLine(backend: ServerBackend) async throws {
        let fixture = try await ServerFixture(backend: backend)
        for (from, to) in [("omar", "ravi"), ("ravi", "iris"), ("iris", "omar"), ("lena", "omar"), ("zoe", "maria")] {
            try await fixture.record(from: from, to: to, text: "\(from) documented the deploy and shared it with the team.")
        }
        try await fixture.test { client in
            var maria = Browser()
            try await maria.signIn(client, "maria")
            let answer = try await maria.get(client, "/api/v1/reports?scope=team&team=design&period=2026-11")
            #expect(answer.status == .ok)
            let report = try await fixture.platform.report(.team("design"), period: try #require(ReportPeriod.calendar("2026-11")), viewer: "maria")
            #expect(answer.text == (try ReportRenderer.json(report)))
            #expect(report.principles.allSatisfy { $0.evidenced.suppressed }, "one person in design: under k = 3, nothing shown")
        }
    }
}
