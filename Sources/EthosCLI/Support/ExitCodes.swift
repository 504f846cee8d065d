/// The exit codes of `ethos`, as documented in the README.
public enum EthosExitCode {
    /// The command did what was asked.
    public static let success: Int32 = 0
    /// Invalid input or findings: diagnostics, failed checks, an unknown id.
    public static let failure: Int32 = 1
    /// A malformed command line (swift-argument-parser's code, `EX_USAGE`).
    public static let usage: Int32 = 64
    /// A bug or an environment fault inside Ethos (`EX_SOFTWARE`).
    public static let internalError: Int32 = 70
}

/// An error the user can act on; `ethos` prints its message after `error:` and exits 1.
public struct EthosError: Error, Sendable, CustomStringConvertible {
    /// The message: a full sentence that says what to do.
    public var message: String

    /// Whether the message starts with its own location (`file:line:column: error: …`), and
    /// is printed as it is rather than after "error: ".
    public var isLocated = false

    /// Creates an error.
    public init(_ message: String, isLocated: Bool = false) {
        self.message = message
        self.isLocated = isLocated
    }

    /// The message.
    public var description: String { message }
}
