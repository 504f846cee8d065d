public import EthosPluginAPI
public import EthosText

/// `similarity`: BM25 relevance of the record text to each principle's own words — its
/// statement, tenets and signal terms — with the index built once. It says how much a record is
/// *about* a principle, not which way.
public struct SimilarityPlugin: FactProvider, EvidenceProvider, VocabularyAdopting {
    public let id = "similarity"
    public let version = "1.1.0"  // 1.1: stems by the Snowball project's current English stemmer
    public let summary = "BM25 relevance of the text to each principle's statement, tenets and signals."
    public var facts: [FactDeclaration] {
        [FactDeclaration("similarity", .map(.string, .double),
                         "Relevance to each principle, by id, from 0 to 1: BM25 score s normalised as s / (s + 3).")]
    }

    private let index: BM25
    private let principleIDs: [String]
    /// The index's terms by the scorer's vocabulary's stem ids, once adopted.
    private(set) var adopted: StemMap?

    public func adopting(_ vocabulary: Vocabulary) -> SimilarityPlugin {
        var copy = self
        copy.adopted = StemMap(vocabulary, terms: (0..<index.termCount).map(index.term))
        return copy
    }

    /// Relevance below this gives no evidence.
    public static let evidenceThreshold = 0.2
    /// How much relevance counts as confidence.
    public static let confidenceScale = 0.6
    /// The BM25 score that normalises to 0.5.
    public static let halfScore = 3.0

    /// Indexes `principles` with BM25 parameters `k1` and `b`.
    public init(principles: PrincipleSet, k1: Double = 1.2, b: Double = 0.75) {
        principleIDs = principles.ids
        index = BM25(documents: principles.map { principle in
            let text = ([principle.statement] + principle.tenets + principle.signals.flatMap(\.terms)).joined(separator: ". ")
            return Self.terms(AnalyzedText(text))
        }, k1: k1, b: b)
    }

    static func terms(_ text: AnalyzedText) -> [String] {
        text.tokens.filter { !$0.isStopword }.map(\.stem)
    }

    /// Each token's term id in the index (nil when no principle has its stem), and which of
    /// them are content words: the query.
    struct Query {
        var terms: [Int?]
        var content: [Int]
        init(_ text: AnalyzedText, index: BM25, adopted: StemMap?) {
            let terms = adopted?.terms(of: text) ?? text.tokens.map { index.termID($0.stem) }
            self.terms = terms
            var content: [Int] = []
            content.reserveCapacity(terms.count)  // rather than growing 1, 2, 4, 8, 16, 32
            for index in terms.indices where !text.tokens[index].isStopword {  // a field read, not a token copied
                if let term = terms[index] { content.append(term) }
            }
            self.content = content
        }
    }

    /// The normalised relevance of a query to each principle, in principle order.
    func relevance(_ query: Query) -> [Double] {
        index.scores(ids: query.content).map { $0 / ($0 + Self.halfScore) }
    }

    public func facts(for _: Record, context: RecordContext) -> [String: FactValue] {
        let scores = relevance(Query(context.text, index: index, adopted: adopted))
        return ["similarity": .map(FactMap(zip(principleIDs, scores).map { (.string($0), .double($1)) }))]
    }

    public func evidence(for _: Record, context: RecordContext) -> [Evidence] {
        let query = Query(context.text, index: index, adopted: adopted)
        return relevance(query).enumerated().compactMap { position, relevance in
            guard relevance >= Self.evidenceThreshold else { return nil }
            let (words, spans) = sharedWords(query, position: position, text: context.text)
            var reason = ReasonText("Shares words with the principle (relevance ")
            reason.appendHundredths(relevance)
            reason.append("): ")
            for (index, word) in words.enumerated() {
                if index > 0 { reason.append(", ") }
                reason.append(word)
            }
            reason.append(".")
            return Evidence(principle: principleIDs[position], strength: 0, confidence: relevance * Self.confidenceScale,
                            reason: reason.string, spans: spans)
        }
    }

    /// The first few distinct words (at most `limit`) and the first `limit` tokens of `text` whose
    /// stem the principle at `position` shares with the query's content words, function words
    /// included, in order of the text: what the evidence quotes.
    func sharedWords(_ query: Query, position: Int, text: AnalyzedText, limit: Int = 6) -> (words: [String], spans: [TextSpan]) {
        var words: [String] = [], spans: [TextSpan] = []
        words.reserveCapacity(limit)
        spans.reserveCapacity(limit)
        for offset in text.tokens.indices {
            guard words.count < limit || spans.count < limit else { break }
            // The token is read only once its term counts (most do not): reading one copies its strings.
            guard let term = query.terms[offset], index.contribution(of: term, to: position) > 0 else { continue }
            let token = text.tokens[offset]
            // A function word counts only when a content word has its stem.
            if token.isStopword, !query.content.contains(term) { continue }
            if words.count < limit, !words.contains(token.word) { words.append(token.word) }
            if spans.count < limit {
                spans.append(TextSpan(start: token.range.lowerBound, end: token.range.upperBound, text: text.quote(token.range)))
            }
        }
        return (words, spans)
    }
}

/// Makes ``SimilarityPlugin``.
public struct SimilarityPluginFactory: PluginFactory {
    public let id = "similarity"
    public var options: [PluginOption] {
        [
            PluginOption("k1", .double, default: .double(1.2), "BM25 term-frequency saturation."),
            PluginOption("b", .double, default: .double(0.75), "BM25 length normalisation, from 0 to 1."),
        ]
    }

    public init() {}

    public func make(_ settings: PluginSettings) throws(PluginSetupError) -> any Plugin {
        let k1 = settings.double("k1") ?? 1.2, b = settings.double("b") ?? 0.75
        guard k1 >= 0, k1 <= 10 else { throw PluginSetupError("'k1' must be from 0 to 10, not \(k1).") }
        guard (0...1).contains(b) else { throw PluginSetupError("'b' must be from 0 to 1, not \(b).") }
        return SimilarityPlugin(principles: settings.principles, k1: k1, b: b)
    }
}
