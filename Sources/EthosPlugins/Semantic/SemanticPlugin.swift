public import EthosPluginAPI
public import EthosText

/// `semantic`: matches each sentence of a record against what each principle means — its
/// tenets, examples and `exemplars` — by the cosine of static sentence embeddings, so wording
/// the signal lists lack still counts ("got a patch accepted by the maintainers" is close to
/// "contributed a fix to the open-source library").
///
/// A sentence gives evidence for a principle when its nearest aligned or misaligned exemplar is
/// at least `threshold` similar and nearer, by `margin`, than the nearest unrelated one. The
/// direction is that exemplar's; an aligned match turns against the principle when a content
/// word of the sentence is negated or sarcastic (embeddings barely see "not", and not at all
/// "🙄"). A misaligned match does not turn: breaches are mostly told with negations ("never
/// gives the juniors a chance"), which their exemplars already hold.
public struct SemanticPlugin: EvidenceProvider {
    public let id = "semantic"
    public let version = "1.0.0"
    public let summary = "Sentence-by-sentence similarity in meaning to each principle's tenets, examples and exemplars."

    private let embeddings: StaticEmbeddings
    private let banks: [ExemplarBank]
    private let threshold: Float
    private let margin: Float

    /// Embeds every principle's bank once.
    package init(principles: PrincipleSet, embeddings: StaticEmbeddings, threshold: Double = 0.7, margin: Double = 0.1) {
        self.embeddings = embeddings
        self.threshold = Float(threshold)
        self.margin = Float(margin)
        banks = principles.map { ExemplarBank($0, embeddings: embeddings) }
    }

    public func evidence(for _: Record, context: RecordContext) -> [Evidence] {
        var evidence: [Evidence] = []
        for sentence in Sentences(context.text) {
            guard let vector = embeddings.embed(tokens: context.text.tokens[sentence.tokens]) else { continue }
            let negated = context.text.tokens[sentence.tokens].contains { $0.isNegated && !$0.isStopword }
            for bank in banks {
                guard let found = match(vector, in: bank, negated: negated) else { continue }
                evidence.append(Evidence(principle: bank.principle, strength: found.strength, confidence: 0.8, reason: found.reason,
                                         spans: [TextSpan(start: sentence.range.lowerBound, end: sentence.range.upperBound, text: sentence.text)]))
            }
        }
        return evidence
    }

    private func match(_ vector: [Float], in bank: ExemplarBank, negated: Bool) -> (strength: Double, reason: String)? {
        let nearest = bank.nearest(to: vector)
        guard let (match, isAligned) = nearest.directional, match.similarity >= threshold,
              match.similarity >= (nearest.unrelated?.similarity ?? -2) + margin else { return nil }
        var sign: Double = isAligned ? 1 : -1
        var reason = ReasonText("Close in meaning to the ")
        reason.append(isAligned ? "aligned" : "misaligned")
        reason.append(" exemplar “")
        reason.append(match.text)
        reason.append("” (similarity ")
        reason.appendHundredths(Double(match.similarity))
        reason.append(")")
        if negated, isAligned {
            sign = -sign
            reason.append("; negated or sarcastic in the sentence, so it counts against")
        }
        reason.append(".")
        let strength = min(1, Double(match.similarity - threshold) / Double(1 - threshold) + 0.5)
        return (sign * strength, reason.string)
    }
}

/// Makes ``SemanticPlugin`` with the shipped embedding table.
public struct SemanticPluginFactory: PluginFactory {
    public let id = "semantic"
    public var options: [PluginOption] {
        [
            PluginOption("threshold", .double, default: .double(0.7), "The least similarity to an exemplar that counts, from 0 to 1."),
            PluginOption("margin", .double, default: .double(0.1),
                         "How much nearer than the nearest unrelated exemplar a match must be, from 0 to 1."),
        ]
    }

    public init() {}

    public func make(_ settings: PluginSettings) throws(PluginSetupError) -> any Plugin {
        let threshold = settings.double("threshold") ?? 0.7, margin = settings.double("margin") ?? 0.1
        guard (0...1).contains(threshold) else { throw PluginSetupError("'threshold' must be from 0 to 1, not \(threshold).") }
        guard (0...1).contains(margin) else { throw PluginSetupError("'margin' must be from 0 to 1, not \(margin).") }
        switch StaticEmbeddings.shipped {
        case let .success(embeddings):
            return SemanticPlugin(principles: settings.principles, embeddings: embeddings, threshold: threshold, margin: margin)
        case let .failure(error):
            throw PluginSetupError(error.description)
        }
    }
}
