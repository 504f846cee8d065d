/// A word of a text: as written, normalised, stemmed, and where it is.
public struct Token: Hashable, Sendable {
    /// The word in lower case, with curly apostrophes straightened.
    public var word: String
    /// Its Porter2 stem.
    public var stem: String
    /// Where it is in the text, in Unicode scalars.
    public var range: Range<Int>
    /// Which clause it belongs to: clauses end at `. , ; : ! ?` and before "but".
    public var clause: Int
    /// Which sentence it belongs to: sentences end at `. ! ?` before a space, and at line breaks.
    public var sentence: Int
    /// Whether a negation ("not", "never", "didn't", "refused to"…) or sarcasm governs it.
    public var isNegated: Bool
    /// Whether it is a function word (``Lexicon/stopwords``): "the", "of", "was"…
    public var isStopword: Bool

    /// Creates a token.
    public init(word: String, stem: String, range: Range<Int>, clause: Int, sentence: Int = 0, isNegated: Bool, isStopword: Bool = false) {
        self.isStopword = isStopword
        self.sentence = sentence
        self.word = word
        self.stem = stem
        self.range = range
        self.clause = clause
        self.isNegated = isNegated
    }
}
