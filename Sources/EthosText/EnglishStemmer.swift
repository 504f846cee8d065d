/// The Porter2 ("Snowball English") stemmer, implemented from Martin Porter's published
/// description of the algorithm as the Snowball project maintains it (its 2020s revisions
/// included: more exceptional R1 prefixes, `-ogist`, `-ying` and the `-ing`/`-eed` exceptions in
/// step 1b): `consistently` → `consist`, `knives` → `knive`. A test holds it to the reference
/// implementation's stems for about 7,500 words.
///
/// Works on lowercase words; letters outside a–z are kept as they are and count as
/// consonants, so words in other scripts pass through mostly unchanged.
public enum EnglishStemmer {
    /// The stem of `word` (expected in lower case).
    public static func stem(_ word: String) -> String {
        guard word.utf8.count > 2 else { return word }
        var letters = Array(word.utf8)
        // Apostrophes: the ASCII one, and U+2019 normalised to it.
        if letters.contains(0xE2) { letters = Array(word.replacingRightQuote().utf8) }
        guard letters.count > 2 else { return word }
        // The exceptional forms are all of six letters or fewer.
        if letters.count <= 6, let exception = letters.withUnsafeBufferPointer({ exceptions1.id(of: $0) }) {
            return exceptions1Stems[exception]
        }
        var stemmer = Porter2(letters)
        return stemmer.run()
    }

    static let exceptions1Pairs: [(String, String)] = [
        ("skis", "ski"), ("skies", "sky"), ("idly", "idl"),
        ("gently", "gentl"), ("ugly", "ugli"), ("early", "earli"), ("only", "onli"), ("singly", "singl"), ("sky", "sky"),
        ("news", "news"), ("howe", "howe"), ("atlas", "atlas"), ("cosmos", "cosmos"), ("bias", "bias"), ("andes", "andes"),
    ]
    static let exceptions1 = TermTable(exceptions1Pairs.map(\.0))
    static let exceptions1Stems = exceptions1.perTerm(exceptions1Pairs, default: "")
}

extension String {
    fileprivate func replacingRightQuote() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\u{2019}" ? "'" : $0 }))
    }
}

/// One run of the algorithm over a word's bytes. Suffixes are found by their last letter and
/// named by their index in each step's list; nothing here builds a `String` until the stem.
private struct Porter2 {
    var w: [UInt8]
    var r1 = 0
    var r2 = 0

    static let regionPrefixes = ["arsen", "commun", "emerg", "gener", "inter", "later", "organ", "past", "univers"].map { Array($0.utf8) }
    /// Words that stay whole before "eed"/"eedly" ("proceed") and before "ing" ("evening").
    static let beforeEed = ["succ", "proc", "exc"].map { Array($0.utf8) }
    static let beforeIng = ["even", "cann", "inn", "earr", "herr", "out"].map { Array($0.utf8) }
    static let past = Array("past".utf8)
    static let step0Suffixes = Suffixes(["'", "'s", "'s'"])
    static let step1aSuffixes = Suffixes(["sses", "ied", "ies", "s", "us", "ss"])
    static let step1bSuffixes = Suffixes(["eed", "eedly", "ed", "edly", "ing", "ingly"])
    static let step2Suffixes = Suffixes(step2Rules.map(\.0))
    static let step2Replacements = step2Rules.map { Array($0.1.utf8) }
    static let ogi = step2Rules.firstIndex { $0.0 == "ogi" } ?? -1
    static let li = step2Rules.firstIndex { $0.0 == "li" } ?? -1
    static let step3Suffixes = Suffixes(step3Rules.map(\.0))
    static let step3Replacements = step3Rules.map { Array($0.1.utf8) }
    static let ative = step3Rules.firstIndex { $0.0 == "ative" } ?? -1
    static let step4Suffixes = Suffixes(step4List)
    static let ion = step4List.firstIndex(of: "ion") ?? -1

    static let step2Rules: [(String, String)] = [
        ("ogist", "og"),
        ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("abli", "able"), ("entli", "ent"), ("izer", "ize"),
        ("ization", "ize"), ("ational", "ate"), ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("aliti", "al"),
        ("alli", "al"), ("fulness", "ful"), ("ousli", "ous"), ("ousness", "ous"), ("iveness", "ive"), ("iviti", "ive"),
        ("biliti", "ble"), ("bli", "ble"), ("ogi", "og"), ("fulli", "ful"), ("lessli", "less"), ("li", ""),
    ]

    static let step3Rules: [(String, String)] = [
        ("tional", "tion"), ("ational", "ate"), ("alize", "al"), ("icate", "ic"), ("iciti", "ic"), ("ical", "ic"),
        ("ful", ""), ("ness", ""), ("ative", ""),
    ]

