/// CEL's conversion functions and the text form of values.
enum Conversions {
    typealias Failure = Operations.Failure

    static func toInt(_ value: FactValue) throws(Failure) -> FactValue {
        switch value {
        case .int: return value
        case let .double(d):
            guard d.isFinite, d > -9_223_372_036_854_775_809.0, d < 9_223_372_036_854_775_808.0 else {
                throw Failure(message: "The double \(format(d)) is out of range for int.")
            }
            return .int(Int64(d.rounded(.towardZero)))
        case let .string(s):
            guard let parsed = Int64(s) else { throw Failure(message: "Cannot convert the string '\(s)' to int.") }
            return .int(parsed)
        case let .timestamp(t): return .int(t.seconds)
        default: throw Failure(message: "No function int() for \(value.kindName).")
        }
    }

    static func toDouble(_ value: FactValue) throws(Failure) -> FactValue {
        switch value {
        case .double: return value
        case let .int(i): return .double(Double(i))
        case let .string(s):
            switch s {
            case "NaN": return .double(.nan)
            case "Infinity", "+Infinity", "inf", "+inf": return .double(.infinity)
            case "-Infinity", "-inf": return .double(-.infinity)
            default:
                guard let parsed = Double(s), !s.isEmpty else { throw Failure(message: "Cannot convert the string '\(s)' to double.") }
                return .double(parsed)
            }
        default: throw Failure(message: "No function double() for \(value.kindName).")
        }
    }

    /// CEL's `bool()`: a bool as it is; the strings CEL accepts for each value.
    static func toBool(_ value: FactValue) throws(Failure) -> FactValue {
        switch value {
        case .bool: return value
        case let .string(s):
            switch s {
            case "1", "t", "true", "TRUE", "True": return .bool(true)
            case "0", "f", "false", "FALSE", "False": return .bool(false)
            default: throw Failure(message: "Cannot convert the string '\(s)' to bool; CEL reads 1, t, true, TRUE, True, 0, f, false, FALSE and False.")
            }
        default: throw Failure(message: "No function bool() for \(value.kindName).")
        }
    }

    static func toString(_ value: FactValue) throws(Failure) -> FactValue {
        switch value {
        case .string: return value
        case let .int(i): return .string(String(i))
        case let .double(d): return .string(format(d))
        case let .bool(b): return .string(b ? "true" : "false")
        case let .timestamp(t): return .string(t.description)
        case let .duration(d): return .string(d.description)
        default: throw Failure(message: "No function string() for \(value.kindName).")
        }
    }

    static func toTimestamp(_ value: FactValue) throws(Failure) -> FactValue {
        switch value {
        case .timestamp: return value
        case let .string(s):
            guard let parsed = FactTimestamp(parsing: s) else {
                throw Failure(message: "Cannot read '\(s)' as a timestamp; use RFC 3339, like 2026-01-01T00:00:00Z.")
            }
            return .timestamp(parsed)
        case let .int(seconds):
            guard let parsed = FactTimestamp(seconds: seconds) else { throw Failure(message: "Timestamp out of range (years 1 to 9999).") }
            return .timestamp(parsed)
        default: throw Failure(message: "No function timestamp() for \(value.kindName).")
        }
    }

    static func toDuration(_ value: FactValue) throws(Failure) -> FactValue {
        switch value {
        case .duration: return value
        case let .string(s):
            guard let parsed = FactDuration(parsing: s) else {
                throw Failure(message: "Cannot read '\(s)' as a duration; use numbers with units h, m, s, ms, us or ns, like 90m or 1h30m.")
            }
            return .duration(parsed)
        default: throw Failure(message: "No function duration() for \(value.kindName).")
        }
    }

    /// A double as CEL implementations print it (Go's `%g` with the shortest digits): `1.5`,
    /// `100`, `1e+21`, `1e-05`, `NaN`, `+Inf` written as `Infinity`.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        // Swift's description gives the shortest round-trip digits; re-lay them out like Go.
        let description = abs(value).description
        var mantissa = description, exponent = 0
        if let e = description.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = String(description[..<e])
            exponent = Int(description[description.index(after: e)...]) ?? 0
        }
        var digits = String(mantissa.filter { $0 != "." })
        let pointPosition = (mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count)
        var decimalExponent = pointPosition + exponent // value = 0.digits × 10^decimalExponent
        while digits.hasPrefix("0"), digits.count > 1 {
            digits.removeFirst()
            decimalExponent -= 1
        }
        while digits.hasSuffix("0"), digits.count > 1 { digits.removeLast() }
        let sign = value < 0 ? "-" : ""
        let scientificExponent = decimalExponent - 1
        if scientificExponent < -4 || scientificExponent >= 21 {
            let head = String(digits.prefix(1)), tail = String(digits.dropFirst())
            let magnitude = abs(scientificExponent)
            let exponentText = (scientificExponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + String(magnitude)
            return sign + head + (tail.isEmpty ? "" : "." + tail) + "e" + exponentText
        }
        if decimalExponent <= 0 {
            return sign + "0." + String(repeating: "0", count: -decimalExponent) + digits
        }
        if decimalExponent >= digits.count {
            return sign + digits + String(repeating: "0", count: decimalExponent - digits.count)
        }
        let split = digits.index(digits.startIndex, offsetBy: decimalExponent)
        return sign + digits[..<split] + "." + digits[split...]
    }
}
