internal import EthosCore
internal import Foundation

/// Labels and choices the record pages share.
enum RecordView {
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
