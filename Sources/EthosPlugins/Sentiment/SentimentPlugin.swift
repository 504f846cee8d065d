public import EthosPluginAPI
public import EthosText

/// `sentiment`: VADER's scores of the record text as facts, and the record's tone as evidence
/// that tilts every principle the record is relevant to.
public struct SentimentPlugin: FactListProvider, EvidenceProvider, VocabularyProvider, VocabularyAdopting {
    public let id = "sentiment"
    public let version = "1.0.0"
    public let summary = "VADER sentiment (Hutto & Gilbert, 2014) of the text: its tone tilts the principles it evidences."
    public var facts: [FactDeclaration] {
        [
            FactDeclaration("sentiment.compound", .double, "VADER's compound score, -1 (most negative) to 1 (most positive)."),
            FactDeclaration("sentiment.pos", .double, "The share of the text that is positive, 0 to 1."),
            FactDeclaration("sentiment.neg", .double, "The share of the text that is negative, 0 to 1."),
            FactDeclaration("sentiment.neu", .double, "The share of the text that is neutral, 0 to 1."),
        ]
    }

    /// Compound scores closer to 0 than this are neutral tone and give no evidence (VADER's
    /// own convention is 0.05).
    public let neutralBand: Double
    private let analyzer: VADER

    /// Creates the plugin with VADER's lexicons.
    public init(analyzer: VADER = .standard, neutralBand: Double = 0.05) {
        self.analyzer = analyzer
        self.neutralBand = neutralBand
    }

    /// Every word VADER knows.
    public var vocabulary: [String] { analyzer.words }

    /// This plugin with VADER looking words up in `vocabulary`'s table, where text analysis
    /// looked them up a moment before (``VADER/adopting(_:)``); itself when the table lacks a
    /// word VADER could find.
    public func adopting(_ vocabulary: Vocabulary) -> SentimentPlugin {
        guard let adopted = analyzer.adopting(vocabulary.terms) else { return self }
        return SentimentPlugin(analyzer: adopted, neutralBand: neutralBand)
    }

    /// VADER's four scores, in the order of ``facts``: what the scorer reads.
    public func factValues(for record: Record, context _: RecordContext) -> [FactValue?] {
        let scores = analyzer.scores(record.text)
        return [.double(scores.compound), .double(scores.positive), .double(scores.negative), .double(scores.neutral)]
    }

    /// The same four scores by name, made directly rather than from the list and the
    /// declarations (what callers outside the scorer read).
    public func facts(for record: Record, context _: RecordContext) -> [String: FactValue] {
        let scores = analyzer.scores(record.text)
        return ["sentiment.compound": .double(scores.compound), "sentiment.pos": .double(scores.positive),
                "sentiment.neg": .double(scores.negative), "sentiment.neu": .double(scores.neutral)]
    }

    public func evidence(for _: Record, context: RecordContext) -> [Evidence] {
        let tokens = context.text.tokens
        guard let last = tokens.last, last.sentence > tokens[0].sentence else {
            // One sentence: the whole text's tone, the fact rules read.
            guard case let .double(compound)? = context.facts.fact(named: "sentiment.compound") else { return [] }
            return tone(compound, span: nil).map { [$0] } ?? []
        }
        // Several: each sentence's own tone, so the principles it evidences are tilted by the
        // sentences that evidence them, not by a long review's overall mood.
        var evidence: [Evidence] = []
        var first = 0
        while first < tokens.count {
            var next = first + 1
            while next < tokens.count, tokens[next].sentence == tokens[first].sentence { next += 1 }
            let end = next < tokens.count ? tokens[next].range.lowerBound : context.text.text.unicodeScalars.count
            let text = context.text.quote(tokens[first].range.lowerBound..<end)
            if let item = tone(analyzer.scores(text).compound, span: TextSpan(start: tokens[first].range.lowerBound, end: end, text: text)) {
                evidence.append(item)
            }
            first = next
        }
        return evidence
    }

    private func tone(_ compound: Double, span: TextSpan?) -> Evidence? {
        guard abs(compound) >= neutralBand else { return nil }
        var reason = ReasonText("The tone is ")
        reason.append(compound > 0 ? "positive" : "negative")
        reason.append(" (VADER compound ")
        reason.appendHundredths(compound)
        reason.append(").")
        return Evidence(principle: nil, strength: compound, confidence: 1, reason: reason.string, spans: span.map { [$0] } ?? [])
    }
}

public struct SentimentPluginFactory: PluginFactory {
    public let id = "sentiment"
    public var options: [PluginOption] {
        [PluginOption("neutral-band", .double, default: .double(0.05), "Compound scores closer to 0 than this give no evidence.")]
    }

    public init() {}

    public func make(_ settings: PluginSettings) throws(PluginSetupError) -> any Plugin {
        let band = settings.double("neutral-band") ?? 0.05
        guard (0..<1).contains(band) else { throw PluginSetupError("'neutral-band' must be from 0 to just under 1, not \(band).") }
        return SentimentPlugin(neutralBand: band)
    }
}
