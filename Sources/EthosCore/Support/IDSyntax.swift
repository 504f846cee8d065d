/// The syntax of ids: kebab-case, as in `journey-of-experiences`.
public enum IDSyntax {
    /// Whether `id` is kebab-case: lowercase ASCII letters and digits in words joined by single
    /// hyphens, starting with a letter.
    public static func isValid(_ id: String) -> Bool {
        guard let first = id.utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z"),
              id.utf8.last != UInt8(ascii: "-") else { return false }
        var previousWasHyphen = false
        for byte in id.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                previousWasHyphen = false
            case UInt8(ascii: "-") where !previousWasHyphen:
                previousWasHyphen = true
            default:
                return false
            }
        }
        return true
    }

    /// A kebab-case id made from arbitrary text, for suggestions: `"Community Contribution"` →
    /// `"community-contribution"`.
    public static func suggestion(for text: String) -> String {
        var words: [String] = []
        var word = ""
        var previousWasLower = false
        for scalar in text.unicodeScalars {
            let isUpper = scalar.properties.isUppercase
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if isUpper, previousWasLower, !word.isEmpty {
                    words.append(word)
                    word = ""
                }
                word += String(scalar).lowercased()
                previousWasLower = !isUpper
            } else {
                if !word.isEmpty { words.append(word) }
                word = ""
                previousWasLower = false
            }
        }
        if !word.isEmpty { words.append(word) }
        let ascii = words.joined(separator: "-").unicodeScalars.filter { $0.isASCII }
        let result = String(String.UnicodeScalarView(ascii))
        if result.isEmpty { return "my-id" }
        return result.first?.isLetter == true ? result : "id-\(result)"
    }
}
