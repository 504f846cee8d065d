public import EthosPluginAPI

/// One principle's sentences with their vectors: tenets and aligned examples and exemplars as
/// `aligned`, misaligned examples and exemplars as `misaligned`, unrelated ones as `unrelated`.
/// Embedded once, when the plugins are made.
struct ExemplarBank: Sendable {
    enum Kind: Sendable { case aligned, misaligned, unrelated }

    /// The nearest sentence of one kind.
    struct Match: Sendable {
        var similarity: Float
        var text: String
    }

    /// The nearest sentence of each kind to a vector.
    struct Nearest: Sendable {
        var aligned: Match?, misaligned: Match?, unrelated: Match?

        /// The nearer of the aligned and misaligned matches, and whether it is the aligned one.
        var directional: (match: Match, isAligned: Bool)? {
            switch (aligned, misaligned) {
            case let (aligned?, misaligned?): aligned.similarity >= misaligned.similarity ? (aligned, true) : (misaligned, false)
            case let (aligned?, nil): (aligned, true)
            case let (nil, misaligned?): (misaligned, false)
            case (nil, nil): nil
            }
        }
    }

    let principle: String
    private let kinds: [Kind]
    private let texts: [String]
    private let vectors: [[Float]]

    init(_ principle: Principle, embeddings: StaticEmbeddings) {
        self.principle = principle.id
        let groups: [(Kind, [String])] = [
            (.aligned, principle.tenets + principle.examples.aligned.map(\.text) + principle.exemplars.aligned),
            (.misaligned, principle.examples.misaligned.map(\.text) + principle.exemplars.misaligned),
            (.unrelated, principle.examples.unrelated.map(\.text) + principle.exemplars.unrelated),
        ]
        kinds = groups.flatMap { kind, texts in texts.map { _ in kind } }
        texts = groups.flatMap(\.1)
        vectors = texts.map { embeddings.embed(text: $0) }
    }

    /// A similarity this close to 1 is the same wording: skipped, so a principle's examples test
    /// the rest of the principle (`ethos principles test`) rather than matching themselves.
    static let sameWording: Float = 0.9999

    /// The nearest sentence of each kind to `vector`, leaving out any worded the same.
    func nearest(to vector: [Float]) -> Nearest {
        // By index while scanning: no allocation per sentence.
        var best: (aligned: (Float, Int), misaligned: (Float, Int), unrelated: (Float, Int)) = ((-2, -1), (-2, -1), (-2, -1))
        for index in vectors.indices {
            let similarity = StaticEmbeddings.cosine(vector, vectors[index])
            if similarity >= Self.sameWording { continue }
            switch kinds[index] {
            case .aligned where similarity > best.aligned.0: best.aligned = (similarity, index)
            case .misaligned where similarity > best.misaligned.0: best.misaligned = (similarity, index)
            case .unrelated where similarity > best.unrelated.0: best.unrelated = (similarity, index)
            default: break
            }
        }
        func match(_ found: (Float, Int)) -> Match? { found.1 < 0 ? nil : Match(similarity: found.0, text: texts[found.1]) }
        return Nearest(aligned: match(best.aligned), misaligned: match(best.misaligned), unrelated: match(best.unrelated))
    }
}
