/// Word lists the text analysis relies on.
public enum Lexicon {
    /// Words that negate what follows.
    public static let negations: Set<String> = [
        "not", "no", "never", "without", "nobody", "nothing", "none", "neither", "nor", "nowhere", "cannot", "hardly",
        "rarely", "seldom", "barely", "lacks", "lacked", "lacking", "instead",
    ]

    /// Verb stems that negate what follows them with "to" or an -ing form: "refused to share",
    /// "stopped sharing", "failed to credit".
    public static let negatingVerbs: Set<String> = [
        "refus", "fail", "declin", "neglect", "forgot", "forget", "avoid", "stop", "ceas", "quit", "resist",
    ]

    /// Pairs that look like negations but are not: "not only", "no doubt".
    public static let negationExceptions: Set<String> = [
        "not only", "not just", "no doubt", "without doubt", "never fails", "never failed", "no matter", "not bad",
        "can't wait", "cannot wait", "couldn't agree", "can't thank", "cannot thank", "never stops", "never stopped",
        "nothing but",
    ]

    /// Punctuation that ends a clause, so a negation does not reach past it.
    public static let clauseBreaks: Set<Unicode.Scalar> = [".", ",", ";", ":", "!", "?", "(", ")", "\n", "—", "–"]

    /// Whether `scalar` ends a clause: one of ``clauseBreaks``, answered without hashing for ASCII.
    static func isClauseBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ".", ",", ";", ":", "!", "?", "(", ")", "\n": true
        case _ where scalar.isASCII: false
        default: clauseBreaks.contains(scalar)
        }
    }

    /// Words that start a new clause.
    public static let clauseBreakWords: Set<String> = ["but", "however", "although", "though", "yet", "whereas", "while"]

    /// Function words that carry no topic, left out of phrase patterns and similarity.
    public static let stopwords: Set<String> = [
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as", "is", "are", "was",
        "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "his", "her", "their", "our", "my",
        "your", "he", "she", "they", "we", "i", "you", "him", "them", "us", "me", "has", "have", "had", "do", "does", "did",
        "so", "up", "out", "about", "into", "over", "after", "before", "than", "then", "too", "very", "just", "also",
        "s", "t", "will", "would", "can", "could", "should", "which", "who", "whom", "what", "when", "where",
    ]
}
