public import EthosText
internal import Foundation

/// The sentences of an analysed text (as its tokens number them), each with its tokens and its
/// text up to the next sentence, trailing marks and emoji included.
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
        let tokens = text.tokens
        var sentences: [Sentence] = []
        var first = 0
        while first < tokens.count {
            var next = first + 1
            while next < tokens.count, tokens[next].sentence == tokens[first].sentence { next += 1 }
            let end = next < tokens.count ? tokens[next].range.lowerBound : text.text.unicodeScalars.count
            let range = tokens[first].range.lowerBound..<end
            sentences.append(Sentence(range: range, tokens: first..<next,
                                      text: text.quote(range).trimmingCharacters(in: .whitespacesAndNewlines)))
            first = next
        }
        return sentences.makeIterator()
    }
}
