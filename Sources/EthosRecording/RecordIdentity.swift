public import EthosCore

/// What a record is known by when it is taken in — its date, content hash, id and anonymous
/// author key — worked out from the record alone.
public struct RecordIdentity: Hashable, Sendable {
    /// The record's date, `now` when it has none.
    public var date: FactTimestamp
    /// For an anonymous record, a keyed hash of its author's handle and its content: with the key
    /// file, whether a given person wrote this record can be checked; without it, nothing, and no
    /// two records' keys are alike, so they cannot be linked to each other.
    public var anonymousKey: String?
    /// SHA-256 of the content: kind, author, subject, date, text and minutes — with no author for
    /// an anonymous record, so whether a record is a duplicate never depends on who is said to
    /// have written it.
    public var contentHash: String
    /// The record's id, or one made from its content hash.
    public var id: String

    /// An identity as a store holds it (copying a stored record elsewhere).
    public init(id: String, contentHash: String, anonymousKey: String?, date: FactTimestamp) {
        self.id = id
        self.contentHash = contentHash
        self.anonymousKey = anonymousKey
        self.date = date
    }

    /// The identity of `record`, dated `now` when it has no date; `key` keys anonymous authors.
    public init(_ record: Record, now: FactTimestamp, key: AnonymityKey) {
        date = record.date ?? now
        contentHash = sha256(parts: [record.kind.rawValue, record.anonymous ? "" : record.from, record.to, date.description, record.text,
                                     record.minutes.map(String.init) ?? ""])
        anonymousKey = record.anonymous ? key.anonymousAuthor(record.from, of: contentHash) : nil
        id = record.id ?? "r-" + contentHash.prefix(16)
    }
}
