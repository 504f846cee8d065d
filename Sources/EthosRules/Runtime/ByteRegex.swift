/// A matcher for the part of ICU's regular-expression syntax that rules use, over the bytes of an
/// ASCII text, answering only "is there a match?" — what `matches()` asks. ICU stays the engine
/// for everything else: a pattern with a construct this parser does not handle gets no
/// `ByteRegex`, and a text with a byte outside ASCII is always given to ICU (Unicode case folding,
/// `\w` and `\b` over non-ASCII letters are ICU's to decide).
///
/// On an ASCII text the two agree by construction: literals, `.`, `\w` `\d` `\s` (and negations),
/// bracket classes of ASCII ranges, `\b` `\B` `^` `$`, groups (capturing or `(?:`), alternation,
/// greedy and lazy `?` `*` `+` `{n}` `{n,}` `{n,m}`, and a leading `(?i)`. A property test runs
/// both on generated patterns and texts.
///
/// The program is run by backtracking with a visited set of (instruction, position) pairs, as
/// RE2's BitState does: no pair is tried twice, so a match costs at most instructions × text
/// length steps, whatever the pattern (`(a+)+b` included). It saves ICU's per-call set-up and
/// the text's conversion to UTF-16; most texts are rejected at the first byte by the set of bytes
/// a match can start with.
struct ByteRegex: Sendable {
    /// A set of ASCII bytes as a 128-bit mask.
    struct ByteSet: Sendable, Hashable {
        var low: UInt64 = 0
        var high: UInt64 = 0

        func contains(_ byte: UInt8) -> Bool {
            guard byte < 128 else { return false }
            return (byte < 64 ? low : high) >> (byte & 63) & 1 != 0
        }

        mutating func insert(_ byte: UInt8) {
            if byte < 64 { low |= 1 << byte } else if byte < 128 { high |= 1 << (byte - 64) }
        }

        mutating func insert(_ range: ClosedRange<UInt8>) {
            for byte in range { insert(byte) }
        }

        mutating func formUnion(_ other: ByteSet) {
            low |= other.low
            high |= other.high
        }

        var inverted: ByteSet { ByteSet(low: ~low, high: ~high) }

        /// With each ASCII letter's other case added, as `(?i)` does.
        var caseClosed: ByteSet {
            var result = self
            for letter in UInt8(ascii: "a")...UInt8(ascii: "z") where contains(letter) || contains(letter - 32) {
                result.insert(letter)
                result.insert(letter - 32)
            }
            return result
        }

        static func of(_ bytes: some Sequence<UInt8>) -> ByteSet {
            var set = ByteSet()
            for byte in bytes { set.insert(byte) }
            return set
        }

        /// ICU's `\w` restricted to ASCII: `0-9`, `A-Z`, `_`, `a-z`. Spelled as masks rather than
        /// built, so the matcher's loops read a constant, not a lazily made global.
        static var word: ByteSet { ByteSet(low: 0x03FF_0000_0000_0000, high: 0x07FF_FFFE_87FF_FFFE) }
        /// ICU's `\d` and `\s` restricted to ASCII.
        static let digit = of(UInt8(ascii: "0")...UInt8(ascii: "9"))
        static let space = of([0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20])
        /// ICU's line terminators in ASCII (10 to 13): what `.` does not match, and what `$` may stand before.
        static var lineEnd: ByteSet { ByteSet(low: 0x3C00, high: 0) }
    }

    enum Instruction: Sendable {
        /// Consume one byte of the set.
        case byte(ByteSet)
        /// Try the first target, then the second.
        case split(Int32, Int32)
        case jump(Int32)
        /// `\b` (true) or `\B` (false).
        case boundary(Bool)
        /// `^`: the start of the text.
        case start
        /// `$`: the end of the text, or before a final line terminator.
        case end
        case match
    }

    let program: [Instruction]
    /// The bytes a match can begin with, or nil when a match may begin with no byte consumed.
    let first: ByteSet?
    /// Whether a match can start only where a word starts: the pattern begins with `\b` and every
    /// byte it can start with is a word byte, so a start just after a word byte cannot match and
    /// is skipped without running the program (most rules begin `\b(word|word…)`).
    let startsWord: Bool
    /// For each instruction, the bytes a thread there can consume next, or nil when it may reach
    /// a match without consuming one; empty when not worked out. A split does not follow a
    /// branch that cannot consume the byte at hand: most alternatives of a rule's word list, and
    /// most places a `[^.]{0,40}` could end, are dropped after one lookup instead of being run.
    let next: [ByteSet?]
    /// The pairs of bytes a match can start with, as a 128 × 128 bit table (256 words) indexed
    /// by the first byte and the second; empty when not worked out. A start that `first` and
    /// `startsWord` let through is run only when its two bytes can begin a branch: `t` begins
    /// "took", but "the" and "team" cannot, and most of a rule's runs were such starts (the
    /// shipped rules' patterns ran in two thirds of the time over generated texts).
    let startPairs: [UInt64]

