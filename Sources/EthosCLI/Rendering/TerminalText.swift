/// Text that users wrote, made safe to print to a terminal: control characters (escape
/// sequences among them) and invisible format characters (bidirectional overrides) are written
/// as `\u{1B}` rather than obeyed.
enum TerminalText {
    /// `text` made safe; with `keepingLineBreaks`, line feeds and tabs stay as they are (the
    /// layout of a whole output), every other control character is escaped.
    static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
        func unsafe(_ scalar: Unicode.Scalar) -> Bool {
            isControl(scalar) && !(keepingLineBreaks && (scalar == "\n" || scalar == "\t"))
        }
        guard text.unicodeScalars.contains(where: unsafe) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if unsafe(scalar) {
                result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.properties.generalCategory == .format
            && scalar.value != 0x200D
    }
}
