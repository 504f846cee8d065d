internal import Foundation

/// An `application/x-www-form-urlencoded` body or query string: each name's values, in order.
struct FormFields: Sendable {
    private var values: [String: [String]] = [:]

    init(_ encoded: String) {
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { continue }
            values[name, default: []].append(parts.count > 1 ? Self.decode(parts[1]) ?? "" : "")
        }
    }

    /// The first value of `name`, trimmed; nil when absent or empty.
    subscript(_ name: String) -> String? {
        guard let value = values[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// The first value of `name` as sent, not trimmed (a text someone wrote).
    func raw(_ name: String) -> String? { values[name]?.first }

    /// Every non-empty value of `name` (checkboxes, repeated fields).
    func all(_ name: String) -> [String] {
        (values[name] ?? []).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Whether a checkbox named `name` was ticked.
    func isOn(_ name: String) -> Bool { values[name] != nil }

    private static func decode(_ part: Substring) -> String? {
        String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
