@testable import EthosCore
import EthosPlugins
import EthosText
import Testing

@Suite("Attribution")
struct AttributionTests {
    private static func others(_ text: String, subject: String) -> Set<Int> {
        Attribution(text: AnalyzedText(text), handle: subject, name: nil).others
    }

    @Test("sentences about someone else: a possessive relation, a report of someone named, a team acting on the subject")
    func someoneElse() {
        #expect(Self.others("Ari's teammate Jun gave a great talk. Ari ran the booth.", subject: "ari") == [0])
        #expect(Self.others("Eko mentioned that Rafa has been mentoring two juniors.", subject: "eko") == [0])
        #expect(Self.others("The platform team asked Bel for help with Terraform.", subject: "bel-b") == [0])
        #expect(Self.others("The mobile team shared their knowledge with Oda's team.", subject: "oda") == [0])
    }

    @Test("sentences still about the subject: a pronoun brings it back, a report about themselves, a title")
    func theSubject() {
        #expect(Self.others("Rue's team chat is invite-only and she blocks people from other teams.", subject: "rue").isEmpty)
        #expect(Self.others("Wil said in the retro that his rushed review let the bug slip.", subject: "wil").isEmpty)
        #expect(Self.others("Sid told the VP the project was at risk.", subject: "sid").isEmpty)
        #expect(Self.others("Jun gave a great talk at the meetup.", subject: "jun").isEmpty)
        #expect(Attribution.names(handle: "ana-r", name: "Ana Ruiz") == ["ana", "ana"])
        #expect(Attribution.names(handle: "-", name: nil) == [])
    }

    @Test("the scorer weighs down evidence found only in a sentence about someone else, and says so")
    func scorer() throws {
        let principles = try PrinciplesLoader.builtins().load([SourceFile(path: "p.yaml", text: validPrinciple())]).get()
        let scorer = try Scorer(principles: principles, factories: BuiltinPlugins.factories)
        let text = "Ari's teammate Jun learned Swift in a month."
        let about = try #require(scorer.score(Record(from: "a", to: "jun", text: text))["growth"]?.evidence.first { $0.plugin == "keywords" })
        let other = try #require(scorer.score(Record(from: "a", to: "ari", text: text))["growth"]?.evidence.first { $0.plugin == "keywords" })
        #expect(other.confidence == about.confidence * Attribution.factor)
        #expect(other.reason.hasSuffix("Its sentence is about someone other than the record's subject, so it counts for less."))
    }
}


@Suite("Sense check")
struct SenseCheckTests {
    @Test("a signal whose sentence reads unrelated counts for less, and one whose sentence reads the other way only as topic")
    func senseCheck() throws {
        let yaml = """
            id: community
            name: Community
            statement: We give back.
            tenets: [We are part of a wider community.]
            signals:
              - terms: [community]
            exemplars:
              aligned: [She answered questions from the open-source community on the forum.]
              misaligned: [He locked the discussion and ignored the community's requests.]
              unrelated: [She booked the community centre for the team offsite.]
            """
        let principles = try PrinciplesLoader.builtins().load([SourceFile(path: "p.yaml", text: yaml)]).get()
        let scorer = try Scorer(principles: principles, factories: BuiltinPlugins.factories)
        func keywords(_ text: String) throws -> Evidence {
            try #require(scorer.score(Record(from: "a", to: "b", text: text))["community"]?.evidence.first { $0.plugin == "keywords" })
        }
        let booking = try keywords("Nina booked the community centre for the offsite.")
        #expect(booking.confidence == 0.8 * SenseCheck.factor)
        #expect(booking.reason.hasSuffix("Its sentence reads as unrelated to the principle, like “She booked the community centre for the team offsite.”, so it counts for less."))
        let forum = try keywords("Jay answered questions from the community on the project forum.")
        #expect(forum.confidence == 0.8)
        #expect(forum.strength > 0)
        let locked = try keywords("Rhi locked the discussion and ignored the requests from the community.")
        #expect(locked.strength == 0)
        #expect(locked.reason.hasSuffix("Its sentence reads like the misaligned exemplar “He locked the discussion and ignored the community's requests.”, so it only shows what the record is about."))
    }
}
