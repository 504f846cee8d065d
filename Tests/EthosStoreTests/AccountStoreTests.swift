import EthosCore
import EthosRecording
import EthosPostgres
import EthosStore
import EthosTestSupport
import Foundation
import Testing

/// Accounts, invitations, sessions, tokens and feedback requests, on every backend.
@Suite("Account store")
struct AccountStoreTests {
    func store(_ backend: StoreBackend) async throws -> any AccountStore & RecordStore {
        let store: any AccountStore & RecordStore = switch backend {
        case .sqlite: try SQLiteStore()
        case .postgres: try await PostgresServer.store()
        }
        try await store.upsert([Person(handle: "ana"), Person(handle: "ravi"), Person(handle: "lena"), Person(handle: "omar")])
        return store
    }

    @Test("An invitation is used once, before it expires, and sets the password", arguments: StoreBackend.allCases)
    func invitations(backend: StoreBackend) async throws {
        let store = try await store(backend)
        try await store.invite("ana", tokenHash: "h1", expires: 100)
        #expect(try await store.invitation(tokenHash: "h1", now: 99) == "ana")
        #expect(try await store.invitation(tokenHash: "h1", now: 100) == nil, "expired")
        #expect(try await store.acceptInvitation(tokenHash: "h1", passwordHash: "bcrypt", now: 50) == "ana")
        #expect(try await store.acceptInvitation(tokenHash: "h1", passwordHash: "other", now: 51) == nil, "used")
        #expect(try await store.account("ana") == Account(handle: "ana", passwordHash: "bcrypt", deactivated: false))
        try await store.invite("ana", tokenHash: "h2", expires: 100)
        try await store.invite("ana", tokenHash: "h3", expires: 100)
        #expect(try await store.invitation(tokenHash: "h2", now: 0) == nil, "a new invitation replaces the last")
    }

    @Test("Sessions expire, end with a new password, and do not survive deactivation", arguments: StoreBackend.allCases)
    func sessions(backend: StoreBackend) async throws {
        let store = try await store(backend)
        try await store.setPassword("ana", hash: "first", now: 0)
        try await store.createSession(SessionRecord(tokenHash: "s1", handle: "ana", csrfToken: "c", expires: 100))
        #expect(try await store.session(tokenHash: "s1", now: 99)?.handle == "ana")
        // The revisions come with the session, as the store's own reads give them.
        func revisions() async throws -> StoreRevisions { StoreRevisions(directory: try await store.directoryRevision(), scores: try await store.scoresRevision()) }
        #expect(try await store.session(tokenHash: "s1", now: 99)?.revisions == revisions())
        try await store.upsert([Person(handle: "zoe")])
        #expect(try await store.session(tokenHash: "s1", now: 99)?.revisions == revisions())
        #expect(try await store.session(tokenHash: "s1", now: 100) == nil)
        try await store.extendSession(tokenHash: "s1", expires: 200)
        #expect(try await store.session(tokenHash: "s1", now: 150) != nil)
        try await store.setPassword("ana", hash: "second", now: 1)
        #expect(try await store.session(tokenHash: "s1", now: 150) == nil, "a new password ends old sessions")
        try await store.createSession(SessionRecord(tokenHash: "s2", handle: "ana", csrfToken: "c", expires: 100))
        try await store.setDeactivated("ana", true, now: 2)
        #expect(try await store.session(tokenHash: "s2", now: 50) == nil)
        #expect(try await store.account("ana")?.deactivated == true)
        try await store.setDeactivated("ana", false, now: 3)
        #expect(try await store.account("ana")?.deactivated == false)
        try await store.setDeactivated("ravi", true, now: 4)
        #expect(try await store.accounts() == ["ana": Account(handle: "ana", passwordHash: "second", deactivated: false),
                                               "ravi": Account(handle: "ravi", passwordHash: nil, deactivated: true)])
    }

    @Test("Tokens are found by hash until revoked; names are unique", arguments: StoreBackend.allCases)
    func tokens(backend: StoreBackend) async throws {
        let store = try await store(backend)
        try await store.createToken(APIToken(name: "bot", scopes: ["score"], created: 1), hash: "t1")
        #expect(try await store.token(hash: "t1")?.scopes == ["score"])
        await #expect(throws: (any Error).self) { try await store.createToken(APIToken(name: "bot", scopes: [], created: 2), hash: "t2") }
        #expect(try await store.revokeToken(named: "bot", now: 5))
        #expect(try await store.token(hash: "t1") == nil)
        #expect(try await store.revokeToken(named: "bot", now: 6) == false)
        #expect(try await store.tokens().first?.revoked == 5)
    }

    @Test("A feedback request stays open until answered or declined, once", arguments: StoreBackend.allCases)
    func requests(backend: StoreBackend) async throws {
        let store = try await store(backend)
        try await store.createRequest(FeedbackRequest(id: "q1", requester: "ana", responder: "ravi", subject: "ana", message: "My talk?", created: 1))
        try await store.createRequest(FeedbackRequest(id: "q2", requester: "lena", responder: "ana", subject: "ravi", message: "Ravi?", created: 2))
        #expect(try await store.openRequests(involving: "ravi").map(\.id) == ["q1"], "asked of ravi; a request about him is not his")
        #expect(try await store.openRequests(involving: "ana").map(\.id) == ["q2", "q1"], "asked of ana and made by her, newest first")
        #expect(try await store.openRequests(involving: "omar").isEmpty)
        #expect(try await store.closeRequest(id: "q1", status: .declined, recordID: nil))
        #expect(try await store.closeRequest(id: "q1", status: .answered, recordID: nil) == false)
        #expect(try await store.openRequests(involving: "ravi").isEmpty)
        #expect(try await store.openRequests(involving: "ana").map(\.id) == ["q2"])
    }
}

