import EthosPostgres
import Foundation

/// The PostgreSQL server tests run against: `ETHOS_TEST_POSTGRES`, a URL such as
/// `Scripts/postgres-test-cluster.sh start` prints. Without it the tests that need a server are
/// off — unless `ETHOS_REQUIRE_POSTGRES` is set (as CI sets it), when they fail instead, so a
/// run that was meant to test PostgreSQL cannot pass without doing so.
enum PostgresServer {
    static let url = ProcessInfo.processInfo.environment["ETHOS_TEST_POSTGRES"]
    static let required = ProcessInfo.processInfo.environment["ETHOS_REQUIRE_POSTGRES"] != nil
    /// Whether the tests that need a server run.
    static let enabled = url != nil || required

    /// The server's settings; fails the test when none was given.
    static func settings() throws -> PostgresSettings {
        guard let url else { throw Missing() }
        return try PostgresSettings(url: url)
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "ETHOS_REQUIRE_POSTGRES is set but ETHOS_TEST_POSTGRES names no server (Scripts/postgres-test-cluster.sh start)" }
    }
}
