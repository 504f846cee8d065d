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
    /// The directory and signed-in people's rights, read again when the directory changes.
    let directoryCache = DirectoryCache()
    /// Record cards as drawn for the home page.
    let cardCache = CardCache()
    /// The organisation's figures team reports compare with, kept between reports.
    let organisationTallies = OrganisationTallies()

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

    /// The signed-in person `handle`, with what they may see; nil when the directory does not know
    /// them. `directoryRevision` is the store's, when the caller has just read it.
    func viewer(_ handle: String, directoryRevision: Int64? = nil) async throws -> Viewer? {
        try await directoryCache.viewer(handle, store: store, admins: Set(configuration.admins), revision: directoryRevision)
    }

    /// The people directory: the one the caller's rights were built from, else the current one.
    func directory(_ caller: Viewer?) async throws -> Directory {
        if let caller { return caller.directory }
        return try await directoryCache.directory(store: store)
    }

    /// A recorder for one request: scoring as of now.
    func recorder() -> Recorder {
        Recorder(store: store, scorer: scorer, now: timestamp)
    }
}
