/// Runs every principle's examples through the full pipeline: `ethos principles test`.
///
/// An `aligned` example must be scored aligned with its principle, a `misaligned` one
/// misaligned, and an `unrelated` one not evidenced.
public struct ExampleCheck: Sendable {
    /// One example's outcome.
    public struct Outcome: Sendable {
        /// The principle whose example it is.
        public var principle: String
        /// The example.
        public var example: PrincipleExample
        /// The verdict it should get.
        public var expected: Verdict
        /// The score it got for its principle.
        public var score: PrincipleScore

        /// Whether the verdict is the expected one.
        public var passed: Bool { score.verdict == expected }
    }

    /// Every example's outcome, principle by principle, in file order.
    public let outcomes: [Outcome]

    /// Scores every example of `scorer`'s principles.
    public init(scorer: Scorer) {
        var outcomes: [Outcome] = []
        for principle in scorer.principles {
            let groups: [(Verdict, [PrincipleExample])] = [
                (.aligned, principle.examples.aligned), (.misaligned, principle.examples.misaligned),
                (.notEvidenced, principle.examples.unrelated),
            ]
            for (expected, examples) in groups {
                for example in examples {
                    let record = Record(kind: example.kind, from: "example-author", to: "example-subject", text: example.text,
                                        minutes: example.minutes)
                    let score = scorer.score(record)[principle.id]
                        ?? PrincipleScore(principle: principle.id, verdict: .notEvidenced, alignment: 0, relevance: 0, evidence: [])
                    outcomes.append(Outcome(principle: principle.id, example: example, expected: expected, score: score))
                }
            }
        }
        self.outcomes = outcomes
    }

    /// The examples whose verdict is wrong.
    public var failures: [Outcome] { outcomes.filter { !$0.passed } }
}
