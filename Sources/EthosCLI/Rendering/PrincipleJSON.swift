internal import EthosCore

/// A principle as `--format json` prints it. The shape is stable: new keys may be added, none
/// removed or renamed.
struct PrincipleJSON: Encodable {
    struct Signal: Encodable {
        var terms: [String]
        var weight: Double
    }

    struct Rule: Encodable {
        var id: String
        var when: String
        var score: Double
        var because: String
    }

    struct Example: Encodable {
        var text: String
        var kind: String
        var minutes: Int?
    }

    struct Examples: Encodable {
        var aligned: [Example]
        var misaligned: [Example]
        var unrelated: [Example]
    }

    var id: String
    var name: String
    var statement: String
    var tenets: [String]
    var weight: Double
    var signals: [Signal]
    var rules: [Rule]
    var examples: Examples
    var source: String?

    init(_ principle: Principle) {
        func examples(_ list: [PrincipleExample]) -> [Example] {
            list.map { Example(text: $0.text, kind: $0.kind.rawValue, minutes: $0.minutes) }
        }
        id = principle.id
        name = principle.name
        statement = principle.statement
        tenets = principle.tenets
        weight = principle.weight
        signals = principle.signals.map { Signal(terms: $0.terms, weight: $0.weight) }
        rules = principle.rules.map { Rule(id: $0.id, when: $0.when, score: $0.score, because: $0.because) }
        self.examples = Examples(aligned: examples(principle.examples.aligned),
                                 misaligned: examples(principle.examples.misaligned),
                                 unrelated: examples(principle.examples.unrelated))
        source = principle.source?.description
    }
}
