public import EthosPluginAPI
/// One problem found while loading principles or settings, with where it is and how bad it is.
///
/// Rendered in the compiler's format so editors and CI annotate the right line:
///
/// ```
/// Principles/growth.yaml:4:3: error: Unknown key 'tenants' in a principle; did you mean 'tenets'?
/// ```
public struct Diagnostic: Hashable, Sendable, Error {
    /// How serious a diagnostic is.
    public enum Severity: String, Hashable, Sendable, Codable {
        /// The input is rejected.
        case error
        /// The input loads, but something is probably not what the author meant.
        case warning
    }

    /// Where the problem is.
    public var location: SourceLocation
    /// How serious it is.
    public var severity: Severity
    /// What the problem is; its wording lives in ``Issue``.
    public var issue: Issue

    /// Creates a diagnostic; the severity defaults to the one the issue carries.
    public init(_ issue: Issue, at location: SourceLocation, severity: Severity? = nil) {
        self.location = location
        self.issue = issue
        self.severity = severity ?? issue.defaultSeverity
    }

    /// The message alone, a full sentence.
    public var message: String { issue.message }

    /// `path:line:column: severity: message`.
    public var formatted: String { "\(location): \(severity.rawValue): \(message)" }
}

extension Diagnostic: Comparable {
    /// Orders by location, errors before warnings at the same place, then by message.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        if lhs.severity != rhs.severity { return lhs.severity == .error }
        return lhs.message < rhs.message
    }
}

extension Diagnostic: CustomStringConvertible {
    /// The formatted diagnostic.
    public var description: String { formatted }
}

/// A set of diagnostics that made an operation fail: thrown when a principles set or a
/// settings file has at least one error.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    /// Every diagnostic found, sorted; at least one is an error.
    public var diagnostics: [Diagnostic]

    /// Creates the error from the diagnostics found, sorting them.
    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted()
    }

    /// The diagnostics, one per line.
    public var description: String { diagnostics.map(\.formatted).joined(separator: "\n") }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }
}
