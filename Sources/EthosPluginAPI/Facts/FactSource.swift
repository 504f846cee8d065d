/// Where an evaluation gets its facts. Each fact is asked for at most once per evaluation, and
/// only if an expression reads it, so a source may compute facts lazily.
public protocol FactSource {
    /// The value of the fact `name`, or `nil` when the fact is absent for this record (a
    /// feedback record has no `record.minutes`).
    func fact(named name: String) -> FactValue?
}

/// Facts given up front, by name.
public struct FactValues: FactSource, Sendable, ExpressibleByDictionaryLiteral {
    /// The values, by dotted name.
    public var values: [String: FactValue]

    /// Creates facts from a dictionary.
    public init(_ values: [String: FactValue] = [:]) {
        self.values = values
    }

    /// Creates facts from a literal.
    public init(dictionaryLiteral elements: (String, FactValue)...) {
        self.values = Dictionary(elements) { _, last in last }
    }

    /// The value named `name`.
    public func fact(named name: String) -> FactValue? { values[name] }
}
