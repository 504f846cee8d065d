package import EthosCore
internal import Foundation

/// Small JSON values stored in text columns: lists of strings, and the text spans of evidence
/// stored before migration v4.
package enum JSONText {
    package static func array(_ strings: [String]) -> String {
        "[" + strings.map(ValueText.jsonString).joined(separator: ",") + "]"
    }

    /// The strings of a JSON array of strings; none for anything else. Every record read carries
    /// two (its principles and tags), nearly always empty or a few plain words: those are read
    /// here, anything with an escape or other JSON by Foundation.
    package static func strings(_ text: String?) -> [String] {
        guard var text else { return [] }
        if let plain = text.withUTF8(plainStrings) { return plain }
        guard let array = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String] else { return [] }
        return array
    }

    /// `["a","b"]` (no spaces, no escapes), as `ValueText.jsonString` writes plain words; nil otherwise.
    private static func plainStrings(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]") else { return nil }
        var strings: [String] = [], index = 1
        let end = bytes.count - 1
        while index < end {
            guard bytes[index] == UInt8(ascii: "\"") else { return nil }
            var close = index + 1
            while close < end, bytes[close] != UInt8(ascii: "\""), bytes[close] != UInt8(ascii: "\\"), bytes[close] >= 0x20 { close += 1 }
            guard close < end, bytes[close] == UInt8(ascii: "\"") else { return nil }
            strings.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<close]), as: UTF8.self))
            index = close + 1
            if index < end {
                guard bytes[index] == UInt8(ascii: ","), index + 1 < end else { return nil }
                index += 1
            }
        }
        return strings
    }

    package static func spans(_ text: String?) -> [TextSpan] {
        guard let data = text?.data(using: .utf8),
              let array = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return [] }
        return array.compactMap { object in
            guard let start = object["start"] as? Int, let end = object["end"] as? Int, let text = object["text"] as? String else { return nil }
            return TextSpan(start: start, end: end, text: text)
        }
    }
}
