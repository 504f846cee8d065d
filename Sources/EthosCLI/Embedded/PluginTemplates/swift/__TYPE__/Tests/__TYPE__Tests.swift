import EthosPluginAPI
import EthosText
import EthosCustomPlugins
import Testing

@Suite struct __TYPE__Tests {
    let principles = PrincipleSet([Principle(id: "community-contribution", name: "Community Contribution",
                                             statement: "", tenets: [])])

    func run(_ text: String) -> ([String: FactValue], [Evidence]) {
        let plugin = __TYPE__Plugin(keyword: "wiki")
        let record = Record(from: "ana", to: "lena", text: text)
        let context = RecordContext(principles: principles, text: AnalyzedText(text), facts: FactValues())
        return (plugin.facts(for: record, context: context), plugin.evidence(for: record, context: context))
    }

    @Test func countsTheKeyword() {
        let (facts, evidence) = run("Ana updated the wiki, and the Wiki page on releases.")
        #expect(facts["__NAMESPACE__.mentions"] == .int(2))
        #expect(evidence.first?.principle == "community-contribution")
    }

    @Test func givesNothingWithoutIt() {
        let (facts, evidence) = run("Ana fixed the build.")
        #expect(facts["__NAMESPACE__.mentions"] == .int(0))
        #expect(evidence.isEmpty)
    }
}
