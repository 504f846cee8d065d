internal import Foundation

/// A compiled `matches()` pattern: ICU's regex, the literals a text needs before any engine is
/// worth running, and, when the pattern is within its subset, the byte matcher that answers for
/// ASCII texts. A final class, immutable: a program's patterns are read for every record, and
/// one reference is cheaper to pass than the arrays of its prefilter and matcher.
final class Pattern: Sendable {
    let regex: BoundedRegex
    let prefilter: LiteralPrefilter?
    let bytes: ByteRegex?

    init(_ pattern: String) throws {
        regex = try BoundedRegex(pattern)
        prefilter = LiteralPrefilter(pattern: pattern)
        bytes = ByteRegex(pattern: pattern)
    }

    /// Whether the pattern matches somewhere in `text`; throws when ICU's search is stopped at
    /// its bound (the byte matcher, linear in the text, never is).
    func search(_ text: String) throws(BoundedRegex.Timeout) -> Bool {
        var lowered: LoweredText?
        return try search(text, lowered: &lowered)
    }

    /// Whether the pattern matches somewhere in `text`, reusing (or filling) `lowered`, the
    /// text's lower-cased bytes, so several patterns over one text read it once.
    func search(_ text: String, lowered: inout LoweredText?) throws(BoundedRegex.Timeout) -> Bool {
        if prefilter != nil || bytes != nil {
            let current: LoweredText
            if let cached = lowered, cached.text == text {
                current = cached
            } else {
                current = LoweredText(text)
                lowered = current
            }
            // Called through the optionals in place: binding each to a constant copied it (and
            // retained its arrays) for every pattern of every record.
            if prefilter?.mayMatch(current) == false { return false }
            if current.isASCII, let answer = current.bytes.withUnsafeBufferPointer({ text in bytes?.matches(text) }) { return answer }
        }
        return try icuSearch(text)
    }

    /// The pattern's bytes after a leading `(?i)`, and whether it had one: the one inline flag
    /// the prefilter and the byte matcher read.
    static func body(_ pattern: String) -> (bytes: [UInt8], caseInsensitive: Bool) {
        let bytes = Array(pattern.utf8)
        let flag = Array("(?i)".utf8)
        return bytes.starts(with: flag) ? (Array(bytes.dropFirst(flag.count)), true) : (bytes, false)
    }

    /// ICU's answer alone (what the byte matcher is tested against).
    func icuSearch(_ text: String) throws(BoundedRegex.Timeout) -> Bool {
        try regex.firstMatch(in: text)
    }
}

/// A text with its bytes, its bytes with ASCII letters lower-cased, and which pairs of adjacent
/// bytes it holds: what every pattern over one text reads, made once. A final class so that
/// passing it from pattern to pattern is one reference, not four arrays.
final class LoweredText {
    let text: String
    let bytes: [UInt8]
    /// `nil` when the text has bytes outside ASCII (case-insensitive prefilters then let it through).
    let lowered: [UInt8]?
    /// Bit `Self.pair(a, b)` is set for every two adjacent bytes `a b` of the text with ASCII
    /// letters lower-cased (any text, ASCII or not). A literal with a pair not set cannot occur in
    /// the text, whatever its case: most literals of most rules are ruled out by two or three
    /// lookups here instead of a search through the text.
    private let pairs: InlineArray<64, UInt64>

    var isASCII: Bool { lowered != nil }

    init(_ text: String) {
        self.text = text
        // Both arrays grown from empty and filled by copying the text's bytes: made with
        // `Array(text.utf8)` and `init(unsafeUninitializedCapacity:)` they were allocated in
        // unspecialised code that looks their type up at run time (``Array/init(filling:count:)``).
        var source = text
        var bytes: [UInt8] = [], folded: [UInt8] = []
        source.withUTF8 { utf8 in
            bytes.reserveCapacity(utf8.count)
            bytes.append(contentsOf: utf8)
            folded.reserveCapacity(utf8.count)
            folded.append(contentsOf: utf8)
        }
        var pairs = InlineArray<64, UInt64>(repeating: 0)
        var isASCII = true
        // One pass: fold in place, note non-ASCII, mark each pair.
        var marks = pairs.mutableSpan
        folded.withUnsafeMutableBufferPointer { folded in
            guard let first = folded.first else { return }
            var previous = LiteralPrefilter.lower(first)
            folded[0] = previous
            var high = previous
            for index in 1..<folded.count {
                let byte = LiteralPrefilter.lower(folded[index])
                folded[index] = byte
                high |= byte
                let bit = Self.pair(previous, byte)
                marks[bit &>> 6] |= 1 &<< UInt64(bit & 63)
                previous = byte
            }
            isASCII = high < 0x80
        }
        self.bytes = bytes
        self.pairs = pairs
        lowered = isASCII ? folded : nil
    }

