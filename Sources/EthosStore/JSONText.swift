internal import EthosCore
internal import Foundation

/// Small JSON values stored in text columns: lists of strings and text spans.
enum JSONText {
    static func array(_ strings: [String]) -> String {
        "[" + strings.map(ValueText.jsonString).joined(separator: ",") + "]"
    }

    static func strings(_ text: String?) -> [String] {
        guard let data = text?.data(using: .utf8), let array = try? JSONSerialization.jsonObject(with: data) as? [String] else { return [] }
        return array
    }

    static func spans(_ spans: [TextSpan]) -> String {
        "[" + spans.map { "{\"start\":\($0.start),\"end\":\($0.end),\"text\":\(ValueText.jsonString($0.text))}" }.joined(separator: ",") + "]"
    }

    static func spans(_ text: String?) -> [TextSpan] {
        guard let data = text?.data(using: .utf8),
              let array = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return [] }
        return array.compactMap { object in
            guard let start = object["start"] as? Int, let end = object["end"] as? Int, let text = object["text"] as? String else { return nil }
            return TextSpan(start: start, end: end, text: text)
        }
    }
}

/// Rule outcomes as the text `ethos explain` shows.
enum TraceText {
    static func status(_ status: RuleStatus) -> String {
        switch status {
        case .fired: "fired"
        case .notFired: "not fired"
        case let .errored(error): "errored: \(error.message)"
        }
    }

    static func detail(_ trace: ExpressionTrace) -> String {
        var parts: [String] = []
        if !trace.deciding.isEmpty {
            parts.append("decided by: " + trace.deciding.map { step in
                "\(step.text) → " + (step.outcome.map { outcome in
                    switch outcome {
                    case let .success(value): ValueText.literal(value)
                    case let .failure(error): "error: \(error.message)"
                    }
                } ?? "not evaluated")
            }.joined(separator: "; "))
        }
        if !trace.factsRead.isEmpty {
            parts.append("facts read: " + trace.factsRead.map { "\($0.name) = \($0.value.map(ValueText.literal) ?? "(no value)")" }
                .joined(separator: ", "))
        }
        return parts.joined(separator: "\n")
    }
}
