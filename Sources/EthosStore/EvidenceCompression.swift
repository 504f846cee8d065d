internal import CZstd
internal import Foundation
internal import GRDB

/// A Zstandard dictionary for a database's evidence, trained on the evidence it stored first.
///
/// A record's evidence is about a kilobyte of JSON, most of it the same few keys, plugin names
/// and reasons written over and over; on its own a record's JSON compresses to about half, but
/// against a dictionary of what evidence looks like in this database, to about an eighth. The
/// dictionary is stored in `evidence_dictionaries` and each compressed row names the one it was
/// compressed with, so a later dictionary never changes how an earlier row reads.
///
/// A class: it owns Zstandard's prepared forms of the dictionary, which are freed with it. It is
/// immutable once made, and Zstandard's prepared dictionaries may be used by several threads at
/// once (each with its own context), so it is shared freely.
final class EvidenceDictionary: @unchecked Sendable {
    // @unchecked: `compression` and `decompression` are read-only after init; Zstandard documents
    // a CDict and a DDict as shareable between threads, each using its own context.
    /// The dictionary as stored.
    let content: [UInt8]
    private let compression: OpaquePointer
    private let decompression: OpaquePointer

    /// The level evidence is compressed at: Zstandard's fastest, which with a dictionary already
    /// reaches about an eighth of the JSON (higher levels gained a few per cent at twice the time).
    static let level: Int32 = 1

    /// A dictionary from its stored content; nil if Zstandard cannot use it.
    init?(content: [UInt8]) {
        guard !content.isEmpty else { return nil }
        let prepared = content.withUnsafeBytes { bytes in
            (ZSTD_createCDict(bytes.baseAddress, bytes.count, Self.level), ZSTD_createDDict(bytes.baseAddress, bytes.count))
        }
        guard let compression = prepared.0, let decompression = prepared.1 else {
            ZSTD_freeCDict(prepared.0)
            ZSTD_freeDDict(prepared.1)
            return nil
        }
        self.content = content
        self.compression = compression
        self.decompression = decompression
    }

    deinit {
        ZSTD_freeCDict(compression)
        ZSTD_freeDDict(decompression)
    }

    /// The dictionary's largest size: larger ones gained under 1 % on evidence.
    static let capacity = 32_768

    /// A dictionary trained on `samples` (each one record's evidence JSON). Where training finds
    /// too little to learn from, the samples themselves, the latest `capacity` bytes, serve as a
    /// raw-content dictionary, which Zstandard also accepts.
    static func train(on samples: [[UInt8]]) -> EvidenceDictionary? {
        let joined = samples.flatMap(\.self)
        guard !joined.isEmpty else { return nil }
        var sizes = samples.map(\.count)
        var buffer = [UInt8](repeating: 0, count: capacity)
        let trained = buffer.withUnsafeMutableBytes { dictionary in
            joined.withUnsafeBytes { samples in
                ZDICT_trainFromBuffer(dictionary.baseAddress, dictionary.count, samples.baseAddress, &sizes, UInt32(sizes.count))
            }
        }
        if ZDICT_isError(trained) == 0 {
            return EvidenceDictionary(content: Array(buffer.prefix(trained)))
        }
        return EvidenceDictionary(content: Array(joined.suffix(capacity)))
    }

    /// `json` compressed with this dictionary, with a context from `contexts`; nil if Zstandard
    /// fails, and the JSON is then stored as it is.
    func compress(_ json: [UInt8], contexts: CompressionContexts) -> [UInt8]? {
        contexts.withContext { context, scratch in
            guard ZSTD_isError(ZSTD_CCtx_refCDict(context, compression)) == 0 else { return nil }
            defer { ZSTD_CCtx_refCDict(context, nil) }
            let bound = ZSTD_compressBound(json.count)
            if scratch.count < bound { scratch = [UInt8](repeating: 0, count: bound) }
            // Into the context's scratch, then copied at its size: an array of the bound's size
            // would keep about eight times the compressed bytes allocated.
            return scratch.withUnsafeMutableBytes { output -> [UInt8]? in
                let written = json.withUnsafeBytes { input in
                    ZSTD_compress2(context, output.baseAddress, output.count, input.baseAddress, input.count)
                }
                guard ZSTD_isError(written) == 0 else { return nil }
                return Array(output.prefix(written))
            }
        }
    }