    static let step4List = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti", "ous",
                            "ive", "ize", "ion"]

    static let a = UInt8(ascii: "a"), e = UInt8(ascii: "e"), i = UInt8(ascii: "i"), o = UInt8(ascii: "o"), u = UInt8(ascii: "u")
    static let y = UInt8(ascii: "y"), capitalY = UInt8(ascii: "Y"), apostrophe = UInt8(ascii: "'")

    init(_ word: [UInt8]) {
        w = word
    }

    static func isVowel(_ c: UInt8) -> Bool {
        c == a || c == e || c == i || c == o || c == u || c == y
    }

    func vowel(at index: Int) -> Bool { Self.isVowel(w[index]) }

    func endsWith(_ c1: UInt8, _ c2: UInt8) -> Bool {
        w.count >= 2 && w[w.count - 2] == c1 && w[w.count - 1] == c2
    }

    mutating func replace(_ count: Int, with replacement: [UInt8]) {
        w.removeLast(count)
        w.append(contentsOf: replacement)
    }

    /// The index in `suffixes` of the longest one the word ends with.
    func longest(_ suffixes: Suffixes) -> Int? {
        guard let lastByte = w.last else { return nil }
        let candidates = suffixes.endingIn[Int(lastByte)]
        guard !candidates.isEmpty else { return nil }
        var best = -1
        var bestLength = -1
        // Only the suffixes ending in the word's last letter can match; their bytes are read in
        // place from one flat array.
        suffixes.flat.withUnsafeBufferPointer { flat in
            w.withUnsafeBufferPointer { word in
                for index in candidates {
                    let start = suffixes.starts[index], length = suffixes.starts[index + 1] - start
                    guard length > bestLength, length <= word.count else { continue }
                    var position = word.count - length
                    var matches = true
                    for offset in start..<(start + length) {
                        if word[position] != flat[offset] { matches = false; break }
                        position += 1
                    }
                    if matches {
                        best = index
                        bestLength = length
                    }
                }
            }
        }
        return best < 0 ? nil : best
    }

    /// A list of suffixes, with their bytes worked out once.
    struct Suffixes: Sendable {
        /// Every suffix's bytes, one after another: suffix `i` is `flat[starts[i]..<starts[i + 1]]`.
        let flat: [UInt8]
        let starts: [Int]
        /// The suffixes by their last byte.
        let endingIn: [[Int]]
        init(_ strings: [String]) {
            var flat: [UInt8] = [], starts = [0]
            var endingIn = [[Int]](repeating: [], count: 256)
            for (index, suffix) in strings.enumerated() {
                flat.append(contentsOf: suffix.utf8)
                starts.append(flat.count)
                if let last = suffix.utf8.last { endingIn[Int(last)].append(index) }
            }
            self.flat = flat
            self.starts = starts
            self.endingIn = endingIn
        }
        func length(_ index: Int) -> Int { starts[index + 1] - starts[index] }
    }

    func inR1(_ length: Int) -> Bool { w.count - length >= r1 }
    func inR2(_ length: Int) -> Bool { w.count - length >= r2 }

    /// Whether the word part before a suffix of `length` contains a vowel.
    func stemHasVowel(before length: Int) -> Bool {
        (0..<(w.count - length)).contains { vowel(at: $0) }
    }

    /// A short syllable ending at `end` (exclusive): a non-vowel, a vowel and a non-vowel other
    /// than w, x, Y; or, at the start, a vowel followed by a non-vowel; or "past".
    func endsInShortSyllable(_ end: Int) -> Bool {
        if end >= 4, has(Self.past, at: end - 4) { return true }
        if end == 2 { return vowel(at: 0) && !vowel(at: 1) }
        guard end >= 3 else { return false }
        let last = w[end - 1]
        return !vowel(at: end - 3) && vowel(at: end - 2) && !vowel(at: end - 1)
            && last != UInt8(ascii: "w") && last != UInt8(ascii: "x") && last != Self.capitalY
    }

    /// R1 starts exactly at the end (as marked on the whole word) and the word ends in a short syllable.
    var isShort: Bool { r1 == w.count && endsInShortSyllable(w.count) }

    /// Whether the first `count` letters are exactly one of `words`.
    func starts(_ count: Int, asOneOf words: [[UInt8]]) -> Bool {
        words.contains { $0.count == count && has($0, at: 0) }
    }

    /// Whether the word holds `letters` from `offset` on.
    func has(_ letters: [UInt8], at offset: Int) -> Bool {
        guard offset + letters.count <= w.count else { return false }
        for index in letters.indices where w[offset + index] != letters[index] { return false }
        return true
    }

    static func isDouble(_ c: UInt8, _ d: UInt8) -> Bool {
        c == d && "bdfgmnprt".utf8.contains(c)
    }

    static func isLiEnding(_ c: UInt8) -> Bool { "cdeghkmnrt".utf8.contains(c) }

    mutating func run() -> String {
        if w.first == Self.apostrophe { w.removeFirst() }
        guard w.count > 2 else { return String(decoding: w, as: UTF8.self) }
        for index in w.indices where w[index] == Self.y && (index == 0 || vowel(at: index - 1)) {
            w[index] = Self.capitalY
        }
        markRegions()
        step0()
        step1a()
        step1b()
        step1c()
        step2()
        step3()
        step4()
        step5()
        for index in w.indices where w[index] == Self.capitalY { w[index] = Self.y }
        return String(decoding: w, as: UTF8.self)
    }

    mutating func markRegions() {
        func regionStart(after start: Int) -> Int {
            var index = start + 1
            while index < w.count {
                if !vowel(at: index), vowel(at: index - 1) { return index + 1 }
                index += 1
            }
            return w.count
        }
        var prefixLength: Int?
        for prefix in Self.regionPrefixes where has(prefix, at: 0) {
            prefixLength = prefix.count
            break
        }
        r1 = prefixLength ?? regionStart(after: 0)
        r2 = r1 >= w.count ? w.count : regionStart(after: r1)
    }

    mutating func step0() {
        if let suffix = longest(Self.step0Suffixes) { w.removeLast(Self.step0Suffixes.length(suffix)) }
    }

    mutating func step1a() {
        guard let suffix = longest(Self.step1aSuffixes) else { return }
        switch suffix {
        case 0: w.removeLast(2)  // sses → ss
        case 1, 2:  // ied, ies → i or ie
            w.removeLast(w.count > 4 ? 2 : 1)
        case 3:  // s: delete if the part before contains a vowel not immediately before the s.
            if w.count >= 3, (0..<(w.count - 2)).contains(where: { vowel(at: $0) }) { w.removeLast() }
        default: break  // us, ss
        }
    }

    mutating func step1b() {
        guard let suffix = longest(Self.step1bSuffixes) else { return }
        let length = Self.step1bSuffixes.length(suffix)
        let before = w.count - length
        switch suffix {
        case 0, 1:  // eed, eedly → ee in R1, except after exactly succ, proc, exc
            if inR1(length), !starts(before, asOneOf: Self.beforeEed) { w.removeLast(length - 2) }  // drop "d" or "dly"
            return
        case 4:  // ing
            // A consonant and y before it, and nothing else: dying → die.
            if before == 2, w[1] == Self.y, !vowel(at: 0) {
                w.removeLast(3)
                w[1] = Self.i
                w.append(Self.e)
                return
            }
            if starts(before, asOneOf: Self.beforeIng) { return }  // evening, canning, outing…
        default:
            break
        }
        guard stemHasVowel(before: length) else { return }
        w.removeLast(length)
        if endsWith(Self.a, UInt8(ascii: "t")) || endsWith(UInt8(ascii: "b"), UInt8(ascii: "l")) || endsWith(Self.i, UInt8(ascii: "z")) {
            w.append(Self.e)
        } else if w.count >= 2, Self.isDouble(w[w.count - 1], w[w.count - 2]) {
            // Undoubled, except a word that is a, e or o and the double: add, egg, off.
            if !(w.count == 3 && (w[0] == Self.a || w[0] == Self.e || w[0] == Self.o)) { w.removeLast() }
        } else if isShort {
            w.append(Self.e)
        }
    }

    mutating func step1c() {
        guard w.count > 2, let last = w.last, last == Self.y || last == Self.capitalY, !vowel(at: w.count - 2) else { return }
        w[w.count - 1] = Self.i
    }

    mutating func step2() {
        guard let suffix = longest(Self.step2Suffixes) else { return }
        let length = Self.step2Suffixes.length(suffix)
        guard inR1(length) else { return }
        let before = w.count - length
        switch suffix {
        case Self.ogi: if before > 0, w[before - 1] == UInt8(ascii: "l") { replace(3, with: Self.step2Replacements[suffix]) }
        case Self.li: if before > 0, Self.isLiEnding(w[before - 1]) { w.removeLast(2) }
        default: replace(length, with: Self.step2Replacements[suffix])
        }
    }

    mutating func step3() {
        guard let suffix = longest(Self.step3Suffixes) else { return }
        let length = Self.step3Suffixes.length(suffix)
        guard inR1(length) else { return }
        if suffix == Self.ative {
            if inR2(length) { w.removeLast(length) }
        } else {
            replace(length, with: Self.step3Replacements[suffix])
        }
    }

    mutating func step4() {
        guard let suffix = longest(Self.step4Suffixes) else { return }
        let length = Self.step4Suffixes.length(suffix)
        guard inR2(length) else { return }
        if suffix == Self.ion {
            let before = w.count - 3
            if before > 0, w[before - 1] == UInt8(ascii: "s") || w[before - 1] == UInt8(ascii: "t") { w.removeLast(3) }
        } else {
            w.removeLast(length)
        }
    }

    mutating func step5() {
        guard let last = w.last else { return }
        if last == Self.e {
            if inR2(1) || (inR1(1) && !endsInShortSyllable(w.count - 1)) { w.removeLast() }
        } else if last == UInt8(ascii: "l"), inR2(1), w.count >= 2, w[w.count - 2] == UInt8(ascii: "l") {
            w.removeLast()
        }
    }
}
