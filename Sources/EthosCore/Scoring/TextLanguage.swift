/// Whether a text is in the language Ethos's signals, lexicons and embeddings read: English.
/// A text in another language would be scored `not-evidenced` on every principle, silently;
/// this says so instead. The check is deliberately plain: mostly non-Latin letters, or six
/// words or more with almost none of English's commonest words, is another language. Short
/// texts are given the benefit of the doubt.
public enum TextLanguage {
    /// The note a record in another language carries.
    public static let note = "language not supported: Ethos reads English, so its verdicts cannot tell what this text says about the principles"

    /// Common English function words; their near absence from a text of some length marks another language.
    static let commonWords: Set<String> = [
        "the", "and", "to", "of", "in", "is", "was", "for", "on", "with", "that", "it", "he", "she", "they", "we", "i", "you", "his",
        "her", "our", "their", "this", "at", "by", "from", "as", "be", "have", "has", "had", "not", "but", "or", "an", "are", "were",
        "will", "would", "can", "could", "about", "after", "up", "out", "so", "what", "when", "who", "how", "all", "me", "my", "us",
        "them", "him", "its", "more", "very", "just", "also", "into", "over", "than", "then", "there", "here", "do", "did", "does",
        "been", "get", "got", "made", "make", "your", "which", "one", "no", "if", "because", "while", "before", "every", "thanks",
    ]

    /// Whether `text` is English, or too short to tell. Letters in ASCII are told apart without
    /// Unicode's property tables and words are not built beyond the length of the longest common
    /// word: pages call this for every text they show.
    public static func isSupported(_ text: String) -> Bool {
        var latin = 0, other = 0, words = 0, common = 0
        // The word so far, lower-cased; `nil` once it cannot be a common word (too long, or not ASCII).
        var word: String? = "", length = 0
        func endWord() {
            guard length > 0 else { return }
            words += 1
            if let word, commonWords.contains(word) { common += 1 }
            word = ""
            length = 0
        }
        for scalar in text.unicodeScalars {
            let isLetter = scalar.isASCII ? (0x41...0x5A).contains(scalar.value) || (0x61...0x7A).contains(scalar.value)
                                          : scalar.properties.isAlphabetic
            if isLetter {
                if scalar.value < 0x250 { latin += 1 } else { other += 1 }
                length += 1
                if scalar.isASCII, length <= longestCommonWord {
                    word?.unicodeScalars.append(Unicode.Scalar(UInt8(scalar.value) | 0x20))
                } else {
                    word = nil
                }
            } else if scalar != "'" && scalar != "\u{2019}" {
                endWord()
            }
        }
        endWord()
        if other > latin { return false }
        guard words >= 6 else { return true }
        return Double(common) / Double(words) >= 0.08
    }

    private static let longestCommonWord = commonWords.map(\.count).max() ?? 0
}
