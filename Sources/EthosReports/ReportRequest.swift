public import EthosCore

/// What a report is about, over which period, for whom.
public struct ReportRequest: Sendable {
    /// Whose records the report covers.
    public enum Scope: Hashable, Sendable {
        /// Everyone.
        case organisation
        /// Records whose author or subject is in the team.
        case team(String)
        /// Records the person gave or received.
        case person(String)
    }

    /// Whose records.
    public var scope: Scope
    /// The period.
    public var period: ReportPeriod
    /// Whether to compare with the previous period of the same length.
    public var compareWithPrevious: Bool
    /// The person the report is rendered for; `nil` for aggregates and public quotes only.
    public var viewer: String?
    /// The smallest group an aggregate may describe (k); never below 3. A figure (other than in
    /// a person's own report) also needs at least k records, so that narrowing a period cannot
    /// single out one record's verdict.
    public var minimumGroupSize: Int
    /// The hash of the principles and settings, recorded in the report.
    public var principlesHash: String

    /// Whether organisation and team reports name the author and subject of a quote
    /// (`privacy.name-people-in-quotes`); a person's report always does.
    public var namePeopleInQuotes: Bool

    /// Creates a request; `minimumGroupSize` is raised to 3 when lower.
    public init(scope: ReportRequest.Scope = .organisation, period: ReportPeriod, compareWithPrevious: Bool = true, viewer: String? = nil,
                minimumGroupSize: Int = 5, principlesHash: String = "", namePeopleInQuotes: Bool = false) {
        self.namePeopleInQuotes = namePeopleInQuotes
        self.scope = scope
        self.period = period
        self.compareWithPrevious = compareWithPrevious
        self.viewer = viewer
        self.minimumGroupSize = max(3, minimumGroupSize)
        self.principlesHash = principlesHash
    }
}

/// A period: `[from, to)` in seconds since 1970, with a label.
public struct ReportPeriod: Hashable, Sendable {
    /// The first second.
    public var from: Int64
    /// One past the last second.
    public var to: Int64
    /// How people name it: `2026-Q3`, `last 90 days`, `2026-01-01 to 2026-03-31`.
    public var label: String

    /// Creates a period.
    public init(from: Int64, to: Int64, label: String) {
        self.from = from
        self.to = to
        self.label = label
    }

    /// The length in seconds.
    public var length: Int64 { to - from }

    /// How many whole calendar months it spans, when it is made of them (a year, half, quarter,
    /// month or `--last Nm`): its previous period is then the same months just before, not the
    /// same number of seconds.
    public var months: Int?

    /// The period just before: the same calendar months before a period of whole months, else
    /// the same length.
    public var previous: ReportPeriod {
        guard let months, let start = FactTimestamp(seconds: from) else {
            return ReportPeriod(from: from - length, to: from, label: "previous \(length / 86_400) days")
        }
        let index = start.components.year * 12 + start.components.month - 1 - months
        guard let earlier = FactTimestamp(parsing: format4(index / 12) + "-" + pad2(index % 12 + 1) + "-01", allowDate: true) else {
            return ReportPeriod(from: from - length, to: from, label: "previous \(length / 86_400) days")
        }
        let month = index % 12 + 1, year = format4(index / 12)
        let label = switch months {
        case 12 where month == 1: year
        case 6 where month % 6 == 1: "\(year)-H\(month / 6 + 1)"
        case 3 where month % 3 == 1: "\(year)-Q\(month / 3 + 1)"
        case 1: "\(year)-\(pad2(month))"
        default: "\(year)-\(pad2(month)), \(months) months"
        }
        var period = ReportPeriod(from: earlier.seconds, to: from, label: label)
        period.months = months
        return period
    }

    /// The `days` days up to and including the day of `now`.
    public static func last(days: Int, now: FactTimestamp) -> ReportPeriod {
        let end = (now.seconds / 86_400 + 1) * 86_400
        return ReportPeriod(from: end - Int64(days) * 86_400, to: end, label: "last \(days) days")
    }