    /// The JSON of a row compressed with this dictionary; nil if the bytes are not one whole
    /// Zstandard frame that says its size, or it would be larger than `limit` bytes (a hostile
    /// or damaged database cannot make a read allocate more than that).
    func decompress(_ compressed: UnsafeRawBufferPointer, limit: Int) -> [UInt8]? {
        let size = ZSTD_getFrameContentSize(compressed.baseAddress, compressed.count)
        // UInt64.max and .max - 1 are ZSTD_CONTENTSIZE_UNKNOWN and ZSTD_CONTENTSIZE_ERROR.
        guard size < UInt64.max - 1, size <= UInt64(limit) else { return nil }
        guard let context = ZSTD_createDCtx() else { return nil }
        defer { ZSTD_freeDCtx(context) }
        var output = [UInt8](repeating: 0, count: Int(size))
        let written = output.withUnsafeMutableBytes { output in
            ZSTD_decompress_usingDDict(context, output.baseAddress, output.count, compressed.baseAddress, compressed.count, decompression)
        }
        guard ZSTD_isError(written) == 0, written == Int(size) else { return nil }
        return output
    }
}

/// Zstandard compression contexts for the threads that compress evidence, each with a buffer to
/// compress into: each compression takes one and gives it back, so a few are made however many
/// records are compressed (making one costs more than compressing a record). A class with a
/// lock: the scoring threads share it.
final class CompressionContexts: @unchecked Sendable {
    // @unchecked: `free` is read and written only under `lock`; a context and its buffer are
    // used by one thread at a time, the one that took them.
    private let lock = NSLock()
    private var free: [(context: OpaquePointer, scratch: [UInt8])] = []

    deinit {
        for item in free { ZSTD_freeCCtx(item.context) }
    }

    /// Runs `body` with a context set for evidence — no checksum (SQLite pages carry their own
    /// integrity checks) and no dictionary id (the row names its dictionary), but the content
    /// size, which bounds what a read allocates — and its buffer. nil if no context can be made.
    func withContext<T>(_ body: (OpaquePointer, inout [UInt8]) -> T?) -> T? {
        guard var item = lock.withLock({ free.popLast() }) ?? Self.make().map({ ($0, []) }) else { return nil }
        defer { lock.withLock { free.append(item) } }
        return body(item.context, &item.scratch)
    }

    private static func make() -> OpaquePointer? {
        guard let context = ZSTD_createCCtx() else { return nil }
        for (parameter, value) in [(ZSTD_c_checksumFlag, Int32(0)), (ZSTD_c_dictIDFlag, 0), (ZSTD_c_contentSizeFlag, 1)] {
            guard ZSTD_isError(ZSTD_CCtx_setParameter(context, parameter, value)) == 0 else {
                ZSTD_freeCCtx(context)
                return nil
            }
        }
        return context
    }
}

/// A record's evidence as the store writes it: JSON, or JSON compressed with `dictionary`.
struct StoredEvidence: Sendable {
    var bytes: [UInt8]
    var dictionary: EvidenceDictionary?
}

/// How a store writes and reads evidence: compressed with the database's latest dictionary, once
/// it has one, and read back with whichever dictionary each row names.
///
/// A database has no dictionary until it holds ``EvidenceCodec/sampleCount`` records' evidence:
/// until then evidence is stored as JSON, and the writer keeps it, in the order it writes it, as
/// the samples the dictionary is trained on (about 30 ms). Scoring threads then compress with it.
/// Samples, dictionary and contexts are shared by the scoring threads and the writer: a class
/// with a lock.
final class EvidenceCodec: @unchecked Sendable {
    // @unchecked: `current`, `loaded`, `samples` and `byRow` are read and written only under
    // `lock`; dictionaries and contexts are safe to share (see their types).
    private let lock = NSLock()
    private var current: EvidenceDictionary?
    private var loaded = false
    private var samples: [[UInt8]] = []
    private var byRow: [Int64: EvidenceDictionary] = [:]
    private let contexts = CompressionContexts()
    /// How many records' evidence a dictionary is trained on.
    let sampleCount: Int

