/// A text split into stemmed, negation-aware tokens, computed once per record and shared by
/// every plugin that reads words.
///
/// ```swift
/// let text = AnalyzedText("Ravi did not share the runbook.")
/// text.tokens.map(\.stem)        // ["ravi", "did", "not", "share", "the", "runbook"]
/// text.tokens[3].isNegated       // true
/// ```
public struct AnalyzedText: Sendable {
    /// The original text.
    public let text: String
    /// The words, in order.
    public let tokens: [Token]
    /// The vocabulary the text was analysed with.
    public let vocabulary: Vocabulary
    /// Each token's stem's id in ``vocabulary`` (``Vocabulary/stemID(of:)``), or -1 when no word
    /// of the vocabulary has that stem.
    public let stemIDs: [Int32]
    /// The text's Unicode scalars, for quoting spans, when it has any outside ASCII; an ASCII
    /// text's scalars are its bytes.
    private let scalars: [Unicode.Scalar]
    private let isASCII: Bool

    /// How many tokens after a negation it governs (within the same clause).
    public static let negationWindow = 5

    /// The version of the analysis — tokens, stems, negation — which changes whenever a text
    /// may get other tokens or stems than before. It is part of every score's fingerprint, so
    /// scores stored before a change count as stale and `ethos rescore` renews them.
    /// 2: the Snowball project's current English stemmer.
    public static let version = "3"

    /// Analyses `text`: one pass over its UTF-8, every word lowered from its bytes and looked up
    /// once in `vocabulary`, which knows the stems of the words it holds (the tokens are the same
    /// whatever the vocabulary; a fuller one only stems fewer words).
    public init(_ text: String, vocabulary: Vocabulary = .standard, negationWindow: Int = AnalyzedText.negationWindow) {
        self.init(text, vocabulary: vocabulary, memo: nil, negationWindow: negationWindow)
    }

    /// Analyses `text` with `memo`'s vocabulary, taking the stems of words outside it from
    /// `memo` when they were met before and remembering the others there (the tokens are the
    /// same as without a memo).
    package init(_ text: String, memo: StemMemo, negationWindow: Int = AnalyzedText.negationWindow) {
        self.init(text, vocabulary: memo.vocabulary, memo: memo, negationWindow: negationWindow)
    }

    private init(_ text: String, vocabulary: Vocabulary, memo: StemMemo?, negationWindow: Int) {
        self.text = text
        var utf8 = text
        let (tokens, stemIDs, isASCII) = utf8.withUTF8 { bytes in
            var analysis = Analysis(bytes, vocabulary: vocabulary, memo: memo)
            analysis.run()
            if let memo { memo.giveBack(&analysis.memoTable) }
            Self.markNegations(&analysis.tokens, negates: analysis.negates, licensesVerb: analysis.licensesVerb, isCue: analysis.isCue,
                               window: negationWindow)
            Reversal.mark(&analysis.tokens, isCue: analysis.isCue, eyeRolls: analysis.eyeRolls, quotes: analysis.quotes)
            return (analysis.tokens, analysis.stemIDs, analysis.isASCII)
        }
        self.tokens = tokens
        self.vocabulary = vocabulary
        self.stemIDs = stemIDs
        self.isASCII = isASCII
        scalars = isASCII ? [] : Array(text.unicodeScalars)
    }

