internal import EthosCore
internal import Foundation

/// Small JSON values stored in text columns: lists of strings, and the text spans of evidence
/// stored before migration v4.
enum JSONText {
    static func array(_ strings: [String]) -> String {
        "[" + strings.map(ValueText.jsonString).joined(separator: ",") + "]"
    }

    static func strings(_ text: String?) -> [String] {
        guard let data = text?.data(using: .utf8), let array = try? JSONSerialization.jsonObject(with: data) as? [String] else { return [] }
        return array
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
