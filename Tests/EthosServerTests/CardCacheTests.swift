import EthosCore
import EthosRecording
@testable import EthosServer
import EthosTestSupport
import Foundation
import HummingbirdTesting
import Testing

/// Record cards kept between requests: the cache itself, and the home page after a rescore or
/// a rename, which must show at once what changed.
@Suite("Card cache")
struct CardCacheTests {
    static func key(_ id: String, scores: Int64 = 0) -> CardCache.Key {
        CardCache.Key(id: id, readable: true, directory: 0, scores: scores)
    }

    @Test("A card is kept under its key only; past its capacity the cache starts again empty")
    func capacity() async {
        let cache = CardCache(capacity: 3)
        await cache.keep("a", for: Self.key("a"))
        #expect(await cache.cards([Self.key("a"), Self.key("a", scores: 1), Self.key("b")]) == ["a", nil, nil])
        await cache.keep("b", for: Self.key("b"))
        await cache.keep("c", for: Self.key("c"))
        await cache.keep("c2", for: Self.key("c"))
        #expect(await cache.count == 3)
        await cache.keep("d", for: Self.key("d"))
        #expect(await cache.count == 1)
        #expect(await cache.cards([Self.key("a"), Self.key("d")]) == [nil, "d"])
    }

    @Test("The home page shows a rescore and a rename made behind its back on the next load")
    func homeFollowsChanges() async throws {
        let fixture = try await ServerFixture()
        let id = try await fixture.record(from: "omar", to: "ravi", text: "Ravi documented the deploy and shared the runbook with the whole community.")
        try await fixture.test { client in
            var browser = Browser()
            _ = try await browser.signIn(client, "ravi")
            let before = try await browser.get(client, "/")
            #expect(before.text.contains("Omar Haddad") && before.text.contains("badge aligned"))
            #expect(try await browser.get(client, "/").text == before.text, "drawn from the cache, the same page")

            // Rescored (as `ethos rescore` in another process would): a breach, not a contribution.
            let scorer = fixture.platform.scorer
            let key = try #require(try await fixture.store.keyedRecord(id: id)?.key)
            let breach = scorer.score(Record(from: "omar", to: "ravi", text: "Ravi refused to share the runbook and hid the docs from everyone."))
            try await fixture.store.replaceScores([(key, breach.principles)], stamp: ScoringStamp(scorer))
            let rescored = try await browser.get(client, "/")
            #expect(rescored.text.contains("badge misaligned") && !rescored.text.contains("badge aligned"))

            try await fixture.store.upsert([Person(handle: "omar", name: "Omar H.", email: "omar@example.com", team: "platform", manager: "lena")])
            let renamed = try await browser.get(client, "/")
            #expect(renamed.text.contains("Omar H.") && !renamed.text.contains("Omar Haddad"))
        }
    }
}
