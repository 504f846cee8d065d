public import EthosPluginAPI
public import EthosText

/// `keywords`: each principle's `signals`, matched on stemmed words — "learned" finds the
/// signal "learn" — and phrases whose words may have a couple of others between them ("gave an
/// excellent talk" finds "gave a talk"). A negated match ("did not share", "never credits")
/// counts the other way.
public struct KeywordsPlugin: EvidenceProvider, FactProvider, VocabularyAdopting {
    public let id = "keywords"
    public let version = "1.1.0"  // 1.1: stems by the Snowball project's current English stemmer
    public let summary = "Each principle's signal terms, matched on stemmed words and phrases, aware of negation."
    public var facts: [FactDeclaration] {
        [
            FactDeclaration("keywords.aligned", .int, "How many signal terms found count for a principle."),
            FactDeclaration("keywords.misaligned", .int, "How many signal terms found count against a principle."),
            FactDeclaration("keywords.terms", .list(.string), "The signal terms found, as the principles write them."),
        ]
    }

    struct Pattern: Sendable {
        var principle: String
        var term: String
        var stems: [String]
        var weight: Double
    }

    private let patterns: [Pattern]
    /// The stems patterns start with, and for each (by id) the patterns that start with it.
    private let firstStems: TermTable
    private let startingWith: [[Int]]
    /// The stems again as ids in the scorer's vocabulary, once adopted.
    private(set) var adopted: Adopted?
    /// How many other words may stand between the words of a phrase.
    public let phraseGap: Int
    /// The strength of a match per unit of signal weight.
    public static let strengthPerWeight = 0.5
    /// How much a negated match counts, the other way.
    public static let negatedFactor = 0.75

    /// Builds the patterns of `principles`' signals once.
    public init(principles: PrincipleSet, phraseGap: Int = 2) {
        var patterns: [Pattern] = []
        for principle in principles {
            for group in principle.signals {
                for term in group.terms {
                    // Function words are dropped from phrases ("gave a talk" finds "gave an excellent
                    // talk") unless that would leave one word ("volunteered at" is not "volunteered").
                    let words = AnalyzedText(term).tokens
                    let content = words.filter { !$0.isStopword }
                    let stems = (content.count >= 2 ? content : words).map(\.stem)
                    // "open source", "open-source" and "open sourced" stem alike: keep the first.
                    guard !stems.isEmpty,
                          !patterns.contains(where: { $0.principle == principle.id && $0.stems == stems }) else { continue }
                    patterns.append(Pattern(principle: principle.id, term: term, stems: stems, weight: group.weight))
                }
            }
        }
        let firstStems = TermTable(patterns.map { $0.stems[0] })
        var startingWith = [[Int]](repeating: [], count: firstStems.count)
        for (position, pattern) in patterns.enumerated() {
            if let id = firstStems.id(of: pattern.stems[0]) { startingWith[id].append(position) }
        }
        self.patterns = patterns
        self.firstStems = firstStems
        self.startingWith = startingWith
        self.phraseGap = phraseGap
    }

    /// The patterns' stems as ids in one vocabulary.
    struct Adopted: Sendable {
        /// Each token's first stem (an id among `firstStems`) by the vocabulary's stem ids.
        let firstStems: StemMap
        /// Each pattern's stems, as the vocabulary's stem ids.
        let patternStems: [[Int32]]
    }

    public func adopting(_ vocabulary: Vocabulary) -> KeywordsPlugin {
        // Every pattern stem needs an id; otherwise a token whose stem the vocabulary lacks could
        // still match one by its letters, and ids alone would miss it.
        let patternStems = patterns.map { $0.stems.map { vocabulary.stemID(of: $0).map(Int32.init) ?? -1 } }
        guard !patternStems.joined().contains(-1),
              let first = StemMap(vocabulary, terms: (0..<firstStems.count).map(firstStems.term)) else { return self }
        var copy = self
        copy.adopted = Adopted(firstStems: first, patternStems: patternStems)
        return copy
    }

    struct Match {
        var pattern: Int
        var first: Int
        var last: Int
        var negated: Bool
    }

