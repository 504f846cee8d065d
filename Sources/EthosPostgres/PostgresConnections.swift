public import Logging
public import PostgresNIO

extension PostgresSettings {
    /// The PostgresNIO client configuration these settings describe. `sslmode` maps to TLS as libpq
    /// reads it: `prefer` and `require` encrypt without checking the certificate, `verify-ca`
    /// checks that it chains to a trusted authority, `verify-full` also that it names the host.
    public var clientConfiguration: PostgresClient.Configuration {
        let mode: PostgresClient.Configuration.TLS = switch encryption.use {
        case .never: .disable
        case .whenOffered: .prefer(tlsConfiguration)
        case .always: .require(tlsConfiguration)
        }
        var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: mode)
        configuration.options.additionalStartupParameters = [("application_name", "ethos")]
        return configuration
    }

    /// Whether to encrypt, and how far to trust the server's certificate.
    var encryption: (use: Encryption, verification: CertificateVerification) {
        switch sslMode {
        case .disable: (.never, .none)
        case .prefer: (.whenOffered, .none)
        case .require: (.always, .none)
        case .verifyCA: (.always, .noHostnameVerification)
        case .verifyFull: (.always, .fullVerification)
        }
    }

    enum Encryption { case never, whenOffered, always }

    /// TLS as `encryption` says, when it is used.
    private var tlsConfiguration: TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = encryption.verification
        return tls
    }

    /// Runs `body` with a client of the database these settings name (a pool of connections),
    /// running while `body` does. One connection is made first, so a server that cannot be
    /// reached, refuses the sign-in or the encryption asked for fails at once with its reason:
    /// the pool would keep trying, and a query wait, for minutes.
    public func withClient<Result: Sendable>(logger: Logger = PostgresStore.defaultLogger,
                                             _ body: (PostgresClient) async throws -> Result) async throws -> Result {
        try await connectOnce(logger: logger)
        let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    /// Connects once and closes the connection.
    func connectOnce(logger: Logger) async throws {
        try await connect(logger: logger).close()
    }

    /// Runs one statement on a connection of its own: for what cannot run in a transaction
    /// (`CREATE DATABASE`), or before a store exists.
    public func execute(_ sql: String, logger: Logger = PostgresStore.defaultLogger) async throws {
        let connection = try await connect(logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// A new connection, not pooled.
    private func connect(logger: Logger) async throws -> PostgresConnection {
        let mode: PostgresConnection.Configuration.TLS = switch encryption.use {
        case .never: .disable
        case .whenOffered: .prefer(try NIOSSLContext(configuration: tlsConfiguration))
        case .always: .require(try NIOSSLContext(configuration: tlsConfiguration))
        }
        let configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: mode)
        return try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
    }
}
