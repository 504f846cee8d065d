/// Spreadsheet formula injection (OWASP, "CSV Injection"): Excel, LibreOffice and Google Sheets
/// run a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula, so a
/// feedback text such as `=HYPERLINK(…)` would run on the machine of whoever opens an export.
///
/// ``guarded(_:)`` writes such a cell with a leading `'`, which spreadsheets show as text, and
/// ``unguarded(_:)`` takes it off again, so what Ethos writes reads back exactly:
/// a cell is guarded when, after any apostrophes it starts with, its first character is one of
/// those, and a cell read is unguarded when it starts with an apostrophe followed by the same.
/// A cell that is only a number (`-0.25`) cannot run anything and is written as it is.
public enum CSVFormulaGuard {
    /// `text` as a spreadsheet reads it as text.
    public static func guarded(_ text: String) -> String {
        let utf8 = text.utf8
        guard let first = utf8.first(where: { $0 != apostrophe }), triggers.contains(first), !isNumber(utf8) else { return text }
        return "'" + text
    }

    /// `text` as it was before ``guarded(_:)``.
    public static func unguarded(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.first == apostrophe, let first = utf8.first(where: { $0 != apostrophe }), triggers.contains(first) else { return text }
        return String(text.dropFirst())
    }

    private static let apostrophe = UInt8(ascii: "'")
    private static let triggers: Set<UInt8> = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D]

    /// An optional sign, digits, and an optional fraction: nothing a spreadsheet could run.
    private static func isNumber(_ utf8: String.UTF8View) -> Bool {
        var bytes = utf8[...]
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        let parts = bytes.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        return !bytes.isEmpty && parts.allSatisfy { part in !part.isEmpty && part.allSatisfy { (0x30...0x39).contains($0) } }
    }
}
