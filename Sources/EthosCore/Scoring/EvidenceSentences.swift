/// The sentence of a record each piece of evidence came from: the one holding its first span,
/// as the analysis cuts sentences. Evidence without spans (tags, rules, a one-sentence record's
/// tone) has none. What `explain`, `score --explain` and the web pages show beside a verdict.
public struct EvidenceSentences {
    private let sentences: SentenceRanges

    public init(_ text: String) {
        sentences = SentenceRanges(text)
    }

    /// The sentence `evidence` came from, without the spaces around it.
    public func sentence(of evidence: Evidence) -> String? {
        guard let start = evidence.spans.first?.start else { return nil }
        return sentences.sentence(containing: start)
    }
}
