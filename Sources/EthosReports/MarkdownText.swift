/// Text users wrote (feedback, names, teams), made inert in a Markdown report: it reads as the
/// same words, but cannot add a heading, a list, a link, an image, raw HTML or a table column,
/// nor leave the line it is on.
///
/// Characters that start inline Markdown or HTML anywhere (`\ ` * _ [ ] < > | & ! ~`) are
/// backslash-escaped; those that start a block (`#`, `>`, a list marker followed by a space)
/// only where the value starts; line breaks and tabs become spaces; other control and
/// invisible format characters (escape sequences, bidirectional overrides) become U+FFFD.
enum MarkdownText {
    static func escaped(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n", "\r", "\t": result.unicodeScalars.append(" ")
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "&", "!", "~":
                result.unicodeScalars.append("\\")
                result.unicodeScalars.append(scalar)
            default:
                let control = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                    || (scalar.properties.generalCategory == .format && scalar.value != 0x200D)
                result.unicodeScalars.append(control ? "\u{FFFD}" : scalar)
            }
        }
        return escapingBlockStart(result)
    }

    /// `text` with a heading or list marker at its start escaped (`>` is escaped everywhere).
    private static func escapingBlockStart(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars.prefix(12))
        guard let first = scalars.first else { return text }
        let spaceAfter = { (index: Int) in index >= scalars.count || scalars[index] == " " }
        if first == "#" || ((first == "-" || first == "+") && spaceAfter(1)) { return "\\" + text }
        // An ordered-list marker: up to nine digits, then `.` or `)`, then a space.
        let digits = scalars.prefix { ("0"..."9").contains($0) }.count
        if (1...9).contains(digits), digits < scalars.count, scalars[digits] == "." || scalars[digits] == ")", spaceAfter(digits + 1) {
            return String(text.unicodeScalars.prefix(digits)) + "\\" + String(text.unicodeScalars.dropFirst(digits))
        }
        return text
    }

    /// Every text in a template model escaped, however deep.
    static func escapedModel(_ value: Any) -> Any {
        switch value {
        case let text as String: escaped(text)
        case let dictionary as [String: Any]: dictionary.mapValues(escapedModel)
        case let array as [Any]: array.map(escapedModel)
        default: value
        }
    }
}
