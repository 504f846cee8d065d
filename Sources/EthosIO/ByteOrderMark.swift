/// The UTF-8 byte-order mark: an encoding marker some editors (and Excel's "CSV UTF-8") put at
/// the start of a text file. It is not content: readers of record and people files skip it.
enum ByteOrderMark {
    static let bytes: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// `read` (chunks of a byte stream, empty at the end) without a byte-order mark at the very
    /// start, however the first bytes are split between chunks.
    static func skipping(_ read: @escaping () -> [UInt8]) -> () -> [UInt8] {
        var head: [UInt8]? = []  // nil once the start is decided
        return {
            guard var start = head else { return read() }
            while start.count < bytes.count {
                let chunk = read()
                if chunk.isEmpty { break }
                start += chunk
            }
            head = nil
            guard start.starts(with: bytes) else { return start }
            let rest = Array(start.dropFirst(bytes.count))
            return rest.isEmpty ? read() : rest  // an empty chunk would end the stream
        }
    }
}
