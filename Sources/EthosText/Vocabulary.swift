/// Words known before any text is read — the analysis's own word lists, a sentiment lexicon, the
/// principles' words — each with its stem and what analysis needs to know of it. A word of a text
/// that the vocabulary holds is found by its bytes and not stemmed again; any other word is
/// stemmed as it comes.
///
/// A vocabulary decides how fast a text is analysed, never the result: the stem it holds for a
/// word is ``EnglishStemmer/stem(_:)`` of that word, so ``AnalyzedText`` gives the same tokens with
/// any vocabulary (a test compares them).
///
/// ```swift
/// let vocabulary = Vocabulary(["runbook", "mentoring"])
/// let text = AnalyzedText("She kept mentoring us.", vocabulary: vocabulary)
/// text.tokens[2].stem   // "mentor", read from the vocabulary
/// ```
public struct Vocabulary: Sendable {
    /// The tables, behind one reference: a vocabulary is passed to every text analysed, and one
    /// reference is cheaper to pass than five arrays.
    final class Storage: Sendable {
        /// Every word, by its lower-case bytes.
        let table: TermTable
        /// Each word's stem, by id.
        let stems: [String]
        /// The distinct stems, each with an id; and each word's stem's id.
        let stemTable: TermTable
        let stemIDs: [Int32]
        /// Whether each word starts a clause, is a negation, is a stop word (``Lexicon``'s lists).
        let breaksClause: [Bool]
        let negates: [Bool]
        let isStopword: [Bool]
        /// Whether each word may start a reversal (``Reversal``) or is a dismissive particle:
        /// only such words are checked against those lists.
        let isCue: [Bool]

        init(_ words: [String]) {
            let table = TermTable(words)
            self.table = table
            let stems = (0..<table.count).map { EnglishStemmer.stem(Lexicon.irregularForms[table.term($0)] ?? table.term($0)) }
            self.stems = stems
            let stemTable = TermTable(stems)
            self.stemTable = stemTable
            stemIDs = stems.map { Int32(stemTable.id(of: $0) ?? -1) }
            breaksClause = table.perTerm(Lexicon.clauseBreakWords.map { ($0, true) }, default: false)
            negates = table.perTerm(Lexicon.negations.map { ($0, true) }, default: false)
            isStopword = table.perTerm(Lexicon.stopwords.map { ($0, true) }, default: false)
            isCue = table.perTerm(Reversal.cueWords.map { ($0, true) }, default: false)
        }
    }

    let storage: Storage

    /// The analysis's own words (``Lexicon``'s clause breaks, negations and stop words) and
    /// `words`, lowered as analysis lowers them; duplicates are held once.
    public init(_ words: some Sequence<String>) {
        let own = Lexicon.clauseBreakWords.sorted() + Lexicon.negations.sorted() + Lexicon.stopwords.sorted() + Reversal.cueWords.sorted()
        storage = Storage(own + words.map(Self.normalised))
    }

    /// The analysis's own words alone.
    public static let standard = Vocabulary([String]())

    /// How many distinct words it holds.
    public var count: Int { storage.table.count }

    /// Its words, lowered as analysis lowers them, by id.
    package var terms: TermTable { storage.table }

    /// The stem held for `word` (spelled as analysis spells a token), or nil when it is not held.
    public func stem(of word: String) -> String? {
        storage.table.id(of: word).map { storage.stems[$0] }
    }

    /// How many distinct stems its words have: stem ids are `0..<stemCount`.
    public var stemCount: Int { storage.stemTable.count }

    /// The id of `stem` among its words' stems, or nil when none of its words has that stem.
    /// ``AnalyzedText/stemIDs`` gives each token's, so a plugin that knows the ids of its own
    /// stems matches tokens by number.
    public func stemID(of stem: String) -> Int? {
        storage.stemTable.id(of: stem)
    }

    /// Whether `other` is this very vocabulary (not merely one with the same words): what a
    /// plugin checks before it trusts a text's stem ids to be in the space it adopted.
    public func isIdentical(to other: Vocabulary) -> Bool {
        storage === other.storage
    }

    /// `word` as analysis spells a token: lower case, curly apostrophes straightened.
    static func normalised(_ word: String) -> String {
        let lowered = word.lowercased()
        guard lowered.unicodeScalars.contains("\u{2019}") else { return lowered }
        return String(scalars: lowered.unicodeScalars.map { $0 == "\u{2019}" ? "'" : $0 })
    }

    /// Every word of `texts` as analysis would find it: what a plugin's own texts (a principle's
    /// statement, its signals) add to a vocabulary.
    public static func words(in texts: some Sequence<String>) -> [String] {
        texts.flatMap { AnalyzedText($0).tokens.map(\.word) }
    }
}

/// A plugin's own term ids, found by one vocabulary's stem ids: what a plugin that adopts the
/// scorer's vocabulary keeps, so it reads a token's term from ``AnalyzedText/stemIDs`` by number
/// instead of looking the token's stem up by its letters.
///
/// ```swift
/// let map = StemMap(vocabulary, terms: ["learn", "feedback"])   // "learn" is term 0
/// map?.terms(of: AnalyzedText("She learned.", vocabulary: vocabulary))   // [nil, 0]
/// ```
public struct StemMap: Sendable {
    /// The vocabulary whose stem ids it reads.
    public let vocabulary: Vocabulary
    /// For each of the vocabulary's stem ids, the term id (-1: no term has that stem).
    @usableFromInline let termByStem: [Int32]

    /// The map of `terms` (term `i` is `terms[i]`, a stem); nil when one of them is no stem of
    /// the vocabulary's words: a token could then have it by its letters alone, and numbers would
    /// miss it.
    public init?(_ vocabulary: Vocabulary, terms: some Sequence<String>) {
        var termByStem = [Int32](repeating: -1, count: vocabulary.stemCount)
        for (term, stem) in terms.enumerated() {
            guard let id = vocabulary.stemID(of: stem) else { return nil }
            if termByStem[id] < 0 { termByStem[id] = Int32(term) }
        }
        self.vocabulary = vocabulary
        self.termByStem = termByStem
    }

    /// Whether `text` was analysed with this map's vocabulary, so that its stem ids can be read
    /// here; another vocabulary's ids mean something else (read its stems' letters instead).
    public func reads(_ text: AnalyzedText) -> Bool {
        text.vocabulary.isIdentical(to: vocabulary)
    }

    /// The term whose stem has the vocabulary's stem id `stem` (-1, a stem outside it: none).
    /// Inlinable: plugins call it for every token.
    @inlinable
    public func term(ofStemID stem: Int32) -> Int? {
        let term = stem < 0 ? -1 : termByStem[Int(stem)]
        return term < 0 ? nil : Int(term)
    }

    /// The term of each of `text`'s tokens (nil: none), or nil when the map does not read it.
    public func terms(of text: AnalyzedText) -> [Int?]? {
        reads(text) ? text.stemIDs.map(term(ofStemID:)) : nil
    }
}
