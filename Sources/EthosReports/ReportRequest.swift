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
    /// The smallest group an aggregate may describe (k); never below 3.
    public var minimumGroupSize: Int
    /// The hash of the principles and settings, recorded in the report.
    public var principlesHash: String

    /// Creates a request; `minimumGroupSize` is raised to 3 when lower.
    public init(scope: ReportRequest.Scope = .organisation, period: ReportPeriod, compareWithPrevious: Bool = true, viewer: String? = nil,
                minimumGroupSize: Int = 5, principlesHash: String = "") {
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

    /// The period of the same length just before.
    public var previous: ReportPeriod {
        ReportPeriod(from: from - length, to: from, label: "previous \(length / 86_400) days")
    }

    /// The `days` days up to and including the day of `now`.
    public static func last(days: Int, now: FactTimestamp) -> ReportPeriod {
        let end = (now.seconds / 86_400 + 1) * 86_400
        return ReportPeriod(from: end - Int64(days) * 86_400, to: end, label: "last \(days) days")
    }

    /// A quarter such as `2026-Q3`, or `nil` when the text is not one.
    public static func quarter(_ text: String) -> ReportPeriod? {
        let parts = text.uppercased().split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), (1...9998).contains(year), parts[1].count == 2, parts[1].first == "Q",
              let quarter = Int(parts[1].dropFirst()), (1...4).contains(quarter),
              let start = FactTimestamp(parsing: String(format4(year)) + "-" + pad2((quarter - 1) * 3 + 1) + "-01", allowDate: true),
              let end = quarter == 4 ? FactTimestamp(parsing: format4(year + 1) + "-01-01", allowDate: true)
                  : FactTimestamp(parsing: format4(year) + "-" + pad2(quarter * 3 + 1) + "-01", allowDate: true)
        else { return nil }
        return ReportPeriod(from: start.seconds, to: end.seconds, label: "\(year)-Q\(quarter)")
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
