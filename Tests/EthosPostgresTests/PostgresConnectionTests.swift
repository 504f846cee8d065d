@testable import EthosPostgres
import EthosTestSupport
import PostgresNIO
import Testing

@Suite("PostgreSQL connections")
struct PostgresConnectionTests {
    @Test("sslmode maps to TLS as libpq reads it, and the rest of the URL to the client's configuration")
    func tlsModes() throws {
        func settings(_ mode: String) throws -> PostgresSettings {
            try PostgresSettings(url: "postgres://ethos:pw@db:6432/people?sslmode=\(mode)", environment: [:]) { _ in nil }
        }
        let plain = try settings("disable").clientConfiguration
        #expect(plain.host == "db" && plain.port == 6432 && plain.username == "ethos" && plain.password == "pw" && plain.database == "people")
        let expected: [String: (PostgresSettings.Encryption, CertificateVerification)] = [
            "disable": (.never, .none), "allow": (.whenOffered, .none), "prefer": (.whenOffered, .none), "require": (.always, .none),
            "verify-ca": (.always, .noHostnameVerification), "verify-full": (.always, .fullVerification),
        ]
        for (mode, (use, verification)) in expected {
            let encryption = try settings(mode).encryption
            #expect(encryption.use == use && encryption.verification == verification, "\(mode)")
        }
    }

    @Test("a server that is not there fails with the connection's own error, not the pool's endless retries")
    func unreachable() async throws {
        // Port 1 (tcpmux), where nothing listens: the connection is refused.
        let settings = try PostgresSettings(url: "postgres://ethos@127.0.0.1:1/ethos?sslmode=disable", environment: [:]) { _ in nil }
        let error = await #expect(throws: PSQLError.self) { try await settings.withClient { client in try await client.query("SELECT 1").collect().count } }
        #expect(error?.code == .connectionError)
        let reason = String(describing: error?.underlying)
        #expect(reason.contains("refused"), "\(reason)")
    }

    @Test("a client reaches the server as the settings say", .enabled(if: PostgresServer.enabled))
    func connects() async throws {
        let settings = try PostgresServer.settings()
        let (user, database) = try await settings.withClient { client in
            var found: (String, String)?
            for try await row in try await client.query("SELECT current_user, current_database()").decode((String, String).self) { found = row }
            return try #require(found)
        }
        #expect(user == settings.user && database == settings.database)
    }

    @Test("sslmode require refuses a server that does not encrypt; prefer goes on without", .enabled(if: PostgresServer.enabled))
    func requireRefusesPlain() async throws {
        var settings = try PostgresServer.settings()  // the test cluster does not encrypt
        settings.sslMode = .prefer
        #expect(try await settings.withClient { client in try await client.query("SELECT 1").collect().count } == 1)
        for mode in [PostgresSettings.SSLMode.require, .verifyFull] {
            settings.sslMode = mode
            await #expect(throws: (any Error).self, "\(mode)") {
                try await settings.withClient { client in try await client.query("SELECT 1").collect().count }
            }
        }
    }
}
