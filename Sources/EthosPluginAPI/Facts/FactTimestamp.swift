/// An instant with nanosecond precision, from 0001-01-01 to 9999-12-31 UTC, as CEL's `timestamp`.
public struct FactTimestamp: Hashable, Sendable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let seconds: Int64
    /// Nanoseconds added to `seconds`, from 0 to 999,999,999.
    public let nanoseconds: Int32

    /// 0001-01-01T00:00:00Z.
    public static let minSeconds: Int64 = -62_135_596_800
    /// 9999-12-31T23:59:59Z.
    public static let maxSeconds: Int64 = 253_402_300_799

    /// An instant; `nil` when outside years 1 to 9999.
    public init?(seconds: Int64, nanoseconds: Int64 = 0) {
        guard let (whole, nanos) = TimeParts.normalize(seconds: seconds, nanoseconds: nanoseconds),
              (Self.minSeconds...Self.maxSeconds).contains(whole) else { return nil }
        self.seconds = whole
        self.nanoseconds = nanos
    }

    /// Orders earliest first.
    public static func < (lhs: FactTimestamp, rhs: FactTimestamp) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    /// The instant `duration` later, or `nil` when out of range.
    public func adding(_ duration: FactDuration) -> FactTimestamp? {
        FactTimestamp(seconds: seconds &+ duration.seconds, nanoseconds: Int64(nanoseconds) + Int64(duration.nanoseconds))
    }

    /// The duration from `other` to `self`, or `nil` when out of range.
    public func since(_ other: FactTimestamp) -> FactDuration? {
        FactDuration(seconds: seconds - other.seconds, nanoseconds: Int64(nanoseconds) - Int64(other.nanoseconds))
    }

    // MARK: Calendar

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    static func civil(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The UTC calendar fields.
    public var components: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let date = Self.civil(days: days)
        return (Int(date.year), Int(date.month), Int(date.day), Int(secondOfDay / 3_600), Int(secondOfDay % 3_600 / 60),
                Int(secondOfDay % 60))
    }

    // MARK: Text

    /// Parses RFC 3339 (`2026-01-01T00:00:00Z`, `2026-01-01T09:30:00.5+01:00`) or, when
    /// `allowDate` is set, a bare date (`2026-01-01`, midnight UTC).
    public init?(parsing text: String, allowDate: Bool = false) {
        let bytes = Array(text.utf8)
        var position = 0
        func number(_ width: Int) -> Int64? {
            guard position + width <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[position..<(position + width)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            position += width
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard position < bytes.count, characters.utf8.contains(bytes[position]) else { return false }
            position += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
              (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        let dayCount = Self.days(year: year, month: month, day: day)
        if position == bytes.count {
            guard allowDate else { return nil }
            self.init(seconds: dayCount * 86_400)
            return
        }
        guard expect("Tt "), let hour = number(2), expect(":"), let minute = number(2), expect(":"), let second = number(2),
              hour < 24, minute < 60, second < 61 else { return nil }
        var nanos: Int64 = 0
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            var digits = 0
            while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 {
                if digits < 9 { nanos = nanos * 10 + Int64(bytes[position] - 48) }
                digits += 1
                position += 1
            }
            guard digits > 0 else { return nil }
            if digits < 9 { for _ in digits..<9 { nanos *= 10 } }
        }
        var offset: Int64 = 0
        if expect("Zz") {
            offset = 0
        } else if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
            let sign: Int64 = bytes[position] == UInt8(ascii: "-") ? -1 : 1
            position += 1
            guard let offsetHours = number(2), expect(":"), let offsetMinutes = number(2), offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offset = sign * (offsetHours * 3_600 + offsetMinutes * 60)
        } else {
            return nil
        }
        guard position == bytes.count else { return nil }
        let seconds = dayCount * 86_400 + hour * 3_600 + minute * 60 + min(second, 59) - offset
        self.init(seconds: seconds, nanoseconds: nanos)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension FactTimestamp: CustomStringConvertible {
    /// RFC 3339 in UTC, with as many fractional digits as needed: `2026-01-01T00:00:00Z`.
    public var description: String {
        let c = components
        guard (0...9_999).contains(c.year) else { return formatted(c) }
        // Written as bytes: import hashes every record's date in this form, and building it
        // from padded strings cost more than hashing it.
        return String(unsafeUninitializedCapacity: 30) { buffer in
            var count = 0
            func put(_ value: Int, digits: Int) {
                var value = value
                for index in stride(from: count + digits - 1, through: count, by: -1) {
                    buffer[index] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                count += digits
            }
            func put(_ byte: Unicode.Scalar) {
                buffer[count] = UInt8(ascii: byte)
                count += 1
            }
            put(c.year, digits: 4); put("-"); put(c.month, digits: 2); put("-"); put(c.day, digits: 2); put("T")
            put(c.hour, digits: 2); put(":"); put(c.minute, digits: 2); put(":"); put(c.second, digits: 2)
            if nanoseconds != 0 {
                var nanos = Int(nanoseconds), digits = 9
                while nanos % 10 == 0 { nanos /= 10; digits -= 1 }
                put("."); put(nanos, digits: digits)
            }
            put("Z")
            return count
        }
    }

    /// The same form built from strings, for years outside 0...9999.
    private func formatted(_ c: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int)) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        var fraction = ""
        if nanoseconds != 0 {
            fraction = "." + pad(Int(nanoseconds), 9)
            while fraction.hasSuffix("0") { fraction.removeLast() }
        }
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))\(fraction)Z"
    }
}
