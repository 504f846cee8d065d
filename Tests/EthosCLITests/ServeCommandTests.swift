import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `ethos serve` as a process, and the commands that manage its accounts and tokens.
@Suite("ethos serve, tokens and invitations", .serialized)
struct ServeCommandTests {
    @Test("serve answers on a free port and stops cleanly on SIGTERM")
    func serveAndStop() async throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try ethos(["people", "import", "people.csv"], in: directory)
        let process = Process()
        process.executableURL = ethosExecutable
        process.arguments = ["serve", "--port", "0"]
        process.currentDirectoryURL = directory
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // The first line names the address it listens on.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        let port = try #require(text.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) }, "\(text)")
        func get(_ path: String) async throws -> String {
            String(decoding: try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!).0, as: UTF8.self)
        }
        #expect(try await get("/healthz") == "ok\n")
        #expect(try await get("/sign-in").contains("<h1>Sign in</h1>"))
        // A header past the server's bound (16 KiB a field) is refused, not read.
        var huge = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/healthz")!)
        huge.setValue(String(repeating: "a", count: 20_000), forHTTPHeaderField: "X-Padding")
        let refused = try? await URLSession.shared.data(for: huge)
        #expect((refused?.1 as? HTTPURLResponse)?.statusCode != 200)
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("GET /healthz 200") && log.contains("latency_ms="), "one line a request, with its latency: \(log)")
        #expect(log.contains("ethos.yaml names no admins"), "a workspace without people-operations is warned about")
    }

    @Test("serve's options are checked before it starts")
    func options() throws {
        let header = try ethos(["serve", "--trusted-header", "X-Forwarded-Email"])
        #expect(header.status == 64 && header.stderr.contains("--trusted-header needs --trusted-proxy"))
        let proxy = try ethos(["serve", "--trusted-header", "X-Forwarded-Email", "--trusted-proxy", "the-proxy"])
        #expect(proxy.status == 64 && proxy.stderr.contains("not an address or CIDR range"))
        #expect(try ethos(["serve", "--port", "70000"]).status == 64)
        #expect(try ethos(["serve", "--api-calls-per-minute", "0"]).status == 64)
    }

    @Test("tokens are shown once, listed without their secret, and revoked by name")
    func tokens() throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let typo = try ethos(["tokens", "create", "--name", "bot", "--scope", "scor"], in: directory)
        #expect(typo.status == 64 && typo.stderr.contains("did you mean 'score'"))
        let created = try ethos(["tokens", "create", "--name", "slack-bot", "--scope", "feedback:write"], in: directory)
        #expect(created.status == 0)
        let token = try #require(created.stdout.split(separator: " ").first { $0.hasPrefix("ethos_") && $0.count > 40 }).trimmingCharacters(in: .whitespacesAndNewlines)
        let listed = try ethos(["tokens", "list"], in: directory)
        #expect(listed.stdout.contains("slack-bot") && listed.stdout.contains("feedback:write") && !listed.stdout.contains(token))
        #expect(try ethos(["tokens", "create", "--name", "slack-bot", "--scope", "score"], in: directory).status == 1, "names are unique")
        #expect(try ethos(["tokens", "revoke", "slack-bot"], in: directory).status == 0)
        let again = try ethos(["tokens", "revoke", "slack-bot"], in: directory)
        #expect(again.status == 1 && again.stderr.contains("No unrevoked token is named 'slack-bot'"))
    }

    @Test("people invite prints a one-time link; a deactivated person is not invited")
    func invite() throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try ethos(["people", "import", "people.csv"], in: directory)
        let invited = try ethos(["people", "invite", "ana", "--url", "https://ethos.example.com/"], in: directory)
        #expect(invited.status == 0 && invited.stdout.contains("https://ethos.example.com/invitations/"))
        let unknown = try ethos(["people", "invite", "anna"], in: directory)
        #expect(unknown.status == 1 && unknown.stderr.contains("did you mean 'ana'?"))
        #expect(try ethos(["people", "deactivate", "ana"], in: directory).stdout.contains("can no longer sign in"))
        let refused = try ethos(["people", "invite", "ana"], in: directory)
        #expect(refused.status == 1 && refused.stderr.contains("reactivate"))
        #expect(try ethos(["people", "reactivate", "ana"], in: directory).status == 0)
        #expect(try ethos(["people", "invite", "ana"], in: directory).status == 0)
    }
}
