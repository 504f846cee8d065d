internal import EthosCore

/// A syntax or type error in an expression given on the command line, in the compiler's
/// format with the expression and a caret under the problem:
///
/// ```
/// <expression>:1:8: error: Unknown fact 'record.minuts'; did you mean 'record.minutes'?
///   record.minuts >= 30
///          ^~~~~~
/// ```
enum ExpressionDiagnostic {
    static func render(_ error: ExpressionError, in expression: String) -> String {
        let lines = expression.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        var line = 0, offset = error.range.lowerBound
        while line < lines.count - 1, offset > lines[line].count {
            offset -= lines[line].count + 1
            line += 1
        }
        let text = String(String.UnicodeScalarView(lines[line]))
        let width = max(1, min(error.range.count, lines[line].count - offset))
        let marker = String(repeating: " ", count: offset) + "^" + String(repeating: "~", count: width - 1)
        return "<expression>:\(line + 1):\(offset + 1): error: \(error.message)\n  \(text)\n  \(marker)"
    }
}
