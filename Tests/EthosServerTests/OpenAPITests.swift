@testable import EthosServer
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing

/// The OpenAPI document and the router cannot drift: every operation the document describes
/// is a route, and every route under /api/v1 is in the document.
@Suite("OpenAPI document")
struct OpenAPITests {
    @Test("The document's operations are exactly the API's routes")
    func sameOperations() async throws {
        let fixture = try await ServerFixture()
        let routes = Set(fixture.server.router().routes.map { "\($0.method.rawValue) \($0.path)" }.filter { $0.contains(" /api/v1/") })
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.text.utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var described: Set<String> = []
        for (path, operations) in paths {
            for method in operations.keys { described.insert("\(method.uppercased()) \(path)") }
        }
        #expect(described == routes, "only in the document: \(described.subtracting(routes)); only routes: \(routes.subtracting(described))")
        #expect(document["openapi"] as? String == "3.1.0")
    }

    @Test("The server serves the document at /api/v1/openapi.json")
    func served() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let answer = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            #expect(answer.status == .ok && answer.text == OpenAPIDocument.text)
        }
    }
}

/// Single sign-on through a trusted proxy's header, over a real socket so the proxy's address is real.
@Suite("Trusted proxy sign-in")
struct TrustedProxyTests {
    @Test("The header signs a person in from a trusted address, and is refused from any other")
    func trustedHeader() async throws {
        for (range, trusted) in [("127.0.0.1/32", true), ("10.0.0.0/8", false)] {
            let fixture = try await ServerFixture(options: ServerOptions(trustedHeader: "X-Forwarded-Email",
                                                                         trustedProxies: [try #require(AddressRange(range))]))
            try await ServerFixture.application(fixture.server.router()).test(.live) { client in
                let answer = try await client.execute(uri: "/", method: .get, headers: [HTTPField.Name("X-Forwarded-Email")!: "Omar@Example.com"])
                if trusted {
                    #expect(answer.status == .ok && answer.text.contains("Hello, Omar Haddad"))
                    #expect(answer.headers[values: .setCookie].contains { $0.hasPrefix("ethos_session=") })
                } else {
                    #expect(answer.status == .forbidden)
                }
                let unknown = try await client.execute(uri: "/", method: .get, headers: [HTTPField.Name("X-Forwarded-Email")!: "nobody@example.com"])
                #expect(unknown.status == .forbidden)
            }
        }
    }

    @Test("Address ranges: IPv4, IPv6, mapped IPv4 and single addresses")
    func ranges() throws {
        let range = try #require(AddressRange("10.1.0.0/16"))
        #expect(range.contains("10.1.200.3") && !range.contains("10.2.0.1") && range.contains("::ffff:10.1.0.9"))
        #expect(try #require(AddressRange("::1")).contains("::1"))
        #expect(try #require(AddressRange("fd00::/8")).contains("fd12:3456::1"))
        #expect(AddressRange("10.0.0.0/33") == nil && AddressRange("example.com") == nil && AddressRange("10.0.0.0/") == nil)
        #expect(!range.contains("not an address"))
    }
}
