/// Where an evaluation gets its facts. Each fact is asked for at most once per evaluation, and
/// only if an expression reads it, so a source may compute facts lazily.
public protocol FactSource {
    /// The value of the fact `name`, or `nil` when the fact is absent for this record (a
    /// feedback record has no `record.minutes`).
    func fact(named name: String) -> FactValue?

    /// The fact `key.name`, `key` resolved once against the ``FactSchema`` an expression was
    /// compiled with, so that a source built on the same schema can find the fact by its
    /// position instead of by its name. Must answer what `fact(named: key.name)` answers; the
    /// default asks that.
    func fact(_ key: FactKey) -> FactValue?
}

extension FactSource {
    /// Asks ``fact(named:)``.
    public func fact(_ key: FactKey) -> FactValue? { fact(named: key.name) }
}

/// A fact's name with its position among the sorted names of a ``FactSchema``
/// (``FactSchema/keys``): rules read facts by key, once per record and fact, and a source
/// that knows the same schema answers by position (checking the name there) without hashing it.
public struct FactKey: Hashable, Sendable {
    /// The dotted name.
    public let name: String
    /// The name's index in the schema's ``FactSchema/names``; -1 when it has none.
    public let position: Int

    /// Creates a key.
    public init(name: String, position: Int) {
        self.name = name
        self.position = position
    }
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
