public import EthosPluginAPI

/// Every principle's sentences with their vectors, in one matrix: tenets and aligned examples
/// and exemplars as `aligned`, misaligned examples and exemplars as `misaligned`, unrelated ones
/// as `unrelated`. Embedded once, when the plugin is made; a sentence is compared with every row
/// in one pass.
struct ExemplarBanks: Sendable {
    enum Kind: Sendable { case aligned, misaligned, unrelated }

    /// The nearest sentence of one kind.
    struct Match: Sendable {
        var similarity: Float
        /// The row, for its text.
        var row: Int
    }

    /// The nearest sentence of each kind to a vector, for one principle.
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

    /// A similarity this close to 1 is the same wording: skipped, so a principle's examples test
    /// the rest of the principle (`ethos principles test`) rather than matching themselves.
    static let sameWording: Float = 0.9999

    /// The principles' ids, in order.
    let principles: [String]
    private let dimensions: Int
    /// Row by row: its principle's position, its group (principle × 3 + kind) and its text.
    private let owners: [Int]
    private let groups: [Int]
    let texts: [String]
    private let matrix: [Float]

    init(_ principles: PrincipleSet, embeddings: StaticEmbeddings) {
        var owners: [Int] = [], kinds: [Kind] = [], texts: [String] = []
        for (position, principle) in principles.enumerated() {
            let groups: [(Kind, [String])] = [
                (.aligned, principle.tenets + principle.examples.aligned.map(\.text) + principle.exemplars.aligned),
                (.misaligned, principle.examples.misaligned.map(\.text) + principle.exemplars.misaligned),
                (.unrelated, principle.examples.unrelated.map(\.text) + principle.exemplars.unrelated),
            ]
            for (kind, group) in groups {
                for text in group {
                    owners.append(position)
                    kinds.append(kind)
                    texts.append(text)
                }
            }
        }
        self.principles = principles.ids
        self.owners = owners
        groups = zip(owners, kinds).map { owner, kind in owner * 3 + (kind == .aligned ? 0 : kind == .misaligned ? 1 : 2) }
        self.texts = texts
        dimensions = embeddings.dimensions
        matrix = texts.flatMap { embeddings.embed(text: $0) }
    }

    /// For each principle, in order, the nearest sentence of each kind to the unit `vector`,
    /// leaving out any worded the same.
    func nearest(to vector: [Float]) -> [Nearest] {
        // The best row of each principle and kind, by group (principle × 3 + kind), scanned with
        // raw pointers: this loop is most of the semantic plugin's time.
        var best = [(similarity: Float, row: Int)](repeating: (-2, -1), count: principles.count * 3)
        matrix.withUnsafeBufferPointer { matrix in
            vector.withUnsafeBufferPointer { vector in
                best.withUnsafeMutableBufferPointer { best in
                    for row in owners.indices {
                        let similarity = StaticEmbeddings.dot(UnsafeBufferPointer(rebasing: matrix[row * dimensions..<(row + 1) * dimensions]), vector)
                        let group = groups[row]
                        if similarity > best[group].similarity, similarity < Self.sameWording { best[group] = (similarity, row) }
                    }
                }
            }
        }
        func match(_ group: Int) -> Match? { best[group].row < 0 ? nil : Match(similarity: best[group].similarity, row: best[group].row) }
        return principles.indices.map { position in
            Nearest(aligned: match(position * 3), misaligned: match(position * 3 + 1), unrelated: match(position * 3 + 2))
        }
    }
}
