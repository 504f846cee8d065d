internal import EthosCore

/// The outcome of `ethos principles check`: diagnostics, counts, and the one-line summary.
struct CheckReport {
    let diagnostics: [Diagnostic]
    let fileCount: Int
    let principles: PrincipleSet?
    let strict: Bool

    init(load: PrinciplesLoad, settingsDiagnostics: [Diagnostic], settingsFile: String?, strict: Bool) {
        diagnostics = (settingsDiagnostics + load.diagnostics).sorted()
        fileCount = load.fileCount + (settingsFile == nil ? 0 : 1)
        principles = load.principles
        self.strict = strict
    }

    var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
    var passed: Bool { errorCount == 0 && principles != nil && !(strict && warningCount > 0) }

    var summary: String {
        let problems = "\(Plural.count(errorCount, "error")), \(Plural.count(warningCount, "warning"))"
        guard passed, let principles else {
            return "Found \(problems) in \(Plural.count(fileCount, "file"))."
        }
        let rules = principles.reduce(0) { $0 + $1.rules.count }
        let examples = principles.reduce(0) { $0 + $1.examples.all.count }
        let checked = "Checked \(Plural.count(principles.count, "principle")) (\(Plural.count(rules, "rule")), "
            + "\(Plural.count(examples, "example"))) in \(Plural.count(fileCount, "file"))"
        return warningCount == 0 ? "\(checked): no problems." : "\(checked): \(problems)."
    }

    struct JSON: Encodable {
        var valid: Bool
        var files: Int
        var principles: Int
        var errors: Int
        var warnings: Int
        var diagnostics: [DiagnosticJSON]
    }

    var json: JSON {
        JSON(valid: passed, files: fileCount, principles: principles?.count ?? 0, errors: errorCount,
             warnings: warningCount, diagnostics: diagnostics.map(DiagnosticJSON.init))
    }
}

/// "1 error", "2 errors".
enum Plural {
    static func count(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
