public import EthosCore
internal import EthosIO
public import Foundation
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Records read from a file — CSV, a JSON array, or JSON Lines — each record or the reason it
/// cannot be read, with its line, in file order. CSV and JSON Lines stream (memory does not grow
/// with the file); a JSON array is read whole, up to ``jsonArrayLimit`` bytes. A UTF-8
/// byte-order mark at the start is skipped in every format.
///
/// ```swift
/// let source = RecordSource(handle: handle, format: .csv, file: "feedback.csv", decoder: recorder.decoder)
/// try await source.forEach { item in … }
/// ```
public struct RecordSource {
    /// A file format records are read from.
    public enum Format: String, CaseIterable, Sendable {
        case csv, json, jsonl

        /// The format a file's extension names: `.csv`, `.json`, else JSON Lines.
        public init(path: String) {
            let lower = path.lowercased()
            self = lower.hasSuffix(".csv") ? .csv : lower.hasSuffix(".json") ? .json : .jsonl
        }
    }

    /// One input record, or why it cannot be read, with its line and its input as written.
    public enum Item: Sendable {
        case record(Record, line: Int, input: String)
        case rejected(String, line: Int, input: String)
    }

    /// The largest JSON array read: larger files go in JSON Lines, which streams. A file's size
    /// is checked before it is read; a JSON array takes about ten times its size in memory
    /// while it is decoded, so the limit keeps that near 200 MB.
    public static let jsonArrayLimit = 16 << 20
    /// How many JSON Lines are decoded at once, split between the cores.
    static let decodingChunk = 4_096

    let handle: FileHandle
    let format: Format
    let file: String
    let decoder: RecordDecoder

    /// Records from `handle` in `format`, named `file` in messages, checked by `decoder`.
    public init(handle: FileHandle, format: Format, file: String, decoder: RecordDecoder) {
        self.handle = handle
        self.format = format
        self.file = file
        self.decoder = decoder
    }

    /// Passes every item to `body`, in file order. Throws only when the file as a whole cannot be
    /// read (a JSON array that is not one, or too large); each bad record is an item.
    public func forEach(_ body: (Item) async throws -> Void) async throws {
        switch format {
        case .jsonl: try await jsonLines(body)
        case .csv: try await csv(body)
        case .json: try await jsonArray(body)
        }
    }

    private func jsonLines(_ body: (Item) async throws -> Void) async throws {
        var reader = LineReader(handle: handle)
        var number = 0
        // Decoded a chunk at a time on every core; items still reach `body` in line order.
        var chunk: [(line: Int, text: String)] = []
        func decodeChunk() async throws {
            for item in Self.decode(chunk, decoder: decoder, file: file) { try await body(item) }
            chunk.removeAll(keepingCapacity: true)
        }
        while let line = reader.next() {
            number += 1
            switch line {
            case let .text(text):
                if text.allSatisfy(\.isWhitespace) { continue }
                chunk.append((number, text))
                if chunk.count >= Self.decodingChunk { try await decodeChunk() }
            case let .tooLong(bytes):
                try await decodeChunk()
                try await body(.rejected(Issue.lineTooLong(bytes: bytes, limit: reader.maxLineBytes).message, line: number, input: ""))
            case .invalidUTF8:
                try await decodeChunk()
                try await body(.rejected("The line is not valid UTF-8.", line: number, input: ""))
            }
        }
        try await decodeChunk()
    }

    /// `lines` decoded as records (or rejected), in their order, on every core.
    static func decode(_ lines: [(line: Int, text: String)], decoder: RecordDecoder, file: String) -> [Item] {
        Recorder.Session.inParallel(lines) { line in
            switch decoder.decode(json: line.text, file: file, firstLine: line.line) {
            case let .success(record): Item.record(record, line: line.line, input: line.text)
            case let .failure(error): Item.rejected(error.diagnostics.map(\.message).joined(separator: " "), line: line.line, input: line.text)
            }
        }
    }

    private func csv(_ body: (Item) async throws -> Void) async throws {
        var reader = CSVReader { [handle] in Array(handle.readData(ofLength: 1 << 16)) }
        do {
            guard let header = try reader.next() else { return }
            let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            while var row = try reader.next() {
                if let problem = row.problem {
                    try await body(.rejected(Issue.csvSyntax(problem).message, line: row.line, input: ""))
                    continue
                }
                if row.fields.allSatisfy({ $0.isEmpty }) { continue }
                row.fields = row.fields.map(CSVFormulaGuard.unguarded)
                let input = CSVWriter.row(row.fields)
                guard row.fields.count == names.count else {
                    try await body(.rejected(Issue.wrongFieldCount(found: row.fields.count, expected: names.count).message, line: row.line,
                                             input: input))
                    continue
                }
                switch decoder.decode(fields: Dictionary(zip(names, row.fields)) { first, _ in first }) {
                case let .success(record): try await body(.record(record, line: row.line, input: input))
                case let .failure(problems): try await body(.rejected(problems.messages.joined(separator: " "), line: row.line, input: input))
                }
            }
        } catch let failure as CSVReader.Failure {
            try await body(.rejected(Issue.csvSyntax(failure.message).message, line: failure.line, input: ""))
        }
    }

    private func jsonArray(_ body: (Item) async throws -> Void) async throws {
        let tooLarge = RecordSourceError("'\(file)' is over \(Self.jsonArrayLimit >> 20) MiB; use JSON Lines for large files, which streams.")
        var info = stat()
        if fstat(handle.fileDescriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > Self.jsonArrayLimit { throw tooLarge }
        let data = try handle.read(upToCount: Self.jsonArrayLimit + 1) ?? Data()  // a pipe: read no further than the limit
        guard data.count <= Self.jsonArrayLimit else { throw tooLarge }
        var bytes = Array(data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw RecordSourceError("'\(file)' is not valid UTF-8.")
        }
        let document: JSONValue.Located
        do {
            document = try JSONParser.parse(text)
        } catch {
            throw RecordSourceError("\(file):\(error.position.line):\(error.position.column): error: \(error.message)")
        }
        guard case let .array(elements) = document.value else {
            throw RecordSourceError("'\(file)' is not a JSON array of records; it holds \(document.value.kindName).")
        }
        let inputs = Self.texts(of: elements, in: text)
        for (element, input) in zip(elements, inputs) {
            let line = element.position.line
            switch decoder.decode(located: element, file: file) {
            case let .success(record): try await body(.record(record, line: line, input: input))
            case let .failure(error): try await body(.rejected(error.diagnostics.map(\.message).joined(separator: " "), line: line, input: input))
            }
        }
    }

    /// Each element's source text: from where it starts to where the next begins, less the comma
    /// and space between them (and, for the last, the array's closing bracket).
    static func texts(of elements: [JSONValue.Located], in text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var lineStarts = [0]
        for (offset, scalar) in scalars.enumerated() where scalar == "\n" { lineStarts.append(offset + 1) }
        func offset(_ position: JSONPosition) -> Int {
            min(scalars.count, lineStarts[min(position.line, lineStarts.count) - 1] + position.column - 1)
        }
        let starts = elements.map { offset($0.position) }
        let close = scalars.lastIndex(of: "]") ?? scalars.count
        return starts.indices.map { index in
            let end = index + 1 < starts.count ? starts[index + 1] : close
            var slice = scalars[starts[index]..<max(starts[index], end)]
            while let last = slice.last, last == "," || last.properties.isWhitespace { slice.removeLast() }
            var result = String.UnicodeScalarView()
            result.append(contentsOf: slice)
            return String(result)
        }
    }
}

/// A record file that cannot be read as a whole.
public struct RecordSourceError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
