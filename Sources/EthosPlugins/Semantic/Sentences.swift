public import EthosText
internal import Foundation

/// The sentences of an analysed text, each with its tokens: a sentence ends at `.`, `!`, `?` or
/// a line break followed by a space, a line break or the end of the text, so "v1.2" and "e.g."
/// mid-sentence stay whole.
struct Sentences: Sequence {
    struct Sentence {
        /// Character offsets, as tokens' ranges count them.
        var range: Range<Int>
        /// The tokens in it, by index.
        var tokens: Range<Int>
        var text: String
    }

    let text: AnalyzedText

    init(_ text: AnalyzedText) {
        self.text = text
    }

    func makeIterator() -> IndexingIterator<[Sentence]> {
        // Ends in character offsets, as tokens count them; a sentence mark counts once a space follows.
        var ends: [Int] = []
        var offset = 0, pendingMark = false
        for scalar in text.text.unicodeScalars {
            if pendingMark, scalar.properties.isWhitespace { ends.append(offset) }
            pendingMark = scalar == "." || scalar == "!" || scalar == "?"
            if scalar == "\n" { ends.append(offset + 1) }
            offset += 1
        }
        ends.append(offset)
        var sentences: [Sentence] = []
        var start = 0, token = 0
        for end in ends where end > start {
            let first = token
            while token < text.tokens.count, text.tokens[token].range.lowerBound < end { token += 1 }
            if token > first {
                let quoted = text.quote(start..<end).trimmingCharacters(in: .whitespacesAndNewlines)
                sentences.append(Sentence(range: start..<end, tokens: first..<token, text: quoted))
            }
            start = end
        }
        return sentences.makeIterator()
    }
}

/// Cues that a sentence means the opposite of its words: an eye-roll or upside-down face, "love
/// how …", or a phrase in scare quotes.
enum SarcasmCue {
    /// The cue found in `sentence`, quoted for the reason, or nil.
    static func find(in sentence: String) -> String? {
        for emoji in ["🙄", "🙃", "😒"] where sentence.contains(emoji) { return emoji }
        let lowered = sentence.lowercased()
        for phrase in ["love how", "loving how", "great, another", "oh wonderful", "oh great", "such a \""] where lowered.contains(phrase) {
            return "“\(phrase)”"
        }
        // A short phrase in quotes mid-sentence, as in: another 'knowledge share' that was a pitch.
        for quote: Character in ["'", "\"", "“"] {
            let parts = sentence.split(separator: quote, omittingEmptySubsequences: false)
            guard parts.count >= 3 else { continue }
            for part in parts.dropFirst().dropLast() where (1...4).contains(part.split(separator: " ").count)
                && !part.hasPrefix(" ") && part.first?.isLetter == true {
                return "scare quotes"
            }
        }
        return nil
    }
}
