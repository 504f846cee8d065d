internal import EthosCore

/// Explanations of an evaluation: the value of every sub-expression, the facts read, and what
/// decided the result.
enum TraceRenderer {
    /// The indented text form.
    static func text(_ trace: ExpressionTrace, indent: String = "  ") -> String {
        var lines: [String] = []
        func visit(_ step: ExpressionTrace.Step, depth: Int) {
            // Literals explain nothing: skip leaves that are their own value.
            if step.children.isEmpty, !isFact(step, trace) { return }
            lines.append(indent + String(repeating: "  ", count: depth) + "\(step.text)  →  \(outcome(step.outcome))")
            for child in step.children { visit(child, depth: depth + 1) }
        }
        visit(trace.root, depth: 0)
        if !trace.deciding.isEmpty {
            lines.append(indent + "decided by: " + trace.deciding.map { "\($0.text)  →  \(outcome($0.outcome))" }.joined(separator: "; "))
        }
        if !trace.factsRead.isEmpty {
            lines.append(indent + "facts read: " + trace.factsRead.map { "\($0.name) = \($0.value.map(ValueText.literal) ?? "(no value)")" }
                .joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    private static func isFact(_ step: ExpressionTrace.Step, _ trace: ExpressionTrace) -> Bool {
        trace.factsRead.contains { $0.name == step.text.trimmingPrefix(".") }
    }

    static func outcome(_ outcome: Result<FactValue, EvaluationError>?) -> String {
        switch outcome {
        case let .success(value)?: ValueText.literal(value)
        case let .failure(error)?: "error: \(error.message)"
        case nil: "(not evaluated)"
        }
    }

    /// The JSON form: `{"expression", "value" | "error" | "evaluated": false, "children"}` nested,
    /// with `decidedBy` and `factsRead` at the top.
    static func json(_ trace: ExpressionTrace) -> String {
        func render(_ step: ExpressionTrace.Step) -> String {
            var fields = ["\"expression\": \(ValueText.jsonString(step.text))"]
            switch step.outcome {
            case let .success(value)?: fields.append("\"value\": \(ValueText.json(value))")
            case let .failure(error)?: fields.append("\"error\": \(ValueText.jsonString(error.message))")
            case nil: fields.append("\"evaluated\": false")
            }
            if !step.children.isEmpty { fields.append("\"children\": [\(step.children.map(render).joined(separator: ", "))]") }
            return "{" + fields.joined(separator: ", ") + "}"
        }
        let facts = trace.factsRead.map { reading in
            "{\"name\": \(ValueText.jsonString(reading.name)), \"value\": \(reading.value.map(ValueText.json) ?? "null")}"
        }
        return "{\"root\": \(render(trace.root)), \"decidedBy\": [\(trace.deciding.map(\.text).map(ValueText.jsonString).joined(separator: ", "))], "
            + "\"factsRead\": [\(facts.joined(separator: ", "))]}"
    }
}
