/// What makes words mean their opposite or their absence, beyond negation words: sarcasm — an
/// eye-roll emoji or an opening such as "love how" or "great, another" marks its whole sentence,
/// and a short phrase in scare quotes ("another 'knowledge share'") marks the phrase — and
/// criticism phrased as a polite request ("you might consider actually reading the comments",
/// "it would be nice if the feedback turned into a change"), which marks what follows the request
/// to the end of its sentence: it describes what the person does not do. Marked tokens count as
/// negated, so every plugin that reads negation reads these the same way.
public enum Reversal {
    /// A quotation mark met between words.
    struct Quote {
        /// The index of the token after it.
        var token: Int
        var sentence: Int
        /// Whether it follows a space or the start of the text: an opening mark.
        var opens: Bool
    }

    /// Emoji that roll their eyes at what the sentence says.
    public static let eyeRolls: Set<Unicode.Scalar> = ["\u{1F644}", "\u{1F643}", "\u{1F612}"]  // 🙄 🙃 😒

    /// Sentence openings that are sarcastic, as words.
    public static let openings: [[String]] = [["great", "another"], ["oh", "great"], ["oh", "wonderful"], ["oh", "joy"],
                                              ["yeah", "right"]]

    /// Phrases that are sarcastic anywhere in a sentence.
    public static let phrases: [[String]] = [["love", "how"], ["loving", "how"], ["love", "that", "we"]]

    /// Openings of a polite request for what the person does not do yet.
    public static let requests: [[String]] = [
        ["might", "consider"], ["might", "want", "to"], ["might", "help", "to"], ["might", "help", "if"], ["would", "help", "if"],
        ["would", "help", "to"], ["would", "be", "nice", "if"], ["would", "be", "great", "if"], ["would", "be", "good", "if"],
        ["would", "be", "helpful", "if"], ["would", "be", "nice", "to"], ["would", "be", "great", "to"], ["would", "love", "to", "see"],
        ["i", "wish"], ["wish", "he"], ["wish", "she"], ["wish", "they"], ["please", "try"], ["could", "try", "to"], ["try", "to", "be"],
        ["gentle", "suggestion"], ["one", "suggestion"], ["small", "thing"],
    ]

    /// Every word that starts an opening, a phrase or a request, and the dismissive particles:
    /// the vocabulary flags them, so the lists are only checked where one stands.
    static let cueWords: Set<String> = Set((openings + phrases + requests).compactMap(\.first)).union(Lexicon.dismissiveParticles)

    /// Words after which a quotation is speech, not scare quotes.
    static let speechVerbs: Set<String> = ["said", "says", "say", "told", "tells", "asked", "asks", "wrote", "writes", "replied", "replies",
                                           "called", "calls", "answered", "goes", "went"]

    /// The longest phrase, in words, that counts as scare quotes.
    static let longestScareQuote = 4

    static func isEyeRoll(_ scalar: Unicode.Scalar) -> Bool { !scalar.isASCII && eyeRolls.contains(scalar) }

    static func isQuote(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\"" || scalar == "'" || scalar == "\u{201C}" || scalar == "\u{201D}" || scalar == "\u{2018}" || scalar == "\u{2019}"
    }

    /// Marks sarcastic tokens, and what polite requests ask for, as negated.
    static func mark(_ tokens: inout [Token], isCue: [Bool], eyeRolls: [Int], quotes: [Quote]) {
        guard !tokens.isEmpty, !eyeRolls.isEmpty || quotes.count >= 2 || isCue.contains(true) else { return }
        var sarcastic = Set(eyeRolls)
        var sentenceStart = 0
        for index in tokens.indices {
            if index > 0, tokens[index].sentence != tokens[index - 1].sentence { sentenceStart = index }
            guard isCue[index] else { continue }
            let atStart = index == sentenceStart
            if atStart, openings.contains(where: { matches($0, tokens, at: index) }) { sarcastic.insert(tokens[index].sentence) }
            if phrases.contains(where: { matches($0, tokens, at: index) }) { sarcastic.insert(tokens[index].sentence) }
        }
        for index in tokens.indices where sarcastic.contains(tokens[index].sentence) { tokens[index].isNegated = true }
        var index = 0
        while index < tokens.count {
            if isCue[index], let request = requests.first(where: { matches($0, tokens, at: index) }) {
                let sentence = tokens[index].sentence
                index += request.count
                while index < tokens.count, tokens[index].sentence == sentence {
                    tokens[index].isNegated = true
                    index += 1
                }
            } else {
                index += 1
            }
        }
        // Scare quotes: an opening mark, one to four words, a closing mark, in one sentence, not after a verb of speech.
        var position = 0
        while position + 1 < quotes.count {
            let open = quotes[position], close = quotes[position + 1]
            let words = close.token - open.token
            let spoken = (max(0, open.token - 3)..<open.token).contains { speechVerbs.contains(tokens[$0].word) }
            if open.opens, !close.opens, open.sentence == close.sentence, (1...longestScareQuote).contains(words), !spoken {
                for index in open.token..<close.token { tokens[index].isNegated = true }
                position += 2
            } else {
                position += 1
            }
        }
    }

    private static func matches(_ words: [String], _ tokens: [Token], at index: Int) -> Bool {
        guard index + words.count <= tokens.count else { return false }
        for (offset, word) in words.enumerated() where tokens[index + offset].word != word || tokens[index + offset].sentence != tokens[index].sentence {
            return false
        }
        return true
    }
}