    /// The bit of the pair `a b` among 4,096 (distinct for pairs of lower-case letters that
    /// differ in the first letter or the second).
    static func pair(_ a: UInt8, _ b: UInt8) -> Int {
        (Int(a) << 6 ^ Int(b)) & 4_095
    }

    /// False when `literal` (its ASCII letters compared without case) certainly does not occur
    /// in the text; true when it may.
    func mayContain(_ literal: UnsafeBufferPointer<UInt8>) -> Bool {
        guard literal.count >= 2 else { return true }
        var previous = LiteralPrefilter.lower(literal[0])
        for index in 1..<literal.count {
            let byte = LiteralPrefilter.lower(literal[index])
            let bit = Self.pair(previous, byte)
            if pairs[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
            previous = byte
        }
        return true
    }
}

/// Literals a regular expression cannot match without: a text that contains none of them cannot
/// match, so `matches()` answers "no" without running the regex engine. Most texts contain none
/// of a rule's literals (a rule asks for `feedback`, `github`, `upstream`…), and ICU's matcher,
/// over a text bridged to UTF-16, costs far more than a byte search.
///
/// The analysis is conservative: any construct it does not fully understand (inline flags other
/// than a leading `(?i)`, Unicode escapes, back-references, non-ASCII literals…) yields no
/// prefilter, and the regex always runs. With `(?i)`, literals are compared ASCII
/// case-insensitively, and only in ASCII texts: full case folding (`ß`, `ſ`, the Kelvin sign)
/// could otherwise match a literal the bytes do not show.
struct LiteralPrefilter: Sendable, Hashable {
    /// Every match contains at least one literal of each of these sets (lowercased when
    /// `caseInsensitive`): `\b(asked|sought) for (feedback|input)` needs one of the first two
    /// and one of the last two.
    let required: [[[UInt8]]]
    let caseInsensitive: Bool

    /// The prefilter for `pattern`, or nil when the pattern has no required literal of at least
    /// two characters in every alternative, or uses what the analysis does not handle.
    init?(pattern: String) {
        let (bytes, caseInsensitive) = Pattern.body(pattern)
        var parser = Parser(bytes: bytes)
        // A set with a one-character literal would let nearly every text through: leaving it out
        // only makes the prefilter let more texts through, never fewer.
        guard let sets = parser.alternation(), parser.position == bytes.count else { return nil }
        let useful = sets.filter { $0.allSatisfy { $0.count >= 2 } }
        guard !useful.isEmpty else { return nil }
        required = useful.map { set in set.map { caseInsensitive ? $0.map(Self.lower) : $0 } }
        self.caseInsensitive = caseInsensitive
    }

    /// Whether `text` may match: false only when the regex certainly does not.
    func mayMatch(_ text: String) -> Bool {
        mayMatch(LoweredText(text))
    }

    /// Whether the text may match, from its bytes.
    func mayMatch(_ text: LoweredText) -> Bool {
        guard caseInsensitive else { return text.bytes.withUnsafeBufferPointer { Self.satisfies(required, $0, text) } }
        guard let lowered = text.lowered else { return true }
        return lowered.withUnsafeBufferPointer { Self.satisfies(required, $0, text) }
    }

    /// Whether `bytes` (`text`'s, or its lowered ones) hold a literal of every set. (Requiring
    /// them in the pattern's order would need every literal's first occurrence, not just any
    /// one's: on the generated records it cost more than the regex runs it spared.)
    private static func satisfies(_ required: [[[UInt8]]], _ bytes: UnsafeBufferPointer<UInt8>, _ text: LoweredText) -> Bool {
        required.allSatisfy { set in
            set.contains { literal in
                literal.withUnsafeBufferPointer { text.mayContain($0) && StringBytes.find($0, in: bytes) }
            }
        }
    }

    static func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }

    /// A recursive reading of the pattern that computes, for each part, sets of literals such that
    /// every match of that part contains one literal of each set (nil: no such set known).
    private struct Parser {
        let bytes: [UInt8]
        var position = 0
        var depth = 0
        /// Set when the pattern uses something the analysis does not handle.
        var unsupported = false

        init(bytes: [UInt8]) { self.bytes = bytes }

        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        /// `a|b|c`: one branch alone keeps all its sets; several must each have a set, and the
        /// union of each branch's best set is required.
        mutating func alternation() -> [[[UInt8]]]? {
            var branches: [[[[UInt8]]]] = []
            var complete = true
            while true {
                let branch = sequence()
                if unsupported { return nil }
                if let branch { branches.append(branch) } else { complete = false }
                guard current == UInt8(ascii: "|") else { break }
                position += 1
            }
            guard complete, !branches.isEmpty else { return nil }
            if branches.count == 1 { return branches[0] }
            return [branches.flatMap { Self.best($0) }]
        }

        /// The set whose shortest literal is longest: the most selective.
        static func best(_ sets: [[[UInt8]]]) -> [[UInt8]] {
            sets.max { ($0.map(\.count).min() ?? 0) < ($1.map(\.count).min() ?? 0) } ?? []
        }