    /// The most a row's evidence may decompress to: a record's is about a kilobyte.
    static let readLimit = 16 << 20

    /// Enough for a dictionary within about 2 % of what ten times as many gave, in about 30 ms.
    static let defaultSampleCount = 1_000

    init(sampleCount: Int = defaultSampleCount) {
        self.sampleCount = sampleCount
    }

    /// A record's evidence JSON as it is to be stored: compressed when there is a dictionary.
    func encode(_ json: [UInt8]) -> StoredEvidence {
        if let dictionary = lock.withLock({ current }), let compressed = dictionary.compress(json, contexts: contexts) {
            return StoredEvidence(bytes: compressed, dictionary: dictionary)
        }
        return StoredEvidence(bytes: json, dictionary: nil)
    }

    /// Before a transaction writes evidence: the first time, the database's latest dictionary,
    /// or, when it has none, the evidence it stored as JSON first, as samples.
    func prepare(_ db: Database) throws {
        guard !lock.withLock({ loaded }) else { return }
        let latest = try Row.fetchOne(db, sql: "SELECT id, content FROM evidence_dictionaries ORDER BY id DESC LIMIT 1")
        var stored: [[UInt8]] = []
        if latest == nil {
            try BoundStatement(db, "SELECT items FROM record_evidence WHERE dictionary IS NULL ORDER BY record LIMIT ?")
                .forEachRow(.int(sampleCount)) { row in if let text = row.text(0) { stored.append(Array(text.utf8)) } }
        }
        let dictionary = latest.flatMap { row -> EvidenceDictionary? in
            let content: Data = row["content"]
            return EvidenceDictionary(content: Array(content))
        }
        lock.withLock {
            guard !loaded else { return }
            loaded = true
            current = dictionary
            if let latest, let dictionary { byRow[latest["id"]] = dictionary }
            samples = stored
        }
        if dictionary == nil { trainIfReady() }
    }

    /// The writer, for each record's evidence it stores as JSON, in order: a sample, until there
    /// are enough to train the dictionary, which it then trains.
    func sample(_ json: [UInt8]) {
        let ready = lock.withLock { () -> Bool in
            guard current == nil, samples.count < sampleCount else { return false }
            samples.append(json)
            return samples.count == sampleCount
        }
        if ready { trainIfReady() }
    }

    private func trainIfReady() {
        let taken = lock.withLock { () -> [[UInt8]]? in
            guard current == nil, samples.count >= sampleCount else { return nil }
            defer { samples = [] }
            return samples
        }
        guard let taken, let dictionary = EvidenceDictionary.train(on: taken) else { return }
        lock.withLock { current = dictionary }
    }

    /// The JSON of a stored row: `items` as it is when `dictionary` is NULL, else decompressed
    /// with the dictionary in that row of `evidence_dictionaries`; nil when it cannot be read.
    func json(items: DatabaseValue, dictionary row: Int64?, _ db: Database) throws -> String? {
        guard let row else { return String.fromDatabaseValue(items) }
        guard let compressed = Data.fromDatabaseValue(items), let dictionary = try dictionary(row: row, db) else { return nil }
        return compressed.withUnsafeBytes { dictionary.decompress($0, limit: Self.readLimit) }.map { String(decoding: $0, as: UTF8.self) }
    }

    private func dictionary(row: Int64, _ db: Database) throws -> EvidenceDictionary? {
        if let known = lock.withLock({ byRow[row] }) { return known }
        guard let content = try Data.fetchOne(db, sql: "SELECT content FROM evidence_dictionaries WHERE id = ?", arguments: [row]),
              let dictionary = EvidenceDictionary(content: Array(content)) else { return nil }
        lock.withLock { byRow[row] = dictionary }
        return dictionary
    }
}
