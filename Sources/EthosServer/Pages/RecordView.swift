internal import EthosCore
internal import Foundation

/// A stored record as the pages show it, for one viewer: names for handles, an anonymous
/// author as "Anonymous" (never their handle, whoever reads), the text only when the viewer
/// may read it, and each verdict with the evidence behind it.
enum RecordView {
    /// The record's model; `readable` overrides the viewer's reading rights (the author of an
    /// anonymous record sees it once, as it is recorded).
    static func model(_ record: StoredRecord, scores: [StoredScore], viewer: Viewer, principles: PrincipleSet,
                      readable: Bool? = nil) -> [String: Any] {
        let readable = readable ?? viewer.mayRead(record)
        var model: [String: Any] = [
            "id": record.id,
            "date": String(record.date.description.prefix(10)),
            "kind": record.kind == .feedback ? "Feedback" : "Mentoring",
            "from": record.anonymous ? "Anonymous" : viewer.name(of: record.author ?? ""),
            "to": viewer.name(of: record.subject),
            "visibility": visibilityLabel(record.visibility),
            "readable": readable,
        ]
        if readable {
            model["text"] = record.text
            if !TextLanguage.isSupported(record.text) { model["languageNote"] = TextLanguage.note }
        }
        if let minutes = record.minutes { model["minutes"] = minutes }
        if !record.tags.isEmpty { model["tags"] = record.tags.joined(separator: ", ") }
        // Evidence quotes the text: shown only to those who may read it.
        let sentences = readable ? EvidenceSentences(record.text) : nil
        model["verdicts"] = scores.filter { $0.verdict != .notEvidenced }.map { score in
            var verdict: [String: Any] = ["principle": principles[id: score.principle]?.name ?? score.principle,
                                          "verdict": verdictLabel(score.verdict), "class": score.verdict.rawValue]
            if let sentences {
                let evidence = score.evidence.filter { $0.principle != nil }.prefix(4).map { evidence -> [String: Any] in
                    var item: [String: Any] = ["reason": evidence.reason]
                    if let sentence = sentences.sentence(of: evidence) { item["sentence"] = sentence }
                    return item
                }
                verdict["evidence"] = evidence
                verdict["hasEvidence"] = !evidence.isEmpty
            }
            return verdict
        }
        model["noVerdicts"] = scores.allSatisfy { $0.verdict == .notEvidenced }
        return model
    }

    static func verdictLabel(_ verdict: Verdict) -> String {
        switch verdict {
        case .aligned: "Aligned"
        case .misaligned: "Misaligned"
        case .notEvidenced: "Not evidenced"
        }
    }

    static func visibilityLabel(_ visibility: Visibility) -> String {
        switch visibility {
        case .public: "Everyone"
        case .recipient: "The person it is about, their managers and the author"
        case .manager: "Their managers and the author"
        case .private: "The author only"
        }
    }

    /// The visibility choices of a form, the chosen one marked.
    static func visibilityChoices(selected: Visibility) -> [[String: Any]] {
        Visibility.allCases.map { ["value": $0.rawValue, "label": visibilityLabel($0), "checked": $0 == selected] }
    }

    /// The directory as a form's choices: name and handle, for a search list.
    static func people(_ people: [Person], except handle: String? = nil) -> [[String: Any]] {
        people.filter { $0.handle != handle }.map { ["handle": $0.handle, "name": $0.name ?? $0.handle, "team": $0.team ?? ""] }
    }
}
