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

    /// Two decimals: `0.35`.
    static func fixed(_ value: Double) -> String {
        let hundredths = Int((abs(value) * 100).rounded())
        let text = "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
        return value < 0 && hundredths != 0 ? "-" + text : text
    }

    /// Two decimals with a sign: `+0.35`, `-0.12`, ` 0.00`.
    static func signedFixed(_ value: Double) -> String {
        let text = fixed(value)
        return text.hasPrefix("-") ? text : (text == "0.00" ? " " + text : "+" + text)
    }

    /// A number for JSON, rounded to four decimals: `0.9978`, `-0.5`, `1`.
    static func json(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        let rounded = (value * 10_000).rounded() / 10_000
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        return String(rounded)
    }
}
