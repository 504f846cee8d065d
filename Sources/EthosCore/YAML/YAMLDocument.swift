internal import EthosPluginAPI
package import Yams

/// A composed YAML document: the root node of one file, or the diagnostic that stops it.
///
/// libyaml (through Yams) does the scanning and parsing; this type turns its errors into located
/// diagnostics and enforces the limits in ``YAMLLimits`` before any value is interpreted.
package struct YAMLDocument {
    package let file: String
    package let root: Node
    /// The decoded text, kept so positions inside scalars can be mapped back to the file.
    package let text: String

    /// Composes `bytes` read from `file`.
    package static func compose(_ bytes: [UInt8], file: String, limits: YAMLLimits) -> Result<YAMLDocument, Diagnostic> {
        let text: String
        switch SourceText.decode(bytes, file: file, limits: limits) {
        case let .success(decoded): text = decoded
        case let .failure(diagnostic): return .failure(diagnostic)
        }
        if let keyProblem = AliasKeyScan.firstAliasKey(in: text) {
            return .failure(Diagnostic(.complexKey, at: SourceLocation(file: file, line: keyProblem.line, column: keyProblem.column)))
        }
        do {
            guard let root = try Yams.compose(yaml: text) else {
                return .failure(Diagnostic(.emptyFile, at: .start(of: file)))
            }
            return .success(YAMLDocument(file: file, root: root, text: text))
        } catch let error as YamlError {
            return .failure(diagnostic(for: error, text: text, file: file))
        } catch {
            return .failure(Diagnostic(.yamlSyntax(problem: "\(error)", context: nil), at: .start(of: file)))
        }
    }

    private static func diagnostic(for error: YamlError, text: String, file: String) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        switch error {
        case let .reader(problem, offset, _, _):
            let location = offset.map { SourceText.location(ofByte: $0, in: Array(text.utf8)[...], file: file) }
            return Diagnostic(.yamlSyntax(problem: problem, context: nil), at: location ?? .start(of: file))
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _):
            return Diagnostic(.yamlSyntax(problem: problem, context: context.map { "(\($0.text) at line \($0.mark.line))" }), at: at(mark))
        case let .composer(context, problem, mark, _):
            if context?.text.contains("single document") == true {
                return Diagnostic(.multipleDocuments, at: at(mark))
            }
            return Diagnostic(.yamlSyntax(problem: problem, context: context.map { "(\($0.text))" }), at: at(mark))
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(.yamlSyntax(problem: "duplicate key \(keys) in one mapping", context: nil), at: at(context.mark))
        default:
            return Diagnostic(.yamlSyntax(problem: "\(error)", context: nil), at: .start(of: file))
        }
    }
}
