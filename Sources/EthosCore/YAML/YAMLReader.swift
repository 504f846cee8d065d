package import EthosPluginAPI
package import Yams

/// Reads typed values out of a composed YAML document, collecting a located diagnostic for every
/// problem instead of stopping at the first.
///
/// Every value visited counts against ``YAMLLimits/maxNodes`` (aliases count each time they are
/// expanded), and reading stops once a file has ``YAMLLimits/maxDiagnosticsPerFile`` problems.
package struct YAMLReader {
    package let file: String
    package let limits: YAMLLimits
    package private(set) var diagnostics: [Diagnostic] = []
    private var nodesVisited = 0
    /// Set once a limit is hit; every read then returns `nil`.
    package private(set) var stopped = false

    package init(file: String, limits: YAMLLimits) {
        self.file = file
        self.limits = limits
    }

    // MARK: Reporting

    package func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return .start(of: file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    package mutating func report(_ issue: Issue, at location: SourceLocation, severity: Diagnostic.Severity? = nil) {
        guard !stopped else { return }
        if diagnostics.count >= limits.maxDiagnosticsPerFile {
            diagnostics.append(Diagnostic(.tooManyProblems(limit: limits.maxDiagnosticsPerFile), at: location))
            stopped = true
            return
        }
        diagnostics.append(Diagnostic(issue, at: location, severity: severity))
    }

    package mutating func report(_ issue: Issue, at node: Node, severity: Diagnostic.Severity? = nil) {
        report(issue, at: location(of: node), severity: severity)
    }

    /// Counts a visit; `false` once the document has expanded past the node budget.
    private mutating func visit(_ node: Node) -> Bool {
        guard !stopped else { return false }
        nodesVisited += 1
        if nodesVisited > limits.maxNodes {
            diagnostics.append(Diagnostic(.documentTooLarge(nodeLimit: limits.maxNodes), at: location(of: node)))
            stopped = true
            return false
        }
        return true
    }

    // MARK: Kinds

    package static func kind(of node: Node) -> ValueKind {
        switch node {
        case .mapping: return .mapping
        case .sequence: return .list
        case .alias: return .text
        case let .scalar(scalar):
            guard scalar.style == .plain || scalar.style == .any else { return .text }
            switch node.tag.rawValue {
            case Tag.Name.null.rawValue: return .null
            case Tag.Name.bool.rawValue: return .boolean
            case Tag.Name.int.rawValue: return .integer
            case Tag.Name.float.rawValue: return .number
            default: return .text
            }
        }
    }

    // MARK: Mappings

    /// A mapping's entries, after reporting unknown keys (with a did-you-mean against `allowed`)
    /// and missing `required` keys. `nil` when `node` is not a mapping.
    package mutating func mapping(
        _ node: Node, what: String, allowed: [String], required: [String] = []
    ) -> Entries? {
        guard visit(node) else { return nil }
        guard case let .mapping(mapping) = node else {
            report(.wrongType(what, expected: .mapping, found: Self.kind(of: node)), at: node)
            return nil
        }
        var entries = Entries(location: location(of: node))
        for (key, value) in mapping {
            guard visit(key) else { return nil }
            guard case let .scalar(scalar) = key else {
                report(.complexKey, at: key)
                continue
            }
            let name = scalar.string
            if allowed.contains(name) {
                entries.values[name] = (location(of: key), value)
            } else {
                report(.unknownKey(name, in: what, suggestion: Suggestions.closest(to: name, in: allowed)), at: key)
            }
        }
        for key in required where entries.values[key] == nil {
            report(.missingKey(key, in: what), at: node)
        }
        return entries
    }

    /// The entries of a mapping, by key, with the key's location.
    package struct Entries {
        package let location: SourceLocation
        package var values: [String: (keyLocation: SourceLocation, value: Node)] = [:]

        package subscript(key: String) -> Node? { values[key]?.value }
    }

    // MARK: Scalars

    /// Text from any non-null scalar; reports lists, mappings, null and (unless allowed) empty text.
    package mutating func text(_ node: Node, what: String, allowEmpty: Bool = false) -> String? {
        guard visit(node) else { return nil }
        guard case let .scalar(scalar) = node else {
            report(.wrongType(what, expected: .text, found: Self.kind(of: node)), at: node)
            return nil
        }
        if Self.kind(of: node) == .null {
            report(.emptyValue(what), at: node)
            return nil
        }
        let value = scalar.string
        if !allowEmpty, value.allSatisfy(\.isWhitespace) {
            report(.emptyValue(what), at: node)
            return nil
        }
        return value
    }

    /// A number (integer or decimal), checked against `range`.
    package mutating func number(_ node: Node, what: String, in range: ClosedRange<Double>, allowed: String) -> Double? {
        guard visit(node) else { return nil }
        let kind = Self.kind(of: node)
        guard kind == .integer || kind == .number, let value = node.float else {
            report(.wrongType(what, expected: .number, found: kind), at: node)
            return nil
        }
        guard value.isFinite, range.contains(value) else {
            report(.outOfRange(what, value: Self.format(value, raw: node.string), allowed: allowed), at: node)
            return nil
        }
        return value
    }

    /// An integer, checked against `range`.
    package mutating func integer(_ node: Node, what: String, in range: ClosedRange<Int>) -> Int? {
        guard visit(node) else { return nil }
        let kind = Self.kind(of: node)
        guard kind == .integer, let value = node.int else {
            report(.wrongType(what, expected: .integer, found: kind), at: node)
            return nil
        }
        guard range.contains(value) else {
            report(.outOfRange(what, value: String(value), allowed: "from \(range.lowerBound) to \(range.upperBound)"), at: node)
            return nil
        }
        return value
    }

    /// A boolean.
    package mutating func boolean(_ node: Node, what: String) -> Bool? {
        guard visit(node) else { return nil }
        guard Self.kind(of: node) == .boolean, let value = node.bool else {
            report(.wrongType(what, expected: .boolean, found: Self.kind(of: node)), at: node)
            return nil
        }
        return value
    }

    private static func format(_ value: Double, raw: String?) -> String {
        raw ?? String(value)
    }

    // MARK: Lists

    /// A list's items; `nil` (after a report) when `node` is not a list.
    /// A plugin option's value of `type` (`bool`, `int`, `double`, `string` or `list(string)`).
    package mutating func optionValue(_ node: Node, type: FactType, what: String, allowEmptyText: Bool = false) -> FactValue? {
        switch type {
        case .bool: boolean(node, what: what).map(FactValue.bool)
        case .int: integer(node, what: what, in: Int(Int32.min)...Int(Int32.max)).map { .int(Int64($0)) }
        case .double: number(node, what: what, in: -1e9...1e9, allowed: "a number").map(FactValue.double)
        case .list(.string): textList(node, what: what, itemWhat: "each of \(what)").map { .list($0.map { .string($0.value) }) }
        default: text(node, what: what, allowEmpty: allowEmptyText).map(FactValue.string)
        }
    }

    package mutating func list(_ node: Node, what: String, allowEmpty: Bool = true) -> [Node]? {
        guard visit(node) else { return nil }
        guard case let .sequence(sequence) = node else {
            report(.wrongType(what, expected: .list, found: Self.kind(of: node)), at: node)
            return nil
        }
        if !allowEmpty, sequence.isEmpty {
            report(.emptyValue(what), at: node)
        }
        return Array(sequence)
    }

    /// A list of non-empty texts with their locations.
    package mutating func textList(_ node: Node, what: String, itemWhat: String, allowEmpty: Bool = true) -> [Located<String>]? {
        guard let items = list(node, what: what, allowEmpty: allowEmpty) else { return nil }
        return items.compactMap { item in
            text(item, what: itemWhat).map { Located($0, at: location(of: item)) }
        }
    }
}

/// A value with the place it was read from.
package struct Located<Value> {
    package var value: Value
    package var location: SourceLocation

    package init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Sendable where Value: Sendable {}
