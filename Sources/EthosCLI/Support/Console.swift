internal import Foundation

/// Where a command's output goes: standard output and standard error, or — for tests and
/// programs that run `ethos` in process — anything that takes text.
public struct Terminal: Sendable {
    /// Writes text to standard output.
    public let out: @Sendable (String) -> Void
    /// Writes text to standard error.
    public let err: @Sendable (String) -> Void
    /// Whether standard error is an interactive terminal, for the progress line.
    public let isInteractive: Bool

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void, isInteractive: Bool = false) {
        self.out = out
        self.err = err
        self.isInteractive = isInteractive
    }

    /// The process's own standard output and standard error.
    public static let standard = Terminal(
        out: { FileHandle.standardOutput.write(Data($0.utf8)) },
        err: { FileHandle.standardError.write(Data($0.utf8)) },
        isInteractive: isatty(STDERR_FILENO) != 0)
}

/// Writes to the terminal the command runs with (``EthosMain/run(_:terminal:)`` binds it for the
/// command's task). Output goes through here so that every command prints the same way.
enum Console {
    @TaskLocal static var terminal = Terminal.standard

    /// Human-readable text. Control characters in it (escape sequences a user wrote into a text,
    /// a name or a plugin's reason among them) are shown as `\u{1B}`, not obeyed; line breaks stay.
    static func out(_ text: String) {
        terminal.out(line(TerminalText.escaped(text, keepingLineBreaks: true)))
    }

    /// Human-readable text on standard error, made safe as ``out(_:)`` makes it.
    static func err(_ text: String) {
        terminal.err(line(TerminalText.escaped(text, keepingLineBreaks: true)))
    }

    /// A machine-readable format (JSON, JSON Lines, CSV) written as it is: the format's own
    /// escaping applies, and what is written must read back exactly.
    static func data(_ text: String) {
        terminal.out(line(text))
    }

    /// Text written as it is, with no line break added (a report file's bytes to standard output).
    static func raw(_ text: String) {
        terminal.out(text)
    }

    private static func line(_ text: String) -> String {
        text.hasSuffix("\n") ? text : text + "\n"
    }
}
