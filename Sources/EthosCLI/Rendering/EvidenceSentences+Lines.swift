internal import EthosCore

extension EvidenceSentences {
    /// The evidence's line as `score --explain` and `explain` print it, and the line naming its sentence.
    func lines(_ evidence: Evidence) -> [String] {
        let tone = evidence.principle == nil ? " tone" : ""
        var lines = ["  [\(evidence.plugin)\(tone)] strength \(NumberText.signedFixed(evidence.strength)), "
            + "confidence \(NumberText.fixed(evidence.confidence)): \(TerminalText.escaped(evidence.reason))"]
        if let sentence = sentence(of: evidence) { lines.append("      in “\(TerminalText.escaped(sentence))”") }
        return lines
    }
}
