/// A position in a source file, in the compiler's terms: 1-based line and column.
///
/// Columns count Unicode scalars, as libyaml does, so a column points at the same character an
/// editor shows for text with accents or emoji.
public struct SourceLocation: Hashable, Sendable {
    /// The path as the user gave it (relative paths stay relative).
    public var file: String
    /// The line, starting at 1.
    public var line: Int
    /// The column, starting at 1.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The start of `file`, for problems found at its beginning.
    public static func start(of file: String) -> SourceLocation {
        SourceLocation(file: file, line: 1, column: 1)
    }

    /// A whole file or directory rather than a place in it (line and column 0), for problems
    /// such as a missing path; it prints as the bare path.
    public static func whole(_ path: String) -> SourceLocation {
        SourceLocation(file: path, line: 0, column: 0)
    }
}

extension SourceLocation: Comparable {
    /// Orders by file, then line, then column: the order diagnostics are printed in.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

extension SourceLocation: CustomStringConvertible {
    /// `path:line:column`, or the bare path for a ``whole(_:)`` location.
    public var description: String { line == 0 ? file : "\(file):\(line):\(column)" }
}