    /// The text a token range covers, for quoting.
    public func quote(_ range: Range<Int>) -> String {
        if isASCII {
            var utf8 = text
            return utf8.withUTF8 { bytes in
                let clamped = max(0, range.lowerBound)..<max(0, min(bytes.count, range.upperBound))
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[clamped]), as: UTF8.self)
            }
        }
        let clamped = max(0, range.lowerBound)..<max(0, min(scalars.count, range.upperBound))
        return String(scalars: scalars[clamped])
    }

    /// One pass over a text's bytes.
    private struct Analysis {
        let bytes: UnsafeBufferPointer<UInt8>
        var tokens: [Token] = []
        /// Each token's stem id in the vocabulary (-1: none).
        var stemIDs: [Int32] = []
        /// Whether each token is a negation word ("not", "never", "didn't"…).
        var negates: [Bool] = []
        /// Whether each token is "to" or an -ing form, which make a negating verb before it negate.
        var licensesVerb: [Bool] = []
        var isCue: [Bool] = []
        /// Sentences with an eye-roll emoji, and quotation marks met: for ``Reversal``.
        var eyeRolls: [Int] = []
        var quotes: [Reversal.Quote] = []
        var isASCII = true
        let vocabulary: Vocabulary.Storage
        /// Stems of words outside the vocabulary met before: the memo's table, held here (not
        /// read through the memo) while the text is analysed; without a memo, an empty table that
        /// remembers nothing.
        var memoTable: StemMemo.Table

        init(_ bytes: UnsafeBufferPointer<UInt8>, vocabulary: Vocabulary, memo: StemMemo?) {
            self.bytes = bytes
            self.vocabulary = vocabulary.storage
            memoTable = memo?.take() ?? StemMemo.Table(capacity: 0)
            tokens.reserveCapacity(bytes.count / 5 + 1)
            stemIDs.reserveCapacity(bytes.count / 5 + 1)
            negates.reserveCapacity(bytes.count / 5 + 1)
            licensesVerb.reserveCapacity(bytes.count / 5 + 1)
            isCue.reserveCapacity(bytes.count / 5 + 1)
        }

        func scalar(at index: Int) -> (Unicode.Scalar, Int) {
            UTF8Scalars.scalar(in: bytes, at: index)
        }

        mutating func run() {
            var clause = 0, sentence = 0
            // A sentence mark (. ! ?) seen since the last word: the sentence ends at the next space.
            var endsSentence = false
            var previous: Unicode.Scalar = " "
            var index = 0, position = 0
            while index < bytes.count {
                let (first, width) = scalar(at: index)
                if width > 1 { isASCII = false }
                guard AnalyzedText.isWordCharacter(first) else {
                    if Lexicon.isClauseBreak(first) { clause += 1 }
                    if first == "\n" || (endsSentence && first.properties.isWhitespace) {
                        sentence += 1
                        endsSentence = false
                    } else if first == "." || first == "!" || first == "?" {
                        endsSentence = true
                    } else if Reversal.isEyeRoll(first) {
                        // An eye-roll after the sentence's full stop still belongs to it.
                        eyeRolls.append(tokens.last?.sentence ?? sentence)
                    } else if Reversal.isQuote(first) {
                        quotes.append(Reversal.Quote(token: tokens.count, sentence: sentence,
                                                    opens: previous.properties.isWhitespace || previous == "("))
                    }
                    previous = first
                    index += width
                    position += 1
                    continue
                }
                endsSentence = false
                let start = index, startPosition = position
                var ascii = true
                while index < bytes.count {
                    let (current, width) = scalar(at: index)
                    var isPart = AnalyzedText.isWordCharacter(current)
                    if !isPart, AnalyzedText.isApostrophe(current), index + width < bytes.count {
                        isPart = AnalyzedText.isWordCharacter(scalar(at: index + width).0)
                    }
                    guard isPart else { break }
                    if width > 1 { ascii = false; isASCII = false }
                    index += width
                    position += 1
                }
                previous = "a"
                let word = ascii ? asciiWord(start..<index) : unicodeWord(start..<index)
                var utf8 = word
                let (entry, remembered, isNegation, licenses) = utf8.withUTF8 { lowered in
                    let entry = vocabulary.table.id(of: lowered)
                    return (entry, entry == nil ? memoTable.id(of: lowered) : nil,
                            (entry.map { vocabulary.negates[$0] } ?? false) || Self.ends(lowered, 0x6E, 0x27, 0x74),  // n't
                            (lowered.count == 2 && lowered[0] == 0x74 && lowered[1] == 0x6F) || Self.ends(lowered, 0x69, 0x6E, 0x67))  // to, -ing
                }
                if let entry, vocabulary.breaksClause[entry] { clause += 1 }
                negates.append(isNegation)
                licensesVerb.append(licenses)
                isCue.append(entry.map { vocabulary.isCue[$0] } ?? false)
                let stem: String
                if let entry {
                    stem = vocabulary.stems[entry]
                    stemIDs.append(vocabulary.stemIDs[entry])
                } else if let remembered {
                    stem = memoTable.stems[remembered]
                    stemIDs.append(memoTable.stemIDs[remembered])
                } else {
                    let stemmed = memoTable.stem(word, stemTable: vocabulary.stemTable)
                    stem = stemmed.stem
                    stemIDs.append(stemmed.stemID)
                }
                tokens.append(Token(word: word, stem: stem, range: startPosition..<position, clause: clause, sentence: sentence, isNegated: false,
                                    isStopword: entry.map { vocabulary.isStopword[$0] } ?? false))
            }
        }

        /// Whether `word` ends with the three bytes given.
        static func ends(_ word: UnsafeBufferPointer<UInt8>, _ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
            word.count >= 3 && word[word.count - 3] == a && word[word.count - 2] == b && word[word.count - 1] == c
        }

        /// An ASCII word in lower case, built straight from its bytes.
        func asciiWord(_ range: Range<Int>) -> String {
            String(unsafeUninitializedCapacity: range.count) { buffer in
                for (offset, byte) in bytes[range].enumerated() {
                    buffer[offset] = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
                }
                return range.count
            }
        }

        /// A word with characters outside ASCII, lower-cased with full Unicode rules and with
        /// curly apostrophes straightened.
        func unicodeWord(_ range: Range<Int>) -> String {
            Vocabulary.normalised(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))
        }
    }

    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        // ASCII first: the Unicode property lookup costs more than the rest of tokenising.
        if scalar.isASCII {
            let value = scalar.value
            return (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value) || (0x30...0x39).contains(value)
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    static func isApostrophe(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "'" || scalar == "\u{2019}"
    }

    /// Marks the tokens a negation governs: up to `window` following tokens in its clause.
    /// `negates` says which tokens are negation words; a negating verb ("refused", "stopped")
    /// negates when "to" or an -ing form follows.
    static func markNegations(_ tokens: inout [Token], negates: [Bool], licensesVerb: [Bool], isCue: [Bool], window: Int) {
        var index = 0
        while index < tokens.count {
            var isNegation = negates[index]
            if !isNegation, index + 1 < tokens.count, licensesVerb[index + 1] {
                isNegation = Lexicon.negatingVerbs.contains(tokens[index].stem)
            }
            if !isNegation, index + 1 < tokens.count, isCue[index + 1], Lexicon.dismissiveParticles.contains(tokens[index + 1].word) {
                isNegation = Lexicon.dismissiveVerbs.contains(tokens[index].stem)
            }
            if isNegation, !Lexicon.negationExceptions.contains("\(tokens[index].word) \(index + 1 < tokens.count ? tokens[index + 1].word : "")") {
                let clause = tokens[index].clause
                var scope = index + 1
                while scope < tokens.count, scope <= index + window, tokens[scope].clause == clause {
                    tokens[scope].isNegated.toggle()
                    scope += 1
                }
            }
            index += 1
        }
    }
}

