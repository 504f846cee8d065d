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
    /// The text's Unicode scalars, for quoting spans.
    private let scalars: [Unicode.Scalar]

    /// How many tokens after a negation it governs (within the same clause).
    public static let negationWindow = 5

    /// Analyses `text`.
    public init(_ text: String, negationWindow: Int = AnalyzedText.negationWindow) {
        self.text = text
        let scalars = Array(text.unicodeScalars)
        self.scalars = scalars
        var tokens: [Token] = []
        var clause = 0
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if Self.isWordCharacter(scalar) {
                let start = index
                while index < scalars.count,
                      Self.isWordCharacter(scalars[index])
                      || (Self.isApostrophe(scalars[index]) && index + 1 < scalars.count && Self.isWordCharacter(scalars[index + 1])) {
                    index += 1
                }
                var word = Self.asciiLowercased(scalars[start..<index]) ?? String(String.UnicodeScalarView(scalars[start..<index])).lowercased()
                if word.unicodeScalars.contains("\u{2019}") {
                    word = String(String.UnicodeScalarView(word.unicodeScalars.map { $0 == "\u{2019}" ? "'" : $0 }))
                }
                if Lexicon.clauseBreakWords.contains(word) { clause += 1 }
                tokens.append(Token(word: word, stem: EnglishStemmer.stem(word), range: start..<index, clause: clause, isNegated: false))
                continue
            }
            if Lexicon.clauseBreaks.contains(scalar) { clause += 1 }
            index += 1
        }
        Self.markNegations(&tokens, window: negationWindow)
        self.tokens = tokens
    }

    /// The text a token range covers, for quoting.
    public func quote(_ range: Range<Int>) -> String {
        let clamped = max(0, range.lowerBound)..<min(scalars.count, range.upperBound)
        return String(scalars: scalars[clamped])
    }

    /// The word in lower case when it is all ASCII (nearly always), built straight from bytes;
    /// `nil` otherwise, for full Unicode lower-casing.
    static func asciiLowercased(_ word: ArraySlice<Unicode.Scalar>) -> String? {
        guard word.allSatisfy(\.isASCII) else { return nil }
        return String(unsafeUninitializedCapacity: word.count) { buffer in
            for (offset, scalar) in word.enumerated() {
                let byte = UInt8(truncatingIfNeeded: scalar.value)
                buffer[offset] = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
            }
            return word.count
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
    static func markNegations(_ tokens: inout [Token], window: Int) {
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            let next = index + 1 < tokens.count ? tokens[index + 1].word : ""
            let isNegation = Lexicon.negations.contains(token.word) || token.word.hasSuffix("n't")
                || (Lexicon.negatingVerbs.contains(token.stem) && (next == "to" || next.hasSuffix("ing")))
            if isNegation, !Lexicon.negationExceptions.contains("\(token.word) \(next)") {
                var scope = index + 1
                while scope < tokens.count, scope <= index + window, tokens[scope].clause == token.clause {
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
