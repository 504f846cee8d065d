internal import ArgumentParser
internal import EthosCore
internal import EthosServer
internal import Foundation
internal import Logging

/// `ethos serve`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web pages and the HTTP API on this workspace.",
        discussion: """
        Everyone in the people directory can take part in a browser: give feedback, log \
        mentoring, ask for feedback, read what they received, and read the reports their place \
        allows (managers their teams', the admins of ethos.yaml the organisation's). People \
        sign in with a password they choose through an invitation link ('ethos people invite'), \
        or through a single-sign-on proxy's header (--trusted-header with --trusted-proxy). \
        The API is at /api/v1 (docs/api.md); health at /healthz and /readyz, metrics at \
        /metrics. SIGTERM or Ctrl-C finishes the requests in flight and stops.

        Examples:
          ethos serve
          ethos serve --host 0.0.0.0 --port 8080 --behind-https
          ethos serve --trusted-header X-Forwarded-Email --trusted-proxy 10.0.0.5/32
        """
    )

    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on (0 picks a free one).") var port = 8080
    @Flag(help: "People reach the server over HTTPS (through a proxy that ends TLS): mark cookies Secure.") var behindHttps = false
    @Option(help: ArgumentHelp("A header a single-sign-on proxy sets to the person's email, such as X-Forwarded-Email.", valueName: "name"))
    var trustedHeader: String?
    @Option(name: .customLong("trusted-proxy"), help: ArgumentHelp("An address or CIDR range the proxy connects from (repeatable).", valueName: "cidr"))
    var trustedProxies: [String] = []
    @Option(help: "Hours a session lasts without being used.") var sessionHours = 8
    @Option(help: "API calls a minute each caller (token or person) may make; past it, 429.") var apiCallsPerMinute = 6_000
    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535, not \(port).") }
        guard (1...24 * 30).contains(sessionHours) else { throw ValidationError("--session-hours must be from 1 to 720.") }
        guard apiCallsPerMinute >= 1 else { throw ValidationError("--api-calls-per-minute must be at least 1.") }
        for proxy in trustedProxies where AddressRange(proxy) == nil {
            throw ValidationError("--trusted-proxy '\(proxy)' is not an address or CIDR range such as 10.0.0.0/8.")
        }
        if trustedHeader != nil && trustedProxies.isEmpty {
            throw ValidationError("--trusted-header needs --trusted-proxy: the header is believed only from the proxy's addresses.")
        }
        if let trustedHeader, trustedHeader.isEmpty || trustedHeader.contains(where: { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            throw ValidationError("--trusted-header '\(trustedHeader)' is not a header name.")
        }
    }

    func run() async throws {
        let loaded = try workspace.loadWorkspace()
        let database = try await store.open()
        let scorer = try loaded.makeScorer()
        let options = ServerOptions(host: host, port: port, behindHTTPS: behindHttps, trustedHeader: trustedHeader,
                                    trustedProxies: trustedProxies.compactMap(AddressRange.init), sessionLifetime: Int64(sessionHours) * 3_600)
        let platform = Platform(principles: loaded.principles, scorer: scorer, configuration: loaded.configuration, store: database,
                                options: options, version: EthosVersion.current, apiCallsPerMinute: apiCallsPerMinute)
        var logger = Logger(label: "ethos") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .info
        let host = self.host
        try await EthosServer(platform: platform).run(logger: logger) { address in
            let port = address?.port ?? 0
            Console.out("Ethos is serving \(database.location) at http://\(host.contains(":") ? "[\(host)]" : host):\(port)/ "
                + "(Ctrl-C stops).")
            if loaded.configuration.admins.isEmpty {
                Console.err("warning: ethos.yaml names no admins: no one can open the organisation's report or manage people. "
                            + "Add 'admins: [handle]' to ethos.yaml.")
            }
        }
        try loaded.finish(scorer)
    }
}

/// `ethos tokens …`: API tokens for integrations.
struct TokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Create, list and revoke API tokens for integrations.",
        discussion: """
        Scopes: feedback:write (record feedback and mentoring on behalf of anyone named), \
        records:read (public records), people:read, reports:read (organisation and team \
        reports), score (score a text without storing it).

        Examples:
          ethos tokens create --name slack-bot --scope feedback:write
          ethos tokens list
          ethos tokens revoke slack-bot
        """,
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token; it is printed once and stored only as a hash.")

        @Option(help: "A name for the integration, unique.") var name: String
        @Option(name: .customLong("scope"), help: "A scope the token has (repeatable).") var scopes: [String]
        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                throw ValidationError("--name is 1 to 64 letters, digits, '-', '_' or '.'.")
            }
            for scope in scopes where !Accounts.scopes.contains(scope) {
                throw ValidationError("'\(scope)' is not a scope" + DidYouMean.phrase(scope, among: Accounts.scopes).dropLast()
                                      + "; the scopes are \(Accounts.scopes.joined(separator: ", ")).")
            }
        }

        func run() async throws {
            let database = try await store.open()
            guard try await !database.tokens().contains(where: { $0.name == name }) else {
                throw EthosError("A token named '\(name)' exists; revoke it first or choose another name.")
            }
            let token = try await Accounts.createToken(name: name, scopes: scopes, store: database, now: currentTimestamp().seconds)
            Console.out("Created the token '\(name)' (\(scopes.joined(separator: ", "))). It is shown only now:\n\n  \(token)\n\n"
                + "Send it as 'Authorization: Bearer \(token.prefix(10))…'.")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens by name, with their scopes; never the tokens themselves.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            var table = TextTable(headers: ["NAME", "SCOPES", "CREATED", "REVOKED"])
            table.rows = try await store.openExisting().tokens().map { token in
                [token.name, token.scopes.joined(separator: ", "), FactTimestamp(seconds: token.created)?.description ?? "",
                 token.revoked.flatMap { FactTimestamp(seconds: $0)?.description } ?? "-"]
            }
            Console.out(table.rows.isEmpty ? "No tokens; 'ethos tokens create --name NAME --scope SCOPE' makes one." : table.rendered)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: calls with it are refused from now on.")
        @Argument(help: "The token's name.") var name: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let database = try await store.openExisting()
            guard try await database.revokeToken(named: name, now: currentTimestamp().seconds) else {
                let names = try await database.tokens().filter { $0.revoked == nil }.map(\.name)
                throw EthosError("No unrevoked token is named '\(name)'" + DidYouMean.phrase(name, among: names))
            }
            Console.out("Revoked '\(name)'.")
        }
    }
}