    /// Programs larger than this (counted repetitions multiply) are left to ICU.
    static let instructionLimit = 4_096
    /// Groups nested deeper than this are left to ICU: parsing and building recurse once per
    /// level, and a pattern can come from a record at run time.
    static let nestingLimit = 32
    /// Visited sets larger than this many bits (instructions × text length) are left to ICU.
    static let visitedLimit = 1 << 22

    /// The matcher for `pattern`, or nil when it uses something outside the subset.
    init?(pattern: String) {
        let (bytes, caseInsensitive) = Pattern.body(pattern)
        var parser = Parser(bytes: bytes, caseInsensitive: caseInsensitive)
        guard let tree = parser.alternation(), parser.position == bytes.count else { return nil }
        var builder = Builder()
        guard builder.emit(tree) else { return nil }
        builder.program.append(.match)
        guard builder.program.count <= Self.instructionLimit else { return nil }
        program = builder.program
        first = Self.firstBytes(program)
        next = Self.nextBytes(program)
        startPairs = Self.startPairs(program, next: next)
        if case .boundary(true) = program[0], let first {
            startsWord = first.low & ~ByteSet.word.low == 0 && first.high & ~ByteSet.word.high == 0
        } else {
            startsWord = false
        }
    }

    /// Whether the pattern matches somewhere in `text`, an ASCII text; nil when the text is too
    /// long for the visited set (the caller asks ICU).
    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool? {
        let positions = text.count + 1
        guard program.count * positions <= Self.visitedLimit else { return nil }
        let words = (program.count * positions + 63) / 64
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { visited in
            visited.initialize(repeating: 0)
            var stack: [(pc: Int32, at: Int32)] = []
            stack.reserveCapacity(16)  // a few alternatives pending at a time: one allocation
            let pairs = startPairs.isEmpty ? nil : startPairs
            for start in 0...text.count {
                if let first, start == text.count || !first.contains(text[start]) { continue }
                if startsWord, start > 0, ByteSet.word.contains(text[start - 1]) { continue }
                if let pairs, start + 1 < text.count, text[start + 1] < 0x80 {
                    // `first` holds only ASCII bytes, so the first byte is one too.
                    let key = Int(text[start]) &<< 7 | Int(text[start + 1])
                    if pairs[key &>> 6] &>> UInt64(key & 63) & 1 == 0 { continue }
                }
                if run(from: start, text, visited, &stack) { return true }
            }
            return false
        }
    }

    private func run(from start: Int, _ text: UnsafeBufferPointer<UInt8>, _ visited: UnsafeMutableBufferPointer<UInt64>,
                     _ stack: inout [(pc: Int32, at: Int32)]) -> Bool {
        let positions = text.count + 1
        stack.append((0, Int32(start)))
        while let (startPC, startAt) = stack.popLast() {
            var pc = Int(startPC), at = Int(startAt)
            while true {
                let bit = pc * positions + at
                if visited[bit >> 6] >> (bit & 63) & 1 != 0 { break }
                visited[bit >> 6] |= 1 << (bit & 63)
                switch program[pc] {
                case let .byte(set):
                    guard at < text.count, set.contains(text[at]) else { break }
                    pc += 1
                    at += 1
                    continue
                case let .split(preferred, other):
                    if viable(other, at, text) { stack.append((other, Int32(at))) }
                    guard viable(preferred, at, text) else { break }
                    pc = Int(preferred)
                    continue
                case let .jump(target):
                    pc = Int(target)
                    continue
                case let .boundary(wanted):
                    let before = at > 0 && ByteSet.word.contains(text[at - 1])
                    let after = at < text.count && ByteSet.word.contains(text[at])
                    guard (before != after) == wanted else { break }
                    pc += 1
                    continue
                case .start:
                    guard at == 0 else { break }
                    pc += 1
                    continue
                case .end:
                    let remaining = text.count - at
                    let atEnd = remaining == 0
                        || remaining == 1 && ByteSet.lineEnd.contains(text[at])
                        || remaining == 2 && text[at] == 0x0D && text[at + 1] == 0x0A
                    guard atEnd else { break }
                    pc += 1
                    continue
                case .match:
                    stack.removeAll(keepingCapacity: true)
                    return true
                }
                break
            }
        }
        return false
    }

