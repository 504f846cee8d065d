/// CEL's operators on values: equality, ordering, arithmetic with overflow checks. Every
/// function is pure and reports failures as a message the evaluator locates.
enum Operations {
    struct Failure: Error {
        var message: String
    }

    // MARK: Equality

    /// CEL equality: numbers compare across `int` and `double` by value (NaN equals nothing),
    /// strings by code point, lists element by element, maps by entries in any order; values of
    /// different types are unequal.
    static func equal(_ lhs: FactValue, _ rhs: FactValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.int(a), .double(b)), let (.double(b), .int(a)): return compare(a, b) == 0
        case let (.string(a), .string(b)): return StringBytes.equal(a, b)
        case let (.timestamp(a), .timestamp(b)): return a == b
        case let (.duration(a), .duration(b)): return a == b
        case let (.list(a), .list(b)):
            return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case let (.map(a), .map(b)):
            guard a.count == b.count else { return false }
            return a.entries.allSatisfy { key, value in
                guard let other = lookup(b, key) else { return false }
                return equal(value, other)
            }
        default:
            return false
        }
    }

    /// The value for `key` in `map`, matching numeric keys across `int` and `double`.
    static func lookup(_ map: FactMap, _ key: FactValue) -> FactValue? {
        if let value = map[key] { return value }
        switch key {
        case let .double(d) where d == d.rounded() && abs(d) < 9.2e18: return map[.int(Int64(d))]
        default: return nil
        }
    }

    /// Compares an int with a double exactly: -1, 0 or 1, or `nil` when the double is NaN.
    static func compare(_ a: Int64, _ b: Double) -> Int? {
        if b.isNaN { return nil }
        if b >= 9_223_372_036_854_775_808.0 { return -1 }
        if b < -9_223_372_036_854_775_808.0 { return 1 }
        let truncated = Int64(b.rounded(.towardZero))
        if a != truncated { return a < truncated ? -1 : 1 }
        let fraction = b - b.rounded(.towardZero)
        return fraction == 0 ? 0 : (fraction > 0 ? -1 : 1)
    }

    // MARK: Ordering

    /// Orders two values of the same orderable type, or `int` against `double`: -1, 0 or 1;
    /// `nil` when the comparison is false either way (NaN).
    static func order(_ lhs: FactValue, _ rhs: FactValue, _ op: String) throws(Failure) -> Int? {
        switch (lhs, rhs) {
        case let (.int(a), .int(b)): return a < b ? -1 : (a == b ? 0 : 1)
        case let (.double(a), .double(b)):
            if a.isNaN || b.isNaN { return nil }
            return a < b ? -1 : (a == b ? 0 : 1)
        case let (.int(a), .double(b)): return compare(a, b)
        case let (.double(a), .int(b)): return compare(b, a).map { -$0 }
        case let (.string(a), .string(b)): return StringBytes.compare(a, b)
        case let (.bool(a), .bool(b)): return a == b ? 0 : (!a ? -1 : 1)
        case let (.timestamp(a), .timestamp(b)): return a < b ? -1 : (a == b ? 0 : 1)
        case let (.duration(a), .duration(b)): return a < b ? -1 : (a == b ? 0 : 1)
        default:
            throw Failure(message: "No operator '\(op)' for \(lhs.kindName) and \(rhs.kindName).")
        }
    }

    // MARK: Arithmetic

    static func overflow() -> Failure { Failure(message: "Integer overflow.") }

    static func add(_ lhs: FactValue, _ rhs: FactValue) throws(Failure) -> FactValue {
        switch (lhs, rhs) {
        case let (.int(a), .int(b)):
            let (sum, overflow) = a.addingReportingOverflow(b)
            if overflow { throw Self.overflow() }
            return .int(sum)
        case let (.double(a), .double(b)): return .double(a + b)
        case let (.string(a), .string(b)): return .string(a + b)
        case let (.list(a), .list(b)): return .list(a + b)
        case let (.timestamp(t), .duration(d)), let (.duration(d), .timestamp(t)):
            guard let result = t.adding(d) else { throw Failure(message: "Timestamp out of range (years 1 to 9999).") }
            return .timestamp(result)
        case let (.duration(a), .duration(b)):
            guard let result = a.adding(b) else { throw Failure(message: "Duration out of range.") }
            return .duration(result)
        default:
            throw Failure(message: "No operator '+' for \(lhs.kindName) and \(rhs.kindName).")
        }
    }

    static func subtract(_ lhs: FactValue, _ rhs: FactValue) throws(Failure) -> FactValue {
        switch (lhs, rhs) {
        case let (.int(a), .int(b)):
            let (difference, overflow) = a.subtractingReportingOverflow(b)
            if overflow { throw Self.overflow() }
            return .int(difference)
        case let (.double(a), .double(b)): return .double(a - b)
        case let (.timestamp(a), .timestamp(b)):
            // CEL's implementations compute this difference in 64-bit nanoseconds (about ±292
            // years), and its conformance suite expects a range error beyond that.
            guard let result = a.since(b), abs(result.seconds) < 9_223_372_036 else {
                throw Failure(message: "Duration out of range: the timestamps are more than 292 years apart.")
            }
            return .duration(result)
        case let (.timestamp(t), .duration(d)):
            guard let negated = d.negated, let result = t.adding(negated) else {
                throw Failure(message: "Timestamp out of range (years 1 to 9999).")
            }
            return .timestamp(result)
        case let (.duration(a), .duration(b)):
            guard let negated = b.negated, let result = a.adding(negated) else { throw Failure(message: "Duration out of range.") }
            return .duration(result)
        default:
            throw Failure(message: "No operator '-' for \(lhs.kindName) and \(rhs.kindName).")
        }
    }

    static func multiply(_ lhs: FactValue, _ rhs: FactValue) throws(Failure) -> FactValue {
        switch (lhs, rhs) {
        case let (.int(a), .int(b)):
            let (product, overflow) = a.multipliedReportingOverflow(by: b)
            if overflow { throw Self.overflow() }
            return .int(product)
        case let (.double(a), .double(b)): return .double(a * b)
        default:
            throw Failure(message: "No operator '*' for \(lhs.kindName) and \(rhs.kindName).")
        }
    }

    static func divide(_ lhs: FactValue, _ rhs: FactValue) throws(Failure) -> FactValue {
        switch (lhs, rhs) {
        case let (.int(a), .int(b)):
            if b == 0 { throw Failure(message: "Division by zero.") }
            let (quotient, overflow) = a.dividedReportingOverflow(by: b)
            if overflow { throw Self.overflow() }
            return .int(quotient)
        case let (.double(a), .double(b)): return .double(a / b)
        default:
            throw Failure(message: "No operator '/' for \(lhs.kindName) and \(rhs.kindName).")
        }
    }

    static func remainder(_ lhs: FactValue, _ rhs: FactValue) throws(Failure) -> FactValue {
        switch (lhs, rhs) {
        case let (.int(a), .int(b)):
            if b == 0 { throw Failure(message: "Modulus by zero.") }
            let (remainder, overflow) = a.remainderReportingOverflow(dividingBy: b)
            if overflow { throw Self.overflow() }
            return .int(remainder)
        default:
            throw Failure(message: "No operator '%' for \(lhs.kindName) and \(rhs.kindName).")
        }
    }

    static func negate(_ value: FactValue) throws(Failure) -> FactValue {
        switch value {
        case let .int(a):
            if a == .min { throw Self.overflow() }
            return .int(-a)
        case let .double(a): return .double(-a)
        default: throw Failure(message: "No operator '-' for \(value.kindName).")
        }
    }

    /// `element in container`: list membership by CEL equality, or map key presence.
    static func contains(_ container: FactValue, _ element: FactValue) throws(Failure) -> Bool {
        switch container {
        case let .list(items): return items.contains { equal($0, element) }
        case let .map(map): return lookup(map, element) != nil
        default: throw Failure(message: "No operator 'in' for \(element.kindName) and \(container.kindName).")
        }
    }
}
