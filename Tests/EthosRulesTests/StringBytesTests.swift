@testable import EthosRules
import Testing

@Suite("Byte search for contains()")
struct StringBytesTests {
    /// A plain search over every position: what `find` must agree with.
    static func naive(_ needle: [UInt8], _ haystack: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }

    @Test("agrees with a plain search on every cut of a text, and on random needles")
    func agreesWithNaiveSearch() {
        let text = Array("We went through the review2 comments, reviewed 12 PRs: q.e.d. — naïve café zz".utf8)
        var needles: [[UInt8]] = []
        for start in text.indices {
            for length in 1...min(12, text.count - start) { needles.append(Array(text[start..<(start + length)])) }
        }
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ervw2 1zq.".utf8)
        for _ in 0..<2_000 {
            needles.append((0..<Int.random(in: 1...5, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? 0 })
        }
        needles += [Array("review12".utf8), Array("zz".utf8), Array(text), Array(text) + [0x21], []]
        for needle in needles {
            let found = needle.withUnsafeBufferPointer { n in text.withUnsafeBufferPointer { h in StringBytes.find(n, in: h) } }
            #expect(found == Self.naive(needle, text), "\(String(decoding: needle, as: UTF8.self))")
        }
    }
}
