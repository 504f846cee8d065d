public import EthosCore
public import EthosRecording
internal import EthosReports
internal import Foundation

/// What a store behind `ethos serve` answers: records, reports' rows, and accounts.
public typealias PlatformStore = RecordStore & ReportSource & AccountStore

/// The workspace as the server sees it: principles and their scorer, settings, the store, and
/// how the server runs. One value for the server's life; every request reads it.
public struct Platform: Sendable {
    public let principles: PrincipleSet
    public let scorer: Scorer
    public let configuration: Configuration
    public let store: any PlatformStore
    public let options: ServerOptions
    /// The program's version, shown in pages' footers and reports.
    public let version: String
    /// The current time, in seconds since 1970 (a test sets it).
    let clock: @Sendable () -> Int64
    let passwords: PasswordHasher
    /// A hash of a password nobody knows, checked when a sign-in names no account, so that
    /// failing takes as long whether or not the account exists.
    let decoyHash: String
    /// Failed sign-ins: per account and per address.
    let accountFailures = RateLimiter(limit: 5, window: 15 * 60)
    let addressFailures = RateLimiter(limit: 20, window: 15 * 60)
    /// API calls per caller.
    let apiCalls: RateLimiter

    /// Creates the platform. `passwordCost` is bcrypt's work factor (lower only in tests);
    /// `apiCallsPerMinute` limits each API caller.
    public init(principles: PrincipleSet, scorer: Scorer, configuration: Configuration, store: any PlatformStore, options: ServerOptions,
                version: String, passwordCost: UInt8 = 12, apiCallsPerMinute: Int = 6_000,
                clock: (@Sendable () -> Int64)? = nil) {
        self.principles = principles
        self.scorer = scorer
        self.configuration = configuration
        self.store = store
        self.options = options
        self.version = version
        self.passwords = PasswordHasher(cost: passwordCost)
        self.decoyHash = passwords.decoy()
        self.apiCalls = RateLimiter(limit: apiCallsPerMinute, window: 60)
        self.clock = clock ?? { Int64(Date().timeIntervalSince1970) }
    }

    var now: Int64 { clock() }

    var timestamp: FactTimestamp { FactTimestamp(seconds: now) ?? FactTimestamp(seconds: 0)! }

    /// The signed-in person `handle`, with what they may see; nil when the directory does not know them.
    func viewer(_ handle: String) async throws -> Viewer? {
        Viewer(handle: handle, directory: try await store.people(team: nil), admins: Set(configuration.admins))
    }

    /// The people directory: the one the caller's rights were built from, else read now.
    func directory(_ caller: Viewer?) async throws -> [Person] {
        if let caller { return caller.directory }
        return try await store.people(team: nil)
    }

    /// A recorder for one request: scoring as of now.
    func recorder() -> Recorder {
        Recorder(store: store, scorer: scorer, now: timestamp)
    }
}

/// A signed-in person and what their place in the directory lets them see.
struct Viewer: Sendable {
    let person: Person
    let isAdmin: Bool
    let readers: Readers
    /// Everyone they manage, directly or further down.
    let reports: [Person]
    /// Everyone, for names and choosing a colleague.
    let directory: [Person]

    init?(handle: String, directory: [Person], admins: Set<String>) {
        guard let person = directory.first(where: { $0.handle == handle }) else { return nil }
        self.person = person
        self.directory = directory
        isAdmin = admins.contains(handle)
        readers = Readers(.person(handle), directory: directory)
        let readers = self.readers
        reports = directory.filter { $0.handle != handle && readers.manages(handle, $0.handle) }
    }

    var handle: String { person.handle }
    var name: String { person.name ?? person.handle }
    var isManager: Bool { !reports.isEmpty }

    /// The teams whose report they may read: every team for an admin; for a manager, the teams
    /// of the people they manage.
    var reportTeams: [String] {
        let teams = isAdmin ? directory.compactMap(\.team) : reports.compactMap(\.team)
        return Array(Set(teams)).sorted()
    }

    /// Whether they may read `record`'s text. Admins too read by the record's visibility here:
    /// reading every text is the shell's `--as-admin`, not a web role.
    func mayRead(_ record: StoredRecord) -> Bool {
        readers.mayRead(record.visibility, author: record.author, subject: record.subject)
    }

    /// Whether they may ask for feedback about `subject`: themselves, or someone they manage.
    func mayRequestFeedback(about subject: String) -> Bool {
        subject == handle || reports.contains { $0.handle == subject }
    }

    /// The name to show for `handle`.
    func name(of handle: String) -> String {
        directory.first { $0.handle == handle }?.name ?? handle
    }
}
