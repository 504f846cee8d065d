/// A value a fact (or a rule expression) can have.
///
/// `Hashable` here is structural, for use in Swift collections; the rules engine applies CEL's
/// own equality (numbers compare across `int` and `double`, maps ignore order).
public enum FactValue: Hashable, Sendable {
    /// `null`.
    case null
    /// A boolean.
    case bool(Bool)
    /// A 64-bit signed integer.
    case int(Int64)
    /// A 64-bit floating-point number.
    case double(Double)
    /// A string.
    case string(String)
    /// An instant.
    case timestamp(FactTimestamp)
    /// A span of time.
    case duration(FactDuration)
    /// A list.
    case list([FactValue])
    /// A map, in insertion order.
    case map(FactMap)

    /// The value's type; a list or map reports the type of its elements when they all agree,
    /// else `dyn`.
    public var type: FactType {
        switch self {
        case .null: return .null
        case .bool: return .bool
        case .int: return .int
        case .double: return .double
        case .string: return .string
        case .timestamp: return .timestamp
        case .duration: return .duration
        case let .list(elements):
            return .list(Self.commonType(elements.lazy.map(\.type)))
        case let .map(map):
            return .map(Self.commonType(map.keys.lazy.map(\.type)), Self.commonType(map.values.lazy.map(\.type)))
        }
    }

    /// The name of the value's kind: `int`, `list`, `map`…
    public var kindName: String {
        switch self {
        case .list: "list"
        case .map: "map"
        default: type.description
        }
    }

    private static func commonType<S: Sequence<FactType>>(_ types: S) -> FactType {
        var common: FactType?
        for type in types {
            if common == nil { common = type } else if common != type { return .dyn }
        }
        return common ?? .dyn
    }
}

// Not ExpressibleByNilLiteral on purpose: `condition ? value : nil` would silently become `.null`.
extension FactValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral {
    /// A string value.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An int value.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// A double value.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A bool value.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A list value.
    public init(arrayLiteral elements: FactValue...) { self = .list(elements) }
}