        /// A run of atoms: the required sets of all its mandatory parts, literal characters joined
        /// into runs.
        mutating func sequence() -> [[[UInt8]]]? {
            var sets: [[[UInt8]]] = []
            var run: [UInt8] = []
            func consider(_ candidate: [[[UInt8]]]?) {
                guard let candidate else { return }
                sets += candidate.filter { !$0.isEmpty }
            }
            func endRun() {
                if !run.isEmpty { consider([[run]]) }
                run = []
            }
            while let byte = current, byte != UInt8(ascii: "|"), byte != UInt8(ascii: ")") {
                let atom = self.atom()
                if unsupported { return nil }
                let (minimum, bounded) = quantifier()
                if unsupported { return nil }
                switch atom {
                case let .literal(character):
                    if minimum == 0 {
                        endRun()
                    } else {
                        run.append(character)
                        if !bounded { endRun() }
                    }
                case let .group(required):
                    endRun()
                    if minimum > 0 { consider(required) }
                case .other:
                    endRun()
                }
            }
            endRun()
            return sets.isEmpty ? nil : sets
        }

        enum Atom {
            case literal(UInt8)
            /// A group with its required sets.
            case group([[[UInt8]]]?)
            /// Anything else: a class, `.`, an anchor, a zero-width assertion.
            case other
        }

        private static let literalEscapes = Set(".-/\\()[]{}|?*+^$ #&~:;,'\"<>=!@%_`".utf8)
        private static let classEscapes = Set("bBAzZGwWdDsShHvVRX".utf8)

        mutating func atom() -> Atom {
            guard let byte = current else { return .other }
            position += 1
            switch byte {
            case UInt8(ascii: "\\"):
                guard let escaped = current else { unsupported = true; return .other }
                position += 1
                if Self.literalEscapes.contains(escaped) { return .literal(escaped) }
                if Self.classEscapes.contains(escaped) { return .other }
                unsupported = true
                return .other
            case UInt8(ascii: "["):
                skipClass()
                return .other
            case UInt8(ascii: "("):
                if current == UInt8(ascii: "?") {
                    let next = position + 1 < bytes.count ? bytes[position + 1] : 0
                    if next == UInt8(ascii: ":") {
                        position += 2
                    } else if next == UInt8(ascii: "=") || next == UInt8(ascii: "!") {
                        position += 2
                        _ = alternation()
                        expectClose()
                        return .other  // a lookahead matches no text of its own
                    } else {
                        unsupported = true  // inline flags, lookbehind, named groups: not analysed
                        return .other
                    }
                }
                // Deeper nesting is not analysed: the reading recurses once per level.
                depth += 1
                defer { depth -= 1 }
                guard depth <= ByteRegex.nestingLimit else { unsupported = true; return .other }
                let required = alternation()
                expectClose()
                return .group(required)
            case UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "$"):
                return .other
            case UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ")"),
                 UInt8(ascii: "]"):
                unsupported = true
                return .other
            default:
                if byte >= 0x80 || byte < 0x20 { unsupported = true }
                return .literal(byte)
            }
        }

        mutating func expectClose() {
            if current == UInt8(ascii: ")") { position += 1 } else { unsupported = true }
        }

        /// Skips `[...]`, with nested sets and escapes.
        mutating func skipClass() {
            var depth = 1
            if current == UInt8(ascii: "^") { position += 1 }
            if current == UInt8(ascii: "]") { unsupported = true; return }
            while let byte = current, depth > 0 {
                position += 1
                switch byte {
                case UInt8(ascii: "\\"): position += 1
                case UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "]"): depth -= 1
                default: break
                }
            }
            if depth > 0 { unsupported = true }
        }

        /// The quantifier after an atom: its minimum, and whether it is exactly one (no quantifier).
        mutating func quantifier() -> (minimum: Int, bounded: Bool) {
            guard let byte = current else { return (1, true) }
            var result: (Int, Bool)
            switch byte {
            case UInt8(ascii: "?"), UInt8(ascii: "*"): position += 1; result = (0, false)
            case UInt8(ascii: "+"): position += 1; result = (1, false)
            case UInt8(ascii: "{"):
                position += 1
                var minimum = 0, digits = 0
                while let digit = current, digit >= 48, digit <= 57 {
                    minimum = min(minimum * 10 + Int(digit - 48), 1_000)
                    digits += 1
                    position += 1
                }
                while let next = current, next != UInt8(ascii: "}") { position += 1 }
                guard digits > 0, current == UInt8(ascii: "}") else { unsupported = true; return (0, false) }
                position += 1
                result = (minimum, false)
            default: return (1, true)
            }
            // Lazy and possessive forms change how, not whether, the atom repeats.
            if current == UInt8(ascii: "?") || current == UInt8(ascii: "+") { position += 1 }
            return result
        }
    }
}
