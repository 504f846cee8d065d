import EthosIO
import Foundation
import Testing

@Suite("CSV formula guard")
struct CSVFormulaGuardTests {
    @Test("a cell a spreadsheet would run is written as text", arguments: [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("'=x", "''=x"),
        ("-0.25", "-0.25"), ("+3", "+3"), ("-", "'-"), ("ok", "ok"), ("'ok", "'ok"), ("", ""), ("a=b", "a=b"),
    ])
    func guarded(_ input: String, _ expected: String) {
        #expect(CSVFormulaGuard.guarded(input) == expected)
        #expect(CSVFormulaGuard.unguarded(CSVFormulaGuard.guarded(input)) == input)
    }

    @Test("whatever a cell holds, guarding and unguarding gives it back")
    func roundTrip() {
        let pieces = ["'", "=", "+", "-", "@", "\t", "\r", "1", ".", "a", " ", "\"", ","]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...5, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(CSVFormulaGuard.unguarded(CSVFormulaGuard.guarded(text)) == text, "\(text.debugDescription)")
            // What a spreadsheet sees in the cell once the CSV quoting is undone.
            var cell = CSVWriter.field(text)
            if cell.hasPrefix("\"") { cell = String(cell.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"") }
            #expect(!["=", "+", "-", "@", "\t", "\r"].contains(cell.first.map(String.init) ?? "") || Double(cell) != nil,
                    "\(cell.debugDescription)")
        }
    }
}
