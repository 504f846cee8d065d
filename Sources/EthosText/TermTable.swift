/// A fixed vocabulary that answers "which term is this?" from a word's UTF-8 bytes, without
/// building a `String` or running Swift's seeded hasher: the lexicon, stop-word and booster
/// lookups of text analysis happen for every word of every record.
///
/// Ids are the order in which terms were first given, so a caller keeps what it knows about
/// each term in arrays indexed by id.
///
/// ```swift
/// let table = TermTable(["not", "never", "no"])
/// table.id(of: "never")     // 1
/// table.id(of: "maybe")     // nil
/// table.term(2)             // "no"
/// ```
///
/// The table is open-addressed at most half full, so a lookup probes a few slots whatever the
/// word; its contents are fixed when it is built, so no input can make lookups slower than the
/// longest run of its own keys. A slot holds a term's first eight bytes beside its hash, length
/// and id, so finding a term of up to eight bytes (most words) reads one slot and nothing else:
/// the terms' bytes, elsewhere in memory, were a cache miss of their own for every word found.
package struct TermTable: Sendable {
    /// Every term's bytes, one after another.
    private let bytes: [UInt8]
    /// Term `id` is `bytes[starts[id]..<starts[id + 1]]`.
    private let starts: [Int]
    /// Two words a slot. The first: the term's hash's top 24 bits, then its length (255 for
    /// 255 bytes or more), then term id + 1 in the lower 32 bits, so most probes of other words
    /// stop at the slot; 0 for an empty slot. The second: the term's first eight bytes
    /// (``prefix(_:)``).
    private let slots: [UInt64]
    private let mask: Int

    /// Builds the table of `terms`; a repeated term keeps its first id.
    package init(_ terms: some Sequence<String>) {
        var bytes: [UInt8] = []
        var starts: [Int] = [0]
        var seen: [String: Int] = [:]
        for term in terms where seen[term] == nil {
            seen[term] = starts.count - 1
            bytes.append(contentsOf: term.utf8)
            starts.append(bytes.count)
        }
        var capacity = 16
        while capacity < seen.count * 2 { capacity *= 2 }
        var slots = [UInt64](repeating: 0, count: capacity * 2)
        let mask = capacity - 1
        bytes.withUnsafeBufferPointer { all in
            for id in 0..<(starts.count - 1) {
                let term = UnsafeBufferPointer(rebasing: all[starts[id]..<starts[id + 1]])
                let prefix = Self.prefix(term), hash = Self.hash(term, prefix: prefix)
                var slot = hash & mask
                while slots[2 * slot] != 0 { slot = (slot + 1) & mask }
                slots[2 * slot] = Self.key(hash, length: term.count) | UInt64(id + 1)
                slots[2 * slot + 1] = prefix
            }
        }
        self.bytes = bytes
        self.starts = starts
        self.slots = slots
        self.mask = mask
    }

    /// The number of distinct terms.
    package var count: Int { starts.count - 1 }

    /// Term `id`.
    package func term(_ id: Int) -> String {
        String(decoding: bytes[starts[id]..<starts[id + 1]], as: UTF8.self)
    }

    /// An array indexed by term id: `value` for every term, then each pair's value for its term
    /// (later pairs win; terms the table does not hold are skipped). What a caller keeps about
    /// each term.
    package func perTerm<Value>(_ pairs: some Sequence<(String, Value)>, default value: Value) -> [Value] {
        var values = [Value](repeating: value, count: count)
        for (term, value) in pairs {
            if let id = id(of: term) { values[id] = value }
        }
        return values
    }

    /// The id of `term`, or `nil` when the table does not hold it.
    package func id(of term: String) -> Int? {
        var term = term
        return term.withUTF8 { id(of: $0) }
    }

    /// The id of the term spelled by `word`'s bytes, or `nil`.
    package func id(of word: UnsafeBufferPointer<UInt8>) -> Int? {
        let prefix = Self.prefix(word), hash = Self.hash(word, prefix: prefix), key = Self.key(hash, length: word.count)
        var slot = hash & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let entry = slots[2 * slot]
                if entry == 0 { return nil }
                if entry & 0xFFFF_FFFF_0000_0000 == key, slots[2 * slot + 1] == prefix {
                    let id = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                    // Up to eight bytes the slot holds the whole term; past that, the rest is compared.
                    if word.count <= 8 || rest(of: id, equals: word) { return id }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Whether term `id`, whose first eight bytes are `word`'s, is `word`.
    private func rest(of id: Int, equals word: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[id], end = starts[id + 1]
        guard end - start == word.count else { return false }
        return bytes.withUnsafeBufferPointer { all in
            for offset in 8..<word.count where all[start + offset] != word[offset] { return false }
            return true
        }
    }

    /// A slot's first word without the id: the hash's top 24 bits and the length (capped at 255).
    @inline(__always)
    static func key(_ hash: Int, length: Int) -> UInt64 {
        UInt64(truncatingIfNeeded: hash) & 0xFFFF_FF00_0000_0000 | UInt64(min(length, 255)) << 32
    }

    /// The first eight bytes of `word`, little-endian, zero past its end.
    @inline(__always)
    static func prefix(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = word.baseAddress else { return 0 }
        return chunk(UnsafeRawPointer(base), count: min(8, word.count))
    }

    /// The `count` bytes (0 to 8) at `start`, little-endian, zero above them: read as two loads
    /// that overlap rather than byte by byte. Where they overlap they hold the same bytes at the
    /// same places, so or-ing them gives exactly those bytes.
    @inline(__always)
    static func chunk(_ start: UnsafeRawPointer, count: Int) -> UInt64 {
        switch count {
        case 8...:
            return UInt64(littleEndian: start.loadUnaligned(as: UInt64.self))
        case 4...:
            let low = UInt64(UInt32(littleEndian: start.loadUnaligned(as: UInt32.self)))
            let high = UInt64(UInt32(littleEndian: start.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
            return low | high << (8 * UInt64(count - 4))
        case 2...:
            let low = UInt64(UInt16(littleEndian: start.loadUnaligned(as: UInt16.self)))
            let high = UInt64(UInt16(littleEndian: start.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self)))
            return low | high << (8 * UInt64(count - 2))
        case 1:
            return UInt64(start.load(as: UInt8.self))
        default:
            return 0
        }
    }

    /// The upper half of `hash` (what ``StemMemo``'s slots keep).
    @inline(__always)
    static func tag(_ hash: Int) -> UInt64 {
        UInt64(truncatingIfNeeded: hash) & 0xFFFF_FFFF_0000_0000
    }

    /// Whether `all` holds `word` from `start` on.
    @inline(__always)
    static func equal(_ all: UnsafeBufferPointer<UInt8>, from start: Int, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        for offset in word.indices where all[start + offset] != word[offset] { return false }
        return true
    }

    /// The word's bytes eight at a time (the last eight overlapping the chunk before them when
    /// the length is not a multiple of eight), each mixed in with a multiply, then MurmurHash3's
    /// 64-bit finaliser so that both the low bits (the slot) and the high bits (the key's tag)
    /// are well spread. Most words are one chunk: a few instructions, not two for every byte as
    /// FNV-1a took.
    @inline(__always)
    static func hash(_ word: UnsafeBufferPointer<UInt8>) -> Int {
        hash(word, prefix: prefix(word))
    }

    /// ``hash(_:)`` given the word's ``prefix(_:)``, its first chunk, which a lookup reads anyway.
    @inline(__always)
    static func hash(_ word: UnsafeBufferPointer<UInt8>, prefix: UInt64) -> Int {
        var hash = (0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: word.count) ^ prefix) &* 0xBF58_476D_1CE4_E5B9
        if let base = word.baseAddress {
            let start = UnsafeRawPointer(base)
            var offset = 8
            while offset < word.count {
                let next = min(offset, word.count - 8)  // the last chunk ends at the word's end
                hash = (hash ^ (hash >> 31) ^ chunk(start + next, count: 8)) &* 0xBF58_476D_1CE4_E5B9
                offset += 8
            }
        }
        hash ^= hash >> 33
        hash &*= 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash &*= 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 33
        return Int(truncatingIfNeeded: hash)
    }
}

