internal import EthosCore
internal import Foundation

/// What a record is known by when it is taken in — its date, content hash, id and anonymous
/// keys — and the list columns its row stores: everything about it that depends on the record
/// alone, not on the records before it. An import works these out on another thread, ahead of
/// the writer (see ``IdentitySlots``): the content hash alone (SHA-256 of the record's content)
/// was about 40 % of what taking a record in cost the writer, the one thread every record waits for.
struct RecordIdentity: Sendable {
    /// The record's date, `now` when it has none.
    var date: FactTimestamp
    /// The keyed hash of the author's handle, for an anonymous record.
    var anonymousKey: String?
    /// The keyed hash of the subject's handle, for history facts about anonymous records they wrote.
    var subjectAnonymousKey: String
    /// SHA-256 of the content: kind, author (or their anonymous key), subject, date, text and minutes.
    var contentHash: HashedText
    /// The record's id, or one made from its content hash.
    var id: HashedText
    /// The principles and tags as JSON arrays, as their columns store them.
    var principles: String
    var tags: String

    init(_ record: Record, now: FactTimestamp, keys: inout AnonymousKeys) {
        date = record.date ?? now
        anonymousKey = record.anonymous ? keys.key(of: record.from) : nil
        subjectAnonymousKey = keys.key(of: record.to)
        let hash = sha256(parts: [record.kind.rawValue, anonymousKey ?? record.from, record.to, date.description, record.text,
                                  record.minutes.map(String.init) ?? ""])
        contentHash = HashedText(contentHash: hash)
        id = HashedText(record.id ?? "r-" + hash.prefix(16))
        principles = JSONText.array(record.principles)
        tags = JSONText.array(record.tags)
    }
}

/// The anonymous keys of handles, each worked out (an HMAC) once.
struct AnonymousKeys {
    let key: AnonymityKey
    private var known: [String: String] = [:]

    init(_ key: AnonymityKey) { self.key = key }

    mutating func key(of handle: String) -> String {
        if let known = known[handle] { return known }
        let anonymous = key.anonymousAuthor(handle)
        known[handle] = anonymous
        return anonymous
    }
}

/// A text with its hash worked out once, where it is made: a content hash or an id is looked up
/// in several sets while its record is taken in and written, and hashing 64 characters each time
/// cost more than the lookups.
struct HashedText: Hashable, Sendable {
    let text: String
    let hash: Int

    init(_ text: String) {
        self.text = text
        hash = text.hashValue
    }

    /// A content hash (64 hex digits) is its own hash: its first 16 digits.
    init(contentHash: String) {
        text = contentHash
        hash = Int(truncatingIfNeeded: UInt64(contentHash.prefix(16), radix: 16) ?? 0)
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    static func == (lhs: HashedText, rhs: HashedText) -> Bool { lhs.hash == rhs.hash && lhs.text == rhs.text }
}

/// The identities of a batch's records, worked out in order on another thread and taken by the
/// writer as it reaches each record. A class with a lock because the two threads share it.
final class IdentitySlots: @unchecked Sendable {
    // @unchecked: `slots` and `ready` are read and written only under `condition`'s lock; a slot
    // is written once, before `ready` passes it, and read only after.
    private var slots: [RecordIdentity?]
    private var ready = 0
    private let condition = NSCondition()

    /// How many identities the worker publishes at once (each publication takes the lock and wakes the writer).
    static let chunk = 64

    /// Starts working out the identities of `records` on one of `workers`.
    init(_ records: [Record], now: FactTimestamp, key: AnonymityKey, workers: BackgroundWorkers) {
        slots = Array(repeating: nil, count: records.count)
        workers.submit { [self] in
            var keys = AnonymousKeys(key)
            var start = 0
            while start < records.count {
                let end = min(start + Self.chunk, records.count)
                let made: [RecordIdentity?] = records[start..<end].map { RecordIdentity($0, now: now, keys: &keys) }
                condition.lock()
                slots.replaceSubrange(start..<end, with: made)
                ready = end
                condition.broadcast()
                condition.unlock()
                start = end
            }
        }
    }

    /// The identity of record `index`, waiting until it is worked out; the slot is emptied.
    func take(_ index: Int) -> RecordIdentity {
        condition.lock()
        defer { condition.unlock() }
        while ready <= index { condition.wait() }
        defer { slots[index] = nil }
        return slots[index]!
    }
}