    /// A calendar period: a year (`2026`), a half (`2026-H1`), a quarter (`2026-Q3`), a month
    /// (`2026-07`) or an ISO week (`2026-W14`, Monday to Sunday); `nil` when the text is none.
    public static func calendar(_ text: String) -> ReportPeriod? {
        let parts = text.uppercased().split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts[0].count == 4, let year = Int(parts[0]), (1...9998).contains(year) else { return nil }
        func month(_ year: Int, _ month: Int) -> Int64? {
            let (y, m) = month > 12 ? (year + 1, month - 12) : (year, month)
            return FactTimestamp(parsing: format4(y) + "-" + pad2(m) + "-01", allowDate: true)?.seconds
        }
        func months(_ first: Int, _ count: Int, _ label: String) -> ReportPeriod? {
            guard let start = month(year, first), let end = month(year, first + count) else { return nil }
            var period = ReportPeriod(from: start, to: end, label: label)
            period.months = count
            return period
        }
        guard parts.count == 2 else { return months(1, 12, String(year)) }
        let unit = parts[1]
        if unit.count == 2, unit.allSatisfy(\.isNumber), let number = Int(unit), (1...12).contains(number) {
            return months(number, 1, "\(year)-\(pad2(number))")
        }
        guard unit.count >= 2, let number = Int(unit.dropFirst()) else { return nil }
        switch unit.first {
        case "H" where (1...2).contains(number): return months((number - 1) * 6 + 1, 6, "\(year)-H\(number)")
        case "Q" where (1...4).contains(number): return months((number - 1) * 3 + 1, 3, "\(year)-Q\(number)")
        case "W" where unit.count == 3:
            // ISO 8601: week 1 is the week (Monday to Sunday) that holds 4 January.
            func firstMonday(_ year: Int) -> Int64? {
                guard let january4 = FactTimestamp(parsing: format4(year) + "-01-04", allowDate: true)?.seconds else { return nil }
                let day = january4 / 86_400
                return (day - (day + 3) % 7) * 86_400  // 1970-01-01 was a Thursday
            }
            guard let first = firstMonday(year), let next = firstMonday(year + 1) else { return nil }
            let start = first + Int64(number - 1) * 7 * 86_400
            guard number >= 1, start < next else { return nil }
            return ReportPeriod(from: start, to: start + 7 * 86_400, label: "\(year)-W\(pad2(number))")
        default: return nil
        }
    }

    /// The `count` whole calendar months before the month of `now`: `--last 6m` on 7 December
    /// 2026 is June to November 2026. Whole months, so any reader may ask for it: it is a union
    /// of calendar periods, and no narrower.
    public static func lastMonths(_ count: Int, now: FactTimestamp) -> ReportPeriod? {
        let components = now.components
        let current = components.year * 12 + components.month - 1
        func start(_ index: Int) -> Int64? {
            FactTimestamp(parsing: format4(index / 12) + "-" + pad2(index % 12 + 1) + "-01", allowDate: true)?.seconds
        }
        guard count >= 1, let from = start(current - count), let to = start(current) else { return nil }
        let first = current - count, last = current - 1
        var period = ReportPeriod(from: from, to: to, label: "last \(count) month\(count == 1 ? "" : "s") "
            + "(\(format4(first / 12))-\(pad2(first % 12 + 1)) to \(format4(last / 12))-\(pad2(last % 12 + 1)))")
        period.months = count
        return period
    }

    /// The calendar quarter that holds `now`.
    public static func quarter(of now: FactTimestamp) -> ReportPeriod {
        let components = now.components
        return calendar("\(format4(components.year))-Q\((components.month - 1) / 3 + 1)")
            ?? ReportPeriod(from: now.seconds, to: now.seconds + 86_400, label: "today")
    }

    /// From one date up to and including another.
    public static func range(from: FactTimestamp, through: FactTimestamp) -> ReportPeriod {
        ReportPeriod(from: from.seconds, to: (through.seconds / 86_400 + 1) * 86_400,
                     label: "\(from.description.prefix(10)) to \(through.description.prefix(10))")
    }
}

private func format4(_ value: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, 4 - text.count)) + text
}

private func pad2(_ value: Int) -> String {
    value < 10 ? "0\(value)" : String(value)
}
