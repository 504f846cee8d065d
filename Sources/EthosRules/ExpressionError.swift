/// A problem with a rule expression found before it runs: a syntax or a type error.
///
/// `range` counts Unicode scalars from the start of the expression, so a caller that knows
/// where the expression sits in a file can point at the exact column.
public struct ExpressionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Whether the expression could not be read, or read but not typed.
    public enum Kind: String, Hashable, Sendable {
        /// The expression is not valid syntax.
        case syntax
        /// The expression is valid syntax but uses a name, function or operator wrongly.
        case type
    }

    /// The kind of problem.
    public var kind: Kind
    /// The message: a full sentence that says what to do.
    public var message: String
    /// Where in the expression, in Unicode scalars.
    public var range: Range<Int>

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, at range: Range<Int>) {
        self.kind = kind
        self.message = message
        self.range = range
    }

    /// `column N: message`, with a 1-based column.
    public var description: String { "column \(range.lowerBound + 1): \(message)" }
}

/// A problem found while evaluating an expression: division by zero, overflow, a missing key,
/// a bad regular expression. Evaluation errors never crash; the rule counts as not fired.
public struct EvaluationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The message.
    public var message: String
    /// Where in the expression the error arose, in Unicode scalars.
    public var range: Range<Int>

    /// Creates an error.
    public init(_ message: String, at range: Range<Int>) {
        self.message = message
        self.range = range
    }

    /// The message.
    public var description: String { message }
}
