/// A fact a rule may read: its dotted name, type and meaning.
public struct FactDeclaration: Hashable, Sendable {
    /// The dotted name rules use: `record.minutes`, `sentiment.compound`.
    public var name: String
    /// The fact's type.
    public var type: FactType
    /// What the fact means, for `ethos plugins show` and the docs.
    public var summary: String

    /// Declares a fact.
    public init(_ name: String, _ type: FactType, _ summary: String) {
        self.name = name
        self.type = type
        self.summary = summary
    }
}

/// The typed names rules may read. Dotted names form groups: `record.kind` and
/// `record.minutes` belong to the group `record`.
public struct FactSchema: Hashable, Sendable {
    /// The declarations, by name.
    public private(set) var declarations: [String: FactDeclaration] = [:]
    /// Every proper prefix of a declared name: `record` for `record.kind`.
    public private(set) var groups: Set<String> = []

    /// An empty schema.
    public init() {}

    /// A schema of `declarations`; a repeated name keeps the first.
    public init(_ declarations: [FactDeclaration]) {
        for declaration in declarations { _ = add(declaration) }
    }

    /// Adds a declaration; returns `false` (and changes nothing) when the name is taken, or
    /// when it clashes with a group (`record` when `record.kind` exists, or the reverse).
    @discardableResult
    public mutating func add(_ declaration: FactDeclaration) -> Bool {
        let name = declaration.name
        guard declarations[name] == nil, !groups.contains(name) else { return false }
        let parts = name.split(separator: ".")
        let prefixes = (1..<max(1, parts.count)).map { parts[0..<$0].joined(separator: ".") }
        guard !prefixes.contains(where: { declarations[$0] != nil }) else { return false }
        declarations[name] = declaration
        groups.formUnion(prefixes)
        return true
    }

    /// The declaration named `name`.
    public subscript(name: String) -> FactDeclaration? { declarations[name] }

    /// Every declared name, sorted.
    public var names: [String] { declarations.keys.sorted() }

    /// Every declared name's key: its position in ``names``.
    public var keys: [String: FactKey] {
        Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, FactKey(name: $1, position: $0)) })
    }

    /// The names directly inside group `group`: `kind`, `minutes`… for `record`.
    public func members(of group: String) -> [String] {
        let prefix = group + "."
        var members: Set<String> = []
        for name in declarations.keys where name.hasPrefix(prefix) {
            members.insert(String(name.dropFirst(prefix.count).prefix { $0 != "." }))
        }
        return members.sorted()
    }

    /// This schema plus `other`'s declarations; names already present are kept.
    public func merging(_ other: FactSchema) -> FactSchema {
        var merged = self
        for name in other.names { if let declaration = other[name] { merged.add(declaration) } }
        return merged
    }
}
