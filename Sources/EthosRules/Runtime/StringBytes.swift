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

    /// Whether `needle` occurs in `haystack`: scan for the first byte with memchr, then compare.
    static func find(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= haystack.count, let base = haystack.baseAddress, let pattern = needle.baseAddress else { return false }
        let first = Int32(pattern.pointee)
        let last = haystack.count - needle.count
        var offset = 0
        while offset <= last {
            guard let found = memchr(base + offset, first, last - offset + 1) else { return false }
            let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            // The last byte first: it rules out most candidates without a call to memcmp.
            if base[position + needle.count - 1] == pattern[needle.count - 1], memcmp(base + position, pattern, needle.count) == 0 {
                return true
            }
            offset = position + 1
        }
        return false
    }
}
