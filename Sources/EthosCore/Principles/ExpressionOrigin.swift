package import Yams

/// Where a rule's condition is written, so an error at an offset inside the expression can be
/// reported at the file's line and column.
package struct ExpressionOrigin {
    package let node: Node
    package let text: String
    package let file: String
    /// Whitespace trimmed from the start of the value before it became the expression.
    package let leadingTrim: Int

    package init(node: Node, text: String, file: String, leadingTrim: Int) {
        self.node = node
        self.text = text
        self.file = file
        self.leadingTrim = leadingTrim
    }

    /// The file position of expression offset `offset` (in Unicode scalars).
    package func location(at offset: Int) -> SourceLocation {
        let fallback: SourceLocation = node.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) } ?? .start(of: file)
        guard case let .scalar(scalar) = node, let map = ScalarSourceMap(scalar: scalar, text: text, file: file) else { return fallback }
        return map.location(at: offset + leadingTrim)
    }
}

// A composed YAML node is never mutated after composition (Yams' `Tag` is a class, which is all
// that keeps `Node` from being `Sendable`), so an origin may be kept by a plugin factory.
extension ExpressionOrigin: @unchecked Sendable {}
