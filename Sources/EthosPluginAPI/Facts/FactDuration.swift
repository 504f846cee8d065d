/// A signed span of time with nanosecond precision, as CEL's `duration`.
///
/// Stored as whole seconds plus nanoseconds in `0..<1_000_000_000` (so `-1.5s` is `-2s` and
/// `500_000_000ns`), which makes comparison lexicographic. The range is about ±10,000 years, as
/// in CEL.
public struct FactDuration: Hashable, Sendable, Comparable {
    /// Whole seconds, rounded towards negative infinity.
    public let seconds: Int64
    /// Nanoseconds added to `seconds`, from 0 to 999,999,999.
    public let nanoseconds: Int32

    /// The largest magnitude, in seconds: 10,000 years of 365.25 days.
    public static let maxSeconds: Int64 = 315_576_000_000

    /// A duration of `seconds` and `nanoseconds` (which may be any value, and is normalised);
    /// `nil` when out of range.
    public init?(seconds: Int64, nanoseconds: Int64 = 0) {
        guard let (whole, nanos) = TimeParts.normalize(seconds: seconds, nanoseconds: nanoseconds),
              whole >= -Self.maxSeconds, whole < Self.maxSeconds || (whole == Self.maxSeconds && nanos == 0)
        else { return nil }
        self.seconds = whole
        self.nanoseconds = nanos
    }

    /// The total in nanoseconds, or `nil` when that overflows 64 bits (beyond ±292 years).
    public var totalNanoseconds: Int64? {
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return nil }
        let (sum, overflow2) = scaled.addingReportingOverflow(Int64(nanoseconds))
        return overflow2 ? nil : sum
    }

    /// The sum, or `nil` when out of range.
    public func adding(_ other: FactDuration) -> FactDuration? {
        FactDuration(seconds: seconds &+ other.seconds, nanoseconds: Int64(nanoseconds) + Int64(other.nanoseconds))
    }

    /// The negation, or `nil` when out of range.
    public var negated: FactDuration? {
        FactDuration(seconds: -seconds, nanoseconds: -Int64(nanoseconds))
    }

    /// Orders by length, shortest (most negative) first.
    public static func < (lhs: FactDuration, rhs: FactDuration) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    /// Parses Go/CEL duration syntax: an optional sign, then numbers with optional fractions,
    /// each with a unit `h`, `m`, `s`, `ms`, `us` (or `µs`), `ns`: `90m`, `1h30m`, `-1.5s`.
    public init?(parsing text: String) {
        var scalars = Array(text.unicodeScalars)[...]
        var negative = false
        if let sign = scalars.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            scalars = scalars.dropFirst()
        }
        if scalars.elementsEqual("0".unicodeScalars) {
            self.init(seconds: 0)
            return
        }
        guard !scalars.isEmpty else { return nil }
        var totalNanos: Int64 = 0
        while !scalars.isEmpty {
            var whole: Int64 = 0
            var sawDigit = false
            while let digit = scalars.first, let value = Self.digit(digit) {
                let (times, overflow1) = whole.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(value)
                guard !overflow1, !overflow2 else { return nil }
                whole = sum
                sawDigit = true
                scalars = scalars.dropFirst()
            }
            var fraction: Int64 = 0, fractionScale: Int64 = 1
            if scalars.first == "." {
                scalars = scalars.dropFirst()
                while let digit = scalars.first, let value = Self.digit(digit) {
                    if fractionScale < 1_000_000_000_000_000 {
                        fraction = fraction * 10 + value
                        fractionScale *= 10
                    }
                    sawDigit = true
                    scalars = scalars.dropFirst()
                }
            }
            guard sawDigit else { return nil }
            let unitNanos: Int64
            if scalars.starts(with: "ns".unicodeScalars) { unitNanos = 1; scalars = scalars.dropFirst(2) }
            else if scalars.starts(with: "us".unicodeScalars) || scalars.starts(with: "µs".unicodeScalars) { unitNanos = 1_000; scalars = scalars.dropFirst(2) }
            else if scalars.starts(with: "ms".unicodeScalars) { unitNanos = 1_000_000; scalars = scalars.dropFirst(2) }
            else if scalars.first == "s" { unitNanos = 1_000_000_000; scalars = scalars.dropFirst() }
            else if scalars.first == "m" { unitNanos = 60_000_000_000; scalars = scalars.dropFirst() }
            else if scalars.first == "h" { unitNanos = 3_600_000_000_000; scalars = scalars.dropFirst() }
            else { return nil }
            let (wholeNanos, overflow1) = whole.multipliedReportingOverflow(by: unitNanos)
            let fractionNanos = Int64((Double(fraction) / Double(fractionScale) * Double(unitNanos)).rounded())
            let (sum1, overflow2) = totalNanos.addingReportingOverflow(wholeNanos)
            let (sum2, overflow3) = sum1.addingReportingOverflow(fractionNanos)
            guard !overflow1, !overflow2, !overflow3 else { return nil }
            totalNanos = sum2
        }
        if negative { totalNanos = -totalNanos }
        self.init(seconds: 0, nanoseconds: totalNanos)
    }

    private static func digit(_ scalar: Unicode.Scalar) -> Int64? {
        guard ("0"..."9").contains(scalar) else { return nil }
        return Int64(scalar.value - 48)
    }
}

extension FactDuration: CustomStringConvertible {
    /// Seconds with an `s` suffix, as CEL prints durations: `5400s`, `1.5s`, `-0.25s`.
    public var description: String {
        var whole = seconds, nanos = Int64(nanoseconds)
        var sign = ""
        if whole < 0 {
            sign = "-"
            if nanos > 0 {
                whole += 1
                nanos = 1_000_000_000 - nanos
            }
            whole = -whole
        }
        guard nanos != 0 else { return "\(sign)\(whole)s" }
        var fraction = String(nanos)
        fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(sign)\(whole).\(fraction)s"
    }
}

/// Seconds and nanoseconds in the canonical form both time types use.
enum TimeParts {
    /// `seconds` plus `nanoseconds` (any value) as whole seconds, rounded down, and nanoseconds
    /// in `0..<1_000_000_000`; `nil` on overflow.
    static func normalize(seconds: Int64, nanoseconds: Int64) -> (Int64, Int32)? {
        let (carry, remainder) = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        var whole = seconds.addingReportingOverflow(carry)
        var nanos = remainder
        if nanos < 0 {
            nanos += 1_000_000_000
            whole = whole.partialValue.subtractingReportingOverflow(1)
        }
        return whole.overflow ? nil : (whole.partialValue, Int32(nanos))
    }
}
