/// A streaming RFC 4180 CSV reader: quoted fields may hold commas, quotes (doubled) and line
/// breaks. It pulls bytes in chunks from a source, so memory does not grow with the file, and
/// reports each row with the line it starts on. A UTF-8 byte-order mark at the start is skipped.
public struct CSVReader {
    /// One row and the line it starts on.
    public struct Row: Sendable {
        /// The 1-based line number of the row's first character.
        public var line: Int
        /// The fields.
        public var fields: [String]
    }

    /// A problem that stops reading.
    public struct Failure: Error, Sendable {
        /// The line.
        public var line: Int
        /// The message.
        public var message: String
    }

    private let read: () -> [UInt8]
    private var buffer: [UInt8] = []
    private var position = 0
    private var finished = false
    private var line = 1
    /// The longest field accepted, in bytes.
    public let maxFieldBytes: Int

    /// Reads from `read`, which returns the next chunk of bytes or an empty array at the end.
    public init(maxFieldBytes: Int = 1 << 20, read: @escaping () -> [UInt8]) {
        self.read = ByteOrderMark.skipping(read)
        self.maxFieldBytes = maxFieldBytes
    }

    /// Reads from bytes already in memory.
    public init(bytes: [UInt8]) {
        var delivered = false
        self.init { () -> [UInt8] in
            defer { delivered = true }
            return delivered ? [] : bytes
        }
    }

    private mutating func peek() -> UInt8? {
        if position >= buffer.count {
            guard !finished else { return nil }
            buffer = read()
            position = 0
            if buffer.isEmpty {
                finished = true
                return nil
            }
        }
        return buffer[position]
    }

    private mutating func advance() {
        position += 1
    }

    /// The next row, `nil` at the end of the input.
    public mutating func next() throws(Failure) -> Row? {
        guard peek() != nil else { return nil }
        let start = line
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false, wasQuoted = false
        while let byte = peek() {
            if quoted {
                advance()
                if byte == UInt8(ascii: "\"") {
                    if peek() == UInt8(ascii: "\"") {
                        field.append(byte)
                        advance()
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
            } else {
                switch byte {
                case UInt8(ascii: ","):
                    advance()
                    fields.append(try Self.text(field, line: start))
                    field = []
                    wasQuoted = false
                case 0x0D:
                    advance()
                case 0x0A:
                    advance()
                    line += 1
                    fields.append(try Self.text(field, line: start))
                    return Row(line: start, fields: fields)
                case UInt8(ascii: "\"") where field.isEmpty && !wasQuoted:
                    advance()
                    quoted = true
                    wasQuoted = true
                default:
                    advance()
                    field.append(byte)
                }
            }
            if field.count > maxFieldBytes {
                throw Failure(line: start, message: "A field is longer than \(maxFieldBytes) bytes.")
            }
        }
        if quoted { throw Failure(line: start, message: "A quoted field is never closed; end it with '\"'.") }
        fields.append(try Self.text(field, line: start))
        return Row(line: start, fields: fields)
    }

    private static func text(_ bytes: [UInt8], line: Int) throws(Failure) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Failure(line: line, message: "The row is not valid UTF-8; save the file as UTF-8.")
        }
        return text
    }
}