extension String {
    /// The string of `scalars`, encoded straight to UTF-8: appending scalars one by one to a
    /// `String.UnicodeScalarView` costs several times more.
    public init(scalars: some Collection<Unicode.Scalar>) {
        let length = scalars.reduce(0) { $0 + UTF8.width($1) }
        self.init(unsafeUninitializedCapacity: length) { buffer in
            var offset = 0
            for scalar in scalars {
                UTF8.encode(scalar) { byte in
                    buffer[offset] = byte
                    offset += 1
                }
            }
            return offset
        }
    }
}

/// One sentence of an analysed text: its tokens and its characters, up to the next sentence's
/// first word (trailing marks and emoji included).
public struct SentenceSpan: Sendable, Hashable {
    /// The sentence's number, as its tokens carry it.
    public var number: Int
    /// Its tokens, by index into ``AnalyzedText/tokens``.
    public var tokens: Range<Int>
    /// Its characters, in Unicode scalars, as tokens' ranges count them.
    public var range: Range<Int>
}

extension AnalyzedText {
    /// The text's sentences, in order; none for a text without words.
    public var sentences: [SentenceSpan] {
        var sentences: [SentenceSpan] = []
        var first = 0
        while first < tokens.count {
            var next = first + 1
            while next < tokens.count, tokens[next].sentence == tokens[first].sentence { next += 1 }
            let end = next < tokens.count ? tokens[next].range.lowerBound : scalarCount
            sentences.append(SentenceSpan(number: tokens[first].sentence, tokens: first..<next, range: tokens[first].range.lowerBound..<end))
            first = next
        }
        return sentences
    }

    /// The sentence's text without the spaces and line breaks around it.
    public func quote(_ sentence: SentenceSpan) -> String {
        var text = Substring(quote(sentence.range))
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        return String(text)
    }

    /// How many Unicode scalars the text has.
    public var scalarCount: Int { isASCII ? text.utf8.count : scalars.count }
}
