/// The Porter2 ("Snowball English") stemmer, implemented from Martin Porter's published
/// description of the algorithm: `consistently` → `consist`, `knives` → `knive`.
///
/// Works on lowercase words; letters outside a–z are kept as they are and count as
/// consonants, so words in other scripts pass through mostly unchanged.
public enum EnglishStemmer {
    /// The stem of `word` (expected in lower case).
    public static func stem(_ word: String) -> String {
        var letters = Array(word.utf8)
        // Apostrophes: the ASCII one, and U+2019 normalised to it.
        if letters.contains(0xE2) { letters = Array(word.replacingRightQuote().utf8) }
        guard letters.count > 2 else { return word }
        if let exception = exceptions1[word] { return exception }
        var stemmer = Porter2(letters)
        return stemmer.run()
    }

    static let exceptions1: [String: String] = [
        "skis": "ski", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie", "idly": "idl", "gently": "gentl",
        "ugly": "ugli", "early": "earli", "only": "onli", "singly": "singl", "sky": "sky", "news": "news", "howe": "howe",
        "atlas": "atlas", "cosmos": "cosmos", "bias": "bias", "andes": "andes",
    ]
}

extension String {
    fileprivate func replacingRightQuote() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\u{2019}" ? "'" : $0 }))
    }
}

/// One run of the algorithm over a word's bytes.
private struct Porter2 {
    var w: [UInt8]
    var r1 = 0
    var r2 = 0

    static let a = UInt8(ascii: "a"), e = UInt8(ascii: "e"), i = UInt8(ascii: "i"), o = UInt8(ascii: "o"), u = UInt8(ascii: "u")
    static let y = UInt8(ascii: "y"), capitalY = UInt8(ascii: "Y"), apostrophe = UInt8(ascii: "'")

    init(_ word: [UInt8]) {
        w = word
    }

    static func isVowel(_ c: UInt8) -> Bool {
        c == a || c == e || c == i || c == o || c == u || c == y
    }

    func vowel(at index: Int) -> Bool { Self.isVowel(w[index]) }

    // The suffix helpers compare bytes in place: stemming runs for every word of every record,
    // so it must not allocate per suffix tried.
    func endsWith(_ suffix: String) -> Bool {
        let count = suffix.utf8.count
        guard count <= w.count else { return false }
        var index = w.count - count
        for byte in suffix.utf8 {
            if w[index] != byte { return false }
            index += 1
        }
        return true
    }

    mutating func replace(_ count: Int, with replacement: String) {
        w.removeLast(count)
        w.append(contentsOf: replacement.utf8)
    }

    /// The longest of `suffixes` the word ends with.
    func longest(_ suffixes: Suffixes) -> String? {
        guard let lastByte = w.last else { return nil }
        var best = -1
        var bestLength = -1
        // Only the suffixes ending in the word's last letter can match.
        for index in suffixes.endingIn[Int(lastByte)] {
            let bytes = suffixes.bytes[index]
            guard bytes.count > bestLength, bytes.count <= w.count else { continue }
            var matches = true
            var position = w.count - bytes.count
            for byte in bytes {
                if w[position] != byte { matches = false; break }
                position += 1
            }
            if matches {
                best = index
                bestLength = bytes.count
            }
        }
        return best < 0 ? nil : suffixes.strings[best]
    }

    /// A list of suffixes, with their bytes worked out once.
    struct Suffixes {
        let strings: [String]
        let bytes: [[UInt8]]
        /// The suffixes by their last byte.
        let endingIn: [[Int]]
        init(_ strings: [String]) {
            self.strings = strings
            bytes = strings.map { Array($0.utf8) }
            var endingIn = [[Int]](repeating: [], count: 256)
            for (index, suffix) in bytes.enumerated() { if let last = suffix.last { endingIn[Int(last)].append(index) } }
            self.endingIn = endingIn
        }
    }

    func inR1(_ suffix: String) -> Bool { w.count - suffix.utf8.count >= r1 }
    func inR2(_ suffix: String) -> Bool { w.count - suffix.utf8.count >= r2 }

    /// Whether the word part before a suffix of `length` contains a vowel.
    func stemHasVowel(before length: Int) -> Bool {
        (0..<(w.count - length)).contains { vowel(at: $0) }
    }

    /// A short syllable ending at `end` (exclusive): a non-vowel, a vowel and a non-vowel other
    /// than w, x, Y; or, at the start, a vowel followed by a non-vowel.
    func endsInShortSyllable(_ end: Int) -> Bool {
        if end == 2 { return vowel(at: 0) && !vowel(at: 1) }
        guard end >= 3 else { return false }
        let last = w[end - 1]
        return !vowel(at: end - 3) && vowel(at: end - 2) && !vowel(at: end - 1)
            && last != UInt8(ascii: "w") && last != UInt8(ascii: "x") && last != Self.capitalY
    }

