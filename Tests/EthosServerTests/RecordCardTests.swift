import EthosCore
import EthosPlugins
@testable import EthosServer
import EthosTestSupport
import Testing

/// The record card, written as HTML by Swift rather than by a template: everything people
/// wrote escaped, and what a viewer may not read left out.
@Suite("Record card")
struct RecordCardTests {
    static let text = "Ravi shared the <script>alert(1)</script> runbook. Then he taught us & the \"ops\" team."

    static func record(anonymous: Bool = false, visibility: Visibility = .recipient) -> StoredRecord {
        StoredRecord(id: "r-1", kind: .mentoring, author: "omar", subject: "ravi", date: FactTimestamp(seconds: 1_796_000_000)!, text: text,
                     minutes: 45, principles: [], tags: ["ops", "<b>"], visibility: visibility, anonymous: anonymous,
                     recordedAt: FactTimestamp(seconds: 1_796_000_000)!)
    }

    static let scores = [
        StoredScore(principle: "community-contribution", verdict: .aligned, alignment: 0.8, relevance: 1, evidence: [
            Evidence(principle: "community-contribution", plugin: "keywords", strength: 0.5, confidence: 0.8, reason: "Mentions <shared>",
                     spans: [TextSpan(start: 5, end: 11, text: "shared")]),
            Evidence(principle: nil, plugin: "sentiment", strength: 0.4, confidence: 1, reason: "The tone is positive."),
        ], principlesHash: "h", pluginVersions: "v"),
        StoredScore(principle: "journey-of-experiences", verdict: .notEvidenced, alignment: 0, relevance: 0, evidence: [],
                    principlesHash: "h", pluginVersions: "v"),
    ]

    static func card(_ record: StoredRecord, viewer handle: String) throws -> String {
        let principles = try PrinciplesLoader.builtins().load(paths: [TestFiles.repositoryRoot.appendingPathComponent("Principles").path]).get()
        let viewer = try #require(Viewer(handle: handle, directory: Directory(ServerFixture.people), admins: []))
        return RecordCard(record, scores: scores, viewer: viewer, principles: principles).html
    }

    @Test("A reader sees the text, names, verdicts and the sentence each reason rests on, all escaped")
    func reader() throws {
        let html = try Self.card(Self.record(), viewer: "ravi")
        #expect(html.contains("Mentoring from <strong>Omar Haddad</strong> to <strong>Ravi Rao</strong> · 2026-11-30 · 45 minutes · ops, &lt;b&gt;"))
        #expect(html.contains("<blockquote>Ravi shared the &lt;script&gt;alert(1)&lt;/script&gt; runbook. Then he taught us &amp; the &quot;ops&quot; team.</blockquote>"))
        #expect(html.contains(#"<span class="badge aligned">Aligned</span> Community Contribution"#))
        #expect(html.contains("<li>Mentions &lt;shared&gt; — in “Ravi shared the &lt;script&gt;alert(1)&lt;/script&gt; runbook.”</li>"))
        // Tone evidence belongs to no principle of its own, and a principle not evidenced is not listed.
        #expect(!html.contains("The tone is positive") && !html.contains("Journey"))
        #expect(!html.contains("<script>") && !html.contains("<b>"))
        #expect(html.contains(#"<a href="/records/r-1">r-1</a>"#))
    }

    @Test("Someone who may not read the text sees neither it nor the evidence that quotes it")
    func nonReader() throws {
        let html = try Self.card(Self.record(visibility: .manager), viewer: "zoe")
        #expect(html.contains("Only some people may read this text."))
        #expect(!html.contains("runbook") && !html.contains("<details>"))
        #expect(html.contains("Aligned"))
    }

    @Test("An anonymous author is shown to no one, the person it is about included")
    func anonymous() throws {
        for viewer in ["ravi", "lena", "maria"] {
            let html = try Self.card(Self.record(anonymous: true, visibility: .public), viewer: viewer)
            #expect(html.contains("from <strong>Anonymous</strong>") && !html.contains("Omar"), "\(viewer)")
        }
    }
}
