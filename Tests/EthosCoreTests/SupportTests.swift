import EthosCore
import Testing

@Suite("Did-you-mean suggestions")
struct SuggestionsTests {
    @Test("suggest the closest candidate for plausible typos", arguments: [
        ("tenants", "tenets"), ("statment", "statement"), ("singals", "signals"), ("exmaples", "examples"),
        ("journey-of-experience", "journey-of-experiences"), ("Name", "name"),
    ])
    func closest(word: String, expected: String) {
        let candidates = ["id", "name", "statement", "tenets", "weight", "signals", "rules", "examples",
                          "journey-of-experiences", "community-contribution"]
        #expect(Suggestions.closest(to: word, in: candidates) == expected)
    }

    @Test("suggest the one candidate a word begins, when no candidate is a few edits away")
    func prefix() {
        #expect(Suggestions.closest(to: "community", in: ["journey-of-experiences", "community-contribution"]) == "community-contribution")
        #expect(Suggestions.closest(to: "commun", in: ["community-a", "community-b"]) == nil, "two begin with it")
        #expect(Suggestions.closest(to: "ra", in: ["rafael"]) == nil, "too short to be meant")
    }

    @Test("suggest nothing when nothing is close")
    func nothingClose() {
        #expect(Suggestions.closest(to: "colour", in: ["id", "name", "tenets"]) == nil)
        #expect(Suggestions.closest(to: "x", in: ["id"]) == nil)
    }

    @Test("count a transposition as one edit")
    func transposition() {
        #expect(Suggestions.editDistance("abcd", "abdc") == 1)
        #expect(Suggestions.editDistance("", "abc") == 3)
        #expect(Suggestions.editDistance("kitten", "sitting") == 3)
    }
}

@Suite("Id syntax")
struct IDSyntaxTests {
    @Test("accept kebab-case", arguments: ["growth", "journey-of-experiences", "a1", "x-2-y"])
    func valid(_ id: String) {
        #expect(IDSyntax.isValid(id))
    }

    @Test("reject everything else", arguments: ["", "Growth", "growth_mindset", "-growth", "growth-", "a--b", "1st", "café", "a b"])
    func invalid(_ id: String) {
        #expect(!IDSyntax.isValid(id))
    }

    @Test("suggest a kebab-case id", arguments: [
        ("Growth_Mindset", "growth-mindset"), ("CommunityContribution", "community-contribution"), ("  x  ", "x"),
        ("1st place", "id-1st-place"), ("???", "my-id"),
    ])
    func suggestion(text: String, expected: String) {
        #expect(IDSyntax.suggestion(for: text) == expected)
        #expect(IDSyntax.isValid(IDSyntax.suggestion(for: text)))
    }
}
