import EthosPluginAPI
import EthosText
import ExampleOpenSourceLinks
import Testing

@Suite struct OpenSourceLinksTests {
    let plugin = try! OpenSourceLinksPlugin(hosts: ["github.com", "gitlab.com"], principle: "community-contribution")
    let principles = PrincipleSet([Principle(id: "community-contribution", name: "Community Contribution", statement: "", tenets: [])])

    func context(_ text: String) -> RecordContext {
        RecordContext(principles: principles, text: AnalyzedText(text), facts: FactValues())
    }

    @Test func countsLinksAndContributions() {
        let text = "Ana fixed https://github.com/apple/swift-nio/pull/42 and filed https://gitlab.com/gnome/gtk/-/issues/7; see https://github.com/apple/swift-nio."
        let record = Record(from: "ana", to: "lena", text: text)
        let facts = plugin.facts(for: record, context: context(text))
        #expect(facts["opensource.links"] == .int(3))
        #expect(facts["opensource.contributions"] == .int(1))
        #expect(facts["opensource.repositories"] == .list(["github.com/apple/swift-nio", "gitlab.com/gnome/gtk"]))
        let evidence = plugin.evidence(for: record, context: context(text))
        #expect(evidence.count == 1)
        #expect(evidence.first?.strength == 0.7)
        #expect(evidence.first?.spans.first?.text == "https://github.com/apple/swift-nio/pull/42")
    }

    @Test func ignoresOtherHostsAndPlainText() {
        let text = "Notes at https://intranet.example.com/a/b and github.com without a scheme."
        let record = Record(from: "ana", to: "lena", text: text)
        #expect(plugin.facts(for: record, context: context(text))["opensource.links"] == .int(0))
        #expect(plugin.evidence(for: record, context: context(text)).isEmpty)
    }
}
