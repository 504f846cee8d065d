/// The type of a fact, as rules see it: the value types of Ethos's subset of CEL.
public indirect enum FactType: Hashable, Sendable {
    /// The type of `null`.
    case null
    /// `true` or `false`.
    case bool
    /// A 64-bit signed integer.
    case int
    /// A 64-bit IEEE floating-point number.
    case double
    /// A string of Unicode code points.
    case string
    /// An instant, with nanosecond precision, from year 1 to 9999.
    case timestamp
    /// A signed span of time, with nanosecond precision.
    case duration
    /// A list whose elements have the given type.
    case list(FactType)
    /// A map from keys (`bool`, `int` or `string`) to values.
    case map(FactType, FactType)
    /// Any type, known only at run time.
    case dyn
}

extension FactType: CustomStringConvertible {
    /// The CEL spelling: `int`, `list(string)`, `map(string, double)`.
    public var description: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .double: "double"
        case .string: "string"
        case .timestamp: "timestamp"
        case .duration: "duration"
        case let .list(element): "list(\(element))"
        case let .map(key, value): "map(\(key), \(value))"
        case .dyn: "dyn"
        }
    }
}
