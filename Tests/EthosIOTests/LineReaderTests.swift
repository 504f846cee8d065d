import EthosIO
import Foundation
import Testing

@Suite("Line reader")
struct LineReaderTests {
    /// Every line `bytes` reads as, given in chunks of `size` bytes.
    static func lines(_ bytes: [UInt8], chunk size: Int, maxLineBytes: Int = 1 << 20) -> [LineReader.Line] {
        var offset = 0
        var reader = LineReader(maxLineBytes: maxLineBytes) {
            defer { offset = min(bytes.count, offset + size) }
            return Data(bytes[offset..<min(bytes.count, offset + size)])
        }
        var lines: [LineReader.Line] = []
        while let line = reader.next() { lines.append(line) }
        return lines
    }

    @Test("lines split at any chunk boundary read the same: CRLF and LF, empty lines, no final break, characters cut in two")
    func chunkBoundaries() {
        let text = "first\r\nsecond line\n\nthird — “quoted” émoji 👩🏽‍💻\r\n\r\nlast without a break"
        let expected: [LineReader.Line] = [.text("first"), .text("second line"), .text(""), .text("third — “quoted” émoji 👩🏽‍💻"), .text(""),
                                           .text("last without a break")]
        for size in [1, 2, 3, 5, 7, 64, 1 << 16] {
            #expect(Self.lines(Array(text.utf8), chunk: size) == expected, "chunks of \(size)")
        }
        #expect(Self.lines(Array("one\ntwo\n".utf8), chunk: 3) == [.text("one"), .text("two")])
        #expect(Self.lines([], chunk: 4).isEmpty)
    }

    @Test("a line that is not UTF-8 is reported alone, and reading goes on")
    func invalidUTF8() {
        let bytes = Array("good\n".utf8) + [0x62, 0xFF, 0x61, 0x0A] + Array("after".utf8)
        #expect(Self.lines(bytes, chunk: 3) == [.text("good"), .invalidUTF8, .text("after")])
    }

    @Test("a line over the limit is skipped with its length, and the next line read whole")
    func tooLong() {
        let long = String(repeating: "x", count: 100)
        let bytes = Array("short\n\(long)\nnext\n".utf8)
        for size in [4, 16, 1_000] {
            let lines = Self.lines(bytes, chunk: size, maxLineBytes: 40)
            #expect(lines.first == .text("short") && lines.last == .text("next") && lines.count == 3, "chunks of \(size): \(lines)")
            guard case let .tooLong(seen) = lines[1] else { Issue.record("not reported too long: \(lines[1])"); continue }
            #expect(seen > 40 && seen <= 100 + size)
        }
    }
}
