/// A text's sentences as ``AnalyzedText/sentences`` cuts them, found without analysing its
/// words: pages quote the sentence behind each verdict for every record they show, and full
/// analysis (stems included) cost more than the rest of drawing a record.
///
/// The rule is the analysis's, kept to it by a test over the labelled corpora: a sentence ends at
/// a line break, or at the first white space after `.`, `!` or `?` with no word between; each
/// runs from its first word to the next sentence's first word.
public struct SentenceRanges: Sendable {
    /// The text.
    public let text: String
    /// Each sentence's range in Unicode scalars, as ``SentenceSpan/range``.
    public let ranges: [Range<Int>]
    /// The text's scalars when it has any outside ASCII (an ASCII text's scalars are its bytes).
    private let scalars: [Unicode.Scalar]?

    public init(_ text: String) {
        self.text = text
        var starts: [Int] = []
        var sentence = 0, lastWordSentence = -1, position = 0
        var endsSentence = false, inWord = false, isASCII = true
        for scalar in text.unicodeScalars {
            if !scalar.isASCII { isASCII = false }
            if AnalyzedText.isWordCharacter(scalar) {
                // An apostrophe inside a word never changes the sentence, so treating the word's
                // rest as a new word starts no sentence.
                if !inWord, sentence != lastWordSentence {
                    starts.append(position)
                    lastWordSentence = sentence
                }
                inWord = true
                endsSentence = false
            } else {
                inWord = false
                if scalar == "\n" || (endsSentence && scalar.properties.isWhitespace) {
                    sentence += 1
                    endsSentence = false
                } else if scalar == "." || scalar == "!" || scalar == "?" {
                    endsSentence = true
                }
            }
            position += 1
        }
        ranges = starts.indices.map { starts[$0]..<($0 + 1 < starts.count ? starts[$0 + 1] : position) }
        scalars = isASCII ? nil : Array(text.unicodeScalars)
    }

    /// The sentence holding scalar `offset`, without the spaces and line breaks around it.
    public func sentence(containing offset: Int) -> String? {
        ranges.first { $0.contains(offset) }.map(quote)
    }

    /// The text of `range` without the spaces and line breaks around it, as
    /// ``AnalyzedText/quote(_:)-(SentenceSpan)`` gives it.
    public func quote(_ range: Range<Int>) -> String {
        var quoted: Substring
        if let scalars {
            let clamped = max(0, range.lowerBound)..<max(0, min(scalars.count, range.upperBound))
            quoted = Substring(String(scalars: scalars[clamped]))
        } else {
            var utf8 = text
            quoted = utf8.withUTF8 { bytes in
                let clamped = max(0, range.lowerBound)..<max(0, min(bytes.count, range.upperBound))
                return Substring(String(decoding: UnsafeBufferPointer(rebasing: bytes[clamped]), as: UTF8.self))
            }
        }
        while let last = quoted.last, last.isWhitespace { quoted = quoted.dropLast() }
        while let first = quoted.first, first.isWhitespace { quoted = quoted.dropFirst() }
        return String(quoted)
    }
}
