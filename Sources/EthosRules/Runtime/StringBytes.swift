internal import Foundation

/// String operations on UTF-8 bytes: code-point order and substring tests without the
/// generic collection algorithms, which cost far more than the comparison itself.
enum StringBytes {
    static func equal(_ lhs: String, _ rhs: String) -> Bool {
        var lhs = lhs, rhs = rhs
        return lhs.withUTF8 { a in rhs.withUTF8 { b in a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0) } }
    }

    /// -1, 0 or 1 by code point; UTF-8 byte order is code-point order.
    static func compare(_ lhs: String, _ rhs: String) -> Int {
        var lhs = lhs, rhs = rhs
        return lhs.withUTF8 { a in
            rhs.withUTF8 { b in
                let common = min(a.count, b.count)
                let order = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
                if order != 0 { return order < 0 ? -1 : 1 }
                return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
            }
        }
    }

    static func contains(_ haystack: String, _ needle: String) -> Bool {
        var haystack = haystack, needle = needle
        return haystack.withUTF8 { h in needle.withUTF8 { n in find(n, in: h) } }
    }

    static func hasPrefix(_ text: String, _ prefix: String) -> Bool {
        var text = text, prefix = prefix
        return text.withUTF8 { t in
            prefix.withUTF8 { p in p.count <= t.count && (p.isEmpty || memcmp(t.baseAddress!, p.baseAddress!, p.count) == 0) }
        }
    }

    static func hasSuffix(_ text: String, _ suffix: String) -> Bool {
        var text = text, suffix = suffix
        return text.withUTF8 { t in
            suffix.withUTF8 { s in
                s.count <= t.count && (s.isEmpty || memcmp(t.baseAddress! + (t.count - s.count), s.baseAddress!, s.count) == 0)
            }
        }
    }

    /// Whether `needle` occurs in `haystack`: scan with memchr for the needle's rarest byte (by
    /// English text frequency: the `2` of `review2`, not its `r`), so most failing searches are
    /// one pass over the text; then check the last byte and compare.
    static func find(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= haystack.count, let base = haystack.baseAddress, let pattern = needle.baseAddress else { return false }
        var anchor = 0
        for index in 0..<min(needle.count, 16) where frequency(pattern[index]) < frequency(pattern[anchor]) { anchor = index }
        let byte = Int32(pattern[anchor])
        let lastStart = haystack.count - needle.count
        var offset = anchor
        while offset <= lastStart + anchor {
            guard let found = memchr(base + offset, byte, lastStart + anchor - offset + 1) else { return false }
            let start = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) - anchor
            // The last byte first: it rules out most candidates without a call to memcmp.
            if base[start + needle.count - 1] == pattern[needle.count - 1], memcmp(base + start, pattern, needle.count) == 0 {
                return true
            }
            offset = start + anchor + 1
        }
        return false
    }

    /// How common a byte is in English text, roughly per thousand letters: the space and `e`
    /// most, then the other lower-case letters; capitals, digits and punctuation are rare.
    @inline(__always)
    static func frequency(_ byte: UInt8) -> UInt8 {
        switch byte {
        case 0x61...0x7A: letterFrequency[Int(byte - 0x61)]
        case 0x20: 180
        case UInt8(ascii: "."), UInt8(ascii: ","): 6
        default: 2
        }
    }

    /// a…z.
    private static let letterFrequency: [UInt8] = [
        80, 15, 28, 43, 120, 22, 20, 60, 73, 2, 8, 40, 24, 70, 76, 19, 1, 60, 63, 90, 28, 10, 24, 2, 20, 1,
    ]
}
