import EthosCore
import EthosRecording
import EthosTestSupport
import Foundation
import Testing

@Suite("Record sources")
struct RecordSourceTests {
    let decoder = RecordDecoder(now: FactTimestamp(seconds: 1_800_000_000))

    /// Every item of `bytes` read as `format`, as (line, record text or rejection, input).
    func items(_ bytes: [UInt8], _ format: RecordSource.Format) async throws -> [(line: Int, outcome: String, input: String)] {
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("in.\(format.rawValue)")
        try Data(bytes).write(to: url)
        let handle = try FileHandle(forReadingFrom: url)
        var items: [(Int, String, String)] = []
        try await RecordSource(handle: handle, format: format, file: "in", decoder: decoder).forEach { item in
            switch item {
            case let .record(record, line, input): items.append((line, record.text, input))
            case let .rejected(reason, line, input): items.append((line, "rejected: " + reason, input))
            }
        }
        return items
    }

    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    @Test("CSV saved with a byte-order mark reads its header as written")
    func csvWithBOM() async throws {
        let csv = "kind,from,to,text\nfeedback,ana,ravi,Thanks for the review.\n"
        let read = try await items(Self.bom + Array(csv.utf8), .csv)
        #expect(read.map(\.outcome) == ["Thanks for the review."])
        #expect(read.map(\.line) == [2])
    }

    @Test("every CSV row is read or rejected with its line: an over-long field loses no row after it")
    func csvOverLongField() async throws {
        let long = String(repeating: "x", count: (1 << 20) + 10)
        let csv = "kind,from,to,text\nfeedback,ana,ravi,Before.\nfeedback,ana,ravi,\(long)\nfeedback,ana,ravi,After.\n"
        let read = try await items(Array(csv.utf8), .csv)
        #expect(read.map(\.line) == [2, 3, 4])
        #expect(read.map(\.outcome) == ["Before.", "rejected: CSV syntax error: A field is longer than 1048576 bytes.", "After."])
    }

    @Test("a JSON array over the limit is refused before it is read")
    func jsonArrayTooLarge() async throws {
        var bytes = Array("[".utf8) + [UInt8](repeating: 0x20, count: RecordSource.jsonArrayLimit) + Array("]".utf8)
        await #expect(throws: RecordSourceError.self) { _ = try await items(bytes, .json) }
        bytes = []
    }

    @Test("JSON Lines saved with a byte-order mark read their first line")
    func jsonLinesWithBOM() async throws {
        let lines = "{\"kind\": \"feedback\", \"from\": \"ana\", \"to\": \"ravi\", \"text\": \"One.\"}\n{\"kind\": \"feedback\", \"from\": \"ana\", \"to\": \"ravi\", \"text\": \"Two.\"}\n"
        #expect(try await items(Self.bom + Array(lines.utf8), .jsonl).map(\.outcome) == ["One.", "Two."])
    }

    @Test("a JSON array's records keep their lines and their own text, for located errors and the rejects file")
    func jsonArrayLocated() async throws {
        let array = """
            [
              {"kind": "feedback", "from": "ana", "to": "ravi", "text": "First."},
              {"from": "ana",
               "to": "ana", "text": "Me."},
              {"kind": "feedback", "from": "ana", "to": "ravi", "text": "Last, ünïcode."}
            ]
            """
        let read = try await items(Array(array.utf8), .json)
        #expect(read.map(\.line) == [2, 3, 5])
        #expect(read[0].outcome == "First." && read[2].outcome == "Last, ünïcode.")
        #expect(read[1].outcome.hasPrefix("rejected: "))
        #expect(read[1].input == "{\"from\": \"ana\",\n   \"to\": \"ana\", \"text\": \"Me.\"}")
        #expect(read[2].input == "{\"kind\": \"feedback\", \"from\": \"ana\", \"to\": \"ravi\", \"text\": \"Last, ünïcode.\"}")
        // On one line, each element is still its own input.
        let compact = try await items(Array("[{\"from\":\"a\",\"to\":\"b\",\"text\":\"x\"},{\"from\":\"a\",\"to\":\"b\",\"text\":\"y\"}]".utf8), .json)
        #expect(compact.map(\.input) == ["{\"from\":\"a\",\"to\":\"b\",\"text\":\"x\"}", "{\"from\":\"a\",\"to\":\"b\",\"text\":\"y\"}"])
    }

    @Test("a file that is not a JSON array fails as a whole, located")
    func notAnArray() async throws {
        await #expect(throws: RecordSourceError("'in' is not a JSON array of records; it holds an object.")) {
            _ = try await items(Array("{\"from\": \"ana\"}".utf8), .json)
        }
        await #expect(throws: RecordSourceError("in:2:1: error: Expected a JSON value, but the text ended.")) {
            _ = try await items(Array("[\n".utf8), .json)
        }
    }
}
