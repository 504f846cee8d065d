import EthosTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Two `ethos serve` processes in front of one PostgreSQL database, written to through both at
/// once while an import and a rescore run beside them.
@Suite("Two servers, one database", .enabled(if: PostgresServer.enabled), .serialized)
struct TwoServersTests {
    /// A running `ethos serve` and the port it listens on.
    struct Server {
        let process: Process
        let port: Int

        init(in directory: URL, environment: [String: String]) throws {
            process = Process()
            process.executableURL = ethosExecutable
            process.arguments = ["serve", "--port", "0"]
            process.currentDirectoryURL = directory
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The first line names the address it listens on.
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line.append(chunk)
            }
            let text = String(decoding: line, as: UTF8.self)
            guard let port = text.split(separator: ":").last.flatMap({ Int($0.prefix { $0.isNumber }) }) else { throw ServerDidNotStart(output: text) }
            self.port = port
        }

        func request(_ method: String, _ path: String, token: String, body: String? = nil) async throws -> (status: Int, body: String) {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            request.httpMethod = method
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            if let body {
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                request.httpBody = Data(body.utf8)
            }
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
        }

        func stop() {
            process.terminate()
            process.waitUntilExit()
        }
    }

    struct ServerDidNotStart: Error { let output: String }

    @Test("records written through one server are read through the other; concurrent writes, an import and a rescore lose and duplicate nothing")
    func twoServers() async throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = try await CommandBackend.postgres.environment(in: directory)
        func run(_ arguments: [String]) throws -> RunResult { try ethos(arguments, in: directory, environment: environment) }
        #expect(try run(["people", "import", "people.csv"]).status == 0)
        try write(["first.jsonl": records(300, prefix: "f"), "more.jsonl": records(600, prefix: "m")], in: directory)
        #expect(try run(["import", "first.jsonl"]).status == 0)
        let created = try run(["tokens", "create", "--name", "it", "--scope", "feedback:write", "--scope", "records:read"])
        let token = try #require(created.stdout.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("ethos_") && $0.count > 40 }.map(String.init))
        let one = try Server(in: directory, environment: environment), other = try Server(in: directory, environment: environment)
        defer { one.stop(); other.stop() }

        // A record written through one server is read through the other.
        let posted = try await one.request("POST", "/api/v1/records", token: token, body: """
            {"from": "ana", "to": "ravi", "date": "2026-11-02", "text": "Ravi open-sourced the deploy scripts.", "visibility": "public"}
            """)
        #expect(posted.status == 201, "\(posted.body)")
        let id = try #require((try JSONSerialization.jsonObject(with: Data(posted.body.utf8)) as? [String: Any])?["id"] as? String)
        let read = try await other.request("GET", "/api/v1/records/\(id)", token: token)
        #expect(read.status == 200, "\(read)")
        #expect(read.body.contains("open-sourced the deploy scripts"), "\(read)")

        // Both servers written to at once, each record once, with the same five records sent to
        // both, while an import and a rescore run beside them.
        let importing = try StoreRobustnessTests.start(["import", "more.jsonl", "--quiet"], in: directory, environment: environment)
        let rescoring = try StoreRobustnessTests.start(["rescore", "--all"], in: directory, environment: environment)
        let people = ["ana", "ravi", "lena", "omar"]
        let statuses = try await withThrowingTaskGroup(of: (String, Int).self) { group in
            for index in 0..<60 {
                let server = index.isMultiple(of: 2) ? one : other
                let body = #"{"from": "\#(people[index % 4])", "to": "\#(people[(index + 1) % 4])", "date": "2026-11-0\#(index % 9 + 1)", "text": "Thanks for the review \#(index).", "visibility": "public"}"#
                group.addTask { ("api-\(index)", try await server.request("POST", "/api/v1/records", token: token, body: body).status) }
            }
            for index in 0..<5 {
                let body = #"{"from": "lena", "to": "omar", "date": "2026-11-10", "text": "Omar paired with me \#(index).", "visibility": "public"}"#
                for server in [one, other] {
                    group.addTask { ("both-\(index)", try await server.request("POST", "/api/v1/records", token: token, body: body).status) }
                }
            }
            return try await group.reduce(into: [String: [Int]]()) { $0[$1.0, default: []].append($1.1) }
        }
        importing.waitUntilExit()
        rescoring.waitUntilExit()
        #expect(importing.terminationStatus == 0 && rescoring.terminationStatus == 0)
        #expect((0..<60).allSatisfy { statuses["api-\($0)"] == [201] }, "\(statuses)")
        #expect((0..<5).allSatisfy { statuses["both-\($0)"]?.sorted() == [201, 409] }, "one server stores it, the other finds it stored: \(statuses)")

        let csv = try run(["records", "list", "--all", "--format", "csv"]).stdout
        let ids = csv.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) }
        let expected = 966  // 300 and 600 imported, 1 through one server, 60 through both, 5 sent to both
        #expect(ids.count == expected)
        #expect(Set(ids).count == ids.count)
        // Every record has its scores after the rescore: none left half-scored.
        #expect(try run(["rescore"]).stdout == "Every record's scores are up to date.\n")
    }
}
