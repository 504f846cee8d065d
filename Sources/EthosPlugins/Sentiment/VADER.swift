internal import EthosText

/// VADER sentiment analysis (Hutto & Gilbert, 2014), ported to Swift from the reference
/// implementation (`vaderSentiment` 3.3.2), whose scores it reproduces: the lexicons are the
/// same files, and every rule — boosters and dampeners, negation, "but", "least", "no", ALL
/// CAPS, punctuation emphasis, idioms, emoji — follows the reference, quirks included.
public struct VADER: Sendable {
    /// Sentiment scores of one text.
    public struct Scores: Hashable, Sendable {
        /// The share of the text that is negative, 0 to 1.
        public var negative: Double
        /// The share that is neutral, 0 to 1.
        public var neutral: Double
        /// The share that is positive, 0 to 1.
        public var positive: Double
        /// The normalised sum of valences, -1 (most negative) to 1 (most positive).
        public var compound: Double
    }

    private let lexicon: [String: Double]
    /// Only single-code-point keys: the reference replaces emoji one code point at a time.
    private let emojis: [Unicode.Scalar: String]

    /// Builds the analyser from the lexicon files' text (tab-separated: token, mean valence…;
    /// emoji, description).
    public init(lexicon lexiconText: String, emoji emojiText: String) {
        var lexicon: [String: Double] = [:]
        for line in lexiconText.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let fields = line.trimmingWhitespace().split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2, let measure = Double(fields[1]) else { continue }
            lexicon[String(fields[0])] = measure
        }
        var emojis: [Unicode.Scalar: String] = [:]
        for line in emojiText.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let fields = line.trimmingWhitespace().split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2 else { continue }
            let scalars = fields[0].unicodeScalars
            if scalars.count == 1, let scalar = scalars.first { emojis[scalar] = String(fields[1]) }
        }
        self.lexicon = lexicon
        self.emojis = emojis
    }

    // MARK: Constants of the reference

    static let boostIncrement = 0.293
    static let boostDecrement = -0.293
    static let capsIncrement = 0.733
    static let negationScalar = -0.74

    static let negations: Set<String> = [
        "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "ain't", "aren't", "can't", "couldn't",
        "daren't", "didn't", "doesn't", "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
        "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't", "neednt", "needn't", "never", "none",
        "nope", "nor", "not", "nothing", "nowhere", "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
        "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't", "without", "wont", "wouldnt", "won't",
        "wouldn't", "rarely", "seldom", "despite",
    ]

    static let boosters: [String: Double] = {
        let up = ["absolutely", "amazingly", "awfully", "completely", "considerable", "considerably", "decidedly", "deeply",
                  "effing", "enormous", "enormously", "entirely", "especially", "exceptional", "exceptionally", "extreme",
                  "extremely", "fabulously", "flipping", "flippin", "frackin", "fracking", "fricking", "frickin", "frigging",
                  "friggin", "fully", "fuckin", "fucking", "fuggin", "fugging", "greatly", "hella", "highly", "hugely",
                  "incredible", "incredibly", "intensely", "major", "majorly", "more", "most", "particularly", "purely",
                  "quite", "really", "remarkably", "so", "substantially", "thoroughly", "total", "totally", "tremendous",
                  "tremendously", "uber", "unbelievably", "unusually", "utter", "utterly", "very"]
        let down = ["almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of", "less", "little",
                    "marginal", "marginally", "occasional", "occasionally", "partly", "scarce", "scarcely", "slight",
                    "slightly", "somewhat", "sort of", "sorta", "sortof", "sort-of"]
        return Dictionary(uniqueKeysWithValues: up.map { ($0, boostIncrement) } + down.map { ($0, boostDecrement) })
    }()

    static let specialCases: [String: Double] = [
        "the shit": 3, "the bomb": 3, "bad ass": 1.5, "badass": 1.5, "bus stop": 0.0, "yeah right": -2,
        "kiss of death": -1.5, "to die for": 3, "beating heart": 3.5,
    ]

    // MARK: Scoring

    /// The scores of `text`.
    public func scores(_ text: String) -> Scores {
        let prepared = Python.strip(replacingEmoji(in: text))
        let words = Python.split(prepared).map(Self.stripPunctuationIfWord)
        let lowers = words.map { $0.lowercased() }
        let isCapDifferential = Self.capsDifferential(words)

        var sentiments: [Double] = []
        sentiments.reserveCapacity(words.count)
        for index in words.indices {
            let lower = lowers[index]
            if Self.boosters[lower] != nil {
                sentiments.append(0)
                continue
            }
            if index < words.count - 1, lower == "kind", lowers[index + 1] == "of" {
                sentiments.append(0)
                continue
            }
            sentiments.append(valence(at: index, words: words, lowers: lowers, isCapDifferential: isCapDifferential))
        }
        Self.butCheck(lowers, &sentiments)
        return Self.scoreValence(sentiments, text: prepared)
    }

    private func replacingEmoji(in text: String) -> String {
        // Every emoji VADER knows is outside ASCII, so ASCII text needs no lookups at all.
        guard text.unicodeScalars.contains(where: { !$0.isASCII && emojis[$0] != nil }) else { return text }
        var result = String.UnicodeScalarView()
        var previousIsSpace = true
        for scalar in text.unicodeScalars {
            if let description = emojis[scalar] {
                if !previousIsSpace { result.append(" ") }
                result.append(contentsOf: description.unicodeScalars)
                previousIsSpace = false
            } else {
                result.append(scalar)
                previousIsSpace = scalar == " "
            }
        }
        return String(result)
    }

    /// Removes leading and trailing ASCII punctuation, unless that leaves two characters or
    /// fewer (then the token was probably an emoticon such as `:)`).
    static func stripPunctuationIfWord(_ token: String) -> String {
        // Most tokens neither start nor end with punctuation: nothing to strip, nothing to copy.
        guard let first = token.unicodeScalars.first, let last = token.unicodeScalars.last,
              Python.isPunctuation(first) || Python.isPunctuation(last) else { return token }
        let scalars = Array(token.unicodeScalars)
        var start = 0, end = scalars.count
        while start < end, Python.isPunctuation(scalars[start]) { start += 1 }
        while end > start, Python.isPunctuation(scalars[end - 1]) { end -= 1 }
        if end - start <= 2 { return token }
        return String(scalars: scalars[start..<end])
    }

    static func capsDifferential(_ words: [String]) -> Bool {
        let allCaps = words.filter(Python.isUpper).count
        let differential = words.count - allCaps
        return differential > 0 && differential < words.count
    }

    private func valence(at index: Int, words: [String], lowers: [String], isCapDifferential: Bool) -> Double {
        let lower = lowers[index]
        guard let base = lexicon[lower] else { return 0 }
        var valence = base
        if lower == "no", index != words.count - 1, lexicon[lowers[index + 1]] != nil {
            valence = 0
        }
        if (index > 0 && lowers[index - 1] == "no") || (index > 1 && lowers[index - 2] == "no")
            || (index > 2 && lowers[index - 3] == "no" && (lowers[index - 1] == "or" || lowers[index - 1] == "nor")) {
            valence = base * Self.negationScalar
        }
        if Python.isUpper(words[index]), isCapDifferential {
            valence += valence > 0 ? Self.capsIncrement : -Self.capsIncrement
        }
        for start in 0..<3 where index > start && lexicon[lowers[index - (start + 1)]] == nil {
            var scalar = Self.scalarIncrement(words[index - (start + 1)], valence: valence, isCapDifferential: isCapDifferential)
            if start == 1, scalar != 0 { scalar *= 0.95 }
            if start == 2, scalar != 0 { scalar *= 0.9 }
            valence += scalar
            valence = Self.negationCheck(valence, lowers, start: start, index: index)
            if start == 2 { valence = Self.specialIdiomsCheck(valence, lowers, index: index) }
        }
        return leastCheck(valence, lowers, index: index)
    }

    static func scalarIncrement(_ word: String, valence: Double, isCapDifferential: Bool) -> Double {
        guard var scalar = boosters[word.lowercased()] else { return 0 }
        if valence < 0 { scalar *= -1 }
        if Python.isUpper(word), isCapDifferential {
            scalar += valence > 0 ? capsIncrement : -capsIncrement
        }
        return scalar
    }

    static func isNegation(_ lower: String) -> Bool {
        negations.contains(lower) || lower.contains("n't")
    }

    static func negationCheck(_ valence: Double, _ lowers: [String], start: Int, index i: Int) -> Double {
        switch start {
        case 0:
            return isNegation(lowers[i - 1]) ? valence * negationScalar : valence
        case 1:
            if lowers[i - 2] == "never", lowers[i - 1] == "so" || lowers[i - 1] == "this" { return valence * 1.25 }
            if lowers[i - 2] == "without", lowers[i - 1] == "doubt" { return valence }
            return isNegation(lowers[i - 2]) ? valence * negationScalar : valence
        default:
            if (lowers[i - 3] == "never" && (lowers[i - 2] == "so" || lowers[i - 2] == "this"))
                || (lowers[i - 1] == "so" || lowers[i - 1] == "this") {
                return valence * 1.25
            }
            if lowers[i - 3] == "without", lowers[i - 2] == "doubt" || lowers[i - 1] == "doubt" { return valence }
            return isNegation(lowers[i - 3]) ? valence * negationScalar : valence
        }
    }

    static func specialIdiomsCheck(_ valence: Double, _ lowers: [String], index i: Int) -> Double {
        var valence = valence
        let oneZero = "\(lowers[i - 1]) \(lowers[i])"
        let twoOneZero = "\(lowers[i - 2]) \(lowers[i - 1]) \(lowers[i])"
        let twoOne = "\(lowers[i - 2]) \(lowers[i - 1])"
        let threeTwoOne = "\(lowers[i - 3]) \(lowers[i - 2]) \(lowers[i - 1])"
        let threeTwo = "\(lowers[i - 3]) \(lowers[i - 2])"
        for sequence in [oneZero, twoOneZero, twoOne, threeTwoOne, threeTwo] {
            if let special = specialCases[sequence] {
                valence = special
                break
            }
        }
        if lowers.count - 1 > i, let special = specialCases["\(lowers[i]) \(lowers[i + 1])"] {
            valence = special
        }
        if lowers.count - 1 > i + 1, let special = specialCases["\(lowers[i]) \(lowers[i + 1]) \(lowers[i + 2])"] {
            valence = special
        }
        for gram in [threeTwoOne, threeTwo, twoOne] {
            if let boost = boosters[gram] { valence += boost }
        }
        return valence
    }

    private func leastCheck(_ valence: Double, _ lowers: [String], index i: Int) -> Double {
        if i > 1, lexicon[lowers[i - 1]] == nil, lowers[i - 1] == "least" {
            if lowers[i - 2] != "at", lowers[i - 2] != "very" { return valence * Self.negationScalar }
        } else if i > 0, lexicon[lowers[i - 1]] == nil, lowers[i - 1] == "least" {
            return valence * Self.negationScalar
        }
        return valence
    }

    /// The contrastive "but": sentiments before the first "but" count half, after it one and a
    /// half times. Reproduces the reference exactly, including that it finds each value's
    /// position by its first equal value.
    static func butCheck(_ lowers: [String], _ sentiments: inout [Double]) {
        guard let butIndex = lowers.firstIndex(of: "but") else { return }
        var position = 0
        while position < sentiments.count {
            let sentiment = sentiments[position]
            if let first = sentiments.firstIndex(of: sentiment) {
                if first < butIndex {
                    sentiments[first] = sentiment * 0.5
                } else if first > butIndex {
                    sentiments[first] = sentiment * 1.5
                }
            }
            position += 1
        }
    }

    static func scoreValence(_ sentiments: [Double], text: String) -> Scores {
        guard !sentiments.isEmpty else { return Scores(negative: 0, neutral: 0, positive: 0, compound: 0) }
        var sum = sentiments.reduce(0, +)
        let exclamations = min(4, text.unicodeScalars.filter { $0 == "!" }.count)
        let questions = text.unicodeScalars.filter { $0 == "?" }.count
        let questionEmphasis = questions > 1 ? (questions <= 3 ? Double(questions) * 0.18 : 0.96) : 0
        let emphasis = Double(exclamations) * 0.292 + questionEmphasis
        if sum > 0 { sum += emphasis } else if sum < 0 { sum -= emphasis }
        let compound = max(-1, min(1, sum / (sum * sum + 15).squareRoot()))

        var positiveSum = 0.0, negativeSum = 0.0, neutralCount = 0.0
        for sentiment in sentiments {
            if sentiment > 0 { positiveSum += sentiment + 1 }
            if sentiment < 0 { negativeSum += sentiment - 1 }
            if sentiment == 0 { neutralCount += 1 }
        }
        if positiveSum > abs(negativeSum) {
            positiveSum += emphasis
        } else if positiveSum < abs(negativeSum) {
            negativeSum -= emphasis
        }
        let total = positiveSum + abs(negativeSum) + neutralCount
        return Scores(negative: abs(negativeSum / total), neutral: abs(neutralCount / total),
                      positive: abs(positiveSum / total), compound: compound)
    }
}

