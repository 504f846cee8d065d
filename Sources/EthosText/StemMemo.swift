/// Stems of words outside a vocabulary, remembered across the texts one thread analyses: the
/// vocabulary holds the words known in advance, a memo the words met since. Most of a company's
/// feedback is written in a few thousand words, so after the first records nearly every word is
/// found here by its bytes instead of being stemmed again.
///
/// A memo is mutable and not `Sendable`: each thread uses its own (the scorer keeps a pool and
/// lends one to each text it analyses). It decides speed, never the result: the stem it holds
/// for a word is ``EnglishStemmer/stem(_:)`` of it (a test compares analyses with and without).
///
/// ```swift
/// let memo = StemMemo(vocabulary: .standard)
/// let first = AnalyzedText("Ana refactored the exporter.", memo: memo)   // stems "refactored", "exporter"
/// let again = AnalyzedText("The exporter is faster now.", memo: memo)    // "exporter" comes from the memo
/// ```
///
/// Words are found as ``TermTable`` finds them, by their bytes in an open-addressed table; since
/// the texts decide what it holds, a word is remembered only if a free slot lies within
/// ``probeLimit`` slots of its hash, and a lookup gives up after as many: no input can make a
/// lookup cost more than that, and memory is bounded by ``capacity``.
package final class StemMemo {
    /// The vocabulary whose stem ids the memo's entries carry.
    package let vocabulary: Vocabulary
    /// How many words it remembers at most; words met after it is full are stemmed every time.
    package let capacity: Int
    /// The words, lent to one analysis at a time (``AnalyzedText`` takes the table out, works on
    /// it as its own value, and puts it back), so the analysis reads it without going through the
    /// class on every word.
    var table: Table

    /// An empty memo for texts analysed with `vocabulary`, remembering up to `capacity` words.
    package init(vocabulary: Vocabulary, capacity: Int = 50_000) {
        self.vocabulary = vocabulary
        self.capacity = capacity
        table = Table(capacity: capacity)
    }

    /// How many words it remembers.
    package var count: Int { table.count }

    /// Takes the table out, leaving an empty one (no copy: the taker holds the only reference,
    /// so it grows in place); ``giveBack(_:)`` returns it.
    func take() -> Table {
        var taken = Table(capacity: 0)
        swap(&taken, &table)
        return taken
    }

    /// Puts `table`, taken before, back (swapped with the empty one left, so not copied).
    func giveBack(_ table: inout Table) {
        swap(&self.table, &table)
    }

    struct Table {
        /// The most slots a lookup reads.
        static let probeLimit = 16

        /// How many words it remembers at most (0: a table that remembers none, what a text
        /// analysed without a memo holds).
        let capacity: Int
        /// Every remembered word's bytes, one after another; word `id` is `bytes[starts[id]..<starts[id + 1]]`.
        private var bytes: [UInt8] = []
        private var starts: [Int] = [0]
        /// Word `id`'s stem, and the stem's id in the vocabulary (-1: none).
        private(set) var stems: [String] = []
        private(set) var stemIDs: [Int32] = []
        /// As ``TermTable``'s slots: hash tag in the upper 32 bits, id + 1 in the lower; 0 when empty.
        private var slots: [UInt64] = []

        init(capacity: Int) {
            self.capacity = capacity
        }

        var count: Int { stems.count }

        /// The id of the remembered word spelled by `word`'s bytes, or nil.
        func id(of word: UnsafeBufferPointer<UInt8>) -> Int? {
            guard !slots.isEmpty else { return nil }
            let hash = TermTable.hash(word), tag = TermTable.tag(hash), mask = slots.count - 1
            return bytes.withUnsafeBufferPointer { all in
                slots.withUnsafeBufferPointer { slots in
                    var slot = hash & mask
                    for _ in 0..<Self.probeLimit {
                        let entry = slots[slot]
                        if entry == 0 { return nil }
                        if entry & 0xFFFF_FFFF_0000_0000 == tag {
                            let id = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                            if starts[id + 1] - starts[id] == word.count, TermTable.equal(all, from: starts[id], word) { return id }
                        }
                        slot = (slot + 1) & mask
                    }
                    return nil
                }
            }
        }

        /// Stems `word` (spelled as analysis spells a token, and not remembered yet) and
        /// remembers it when there is room and fewer than `capacity` words are held: its stem
        /// and the stem's id in `stemTable`, the vocabulary's.
        mutating func stem(_ word: String, stemTable: TermTable) -> (stem: String, stemID: Int32) {
            let stem = EnglishStemmer.stem(Lexicon.irregularForms[word] ?? word)
            let stemID = Int32(stemTable.id(of: stem) ?? -1)
            guard count < capacity else { return (stem, stemID) }
            if (count + 1) * 2 > slots.count { grow() }
            var utf8 = word
            if utf8.withUTF8({ place($0, id: count) }) {
                bytes.append(contentsOf: word.utf8)
                starts.append(bytes.count)
                stems.append(stem)
                stemIDs.append(stemID)
            }
            return (stem, stemID)
        }

        /// Puts id `id` for `word` in a free slot within the probe limit; false when there is none.
        private mutating func place(_ word: UnsafeBufferPointer<UInt8>, id: Int) -> Bool {
            let hash = TermTable.hash(word), mask = slots.count - 1
            var slot = hash & mask
            for _ in 0..<Self.probeLimit {
                if slots[slot] == 0 {
                    slots[slot] = TermTable.tag(hash) | UInt64(id + 1)
                    return true
                }
                slot = (slot + 1) & mask
            }
            return false
        }

        /// Doubles the slots (1,024 at first) and places every word again; one that no longer
        /// fits within the probe limit is forgotten.
        private mutating func grow() {
            let old = (bytes, starts, stems, stemIDs)
            slots = [UInt64](repeating: 0, count: max(1_024, slots.count * 2))
            bytes = []
            starts = [0]
            stems = []
            stemIDs = []
            old.0.withUnsafeBufferPointer { all in
                for id in 0..<old.2.count {
                    let word = UnsafeBufferPointer(rebasing: all[old.1[id]..<old.1[id + 1]])
                    guard place(word, id: stems.count) else { continue }
                    bytes.append(contentsOf: word)
                    starts.append(bytes.count)
                    stems.append(old.2[id])
                    stemIDs.append(old.3[id])
                }
            }
        }
    }
}
