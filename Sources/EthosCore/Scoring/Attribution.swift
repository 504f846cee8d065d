internal import EthosText

/// Which sentences of a record are about someone other than its subject, so that evidence found
/// only there is not the subject's: "Ari's teammate Jun gave a great talk", "Eko mentioned that
/// Rafa has been mentoring two juniors", "The platform team asked Bel for help".
///
/// A sentence is about someone else when it opens with the subject's name in the possessive and
/// a word for another person or group ("Dara's manager"), with the subject reporting what a
/// person named later did ("Eko mentioned that Rafa…"), or with a team as the actor and the
/// subject named later ("The mobile team shared … with Oda's team"). The subject's names are the
/// first part of their handle and, when the directory knows them, of their name.
struct Attribution {
    /// How much evidence found only in such sentences keeps of its confidence.
    static let factor = 0.2

    static let relations: Set<String> = ["teammate", "teammates", "manager", "lead", "reviewer", "predecessor", "successor", "mentor",
                                         "colleague", "colleagues", "team", "boss", "peer", "peers", "report", "reports", "intern",
                                         "partner", "replacement", "director", "squad", "group"]
    static let reportingVerbs: Set<String> = ["mentioned", "said", "says", "told", "tells", "noted", "notes", "heard", "thinks",
                                              "thought", "reckons", "reported"]
    /// Pronouns that, after "Rue's team chat …", bring the sentence back to its subject.
    static let subjectPronouns: Set<String> = ["he", "she", "they", "he's", "she's", "they're"]
    static let groups: Set<String> = ["team", "group", "folks", "department", "squad", "org", "crew"]

    /// The sentences, by the analysis's numbers, that are about someone else.
    let others: Set<Int>
    private let tokens: [Token]

    /// Finds the sentences of `text` about someone other than the subject with `handle` and,
    /// when the directory knows it, `name`.
    init(text: AnalyzedText, handle: String, name: String?) {
        let names = Self.names(handle: handle, name: name)
        let tokens = text.tokens
        self.tokens = tokens
        var others: Set<Int> = []
        // Most records open no sentence with "the", a possessive or the subject's name: they are
        // decided on those words, without cutting the text into sentences.
        let opening = tokens.indices.contains { index in
            guard index == 0 || tokens[index].sentence != tokens[index - 1].sentence else { return false }
            let word = tokens[index].word
            return word == "the" || word.hasSuffix("'s") || names.contains(word)
        }
        if opening {
            for sentence in text.sentences where Self.aboutSomeoneElse(text.tokens[sentence.tokens], names: names, text: text) {
                others.insert(sentence.number)
            }
        }
        self.others = others
    }

    /// The names a record's subject goes by: the first part of the handle and of the name.
    static func names(handle: String, name: String?) -> [String] {
        func first(_ text: String) -> String? {
            let part = text.prefix { $0.isLetter || $0.isNumber }
            return part.isEmpty ? nil : part.lowercased()
        }
        return [first(handle), name.flatMap(first)].compactMap { $0 }
    }

    private static func aboutSomeoneElse(_ sentence: ArraySlice<Token>, names: [String], text: AnalyzedText) -> Bool {
        guard sentence.count >= 3 else { return false }
        // Most sentences open with none of the three shapes: decided on the first word alone.
        let opening = sentence[sentence.startIndex].word
        guard opening == "the" || names.contains(opening) || opening.hasSuffix("'s") else { return false }
        let words = sentence.map(\.word)
        if let possessive = words.first, possessive.hasSuffix("'s"), names.contains(String(possessive.dropLast(2))),
           relations.contains(words[1]) {
            return !words.dropFirst(2).contains(where: subjectPronouns.contains)
        }
        if names.contains(words[0]), reportingVerbs.contains(words[1]) {
            // What the subject reports of someone named just after "that": "Eko mentioned that Rafa…".
            let that = sentence.dropFirst(2).prefix(3).firstIndex { $0.word == "that" }
            guard let that, that + 1 < sentence.endIndex else { return false }
            let named = sentence[that + 1]
            let quoted = text.quote(named.range)
            return !names.contains(named.word) && quoted.first?.isUppercase == true && quoted.dropFirst().contains(where: \.isLowercase)
        }
        if words[0] == "the", words.prefix(4).contains(where: groups.contains) {
            return words.dropFirst().contains { names.contains($0) || ($0.hasSuffix("'s") && names.contains(String($0.dropLast(2)))) }
        }
        return false
    }

    /// Whether every span of `evidence` lies in a sentence about someone else; false without spans.
    func isAboutSomeoneElse(_ evidence: Evidence) -> Bool {
        guard !others.isEmpty, !evidence.spans.isEmpty else { return false }
        return evidence.spans.allSatisfy { span in
            // The sentence of the last token starting at or before the span.
            var low = 0, high = tokens.count
            while low < high {
                let middle = (low + high) / 2
                if tokens[middle].range.lowerBound <= span.start { low = middle + 1 } else { high = middle }
            }
            return low > 0 && others.contains(tokens[low - 1].sentence)
        }
    }
}
