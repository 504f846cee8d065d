internal import Foundation

/// Reads a file or standard input line by line in fixed-size chunks, so memory does not grow
/// with the input. Lines longer than `maxLineBytes` are reported as too long rather than read.
struct LineReader {
    enum Line {
        case text(String)
        case tooLong(Int)
        case invalidUTF8
    }

    private let handle: FileHandle
    private var buffer = Data()
    private var finished = false
    let maxLineBytes: Int

    init(handle: FileHandle, maxLineBytes: Int = 1 << 20) {
        self.handle = handle
        self.maxLineBytes = maxLineBytes
    }

    /// The next line without its line break, or `nil` at the end.
    mutating func next() -> Line? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                var line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                if line.last == 0x0D { line = line.dropLast() }
                return decode(line)
            }
            if buffer.count > maxLineBytes {
                let size = buffer.count
                // Skip the rest of the over-long line.
                buffer.removeAll()
                while !finished {
                    let chunk = handle.readData(ofLength: 1 << 16)
                    if chunk.isEmpty { finished = true; break }
                    if let newline = chunk.firstIndex(of: 0x0A) {
                        buffer = chunk[(newline + 1)...]
                        break
                    }
                }
                return .tooLong(size)
            }
            if finished {
                guard !buffer.isEmpty else { return nil }
                let line = buffer
                buffer.removeAll()
                return decode(line)
            }
            let chunk = handle.readData(ofLength: 1 << 16)
            if chunk.isEmpty { finished = true } else { buffer.append(chunk) }
        }
    }

    private func decode(_ bytes: Data) -> Line {
        guard let text = String(data: bytes, encoding: .utf8) else { return .invalidUTF8 }
        return .text(text)
    }
}