@Suite("Copying a workspace between stores")
struct StoreCopyTests {
    @Test("feedback requests, open and answered, and tokens with their hashes are copied", arguments: StoreBackend.allCases)
    func accountsAndRequests(target backend: StoreBackend) async throws {
        let source = try SQLiteStore()
        try await source.upsert([Person(handle: "ana"), Person(handle: "ravi")])
        try await source.setPassword("ana", hash: "bcrypt", now: 1)
        try await source.createToken(APIToken(name: "ci", scopes: ["score"], created: 2), hash: "h")
        try await source.createRequest(FeedbackRequest(id: "q1", requester: "ana", responder: "ravi", subject: "ana", message: "My talk?", created: 3))
        try await source.createRequest(FeedbackRequest(id: "q2", requester: "ravi", responder: "ana", subject: "ravi", message: "Mine?", created: 4))
        #expect(try await source.closeRequest(id: "q2", status: .declined, recordID: nil))
        let other: any CopyableStore = switch backend {
        case .sqlite: try SQLiteStore()
        case .postgres: try await PostgresServer.store()
        }
        await #expect(throws: StoreError.self, "another anonymity key") { try await StoreCopy.copy(from: source, to: other, now: 5) }
        // A target made with the source's key.
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let schema = PostgresServer.newSchema()
        let keyPath = backend == .sqlite ? directory.appendingPathComponent("copy.sqlite.key").path : PostgresServer.keyPath(schema)
        try source.anonymityKey.fileContents.write(to: URL(fileURLWithPath: keyPath))
        let target: any CopyableStore = switch backend {
        case .sqlite: try SQLiteStore(path: directory.appendingPathComponent("copy.sqlite").path)
        case .postgres: try await PostgresStore.open(PostgresServer.settings(), keyPath: keyPath, schema: schema)
        }
        var expected = StoreCopy.Counts()
        (expected.people, expected.accounts, expected.tokens, expected.requests) = (2, 1, 1, 2)
        #expect(try await StoreCopy.copy(from: source, to: target, now: 5) == expected)
        #expect(try await target.allRequests() == source.allRequests())
        #expect(try await target.tokensWithHashes().map { "\($0.token)\($0.hash)" } == source.tokensWithHashes().map { "\($0.token)\($0.hash)" })
        #expect(try await target.accounts() == source.accounts())
        await #expect(throws: StoreError.self, "a target that is not empty") { try await StoreCopy.copy(from: source, to: target, now: 6) }
    }
}
