public import EthosPluginAPI
public import EthosText

/// Whether the sentence a signal was found in is about its principle at all: "the community
/// centre booking" holds a signal word, but reads like the principle's unrelated exemplars,
/// not like its aligned or misaligned ones. Used by the keywords plugin to weigh such matches
/// down, with the exemplar it read like as the reason.
struct SenseCheck: Sendable {
    /// How much a match in an unrelated sentence keeps of its confidence.
    static let factor = 0.25
    /// How much nearer the unrelated exemplar must be than any directional one.
    static let margin: Float = 0.05

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

    /// The unrelated exemplar `sentence` reads like for `principle`, or nil when it reads like
    /// an aligned or misaligned one (or is too short to say).
    func unrelated(sentence: Int, of text: AnalyzedText, principle: String, memo: inout Memo) -> ExemplarBank.Match? {
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
        guard let unrelated = nearest.unrelated,
              unrelated.similarity > (nearest.directional?.match.similarity ?? -2) + Self.margin else { return nil }
        return unrelated
    }
}
