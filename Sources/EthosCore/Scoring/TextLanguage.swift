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

    /// Whether `text` is English, or too short to tell.
    public static func isSupported(_ text: String) -> Bool {
        var latin = 0, other = 0
        var words: [String] = [], word = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic {
                if scalar.value < 0x250 { latin += 1 } else { other += 1 }
                word.unicodeScalars.append(scalar)
            } else if scalar != "'" && scalar != "\u{2019}" {
                if !word.isEmpty { words.append(word.lowercased()); word = "" }
            }
        }
        if !word.isEmpty { words.append(word.lowercased()) }
        if other > latin { return false }
        guard words.count >= 6 else { return true }
        let common = words.count { commonWords.contains($0) }
        return Double(common) / Double(words.count) >= 0.08
    }
}
