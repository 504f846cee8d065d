/// A principle-alignment report: every figure with the number of records and people behind it,
/// suppressed (value `nil`) when fewer people than the minimum group size are behind it.
///
/// The JSON shape is documented by `docs/report.schema.json` and is stable: keys may be added,
/// none removed or renamed.
public struct Report: Sendable, Encodable {
    /// A figure and what it rests on.
    public struct Figure: Sendable, Encodable, Hashable {
        /// The value; `nil` when suppressed or when there is nothing to compute it from.
        public var value: Double?
        /// How many records it rests on.
        public var records: Int
        /// How many distinct people (authors and subjects) it rests on.
        public var people: Int
        /// Whether it is hidden to protect a small group.
        public var suppressed: Bool
        /// Why it is hidden: "fewer than 5 people", or "to protect another group".
        public var note: String?

        enum CodingKeys: String, CodingKey { case value, records, people, suppressed, note }

        /// A hidden figure, which shows nothing of what it rests on.
        static func hidden(note: String) -> Figure { Figure(value: nil, records: 0, people: 0, suppressed: true, note: note) }

        /// Always writes `value` (null when suppressed or empty), so the shape never varies. A
        /// suppressed figure writes no count either: how many records or people are behind it
        /// is itself a figure about the small group.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            if let value, value.isFinite, !suppressed { try container.encode((value * 10_000).rounded() / 10_000, forKey: .value) } else {
                try container.encodeNil(forKey: .value)
            }
            if suppressed {
                try container.encodeNil(forKey: .records)
                try container.encodeNil(forKey: .people)
            } else {
                try container.encode(records, forKey: .records)
                try container.encode(people, forKey: .people)
            }
            try container.encode(suppressed, forKey: .suppressed)
            try container.encodeIfPresent(note, forKey: .note)
        }
    }

    public struct Scope: Sendable, Encodable {
        public var kind: String
        public var team: String?
        public var person: String?
    }

    public struct Period: Sendable, Encodable {
        public var from: String
        public var to: String
        public var label: String
    }

    public struct PrincipleFigures: Sendable, Encodable {
        public var id: String
        public var name: String
        public var weight: Double
        public var evidenced: Figure
        public var aligned: Figure
        public var misaligned: Figure
        public var meanAlignment: Figure
        public var coverage: Figure
        /// Change against the previous period: evidenced records, mean alignment, coverage.
        public var change: Change?
        /// Evidenced by fewer than 3 records or under 5% of records.
        public var barelyEvidenced: Bool
        /// The strongest quotes the reader may see.
        public var quotes: [Quote]
    }

    public struct Change: Sendable, Encodable {
        public var evidenced: Int?
        public var meanAlignment: Double?
        public var coverage: Double?
    }

    public struct Quote: Sendable, Encodable, Hashable {
        public var principle: String
        public var direction: String
        public var text: String
        public var date: String
        /// The author's handle, when the report names people and the record is not anonymous.
        public var from: String?
        /// The subject's handle, when the report names people.
        public var to: String?
        public var alignment: Double
        /// The author's and the subject's names from the directory (else their handles), with `from` and `to`.
        public var fromName: String?
        public var toName: String?
    }

    public struct TrendBucket: Sendable, Encodable {
        public var start: String
        public var label: String
        public var principles: [TrendPoint]
    }

    public struct TrendPoint: Sendable, Encodable {
        public var id: String
        public var evidenced: Figure
        public var meanAlignment: Figure
    }

    public struct Trend: Sendable, Encodable {
        public var granularity: String
        public var buckets: [TrendBucket]
    }

    public struct Participation: Sendable, Encodable {
        public var feedbackGiven: Figure
        public var feedbackReceived: Figure
        public var people: Int
        public var shareReceiving: Figure
        public var distinctGivers: Figure
        public var receivedNothing: [String]
        /// Feedback received per team (organisation reports).
        public var teams: [TeamBar]
    }

    public struct TeamBar: Sendable, Encodable {
        /// The team's name, or "other teams" for the teams of fewer than k people merged.
        public var team: String
        public var received: Figure
        /// The teams it covers: one, or those merged into "other teams".
        public var teams: [String]
    }

    public struct Network: Sendable, Encodable {
        public var crossTeamShare: Figure
        public var reciprocity: Figure
        public var gini: Figure
        public var topFivePercentShare: Figure
        public var newConnections: Figure
    }

    public struct Mentoring: Sendable, Encodable {
        public var sessions: Figure
        public var hours: Figure
        public var pairs: Figure
        public var paidForward: Figure
        /// Chains mentor → mentee → mentee's mentee, when every person in them may be named.
        public var chains: [[String]]
    }

    public struct Heatmap: Sendable, Encodable {
        public var principles: [String]
        public var rows: [HeatmapRow]
    }

    public struct HeatmapRow: Sendable, Encodable {
        /// The team's name, "other teams" for the small teams merged, or "organisation".
        public var team: String
        public var cells: [Figure]
        /// The teams it covers (empty for the organisation's row).
        public var teams: [String] = []
    }

    public struct PersonFigures: Sendable, Encodable {
        public var handle: String
        public var given: [PrincipleCount]
        public var received: [PrincipleCount]
    }

    public struct PrincipleCount: Sendable, Encodable {
        public var id: String
        public var aligned: Int
        public var misaligned: Int
        public var meanAlignment: Double?
    }

    public var schemaVersion = 1
    public var generatedAt: String
    public var scope: Scope
    public var period: Period
    public var previousPeriod: Period?
    public var viewer: String?
    public var minimumGroupSize: Int
    public var principlesHash: String
    /// Records in the period and scope; nil when they rest on fewer people than the smallest
    /// group shown (a team report of a small team), or on fewer records than a figure needs.
    public var records: Int?
    public var principles: [PrincipleFigures]
    /// Records whose text is in a language Ethos does not read: no principle could be read from
    /// them, so they lower every principle's coverage.
    public var unsupportedLanguage: Figure
    public var trend: Trend
    public var participation: Participation
    public var network: Network
    public var mentoring: Mentoring
    public var heatmap: Heatmap?
    public var person: PersonFigures?
    /// Directory names of the people the report names by handle (scope, lists, chains).
    public var names: [String: String] = [:]

    enum CodingKeys: String, CodingKey {
        case schemaVersion, generatedAt, scope, period, previousPeriod, viewer, minimumGroupSize, principlesHash, records, principles,
             unsupportedLanguage, trend, participation, network, mentoring, heatmap, person, names
    }

    /// The name to show for `handle`: its directory name, else the handle.
    public func name(_ handle: String) -> String { names[handle] ?? handle }

    /// The synthesised encoding, but `records` is always written (null when hidden), as the
    /// schema requires.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(generatedAt, forKey: .generatedAt)
        try container.encode(scope, forKey: .scope)
        try container.encode(period, forKey: .period)
        try container.encodeIfPresent(previousPeriod, forKey: .previousPeriod)
        try container.encodeIfPresent(viewer, forKey: .viewer)
        try container.encode(minimumGroupSize, forKey: .minimumGroupSize)
        try container.encode(principlesHash, forKey: .principlesHash)
        try container.encode(records, forKey: .records)
        try container.encode(principles, forKey: .principles)
        try container.encode(unsupportedLanguage, forKey: .unsupportedLanguage)
        try container.encode(trend, forKey: .trend)
        try container.encode(participation, forKey: .participation)
        try container.encode(network, forKey: .network)
        try container.encode(mentoring, forKey: .mentoring)
        try container.encodeIfPresent(heatmap, forKey: .heatmap)
        try container.encodeIfPresent(person, forKey: .person)
        if !names.isEmpty { try container.encode(names, forKey: .names) }
    }
}
