/// A map value: keys in insertion order, with constant-time lookup.
public struct FactMap: Hashable, Sendable {
    /// The keys, in insertion order.
    public private(set) var keys: [FactValue] = []
    /// The values, in the order of ``keys``.
    public private(set) var values: [FactValue] = []
    private var index: [FactValue: Int] = [:]

    /// An empty map.
    public init() {}

    /// A map of `pairs`; a repeated key keeps its last value.
    public init<S: Sequence<(FactValue, FactValue)>>(_ pairs: S) {
        for (key, value) in pairs { self[key] = value }
    }

    /// The number of entries.
    public var count: Int { keys.count }

    /// Whether the map is empty.
    public var isEmpty: Bool { keys.isEmpty }

    /// The value for `key`, or `nil` when absent. Setting a new key appends it.
    public subscript(key: FactValue) -> FactValue? {
        get { index[key].map { values[$0] } }
        set {
            if let position = index[key] {
                if let newValue {
                    values[position] = newValue
                } else {
                    keys.remove(at: position)
                    values.remove(at: position)
                    index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
                }
            } else if let newValue {
                index[key] = keys.count
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    /// Whether `key` is present.
    public func contains(_ key: FactValue) -> Bool { index[key] != nil }

    /// The entries in order.
    public var entries: Zip2Sequence<[FactValue], [FactValue]> { zip(keys, values) }

    /// Maps compare by their entries, regardless of order.
    public static func == (lhs: FactMap, rhs: FactMap) -> Bool {
        lhs.count == rhs.count && lhs.entries.allSatisfy { rhs[$0.0] == $0.1 }
    }

    /// Hashes the entries regardless of order.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for (key, value) in entries {
            var entryHasher = Hasher()
            entryHasher.combine(key)
            entryHasher.combine(value)
            combined ^= entryHasher.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}

extension FactMap: ExpressibleByDictionaryLiteral {
    /// A map literal.
    public init(dictionaryLiteral elements: (FactValue, FactValue)...) {
        self.init(elements)
    }
}
