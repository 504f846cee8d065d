import EthosCore
@testable import EthosServer
import EthosStore
import EthosTestSupport
import Foundation
import Testing

/// The directory the server keeps between requests: a change to people made by another process
/// (here, another connection to the same database file) shows on the next request.
@Suite("Directory cache")
struct DirectoryCacheTests {
    @Test("A person renamed, added under a manager or removed elsewhere is seen on the next look-up")
    func seesOtherProcesses() async throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ethos.sqlite").path
        let server = try SQLiteStore(path: path), shell = try SQLiteStore(path: path)
        try await server.upsert([Person(handle: "lena", name: "Lena Park", team: "platform"), Person(handle: "omar", name: "Omar Haddad", team: "platform")])
        let cache = DirectoryCache()

        let before = try #require(try await cache.viewer("lena", store: server, admins: []))
        #expect(before.name == "Lena Park" && !before.isManager && before.name(of: "omar") == "Omar Haddad")
        let revision = try await server.directoryRevision()
        #expect(try await cache.viewer("lena", store: server, admins: [])?.name == "Lena Park")
        #expect(try await server.directoryRevision() == revision, "reading does not move the revision")

        try await shell.upsert([Person(handle: "omar", name: "Omar H.", team: "platform", manager: "lena"),
                                Person(handle: "iris", name: "Iris Novak", team: "platform", manager: "lena")])
        #expect(try await server.directoryRevision() > revision)
        let after = try #require(try await cache.viewer("lena", store: server, admins: []))
        #expect(after.isManager && after.reports.map(\.handle).sorted() == ["iris", "omar"])
        #expect(after.name(of: "omar") == "Omar H.")
        #expect(try await cache.directory(store: server).person("iris")?.name == "Iris Novak")
        #expect(try await cache.viewer("nobody", store: server, admins: []) == nil)
    }
}
