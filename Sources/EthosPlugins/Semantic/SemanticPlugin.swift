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
///
/// In the same pass it reads how each sentence clearly reads for each principle, which the
/// scorer weighs other plugins' evidence by (``SentenceReading``).
public struct SemanticPlugin: SentenceReader {
    public let id = "semantic"
    public let version = "1.0.0"
    public let summary = "Sentence-by-sentence similarity in meaning to each principle's tenets, examples and exemplars."

    /// How much nearer one reading must be than the others to count as clear.
    static let readingMargin: Float = 0.05
    /// The least similarity to a directional exemplar for a clear aligned or misaligned reading.
    static let readingThreshold: Float = 0.7

    private let embeddings: StaticEmbeddings
    private let banks: ExemplarBanks
    private let threshold: Float
    private let margin: Float

    /// Embeds every principle's bank once.
    package init(principles: PrincipleSet, embeddings: StaticEmbeddings, threshold: Double = 0.7, margin: Double = 0.1) {
        self.embeddings = embeddings
        self.threshold = Float(threshold)
        self.margin = Float(margin)
        banks = ExemplarBanks(principles, embeddings: embeddings)
    }

    public func evidence(for record: Record, context: RecordContext) -> [Evidence] {
        evidenceAndReadings(for: record, context: context).evidence
    }

    package func evidenceAndReadings(for _: Record, context: RecordContext) -> (evidence: [Evidence], readings: [SentenceReading]) {
        var evidence: [Evidence] = [], readings: [SentenceReading] = []
        let tokens = context.text.tokens
        for sentence in context.text.sentences {
            guard let vector = embeddings.embed(tokens: tokens[sentence.tokens]) else { continue }
            let negated = tokens[sentence.tokens].contains { $0.isNegated && !$0.isStopword }
            for (position, nearest) in banks.nearest(to: vector).enumerated() {
                let principle = banks.principles[position]
                if let reading = reading(nearest) {
                    readings.append(SentenceReading(principle: principle, range: sentence.range, kind: reading.kind, exemplar: reading.exemplar))
                }
                guard let found = match(nearest, negated: negated) else { continue }
                evidence.append(Evidence(principle: principle, strength: found.strength, confidence: 0.8, reason: found.reason,
                                         spans: [TextSpan(start: sentence.range.lowerBound, end: sentence.range.upperBound,
                                                          text: context.text.quote(sentence))]))
            }
        }
        return (evidence, readings)
    }

    /// The sentence's clear reading: nearer an unrelated exemplar than any directional one, or
    /// near a directional one and clearly nearer it than the other direction.
    private func reading(_ nearest: ExemplarBanks.Nearest) -> (kind: SentenceReading.Kind, exemplar: String)? {
        let directional = nearest.directional
        if let unrelated = nearest.unrelated, unrelated.similarity > (directional?.match.similarity ?? -2) + Self.readingMargin {
            return (.unrelated, banks.texts[unrelated.row])
        }
        guard let (match, isAligned) = directional, match.similarity >= Self.readingThreshold else { return nil }
        let other = (isAligned ? nearest.misaligned : nearest.aligned)?.similarity ?? -2
        guard match.similarity > other + Self.readingMargin else { return nil }
        return (isAligned ? .aligned : .misaligned, banks.texts[match.row])
    }

    private func match(_ nearest: ExemplarBanks.Nearest, negated: Bool) -> (strength: Double, reason: String)? {
        guard let (match, isAligned) = nearest.directional, match.similarity >= threshold,
              match.similarity >= (nearest.unrelated?.similarity ?? -2) + margin else { return nil }
        var sign: Double = isAligned ? 1 : -1
        var reason = ReasonText("Close in meaning to the ")
        reason.append(isAligned ? "aligned" : "misaligned")
        reason.append(" exemplar “")
        reason.append(banks.texts[match.row])
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
