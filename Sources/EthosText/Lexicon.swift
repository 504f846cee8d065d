/// Word lists the text analysis relies on.
public enum Lexicon {
    /// Words that negate what follows.
    public static let negations: Set<String> = [
        "not", "no", "never", "without", "nobody", "nothing", "none", "neither", "nor", "nowhere", "cannot", "hardly",
        "rarely", "seldom", "barely", "lacks", "lacked", "lacking", "instead",
        // Contractions typed without their apostrophe.
        "isnt", "arent", "wasnt", "werent", "dont", "doesnt", "didnt", "wont", "wouldnt", "cant", "couldnt", "shouldnt",
        "hasnt", "havent", "hadnt", "aint", "neednt", "mustnt",
    ]

    /// Verb stems that dismiss what follows them with "off", "away" or "aside": "shrugged off
    /// the feedback", "waved away the concerns", "brushed aside the review".
    public static let dismissiveVerbs: Set<String> = ["shrug", "wave", "brush", "laugh", "write"]

    /// The particles that make a ``dismissiveVerbs`` verb dismissive.
    public static let dismissiveParticles: Set<String> = ["off", "away", "aside"]

    /// Irregular verb forms the stemmer cannot reach, by their base form: "taught" is stemmed
    /// as "teach", so a signal "teach" finds it.
    public static let irregularForms: [String: String] = [
        "taught": "teach", "sought": "seek", "brought": "bring", "thought": "think", "led": "lead", "gave": "give",
        "given": "give", "took": "take", "taken": "take", "spoke": "speak", "spoken": "speak", "wrote": "write",
        "written": "write", "grew": "grow", "grown": "grow", "began": "begin", "begun": "begin", "held": "hold",
        "told": "tell", "knew": "know", "known": "know", "showed": "show", "shown": "show", "drew": "draw", "drawn": "draw",
        "ran": "run", "met": "meet", "learnt": "learn", "built": "build", "sent": "send", "spent": "spend",
        "understood": "understand", "went": "go", "gone": "go", "did": "do", "done": "do", "made": "make", "found": "find",
        "kept": "keep", "felt": "feel", "heard": "hear", "fought": "fight", "caught": "catch", "chose": "choose",
        "chosen": "choose", "forgave": "forgive", "forgiven": "forgive", "rose": "rise", "risen": "rise",
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
