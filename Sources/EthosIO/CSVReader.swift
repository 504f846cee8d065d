/// A streaming RFC 4180 CSV reader: quoted fields may hold commas, quotes (doubled) and line
/// breaks. It pulls bytes in chunks from a source, so memory does not grow with the file, and
/// reports each row with the line it starts on. A UTF-8 byte-order mark at the start is skipped.
public struct CSVReader {
    /// One row and the line it starts on.
    public struct Row: Sendable {
        /// The 1-based line number of the row's first character.
        public var line: Int
        /// The fields (none when the row could not be read).
        public var fields: [String]
        /// Why the row could not be read, if it could not.
        public var problem: String?

        public init(line: Int, fields: [String], problem: String? = nil) {
            self.line = line
            self.fields = fields
            self.problem = problem
        }
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

    /// The next row, `nil` at the end of the input. A row that cannot be read (a field over
    /// ``maxFieldBytes``, bytes that are not UTF-8) comes back with its ``Row/problem`` and no
    /// fields, and reading goes on at the next row; only a quote left open at the end of the input
    /// stops reading.
    public mutating func next() throws(Failure) -> Row? {
        guard peek() != nil else { return nil }
        let start = line
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false, wasQuoted = false, overflowing = false
        var problem: String?
        func endField() {
            guard problem == nil else { return }
            if let text = String(validating: field, as: UTF8.self) { fields.append(text) } else {
                problem = "The row is not valid UTF-8; save the file as UTF-8."
            }
        }
        func row() -> Row {
            problem.map { Row(line: start, fields: [], problem: $0) } ?? Row(line: start, fields: fields)
        }
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
                    endField()
                    field = []
                    wasQuoted = false
                    overflowing = false
                case 0x0D:
                    advance()
                case 0x0A:
                    advance()
                    line += 1
                    endField()
                    return row()
                case UInt8(ascii: "\"") where field.isEmpty && !wasQuoted && !overflowing:
                    advance()
                    quoted = true
                    wasQuoted = true
                default:
                    advance()
                    field.append(byte)
                }
            }
            if field.count > maxFieldBytes {
                // The rest of the row is read past, not kept, so the next row is found.
                problem = problem ?? "A field is longer than \(maxFieldBytes) bytes."
                field.removeAll(keepingCapacity: true)
                overflowing = true
            }
        }
        if quoted { throw Failure(line: start, message: "A quoted field is never closed; end it with '\"'.") }
        endField()
        return row()
    }
}
