import EthosCore
import EthosPlugins
import EthosRecording
@testable import EthosServer
import EthosPostgres
import EthosStore
import EthosTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Logging
import Testing

extension ServerFixture {
    /// An application for tests, logging only errors so that test output stays readable.
    static func application(_ router: Router<ServerContext>) -> some ApplicationProtocol {
        var logger = Logger(label: "ethos-test")
        logger.logLevel = .error
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
    }
}

/// The stores the server is tested on: SQLite, and PostgreSQL when a test server is given.
enum ServerBackend: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres

    static var allCases: [ServerBackend] { PostgresServer.enabled ? [.sqlite, .postgres] : [.sqlite] }

    var testDescription: String { rawValue }
}

/// A server over an in-memory store with a small organisation: Maria is people-operations;
/// Lena manages the platform team (Omar, Ravi, Iris); Zoe is in design. Everyone's password
/// is `password-<handle>`, hashed at bcrypt's lowest cost so tests stay fast.
struct ServerFixture {
    let platform: Platform
    let server: EthosServer
    let store: any PlatformStore

    static let people = [
        Person(handle: "maria", name: "Maria Silva", email: "maria@example.com", team: "leadership"),
        Person(handle: "lena", name: "Lena Park", email: "lena@example.com", team: "platform", manager: "maria"),
        Person(handle: "omar", name: "Omar Haddad", email: "omar@example.com", team: "platform", manager: "lena"),
        Person(handle: "ravi", name: "Ravi Rao", email: "ravi@example.com", team: "platform", manager: "lena"),
        Person(handle: "iris", name: "Iris Novak", email: "iris@example.com", team: "platform", manager: "lena"),
        Person(handle: "zoe", name: "Zoe Adams", email: "zoe@example.com", team: "design", manager: "maria"),
    ]

    /// `now` is fixed so that periods and expiry are the same in every run.
    static let now: Int64 = 1_796_000_000  // 2026-11-29

    init(backend: ServerBackend = .sqlite, options: ServerOptions = ServerOptions(), apiCallsPerMinute: Int = 6_000,
         clock: (@Sendable () -> Int64)? = nil) async throws {
        let principles = try PrinciplesLoader.builtins().load(paths: [TestFiles.repositoryRoot.appendingPathComponent("Principles").path]).get()
        let scorer = try Scorer(principles: principles, factories: BuiltinPlugins.factories)
        store = switch backend {
        case .sqlite: try SQLiteStore()
        case .postgres: try await PostgresServer.store()
        }
        try await store.upsert(Self.people)
        var configuration = Configuration()
        configuration.admins = ["maria"]
        configuration.minimumGroupSize = 3
        platform = Platform(principles: principles, scorer: scorer, configuration: configuration, store: store, options: options,
                            version: "test", passwordCost: 4, apiCallsPerMinute: apiCallsPerMinute, clock: clock ?? { Self.now })
        server = EthosServer(platform: platform)
        for person in Self.people {
            _ = try await Accounts.setPassword(person.handle, "password-\(person.handle)", store: store, now: Self.now, cost: 4)
        }
    }

    /// Runs `body` with a client of the router, without sockets.
    @discardableResult
    func test<Value: Sendable>(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        return try await Self.application(server.router()).test(.router, body)
    }

    /// Stores a record directly, as the command line would.
    @discardableResult
    func record(from: String, to: String, text: String, visibility: Visibility = .public, anonymous: Bool = false,
                kind: RecordKind = .feedback, minutes: Int? = nil, date: String = "2026-11-20") async throws -> String {
        let record = Record(kind: kind, from: from, to: to, date: FactTimestamp(parsing: date, allowDate: true), text: text, minutes: minutes,
                            visibility: visibility, anonymous: anonymous)
        let outcome = try await Recorder(store: store, scorer: platform.scorer, now: FactTimestamp(seconds: Self.now)!)
            .record([record], createPeople: false).first
        guard case let .stored(id)? = outcome else { throw FixtureError("not stored: \(String(describing: outcome))") }
        return id
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A browser's part: the cookies it holds, and the form token of the last page it read.
struct Browser: Sendable {
    var cookies: [String: String] = [:]

    var headers: HTTPFields {
        cookies.isEmpty ? [:] : [.cookie: cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")]
    }

    mutating func keep(_ response: TestResponse) {
        for field in response.headers[values: .setCookie] {
            let pair = field.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let name = String(pair[0]), value = String(pair[1])
            if field.contains("Max-Age=0") || value.isEmpty { cookies[name] = nil } else { cookies[name] = value }
        }
    }

    /// GET `uri`, keeping cookies.
    mutating func get(_ client: any TestClientProtocol, _ uri: String, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = self.headers
        headers.append(contentsOf: extra)
        let response = try await client.execute(uri: uri, method: .get, headers: headers)
        keep(response)
        return response
    }

    /// POST a form to `uri`, keeping cookies.
    mutating func post(_ client: any TestClientProtocol, _ uri: String, _ fields: [(String, String)], headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = self.headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        headers.append(contentsOf: extra)
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        keep(response)
        return response
    }

    /// POST JSON to `uri` with the session's form token.
    mutating func postJSON(_ client: any TestClientProtocol, _ uri: String, _ json: String, token: String?) async throws -> TestResponse {
        var headers = self.headers
        headers[.contentType] = "application/json"
        if let token { headers[HTTPField.Name("X-CSRF-Token")!] = token }
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: json))
    }

    /// Signs in as `handle`; the form token of the home page.
    @discardableResult
    mutating func signIn(_ client: any TestClientProtocol, _ handle: String, password: String? = nil) async throws -> String {
        let page = try await get(client, "/sign-in")
        let response = try await post(client, "/sign-in", [("_csrf", Self.formToken(page.text) ?? ""), ("login", handle),
                                                           ("password", password ?? "password-\(handle)")])
        guard response.status == .seeOther else { throw FixtureError("sign-in as \(handle) answered \(response.status): \(response.text)") }
        return Self.formToken(try await get(client, "/").text) ?? ""
    }

    /// The first form token on a page.
    static func formToken(_ html: String) -> String? {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }
}
