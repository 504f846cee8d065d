public import EthosCore

/// What a record is known by when it is taken in — its date, content hash, id and anonymous
/// keys — worked out from the record alone.
public struct RecordIdentity: Hashable, Sendable {
    /// The record's date, `now` when it has none.
    public var date: FactTimestamp
    /// The keyed hash of the author's handle, for an anonymous record.
    public var anonymousKey: String?
    /// The keyed hash of the subject's handle, for history facts about anonymous records they wrote.
    public var subjectAnonymousKey: String
    /// SHA-256 of the content: kind, author (or their anonymous key), subject, date, text and minutes.
    public var contentHash: String
    /// The record's id, or one made from its content hash.
    public var id: String

    /// The identity of `record`, dated `now` when it has no date.
    public init(_ record: Record, now: FactTimestamp, keys: inout AnonymousKeys) {
        date = record.date ?? now
        anonymousKey = record.anonymous ? keys.key(of: record.from) : nil
        subjectAnonymousKey = keys.key(of: record.to)
        contentHash = sha256(parts: [record.kind.rawValue, anonymousKey ?? record.from, record.to, date.description, record.text,
                                     record.minutes.map(String.init) ?? ""])
        id = record.id ?? "r-" + contentHash.prefix(16)
    }

    /// The author as history knows them: their handle, or their anonymous key.
    public func author(of record: Record) -> HistoryAuthor {
        anonymousKey.map { .anonymous(key: $0) } ?? .handle(record.from)
    }
}

/// The anonymous keys of handles, each worked out (an HMAC) once.
public struct AnonymousKeys: Sendable {
    /// The key they are made with.
    public let key: AnonymityKey
    private var known: [String: String] = [:]

    /// Keys made with `key`.
    public init(_ key: AnonymityKey) { self.key = key }

    /// The anonymous key of `handle`.
    public mutating func key(of handle: String) -> String {
        if let known = known[handle] { return known }
        let anonymous = key.anonymousAuthor(handle)
        known[handle] = anonymous
        return anonymous
    }
}
