internal import Yams

/// Maps positions inside a decoded YAML scalar back to lines and columns of the file, through
/// quotes, escapes, folded lines and block indentation, so an error inside a rule's `when`
/// points at the character as it stands in the file.
struct ScalarSourceMap {
    /// The file position of each decoded Unicode scalar of the value.
    let positions: [SourceLocation]
    /// Where the value ends, for errors at the end of an expression.
    let end: SourceLocation

    /// Builds the map for `scalar`, read from `text`; `nil` when the raw text cannot be aligned
    /// with the value (callers then fall back to the scalar's start).
    init?(scalar: Node.Scalar, text: String, file: String) {
        guard let mark = scalar.mark else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        var line = mark.line - 1, column = mark.column - 1
        guard line < lines.count else { return nil }
        func current() -> Unicode.Scalar? {
            guard line < lines.count else { return nil }
            return column < lines[line].count ? lines[line][column] : "\n"
        }
        func advance() {
            guard line < lines.count else { return }
            if column < lines[line].count { column += 1 } else { line += 1; column = 0 }
        }
        func here() -> SourceLocation { SourceLocation(file: file, line: line + 1, column: column + 1) }

        let style = scalar.style
        switch style {
        case .singleQuoted, .doubleQuoted: advance() // the opening quote
        case .literal, .folded: line += 1; column = 0 // the header line: | or > and indicators
        default: break
        }
        var positions: [SourceLocation] = []
        let isWhitespace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        for wanted in scalar.string.unicodeScalars {
            var steps = 0
            while true {
                steps += 1
                guard steps < 10_000, let raw = current() else { return nil }
                if style == .doubleQuoted, raw == "\\" {
                    let start = here()
                    advance()
                    guard let code = current() else { return nil }
                    if code == "\n" { advance(); continue } // an escaped line break joins lines
                    let length: Int
                    switch code {
                    case "x": length = 2
                    case "u": length = 4
                    case "U": length = 8
                    default: length = 0
                    }
                    advance()
                    for _ in 0..<length { advance() }
                    positions.append(start)
                    break
                }
                if style == .singleQuoted, raw == "'", wanted == "'" {
                    positions.append(here())
                    advance()
                    advance()
                    break
                }
                if raw == wanted {
                    positions.append(here())
                    advance()
                    break
                }
                // Folding and indentation: raw whitespace and line breaks that the value drops.
                guard isWhitespace(raw) else { return nil }
                if isWhitespace(wanted) {
                    // A folded line break or indentation that the value keeps as one space.
                    positions.append(here())
                    advance()
                    break
                }
                advance()
            }
        }
        self.positions = positions
        self.end = here()
    }

    /// The file position of decoded offset `offset` (in Unicode scalars).
    func location(at offset: Int) -> SourceLocation {
        offset < positions.count ? positions[max(0, offset)] : end
    }
}