    /// Whether a thread at `pc` and `at` can go on: it may match without consuming, or the byte at
    /// `at` is one it can consume next.
    @inline(__always)
    private func viable(_ pc: Int32, _ at: Int, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !next.isEmpty, let bytes = next[Int(pc)] else { return true }
        return at < text.count && bytes.contains(text[at])
    }

    /// What each instruction can consume next (see ``next``), as the least fixed point of: a byte
    /// instruction its set; a split the union of its targets'; a jump or an assertion its
    /// successor's; `.match` nil, which absorbs any union. Sets only grow from empty, so it ends;
    /// a program that needs more than 64 rounds gets no sets (and no pruning).
    static func nextBytes(_ program: [Instruction]) -> [ByteSet?] {
        var sets = [ByteSet?](repeating: ByteSet(), count: program.count)
        for _ in 0..<64 {
            var changed = false
            for pc in program.indices.reversed() {
                let value: ByteSet?
                switch program[pc] {
                case let .byte(set): value = set
                case let .split(first, second):
                    if let one = sets[Int(first)], let other = sets[Int(second)] {
                        var union = one
                        union.formUnion(other)
                        value = union
                    } else {
                        value = nil
                    }
                case let .jump(target): value = sets[Int(target)]
                case .boundary, .start, .end: value = sets[pc + 1]
                case .match: value = nil
                }
                if value != sets[pc] {
                    sets[pc] = value
                    changed = true
                }
            }
            if !changed { return sets }
        }
        return []
    }

    /// The table of ``startPairs``: for each byte instruction reachable from the start without
    /// consuming one, each byte of its set followed by each byte its successor can consume next
    /// (any byte when the successor may match without consuming). Empty when a match may consume
    /// nothing or ``next`` was not worked out.
    static func startPairs(_ program: [Instruction], next: [ByteSet?]) -> [UInt64] {
        guard !next.isEmpty else { return [] }
        let anyByte = ByteSet(low: ~0, high: ~0)
        var table = [UInt64](repeating: 0, count: 256)
        var seen = Set<Int32>()
        var pending: [Int32] = [0]
        while let pc = pending.popLast() {
            guard seen.insert(pc).inserted else { continue }
            switch program[Int(pc)] {
            case let .byte(set):
                let second = next[Int(pc) + 1] ?? anyByte
                for one in 0..<128 where set.contains(UInt8(one)) {
                    table[one &<< 1] |= second.low
                    table[one &<< 1 + 1] |= second.high
                }
            case let .split(first, second): pending += [first, second]
            case let .jump(target): pending.append(target)
            case .boundary, .start, .end: pending.append(pc + 1)
            case .match: return []
            }
        }
        return table
    }

    /// The union of the byte sets a match can start with, or nil if `.match` (or an assertion
    /// that could be followed by it) is reachable without consuming a byte.
    private static func firstBytes(_ program: [Instruction]) -> ByteSet? {
        var result = ByteSet()
        var seen = Set<Int32>()
        var pending: [Int32] = [0]
        while let pc = pending.popLast() {
            guard seen.insert(pc).inserted else { continue }
            switch program[Int(pc)] {
            case let .byte(set): result.formUnion(set)
            case let .split(first, second): pending += [first, second]
            case let .jump(target): pending.append(target)
            case .boundary, .start, .end: pending.append(pc + 1)
            case .match: return nil
            }
        }
        return result
    }

    // MARK: Parsing

    indirect enum Node {
        case set(ByteSet)
        case sequence([Node])
        case alternation([Node])
        case repetition(Node, minimum: Int, maximum: Int?)
        case boundary(Bool)
        case start
        case end
    }

    private struct Parser {
        let bytes: [UInt8]
        let caseInsensitive: Bool
        var position = 0
        var depth = 0

        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        /// Repetition counts above this are left to ICU (they would not fit the program anyway).
        static let countLimit = 1_000