    /// The first match of each pattern in `text`: by stem ids when the text was analysed with
    /// the adopted vocabulary, by the stems' letters otherwise.
    func matches(in text: AnalyzedText) -> [Match] {
        let tokens = text.tokens
        if let adopted, adopted.firstStems.reads(text) {
            let ids = text.stemIDs
            return matches(tokens, first: { adopted.firstStems.term(ofStemID: ids[$0]) },
                           same: { token, pattern, word in ids[token] == adopted.patternStems[pattern][word] })
        }
        return matches(tokens, first: { firstStems.id(of: tokens[$0].stem) },
                       same: { token, pattern, word in tokens[token].stem == patterns[pattern].stems[word] })
    }

    /// The first match of each pattern among `tokens`, given which first stem (its id) token
    /// `i` has and whether token `i` has word `k` of pattern `p`.
    private func matches(_ tokens: [Token], first: (Int) -> Int?, same: (Int, Int, Int) -> Bool) -> [Match] {
        var found: [Match] = []
        found.reserveCapacity(8)  // a record matches a few patterns: one allocation, not one per doubling
        for position in tokens.indices {
            guard let id = first(position) else { continue }
            for candidate in startingWith[id] where !found.contains(where: { $0.pattern == candidate }) {
                if let last = matchRest(candidate, after: position, in: tokens, same: same) {
                    found.append(Match(pattern: candidate, first: position, last: last, negated: tokens[position].isNegated))
                }
            }
        }
        found.sort { ($0.first, $0.pattern) < ($1.first, $1.pattern) }
        return found
    }

    private func matchRest(_ pattern: Int, after start: Int, in tokens: [Token], same: (Int, Int, Int) -> Bool) -> Int? {
        var current = start
        for word in patterns[pattern].stems.indices.dropFirst() {
            var next: Int?
            var candidate = current + 1
            while candidate < tokens.count, candidate <= current + 1 + phraseGap, tokens[candidate].clause == tokens[start].clause {
                if same(candidate, pattern, word) {
                    next = candidate
                    break
                }
                candidate += 1
            }
            guard let found = next else { return nil }
            current = found
        }
        return current
    }

    public func evidence(for _: Record, context: RecordContext) -> [Evidence] {
        let tokens = context.text.tokens
        return matches(in: context.text).map { match in
            // The pattern's fields read in place: copying the pattern retained each of its arrays.
            let weight = patterns[match.pattern].weight
            let range = tokens[match.first].range.lowerBound..<tokens[match.last].range.upperBound
            var strength = max(-1, min(1, weight * Self.strengthPerWeight))
            let quoted = context.text.quote(range)
            var reason = ReasonText("Mentions “")
            reason.append(quoted)
            if match.negated {
                strength *= -Self.negatedFactor
                reason.append("” negated, so the signal ")
                reason.append(weight > 0 ? "for" : "against")
                reason.append(" the principle counts the other way.")
            } else {
                reason.append("”, a signal ")
                reason.append(weight > 0 ? "for" : "against")
                reason.append(" the principle.")
            }
            return Evidence(principle: patterns[match.pattern].principle, strength: strength, confidence: 0.8, reason: reason.string,
                            spans: [TextSpan(start: range.lowerBound, end: range.upperBound, text: quoted)])
        }
    }

    public func facts(for _: Record, context: RecordContext) -> [String: FactValue] {
        let found = matches(in: context.text)
        let signed = found.map { patterns[$0.pattern].weight * ($0.negated ? -1 : 1) }
        return [
            "keywords.aligned": .int(Int64(signed.filter { $0 > 0 }.count)),
            "keywords.misaligned": .int(Int64(signed.filter { $0 < 0 }.count)),
            "keywords.terms": .list(found.map { .string(patterns[$0.pattern].term) }),
        ]
    }
}

/// Makes ``KeywordsPlugin``.
public struct KeywordsPluginFactory: PluginFactory {
    public let id = "keywords"
    public var options: [PluginOption] {
        [PluginOption("phrase-gap", .int, default: .int(2), "How many other words may stand between the words of a phrase.")]
    }

    public init() {}

    public func make(_ settings: PluginSettings) throws(PluginSetupError) -> any Plugin {
        let gap = settings.int("phrase-gap") ?? 2
        guard (0...5).contains(gap) else { throw PluginSetupError("'phrase-gap' must be from 0 to 5, not \(gap).") }
        return KeywordsPlugin(principles: settings.principles, phraseGap: gap)
    }
}
