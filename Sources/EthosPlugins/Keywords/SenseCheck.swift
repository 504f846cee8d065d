public import EthosPluginAPI
public import EthosText

/// How the sentence a signal was found in reads for its principle. "The community centre
/// booking" holds a signal word but reads like the principle's unrelated exemplars; "closed the
/// community's feature requests and locked the discussion" holds "community" but reads like its
/// misaligned ones. The keywords plugin weighs the first kind of match down and keeps only the
/// topic of the second, with the exemplar the sentence read like as the reason.
struct SenseCheck: Sendable {
    /// How much a match in an unrelated sentence keeps of its confidence.
    static let factor = 0.25
    /// How much nearer the unrelated exemplar must be than any directional one.
    static let margin: Float = 0.05
    /// The least similarity to a directional exemplar that can turn a signal into a mere topic.
    static let directionalThreshold: Float = 0.7

    private let embeddings: StaticEmbeddings
    private let banks: [String: ExemplarBank]

    init(principles: PrincipleSet, embeddings: StaticEmbeddings) {
        self.embeddings = embeddings
        banks = Dictionary(principles.map { ($0.id, ExemplarBank($0, embeddings: embeddings)) }) { first, _ in first }
    }

    /// The sentence vectors of one record, made once however many matches a sentence holds.
    struct Memo {
        var vectors: [Int: [Float]?] = [:]
    }

    /// How a sentence reads for a principle, when it reads clearly one way.
    enum Reading {
        /// Like an unrelated exemplar, more than like any aligned or misaligned one.
        case unrelated(ExemplarBank.Match)
        /// Like an exemplar of the given direction (aligned when true), clearly more than the other.
        case directional(ExemplarBank.Match, isAligned: Bool)
    }

    /// How `sentence` reads for `principle`, or nil when it is too short or reads no way clearly.
    func reading(of sentence: Int, in text: AnalyzedText, principle: String, memo: inout Memo) -> Reading? {
        guard let bank = banks[principle] else { return nil }
        let vector: [Float]?
        if let known = memo.vectors[sentence] {
            vector = known
        } else {
            vector = embeddings.embed(tokens: text.tokens.lazy.filter { $0.sentence == sentence })
            memo.vectors[sentence] = vector
        }
        guard let vector else { return nil }
        let nearest = bank.nearest(to: vector)
        let directional = nearest.directional
        if let unrelated = nearest.unrelated, unrelated.similarity > (directional?.match.similarity ?? -2) + Self.margin {
            return .unrelated(unrelated)
        }
        guard let (match, isAligned) = directional, match.similarity >= Self.directionalThreshold else { return nil }
        let other = (isAligned ? nearest.misaligned : nearest.aligned)?.similarity ?? -2
        return match.similarity > other + Self.margin ? .directional(match, isAligned: isAligned) : nil
    }
}