    var isShort: Bool { r1 >= w.count && endsInShortSyllable(w.count) }

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
        if (6...7).contains(w.count) {
            let word = String(decoding: w, as: UTF8.self)
            if Self.exceptions2.contains(word) { return word }
        }
        step1b()
        step1c()
        step2()
        step3()
        step4()
        step5()
        for index in w.indices where w[index] == Self.capitalY { w[index] = Self.y }
        return String(decoding: w, as: UTF8.self)
    }

    static let exceptions2: Set<String> = ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"]
    static let regionPrefixes = ["gener", "commun", "arsen"]
    static let step0Suffixes = Suffixes(["'", "'s", "'s'"])
    static let step1aSuffixes = Suffixes(["sses", "ied", "ies", "s", "us", "ss"])
    static let step1bSuffixes = Suffixes(["eed", "eedly", "ed", "edly", "ing", "ingly"])

    mutating func markRegions() {
        func regionStart(after start: Int) -> Int {
            var index = start + 1
            while index < w.count {
                if !vowel(at: index), vowel(at: index - 1) { return index + 1 }
                index += 1
            }
            return w.count
        }
        let prefix = Self.regionPrefixes.first { p in w.starts(with: p.utf8) }
        r1 = prefix.map { $0.utf8.count } ?? regionStart(after: 0)
        r2 = r1 >= w.count ? w.count : regionStart(after: r1)
        r1 = min(r1, w.count)
    }

    mutating func step0() {
        if let suffix = longest(Self.step0Suffixes) { w.removeLast(suffix.utf8.count) }
    }

    mutating func step1a() {
        guard let suffix = longest(Self.step1aSuffixes) else { return }
        switch suffix {
        case "sses": replace(4, with: "ss")
        case "ied", "ies": replace(3, with: w.count > 4 ? "i" : "ie")
        case "s":
            // Delete if the part before contains a vowel not immediately before the s.
            if w.count >= 3, (0..<(w.count - 2)).contains(where: { vowel(at: $0) }) { w.removeLast() }
        default: break
        }
    }

    mutating func step1b() {
        guard let suffix = longest(Self.step1bSuffixes) else { return }
        if suffix == "eed" || suffix == "eedly" {
            if inR1(suffix) { replace(suffix.utf8.count, with: "ee") }
            return
        }
        guard stemHasVowel(before: suffix.utf8.count) else { return }
        w.removeLast(suffix.utf8.count)
        if endsWith("at") || endsWith("bl") || endsWith("iz") {
            w.append(Self.e)
        } else if w.count >= 2, Self.isDouble(w[w.count - 1], w[w.count - 2]) {
            w.removeLast()
        } else if isShort {
            w.append(Self.e)
        }
    }

    mutating func step1c() {
        guard w.count > 2, let last = w.last, last == Self.y || last == Self.capitalY, !vowel(at: w.count - 2) else { return }
        w[w.count - 1] = Self.i
    }

    static let step2Rules: [(String, String)] = [
        ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("abli", "able"), ("entli", "ent"), ("izer", "ize"),
        ("ization", "ize"), ("ational", "ate"), ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("aliti", "al"),
        ("alli", "al"), ("fulness", "ful"), ("ousli", "ous"), ("ousness", "ous"), ("iveness", "ive"), ("iviti", "ive"),
        ("biliti", "ble"), ("bli", "ble"), ("ogi", "og"), ("fulli", "ful"), ("lessli", "less"), ("li", ""),
    ]

    static let step2Suffixes = Suffixes(step2Rules.map(\.0))

    mutating func step2() {
        guard let suffix = longest(Self.step2Suffixes), inR1(suffix),
              let replacement = Self.step2Rules.first(where: { $0.0 == suffix })?.1 else { return }
        let before = w.count - suffix.utf8.count
        switch suffix {
        case "ogi": if before > 0, w[before - 1] == UInt8(ascii: "l") { replace(3, with: "og") }
        case "li": if before > 0, Self.isLiEnding(w[before - 1]) { w.removeLast(2) }
        default: replace(suffix.utf8.count, with: replacement)
        }
    }

    static let step3Rules: [(String, String)] = [
        ("tional", "tion"), ("ational", "ate"), ("alize", "al"), ("icate", "ic"), ("iciti", "ic"), ("ical", "ic"),
        ("ful", ""), ("ness", ""), ("ative", ""),
    ]

    static let step3Suffixes = Suffixes(step3Rules.map(\.0))

    mutating func step3() {
        guard let suffix = longest(Self.step3Suffixes), inR1(suffix),
              let replacement = Self.step3Rules.first(where: { $0.0 == suffix })?.1 else { return }
        if suffix == "ative" {
            if inR2(suffix) { w.removeLast(5) }
        } else {
            replace(suffix.utf8.count, with: replacement)
        }
    }

    static let step4Suffixes = Suffixes(["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate",
                                "iti", "ous", "ive", "ize", "ion"])

    mutating func step4() {
        guard let suffix = longest(Self.step4Suffixes), inR2(suffix) else { return }
        if suffix == "ion" {
            let before = w.count - 3
            if before > 0, w[before - 1] == UInt8(ascii: "s") || w[before - 1] == UInt8(ascii: "t") { w.removeLast(3) }
        } else {
            w.removeLast(suffix.utf8.count)
        }
    }

    mutating func step5() {
        guard let last = w.last else { return }
        if last == Self.e {
            if inR2("e") || (inR1("e") && !endsInShortSyllable(w.count - 1)) { w.removeLast() }
        } else if last == UInt8(ascii: "l"), inR2("l"), w.count >= 2, w[w.count - 2] == UInt8(ascii: "l") {
            w.removeLast()
        }
    }
}
