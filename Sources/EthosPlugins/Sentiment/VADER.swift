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

    /// Every word VADER's rules know — lexicon entries, boosters, negations and the words its
    /// rules and idioms name — looked up by bytes; the arrays below are indexed by its ids. Once
    /// adopted (``adopting(_:)``), the scorer's vocabulary, which holds them and more.
    private let vocabulary: TermTable

    /// Every word VADER's rules know, lower case (and, once adopted, the rest of the vocabulary's).
    public var words: [String] { (0..<vocabulary.count).map(vocabulary.term) }
    /// Each word's valence, or NaN when the lexicon does not list it.
    private let valences: [Double]
    /// Each word's booster increment (±0.293), or 0.
    private let boosts: [Double]
    /// Whether each word is a negation.
    private let negates: [Bool]
    /// Whether each word occurs in a multi-word idiom or booster.
    private let inPhrase: [Bool]
    /// The ids of the words the rules compare with.
    private let named: NamedWords
    /// Only single-code-point keys: the reference replaces emoji one code point at a time.
    private let emojis: [Unicode.Scalar: String]

    /// Builds the analyser from the lexicon files' text (tab-separated: token, mean valence…;
    /// emoji, description).
    public init(lexicon lexiconText: String, emoji emojiText: String) {
        var lexicon: [(String, Double)] = []
        for line in lexiconText.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let fields = line.trimmingWhitespace().split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2, let measure = Double(fields[1]) else { continue }
            lexicon.append((String(fields[0]), measure))
        }
        var emojis: [Unicode.Scalar: String] = [:]
        for line in emojiText.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let fields = line.trimmingWhitespace().split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2 else { continue }
            let scalars = fields[0].unicodeScalars
            if scalars.count == 1, let scalar = scalars.first { emojis[scalar] = String(fields[1]) }
        }
        let phraseWords = (Array(Self.specialCases.keys) + Array(Self.boosters.keys)).filter { $0.contains(" ") }
            .flatMap { $0.split(separator: " ").map(String.init) }
        let vocabulary = TermTable(lexicon.map(\.0) + Self.boosters.keys.sorted() + Self.negations.sorted() + NamedWords.words + phraseWords)
        self.vocabulary = vocabulary
        // The reference reads the file into a dictionary, so a repeated entry's last valence wins.
        valences = vocabulary.perTerm(lexicon, default: .nan)
        boosts = vocabulary.perTerm(Self.boosters.map { ($0.key, $0.value) }, default: 0)
        negates = vocabulary.perTerm(Self.negations.map { ($0, true) }, default: false)
        inPhrase = vocabulary.perTerm(phraseWords.map { ($0, true) }, default: false)
        self.named = NamedWords(vocabulary)
        self.emojis = emojis
    }

    /// This analyser looking its words up in `table` rather than in a table of its own: the
    /// scorer's vocabulary, which holds every word VADER knows (``SentimentPlugin/vocabulary``).
    /// Text analysis has just looked the same words up there, so VADER finds their slots in the
    /// cache instead of missing in a second table (a third of what finding a word cost was that
    /// miss). The answers are the same: a word `table` holds that VADER does not know gets no
    /// valence, no boost and no part in a phrase, as a word neither knows does. Nil when `table`
    /// lacks a word VADER could find (one without upper case: words are lowered before lookup).
    func adopting(_ table: TermTable) -> VADER? {
        var valences = [Double](repeating: .nan, count: table.count), boosts = [Double](repeating: 0, count: table.count)
        var negates = [Bool](repeating: false, count: table.count), inPhrase = [Bool](repeating: false, count: table.count)
        for id in 0..<vocabulary.count {
            let term = vocabulary.term(id)
            guard let other = table.id(of: term) else {
                if term.lowercased() == term { return nil }
                continue  // never looked up
            }
            valences[other] = self.valences[id]
            boosts[other] = self.boosts[id]
            negates[other] = self.negates[id]
            inPhrase[other] = self.inPhrase[id]
        }
        return VADER(vocabulary: table, valences: valences, boosts: boosts, negates: negates, inPhrase: inPhrase, emojis: emojis)
    }

    private init(vocabulary: TermTable, valences: [Double], boosts: [Double], negates: [Bool], inPhrase: [Bool],
                 emojis: [Unicode.Scalar: String]) {
        self.vocabulary = vocabulary
        self.valences = valences
        self.boosts = boosts
        self.negates = negates
        self.inPhrase = inPhrase
        named = NamedWords(vocabulary)
        self.emojis = emojis
    }

    /// The words VADER's rules compare with, by id.
    struct NamedWords: Sendable {
        static let words = ["no", "but", "kind", "of", "least", "at", "very", "or", "nor", "never", "so", "this", "without", "doubt"]
        let no, but, kind, of, least, at, very, or, nor, never, so, this, without, doubt: Int32

        init(_ vocabulary: TermTable) {
            let ids = Self.words.map { Int32(vocabulary.id(of: $0) ?? -1) }
            (no, but, kind, of, least, at, very, or, nor) = (ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6], ids[7], ids[8])
            (never, so, this, without, doubt) = (ids[9], ids[10], ids[11], ids[12], ids[13])
        }
    }

    /// One word of the text as the rules see it.
    struct Word {
        /// Its id in the vocabulary, or -1 when VADER does not know it.
        var id: Int32
        /// Python's `isupper()` of the word as written.
        var isUpper: Bool
        /// A negation word, or a word containing "n't".
        var isNegation: Bool
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
        var prepared = replacingEmoji(in: text)
        let (words, exclamations, questions) = prepared.withUTF8 { analyse($0) }
        let isCapDifferential = Self.capsDifferential(words)

        var sentiments: [Double] = []
        sentiments.reserveCapacity(words.count)
        for index in words.indices {
            let id = words[index].id
            if id >= 0, boosts[Int(id)] != 0 {
                sentiments.append(0)
                continue
            }
            if index < words.count - 1, id == named.kind, words[index + 1].id == named.of {
                sentiments.append(0)
                continue
            }
            sentiments.append(valence(at: index, words: words, isCapDifferential: isCapDifferential))
        }
        butCheck(words, &sentiments)
        return Self.scoreValence(sentiments, exclamations: exclamations, questions: questions)
    }

    /// The text's words as Python's `split()` then `_strip_punc_if_word` make them, each looked
    /// up once; and how many `!` and `?` it has.
    private func analyse(_ bytes: UnsafeBufferPointer<UInt8>) -> (words: [Word], exclamations: Int, questions: Int) {
        var words: [Word] = []
        words.reserveCapacity(bytes.count / 5 + 1)
        var exclamations = 0, questions = 0
        var lowered = [UInt8](filling: 0, count: 64)
        var start = -1
        var index = 0
        while index <= bytes.count {
            var width = 1
            var isSpace = index == bytes.count
            if !isSpace {
                let byte = bytes[index]
                if byte < 0x80 {
                    isSpace = (0x09...0x0D).contains(byte) || (0x1C...0x20).contains(byte)
                    if byte == 0x21 { exclamations += 1 } else if byte == 0x3F { questions += 1 }
                } else {
                    let (scalar, length) = UTF8Scalars.scalar(in: bytes, at: index)
                    width = length
                    isSpace = Python.isSpace(scalar)
                }
            }
            if isSpace {
                if start >= 0 { words.append(word(UnsafeBufferPointer(rebasing: bytes[start..<index]), lowered: &lowered)) }
                start = -1
            } else if start < 0 {
                start = index
            }
            index += width
        }
        return (words, exclamations, questions)
    }

    /// One whitespace-separated token: punctuation stripped unless that leaves two characters or
    /// fewer (an emoticon such as `:)`), lower-cased, looked up.
    private func word(_ token: UnsafeBufferPointer<UInt8>, lowered: inout [UInt8]) -> Word {
        var start = 0, end = token.count
        while start < end, Python.isPunctuation(token[start]) { start += 1 }
        while end > start, Python.isPunctuation(token[end - 1]) { end -= 1 }
        let stripped = start > 0 || end < token.count
        // Python counts characters: UTF-8 continuation bytes do not start one.
        let word = stripped && token[start..<end].count(where: { $0 & 0xC0 != 0x80 }) > 2
            ? UnsafeBufferPointer(rebasing: token[start..<end]) : token
        if lowered.count < word.count { lowered = [UInt8](filling: 0, count: word.count) }
        var sawUpper = false, sawLower = false, high: UInt8 = 0
        // One pass lowers the bytes and notes case and bytes outside ASCII (then the word is
        // lowered again with Unicode's rules).
        let ascii: Word? = lowered.withUnsafeMutableBufferPointer { lower in
            for offset in word.indices {
                let byte = word[offset]
                high |= byte
                if (0x41...0x5A).contains(byte) {
                    sawUpper = true
                    lower[offset] = byte | 0x20
                } else {
                    if (0x61...0x7A).contains(byte) { sawLower = true }
                    lower[offset] = byte
                }
            }
            guard high < 0x80 else { return nil }
            return make(UnsafeBufferPointer(rebasing: lower[0..<word.count]), isUpper: sawUpper && !sawLower)
        }
        return ascii ?? unicodeWord(String(decoding: word, as: UTF8.self))
    }

    /// A word with characters outside ASCII, lower-cased with full Unicode rules.
    private func unicodeWord(_ word: String) -> Word {
        var lower = word.lowercased()
        return lower.withUTF8 { make($0, isUpper: Python.isUpper(word)) }
    }

    private func make(_ lower: UnsafeBufferPointer<UInt8>, isUpper: Bool) -> Word {
        let id = vocabulary.id(of: lower).map { Int32($0) } ?? -1
        let isNegation = (id >= 0 && negates[Int(id)]) || Self.containsNot(lower)
        return Word(id: id, isUpper: isUpper, isNegation: isNegation)
    }

    /// Whether the bytes contain "n't".
    static func containsNot(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard word.count >= 3 else { return false }
        for index in 0...(word.count - 3) where word[index] == 0x6E && word[index + 1] == 0x27 && word[index + 2] == 0x74 {
            return true
        }
        return false
    }

    private func replacingEmoji(in text: String) -> String {
        // Every emoji VADER knows is outside ASCII, so ASCII text needs no lookups at all.
        var bytes = text
        guard bytes.withUTF8({ $0.contains { $0 >= 0x80 } }),
              text.unicodeScalars.contains(where: { !$0.isASCII && emojis[$0] != nil }) else { return text }
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

    static func capsDifferential(_ words: [Word]) -> Bool {
        let allCaps = words.count(where: \.isUpper)
        let differential = words.count - allCaps
        return differential > 0 && differential < words.count
    }

    /// The word's valence in the lexicon, if it has one.
    private func lexiconValence(_ word: Word) -> Double? {
        guard word.id >= 0 else { return nil }
        let valence = valences[Int(word.id)]
        return valence.isNaN ? nil : valence
    }

    private func valence(at index: Int, words: [Word], isCapDifferential: Bool) -> Double {
        let word = words[index]
        guard let base = lexiconValence(word) else { return 0 }
        var valence = base
        if word.id == named.no, index != words.count - 1, lexiconValence(words[index + 1]) != nil {
            valence = 0
        }
        if (index > 0 && words[index - 1].id == named.no) || (index > 1 && words[index - 2].id == named.no)
            || (index > 2 && words[index - 3].id == named.no && (words[index - 1].id == named.or || words[index - 1].id == named.nor)) {
            valence = base * Self.negationScalar
        }
        if word.isUpper, isCapDifferential {
            valence += valence > 0 ? Self.capsIncrement : -Self.capsIncrement
        }
        for start in 0..<3 where index > start && lexiconValence(words[index - (start + 1)]) == nil {
            var scalar = scalarIncrement(words[index - (start + 1)], valence: valence, isCapDifferential: isCapDifferential)
            if start == 1, scalar != 0 { scalar *= 0.95 }
            if start == 2, scalar != 0 { scalar *= 0.9 }
            valence += scalar
            valence = negationCheck(valence, words, start: start, index: index)
            if start == 2 { valence = specialIdiomsCheck(valence, words, index: index) }
        }
        return leastCheck(valence, words, index: index)
    }

    private func scalarIncrement(_ word: Word, valence: Double, isCapDifferential: Bool) -> Double {
        guard word.id >= 0 else { return 0 }
        var scalar = boosts[Int(word.id)]
        guard scalar != 0 else { return 0 }
        if valence < 0 { scalar *= -1 }
        if word.isUpper, isCapDifferential {
            scalar += valence > 0 ? Self.capsIncrement : -Self.capsIncrement
        }
        return scalar
    }

    private func negationCheck(_ valence: Double, _ words: [Word], start: Int, index i: Int) -> Double {
        let (never, so, this, without, doubt) = (named.never, named.so, named.this, named.without, named.doubt)
        switch start {
        case 0:
            return words[i - 1].isNegation ? valence * Self.negationScalar : valence
        case 1:
            if words[i - 2].id == never, words[i - 1].id == so || words[i - 1].id == this { return valence * 1.25 }
            if words[i - 2].id == without, words[i - 1].id == doubt { return valence }
            return words[i - 2].isNegation ? valence * Self.negationScalar : valence
        default:
            if (words[i - 3].id == never && (words[i - 2].id == so || words[i - 2].id == this))
                || (words[i - 1].id == so || words[i - 1].id == this) {
                return valence * 1.25
            }
            if words[i - 3].id == without, words[i - 2].id == doubt || words[i - 1].id == doubt { return valence }
            return words[i - 3].isNegation ? valence * Self.negationScalar : valence
        }
    }

    /// Idioms and multi-word boosters around word `i`. Every one is made of known words, so the
    /// phrases are only spelled out when the words around `i` include some of them.
    private func specialIdiomsCheck(_ valence: Double, _ words: [Word], index i: Int) -> Double {
        let around = words[(i - 3)...min(i + 2, words.count - 1)]
        guard around.contains(where: { $0.id >= 0 && inPhrase[Int($0.id)] }) else { return valence }
        /// The phrase of the words at `indexes`, when each may be part of one.
        func phrase(_ indexes: Int...) -> String? {
            var parts: [String] = []
            for index in indexes {
                let id = words[index].id
                guard id >= 0, inPhrase[Int(id)] else { return nil }
                parts.append(vocabulary.term(Int(id)))
            }
            return parts.joined(separator: " ")
        }
        var valence = valence
        let oneZero = phrase(i - 1, i), twoOneZero = phrase(i - 2, i - 1, i), twoOne = phrase(i - 2, i - 1)
        let threeTwoOne = phrase(i - 3, i - 2, i - 1), threeTwo = phrase(i - 3, i - 2)
        for case let sequence? in [oneZero, twoOneZero, twoOne, threeTwoOne, threeTwo] {
            if let special = Self.specialCases[sequence] {
                valence = special
                break
            }
        }
        if words.count - 1 > i, let sequence = phrase(i, i + 1), let special = Self.specialCases[sequence] {
            valence = special
        }
        if words.count - 1 > i + 1, let sequence = phrase(i, i + 1, i + 2), let special = Self.specialCases[sequence] {
            valence = special
        }
        for case let gram? in [threeTwoOne, threeTwo, twoOne] {
            if let boost = Self.boosters[gram] { valence += boost }
        }
        return valence
    }

    private func leastCheck(_ valence: Double, _ words: [Word], index i: Int) -> Double {
        if i > 1, lexiconValence(words[i - 1]) == nil, words[i - 1].id == named.least {
            if words[i - 2].id != named.at, words[i - 2].id != named.very { return valence * Self.negationScalar }
        } else if i > 0, lexiconValence(words[i - 1]) == nil, words[i - 1].id == named.least {
            return valence * Self.negationScalar
        }
        return valence
    }

    /// The contrastive "but": sentiments before the first "but" count half, after it one and a
    /// half times. Reproduces the reference exactly, including that it finds each value's
    /// position by its first equal value.
    private func butCheck(_ words: [Word], _ sentiments: inout [Double]) {
        guard let butIndex = words.firstIndex(where: { $0.id == named.but }) else { return }
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

    static func scoreValence(_ sentiments: [Double], exclamations: Int, questions: Int) -> Scores {
        guard !sentiments.isEmpty else { return Scores(negative: 0, neutral: 0, positive: 0, compound: 0) }
        var sum = sentiments.reduce(0, +)
        let questionEmphasis = questions > 1 ? (questions <= 3 ? Double(questions) * 0.18 : 0.96) : 0
        let emphasis = Double(min(4, exclamations)) * 0.292 + questionEmphasis
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

    /// `string.punctuation`, for one byte of UTF-8.
    static func isPunctuation(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: true
        default: false
        }
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
