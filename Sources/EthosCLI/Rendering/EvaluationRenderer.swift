internal import EthosCore

/// `ethos principles evaluate`'s output: figures per principle and overall, each beside the
/// baseline of always answering `not-evidenced`.
enum EvaluationRenderer {
    static func text(_ evaluation: Evaluation, names: [String: String], file: String, showMisses: Bool) -> String {
        var lines = ["Evaluated \(Plural.count(evaluation.records, "labelled record")) from \(TerminalText.escaped(file)) "
            + "against \(Plural.count(evaluation.principles.count, "principle"))."]
        for (id, figures) in evaluation.principles {
            lines.append("")
            lines.append("\(names[id] ?? id) (\(id))")
            lines += section(figures).map { $0.isEmpty ? $0 : "  " + $0 }
        }
        lines.append("")
        lines.append("Overall: \(accuracy(evaluation.overall, noun: "verdict"))")
        if showMisses {
            lines.append("")
            lines.append(evaluation.misses.isEmpty ? "No misses." : "Misses:")
            for miss in evaluation.misses {
                lines.append("\(TerminalText.escaped(file)):\(miss.line): \(TerminalText.escaped(miss.record)): \(miss.principle): "
                    + "labelled \(miss.expected.rawValue), scored \(miss.actual.rawValue) "
                    + "(alignment \(NumberText.signedFixed(miss.alignment)), relevance \(NumberText.fixed(miss.relevance))).")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func section(_ figures: Evaluation.Figures) -> [String] {
        var perVerdict = TextTable(headers: ["verdict", "labelled", "scored", "precision", "recall"])
        var confusion = TextTable(headers: ["labelled \\ scored"] + Verdict.allCases.map(\.rawValue))
        for verdict in Verdict.allCases {
            perVerdict.rows.append([verdict.rawValue, String(figures.labelled(verdict)), String(figures.scored(verdict)),
                                    percent(figures.precision(verdict)), percent(figures.recall(verdict))])
            confusion.rows.append([verdict.rawValue] + Verdict.allCases.map { String(figures.count(expected: verdict, actual: $0)) })
        }
        return ["Accuracy: \(accuracy(figures, noun: "record"))", ""] + perVerdict.rendered.split(separator: "\n").map(String.init)
            + [""] + confusion.rendered.split(separator: "\n").map(String.init)
    }

    private static func accuracy(_ figures: Evaluation.Figures, noun: String) -> String {
        "\(figures.correct) of \(Plural.count(figures.count, noun)) right, \(percent(figures.accuracy)); "
            + "always answering not-evidenced: \(percent(figures.baselineAccuracy))."
    }

    /// `86.6%`, or `—` for a share of nothing.
    static func percent(_ share: Double?) -> String {
        guard let share else { return "—" }
        let tenths = Int((share * 1_000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// The JSON form: shares from 0 to 1, `null` for a precision or recall of nothing.
    struct JSON: Encodable {
        struct Figures: Encodable {
            struct PerVerdict: Encodable {
                var labelled: Int, scored: Int, precision: Double?, recall: Double?
            }
            var count: Int, correct: Int, accuracy: Double, baselineAccuracy: Double
            var verdicts: [String: PerVerdict]
            /// `confusion[labelled][scored]`.
            var confusion: [String: [String: Int]]

            init(_ figures: Evaluation.Figures) {
                count = figures.count
                correct = figures.correct
                accuracy = figures.accuracy
                baselineAccuracy = figures.baselineAccuracy
                verdicts = Dictionary(uniqueKeysWithValues: Verdict.allCases.map {
                    ($0.rawValue, PerVerdict(labelled: figures.labelled($0), scored: figures.scored($0),
                                             precision: figures.precision($0), recall: figures.recall($0)))
                })
                confusion = Dictionary(uniqueKeysWithValues: Verdict.allCases.map { expected in
                    (expected.rawValue, Dictionary(uniqueKeysWithValues: Verdict.allCases.map {
                        ($0.rawValue, figures.count(expected: expected, actual: $0))
                    }))
                })
            }
        }
        struct Miss: Encodable {
            var record: String, line: Int, principle: String, expected: String, actual: String, alignment: Double, relevance: Double
        }
        var records: Int
        var principles: [String: Figures]
        var overall: Figures
        var misses: [Miss]?

        init(_ evaluation: Evaluation, misses showMisses: Bool) {
            records = evaluation.records
            principles = Dictionary(uniqueKeysWithValues: evaluation.principles.map { ($0.id, Figures($0.figures)) })
            overall = Figures(evaluation.overall)
            misses = showMisses ? evaluation.misses.map {
                Miss(record: $0.record, line: $0.line, principle: $0.principle, expected: $0.expected.rawValue,
                     actual: $0.actual.rawValue, alignment: $0.alignment, relevance: $0.relevance)
            } : nil
        }
    }
}