        mutating func alternation() -> Node? {
            var branches: [Node] = []
            while true {
                guard let branch = sequence() else { return nil }
                branches.append(branch)
                guard current == UInt8(ascii: "|") else { break }
                position += 1
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        mutating func sequence() -> Node? {
            var items: [Node] = []
            while let byte = current, byte != UInt8(ascii: "|"), byte != UInt8(ascii: ")") {
                guard let atom = atom() else { return nil }
                guard let repeated = quantified(atom) else { return nil }
                items.append(repeated)
            }
            return .sequence(items)
        }

        private mutating func atom() -> Node? {
            guard let byte = current else { return nil }
            position += 1
            switch byte {
            case UInt8(ascii: "("):
                if current == UInt8(ascii: "?") {
                    guard position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: ":") else { return nil }
                    position += 2
                }
                depth += 1
                defer { depth -= 1 }
                guard depth <= ByteRegex.nestingLimit, let inner = alternation(), current == UInt8(ascii: ")") else { return nil }
                position += 1
                return inner
            case UInt8(ascii: "["): return bracket().map { .set($0) }
            case UInt8(ascii: "."): return .set(ByteSet.lineEnd.inverted)
            case UInt8(ascii: "^"): return .start
            case UInt8(ascii: "$"): return .end
            case UInt8(ascii: "\\"):
                guard let escaped = current else { return nil }
                position += 1
                switch escaped {
                case UInt8(ascii: "b"): return .boundary(true)
                case UInt8(ascii: "B"): return .boundary(false)
                default: return escape(escaped).map { .set(cased($0)) }
                }
            case UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "]"):
                return nil
            default:
                guard byte >= 0x20, byte < 0x7F else { return nil }
                return .set(cased(.of([byte])))
            }
        }

        private func cased(_ set: ByteSet) -> ByteSet { caseInsensitive ? set.caseClosed : set }

        /// An escape outside a bracket: a class, a control character, or quoted punctuation.
        private func escape(_ escaped: UInt8) -> ByteSet? {
            switch escaped {
            case UInt8(ascii: "w"): return ByteSet.word
            case UInt8(ascii: "W"): return ByteSet.word.inverted
            case UInt8(ascii: "d"): return ByteSet.digit
            case UInt8(ascii: "D"): return ByteSet.digit.inverted
            case UInt8(ascii: "s"): return ByteSet.space
            case UInt8(ascii: "S"): return ByteSet.space.inverted
            case UInt8(ascii: "t"): return .of([0x09])
            case UInt8(ascii: "n"): return .of([0x0A])
            case UInt8(ascii: "f"): return .of([0x0C])
            case UInt8(ascii: "r"): return .of([0x0D])
            default:
                // Quoted punctuation is itself; other letters and digits are ICU's (\p, \x, \1…).
                guard escaped >= 0x21, escaped < 0x7F, !ByteSet.word.contains(escaped) else { return nil }
                return .of([escaped])
            }
        }

        /// `[...]` of ASCII characters, ranges and class escapes, optionally negated. Nested sets,
        /// set operations (`&&`, `--`), POSIX and property classes are ICU's.
        private mutating func bracket() -> ByteSet? {
            var negated = false
            if current == UInt8(ascii: "^") {
                negated = true
                position += 1
            }
            var set = ByteSet()
            var first = true
            while true {
                guard let byte = current else { return nil }
                if byte == UInt8(ascii: "]"), !first { position += 1; break }
                first = false
                guard byte != UInt8(ascii: "["), byte != UInt8(ascii: "]") else { return nil }
                if byte == UInt8(ascii: "-") {
                    // A hyphen is literal only first or last; elsewhere ICU reads `--` as set
                    // difference or a range of a class, which are left to it.
                    position += 1
                    guard set == ByteSet() || current == UInt8(ascii: "]") else { return nil }
                    set.insert(byte)
                    continue
                }
                guard let (low, single) = member() else { return nil }
                if let low = single, current == UInt8(ascii: "-"), position + 1 < bytes.count, bytes[position + 1] != UInt8(ascii: "]") {
                    position += 1
                    guard let (_, high) = member(), let high, low <= high else { return nil }
                    set.insert(low...high)
                } else {
                    set.formUnion(low)
                }
            }
            // ICU closes a set over case before negating it: `(?i)[^k]` matches neither k nor K.
            let closed = cased(set)
            return negated ? closed.inverted : closed
        }

