public import Foundation

/// Reads a file or standard input line by line in fixed-size chunks, so memory does not grow
/// with the input. Lines longer than `maxLineBytes` are reported as too long rather than read.
/// A UTF-8 byte-order mark at the start is skipped.
///
/// The chunks are kept as bytes with a read position, and line breaks found with `memchr`: a
/// `Data` buffer searched byte by byte (an exclusivity check each) and shortened from the front
/// for every line (moving the rest of the chunk) showed in `ethos import`'s profile.
public struct LineReader {
    public enum Line: Equatable, Sendable {
        case text(String)
        case tooLong(Int)
        case invalidUTF8
    }

    private let read: () -> Data
    private var buffer: [UInt8] = []
    /// The first byte not yet returned.
    private var start = 0
    /// Bytes before this offset hold no line break.
    private var searched = 0
    private var finished = false
    public let maxLineBytes: Int

    public init(handle: FileHandle, maxLineBytes: Int = 1 << 20) {
        self.init(maxLineBytes: maxLineBytes) { handle.readData(ofLength: 1 << 16) }
    }

    /// A reader of the chunks `read` returns, until it returns none.
    public init(maxLineBytes: Int = 1 << 20, read: @escaping () -> Data) {
        let bytes = ByteOrderMark.skipping { Array(read()) }
        self.read = { Data(bytes()) }
        self.maxLineBytes = maxLineBytes
    }

    /// The next line without its line break, or `nil` at the end.
    public mutating func next() -> Line? {
        while true {
            if let newline = nextLineBreak() {
                let end = newline > start && buffer[newline - 1] == 0x0D ? newline - 1 : newline
                defer { start = newline + 1 }
                return end - start > maxLineBytes ? .tooLong(end - start) : decode(start..<end)
            }
            if buffer.count - start > maxLineBytes {
                let size = buffer.count - start
                skipRestOfLine()
                return .tooLong(size)
            }
            if finished {
                guard start < buffer.count else { return nil }
                defer { start = buffer.count }
                return decode(start..<buffer.count)
            }
            let chunk = read()
            if chunk.isEmpty { finished = true } else { append(chunk) }
        }
    }

    /// The offset of the first line break at or after `start`, if the buffer holds one.
    private mutating func nextLineBreak() -> Int? {
        searched = max(searched, start)
        guard searched < buffer.count else { return nil }
        let found = buffer.withUnsafeBufferPointer { bytes -> Int? in
            guard let base = bytes.baseAddress, let hit = memchr(base + searched, 0x0A, bytes.count - searched) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
        searched = found ?? buffer.count
        return found
    }

    /// Adds a chunk, first dropping the lines already returned (at most a line's bytes move).
    private mutating func append(_ chunk: Data) {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            searched -= start
            start = 0
        }
        buffer.append(contentsOf: chunk)
    }

    /// Drops the buffer and reads on past the next line break.
    private mutating func skipRestOfLine() {
        buffer.removeAll(keepingCapacity: true)
        start = 0
        searched = 0
        while !finished {
            let chunk = read()
            if chunk.isEmpty { finished = true; break }
            if let newline = chunk.firstIndex(of: 0x0A) {
                buffer.append(contentsOf: chunk[(newline + 1)...])
                break
            }
        }
    }

    private func decode(_ range: Range<Int>) -> Line {
        guard let text = String(validating: buffer[range], as: UTF8.self) else { return .invalidUTF8 }
        return .text(text)
    }
}
