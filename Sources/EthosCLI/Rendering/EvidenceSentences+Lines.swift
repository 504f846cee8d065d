internal import EthosCore
internal import EthosText

/// The sentence of a record each piece of evidence came from: the one holding its first span,
/// as the analysis cuts sentences. Evidence without spans (tags, rules, a one-sentence record's
/// tone) has none.
struct EvidenceSentences {
    private let text: AnalyzedText
    private let sentences: [SentenceSpan]

    init(_ text: String) {
        self.text = AnalyzedText(text)
        sentences = self.text.sentences
    }

    /// The sentence `evidence` came from, without the spaces around it.
    func sentence(of evidence: Evidence) -> String? {
        guard let start = evidence.spans.first?.start,
              let sentence = sentences.first(where: { $0.range.contains(start) }) else { return nil }
        return text.quote(sentence)
    }

    /// The evidence's line as `score --explain` and `explain` print it, and the line naming its sentence.
    func lines(_ evidence: Evidence) -> [String] {
        let tone = evidence.principle == nil ? " tone" : ""
        var lines = ["  [\(evidence.plugin)\(tone)] strength \(NumberText.signedFixed(evidence.strength)), "
            + "confidence \(NumberText.fixed(evidence.confidence)): \(TerminalText.escaped(evidence.reason))"]
        if let sentence = sentence(of: evidence) { lines.append("      in “\(TerminalText.escaped(sentence))”") }
        return lines
    }
}
