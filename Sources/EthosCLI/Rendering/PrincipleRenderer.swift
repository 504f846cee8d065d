internal import EthosCore

/// Text renderings of principles: pure functions from values to text.
enum PrincipleRenderer {
    /// The table `ethos principles list` prints.
    static func table(_ principles: PrincipleSet) -> String {
        var table = TextTable(headers: ["ID", "NAME", "WEIGHT", "TENETS", "SIGNALS", "RULES", "EXAMPLES"])
        for principle in principles {
            table.rows.append([
                principle.id, principle.name, NumberText.format(principle.weight),
                String(principle.tenets.count), String(principle.signals.reduce(0) { $0 + $1.terms.count }),
                String(principle.rules.count), String(principle.examples.all.count),
            ])
        }
        return table.rendered
    }

    /// The full description `ethos principles show` prints.
    static func detail(_ principle: Principle) -> String {
        var lines: [String] = []
        lines.append("\(principle.name) (\(principle.id))")
        lines.append(principle.statement)
        lines.append("")
        lines.append("Tenets:")
        lines += principle.tenets.map { "  - \($0)" }
        lines.append("")
        lines.append("Weight: \(NumberText.format(principle.weight))")
        if !principle.signals.isEmpty {
            lines.append("")
            lines.append("Signals (weight: terms):")
            lines += principle.signals.map { "  \(NumberText.signed($0.weight)): \($0.terms.joined(separator: ", "))" }
        }
        if !principle.rules.isEmpty {
            lines.append("")
            lines.append("Rules:")
            for rule in principle.rules {
                lines.append("  \(rule.id) (score \(NumberText.signed(rule.score)))")
                lines.append("    when:    \(rule.when)")
                lines.append("    because: \(rule.because)")
            }
        }
        for (label, examples) in [("Aligned", principle.examples.aligned), ("Misaligned", principle.examples.misaligned),
                                  ("Unrelated", principle.examples.unrelated)] where !examples.isEmpty {
            lines.append("")
            lines.append("\(label) examples:")
            lines += examples.map { example in
                let context = example.kind == .mentoring
                    ? " [mentoring\(example.minutes.map { ", \($0) min" } ?? "")]" : ""
                return "  - \(example.text)\(context)"
            }
        }
        if let source = principle.source {
            lines.append("")
            lines.append("Defined at \(source.file):\(source.line).")
        }
        return lines.joined(separator: "\n")
    }
}

/// Numbers as people read them: no trailing `.0`, signs where direction matters.
enum NumberText {
    /// `1`, `1.5`, `-0.25`.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    /// `+1`, `-2`, `+0.4`.
    static func signed(_ value: Double) -> String {
        (value > 0 ? "+" : "") + format(value)
    }
}