        /// One member of a bracket: its set, and the byte when it is a single character.
        private mutating func member() -> (ByteSet, UInt8?)? {
            guard let byte = current else { return nil }
            position += 1
            if byte == UInt8(ascii: "\\") {
                guard let escaped = current else { return nil }
                position += 1
                guard escaped != UInt8(ascii: "b"), let set = escape(escaped) else { return nil }
                let single = set.low.nonzeroBitCount + set.high.nonzeroBitCount == 1
                return (set, single ? UInt8(set.low != 0 ? set.low.trailingZeroBitCount : 64 + set.high.trailingZeroBitCount) : nil)
            }
            guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "&") else { return nil }
            return (.of([byte]), byte)
        }

        /// The atom with the quantifier after it, if any.
        private mutating func quantified(_ atom: Node) -> Node? {
            guard let byte = current else { return atom }
            var minimum = 1, maximum: Int? = 1
            switch byte {
            case UInt8(ascii: "?"): (minimum, maximum) = (0, 1)
            case UInt8(ascii: "*"): (minimum, maximum) = (0, nil)
            case UInt8(ascii: "+"): (minimum, maximum) = (1, nil)
            case UInt8(ascii: "{"):
                position += 1
                guard let low = number() else { return nil }
                minimum = low
                maximum = low
                if current == UInt8(ascii: ",") {
                    position += 1
                    if current == UInt8(ascii: "}") { maximum = nil } else {
                        guard let high = number(), high >= low else { return nil }
                        maximum = high
                    }
                }
                guard current == UInt8(ascii: "}") else { return nil }
            default: return atom
            }
            position += 1
            // A repeated part that can match nothing (`(a|)*`, `(?:)+`, `\b?`) is left to ICU:
            // ICU ends such a loop on an empty iteration in ways a plain repetition does not.
            if Self.nullable(atom) { return nil }
            // Lazy repetition matches wherever greedy does; possessive may not, and is ICU's.
            if current == UInt8(ascii: "?") { position += 1 } else if current == UInt8(ascii: "+") { return nil }
            return .repetition(atom, minimum: minimum, maximum: maximum)
        }

        /// Whether the node can match without consuming a byte.
        static func nullable(_ node: Node) -> Bool {
            switch node {
            case .set: false
            case let .sequence(items): items.allSatisfy(nullable)
            case let .alternation(branches): branches.contains(where: nullable)
            case let .repetition(item, minimum, _): minimum == 0 || nullable(item)
            case .boundary, .start, .end: true
            }
        }

        private mutating func number() -> Int? {
            var value = 0, digits = 0
            while let digit = current, digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") {
                value = value * 10 + Int(digit - UInt8(ascii: "0"))
                digits += 1
                position += 1
                guard value <= Self.countLimit else { return nil }
            }
            return digits > 0 ? value : nil
        }
    }

    // MARK: Building

    private struct Builder {
        var program: [Instruction] = []

        var next: Int32 { Int32(program.count) }

        /// Appends the node's instructions; false once the program outgrows the limit.
        mutating func emit(_ node: Node) -> Bool {
            guard program.count <= ByteRegex.instructionLimit else { return false }
            switch node {
            case let .set(set): program.append(.byte(set))
            case let .sequence(items):
                for item in items {
                    guard emit(item) else { return false }
                }
            case let .alternation(branches):
                var exits: [Int] = []
                for (index, branch) in branches.enumerated() {
                    let isLast = index == branches.count - 1
                    let split = program.count
                    if !isLast { program.append(.split(next + 1, 0)) }
                    guard emit(branch) else { return false }
                    if !isLast {
                        exits.append(program.count)
                        program.append(.jump(0))
                        program[split] = .split(Int32(split + 1), next)
                    }
                }
                for exit in exits { program[exit] = .jump(next) }
            case let .repetition(item, minimum, maximum):
                for _ in 0..<minimum {
                    guard emit(item) else { return false }
                }
                if let maximum {
                    // Each optional copy may be skipped, ending the repetition.
                    var skips: [Int] = []
                    for _ in minimum..<maximum {
                        skips.append(program.count)
                        program.append(.split(next + 1, 0))
                        guard emit(item) else { return false }
                    }
                    for skip in skips { program[skip] = .split(Int32(skip + 1), next) }
                } else {
                    let loop = program.count
                    program.append(.split(next + 1, 0))
                    guard emit(item) else { return false }
                    program.append(.jump(Int32(loop)))
                    program[loop] = .split(Int32(loop + 1), next)
                }
            case let .boundary(wanted): program.append(.boundary(wanted))
            case .start: program.append(.start)
            case .end: program.append(.end)
            }
            return true
        }
    }
}
