internal import EthosPluginAPI
/// Turns a file's bytes into text, rejecting what YAML cannot hold: invalid UTF-8 (located at the
/// first bad byte) and files over the size limit. A UTF-8 byte-order mark is dropped.
enum SourceText {
    static func decode(_ bytes: [UInt8], file: String, limits: YAMLLimits) -> Result<String, Diagnostic> {
        if bytes.count > limits.maxFileBytes {
            return .failure(Diagnostic(.fileTooLarge(bytes: bytes.count, limit: limits.maxFileBytes), at: .start(of: file)))
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) {
            return .success(text)
        }
        let (offset, byte) = firstInvalidByte(in: body)
        return .failure(Diagnostic(.invalidUTF8(byte: byte), at: location(ofByte: offset, in: body, file: file)))
    }

    /// The offset and value of the first byte that does not decode as UTF-8.
    private static func firstInvalidByte(in bytes: ArraySlice<UInt8>) -> (Int, UInt8) {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = bytes.startIndex
        while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(scalar):
                offset += UTF8.width(scalar)
            case .emptyInput:
                return (offset, bytes.last ?? 0)
            case .error:
                return (offset, bytes[offset])
            }
        }
    }

    /// The line and column (in Unicode scalars) of a byte offset; bytes that do not decode count
    /// as one column each.
    static func location(ofByte offset: Int, in bytes: ArraySlice<UInt8>, file: String) -> SourceLocation {
        var line = 1, column = 1
        var index = bytes.startIndex
        let end = min(offset, bytes.endIndex)
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}
