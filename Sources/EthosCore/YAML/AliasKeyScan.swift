/// A lexical pass that finds mapping keys which are aliases, explicit (`? `) keys or flow
/// collections, before libyaml composes the document.
///
/// Yams hashes every mapping key while composing, and an alias key that points at a nested
/// alias structure ("billion laughs" used as a key) makes that hash exponential. No Ethos format
/// needs such keys, so they are refused up front, in time linear in the file. The scan follows
/// quotes, comments and block scalars so that text inside them never trips it.
enum AliasKeyScan {
    struct Position { var line: Int; var column: Int }

    /// The position of the first complex or alias key, or `nil` when every key is plain.
    static func firstAliasKey(in text: String) -> Position? {
        var scanner = Scanner()
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if let column = scanner.scan(line: Array(line.unicodeScalars)) {
                return Position(line: lineNumber, column: column)
            }
        }
        return nil
    }

    private struct Scanner {
        enum Quote { case none, single, double }
        var quote = Quote.none
        var flowDepth = 0
        /// Lines indented more than this belong to a block scalar (`|` or `>`).
        var blockScalarIndent: Int?
        /// Whether the last significant character lets a node start: line start, `- `, `? `,
        /// `: `, `[`, `{` or `,`.
        var atNodeStart = true
        /// Columns of open flow collections that began at a node start.
        var flowStarts: [Bool] = []

        mutating func scan(line: [Unicode.Scalar]) -> Int? {
            let indent = line.prefix { $0 == " " }.count
            if let blockIndent = blockScalarIndent {
                if indent == line.count || indent > blockIndent { return nil }
                blockScalarIndent = nil
            }
            if quote == .none, flowDepth == 0 { atNodeStart = true }
            var index = quote == .none ? indent : 0
            var pendingBlockScalar = false
            while index < line.count {
                let char = line[index]
                let next: Unicode.Scalar? = index + 1 < line.count ? line[index + 1] : nil
                let nextIsBreak = next == nil || next == " " || next == "\t"
                switch quote {
                case .single:
                    if char == "'" {
                        if next == "'" { index += 1 } else { quote = .none; atNodeStart = false }
                    }
                    index += 1
                    continue
                case .double:
                    if char == "\\" { index += 2; continue }
                    if char == "\"" { quote = .none; atNodeStart = false }
                    index += 1
                    continue
                case .none:
                    break
                }
                switch char {
                case " ", "\t":
                    break
                case "#" where index == 0 || line[index - 1] == " " || line[index - 1] == "\t":
                    return nil
                case "'" where atNodeStart:
                    quote = .single
                case "\"" where atNodeStart:
                    quote = .double
                case "?" where atNodeStart && (nextIsBreak || flowDepth > 0 && (next == "," || next == "]" || next == "}")):
                    return index + 1
                case "*" where atNodeStart:
                    if aliasIsKey(line, from: index) { return index + 1 }
                    atNodeStart = false
                case "[", "{":
                    flowStarts.append(atNodeStart)
                    flowDepth += 1
                    atNodeStart = true
                case "]", "}":
                    let startedAtNode = flowStarts.popLast() ?? false
                    flowDepth = max(0, flowDepth - 1)
                    if startedAtNode, followedByColon(line, from: index + 1) { return index + 1 }
                    atNodeStart = false
                case "," where flowDepth > 0:
                    atNodeStart = true
                case "-" where atNodeStart && nextIsBreak && flowDepth == 0:
                    atNodeStart = true
                case ":" where nextIsBreak || (flowDepth > 0 && (next == "," || next == "]" || next == "}")):
                    atNodeStart = true
                case "|" where atNodeStart && flowDepth == 0, ">" where atNodeStart && flowDepth == 0:
                    pendingBlockScalar = true
                    atNodeStart = false
                default:
                    if atNodeStart {
                        // A plain scalar: skip to the end of its word.
                        atNodeStart = false
                    }
                }
                index += 1
            }
            if pendingBlockScalar { blockScalarIndent = indent }
            return nil
        }

        /// Whether the alias starting at `start` is followed, on this line, by the `:` of a key.
        private func aliasIsKey(_ line: [Unicode.Scalar], from start: Int) -> Bool {
            var index = start + 1
            while index < line.count, isAnchorCharacter(line[index]) { index += 1 }
            return followedByColon(line, from: index)
        }

        /// libyaml's anchor characters: ASCII letters, digits, `_` and `-`.
        private func isAnchorCharacter(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-")
        }

        private func followedByColon(_ line: [Unicode.Scalar], from start: Int) -> Bool {
            var index = start
            while index < line.count, line[index] == " " || line[index] == "\t" { index += 1 }
            guard index < line.count, line[index] == ":" else { return false }
            let after = index + 1 < line.count ? line[index + 1] : " "
            return after == " " || after == "\t" || ",]}".unicodeScalars.contains(after)
        }
    }
}
