internal import EthosCore
typealias EthosCoreDiagnostic = Diagnostic
internal import Foundation

/// JSON output: pretty, with sorted keys so output is stable and diffable.
enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// A diagnostic as JSON.
struct DiagnosticJSON: Encodable {
    var file: String
    var line: Int
    var column: Int
    var severity: String
    var message: String
}

extension DiagnosticJSON {
    init(_ diagnostic: EthosCoreDiagnostic) {
        self.init(file: diagnostic.location.file, line: diagnostic.location.line, column: diagnostic.location.column,
                  severity: diagnostic.severity.rawValue, message: diagnostic.message)
    }
}