/// The few Python string semantics the reference depends on.
enum Python {
    /// `str.isspace` for one character.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// `string.punctuation`.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: true
        default: false
        }
    }

    /// `str.split()` with no separator: runs of whitespace separate, none are empty.
    static func split(_ text: String) -> [String] {
        var text = text
        // ASCII text (nearly all) is split on its bytes; the same spaces as below, in ASCII.
        let ascii = text.withUTF8 { bytes -> [String]? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            var words: [String] = []
            var start = -1
            for index in bytes.indices {
                let byte = bytes[index]
                if (0x09...0x0D).contains(byte) || (0x1C...0x20).contains(byte) {
                    if start >= 0 { words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)) }
                    start = -1
                } else if start < 0 {
                    start = index
                }
            }
            if start >= 0 { words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self)) }
            return words
        }
        if let ascii { return ascii }
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isSpace(scalar) {
                if !current.isEmpty {
                    words.append(String(current))
                    current = String.UnicodeScalarView()
                }
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// `str.strip()`.
    static func strip(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[first...last])
    }

    /// `str.isupper`: every cased character is upper case, and there is at least one.
    static func isUpper(_ text: String) -> Bool {
        var sawUpper = false
        for scalar in text.unicodeScalars {
            // ASCII without a property lookup: a lower-case letter answers at once.
            if scalar.isASCII {
                let value = scalar.value
                if (0x61...0x7A).contains(value) { return false }
                if (0x41...0x5A).contains(value) { sawUpper = true }
                continue
            }
            let properties = scalar.properties
            if properties.isLowercase || properties.generalCategory == .titlecaseLetter { return false }
            if properties.isUppercase { sawUpper = true }
        }
        return sawUpper
    }
}

extension Substring {
    /// Trims Python whitespace from both ends.
    func trimmingWhitespace() -> Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !Python.isSpace($0) }),
              let last = scalars.lastIndex(where: { !Python.isSpace($0) }) else { return "" }
        return Substring(scalars[first...last])
    }
}
