internal import EthosCore

/// The organisation's figures for a report's span, kept between reports by a process that makes
/// many (`ethos serve`). A team report compares with the whole organisation and decides
/// suppression from it, which otherwise costs a read of every record of the period and the one
/// before; with these kept, and its own figures for the period before, it reads only its team's
/// records of its period.
///
/// Records are never changed, only added and rescored, so figures kept through one key are
/// brought up to date by adding the records stored after it (``ReportSource/latestKey()``). They
/// are kept under everything else they follow — the span, the principles, the directory, how
/// teams are grouped, and the store's scores revision — so a rescore or a directory change (from
/// any process) starts them again. A source that cannot say which key is latest keeps nothing.
/// What is kept is the same for every viewer: figures, not texts or names.
public actor OrganisationTallies {
    struct Key: Hashable {
        let start: Int64, from: Int64, to: Int64
        let principles: [String]
        let directory: [Person]
        let groups: TeamGroups
        let scoresRevision: Int64
    }

    struct Entry {
        /// The key of the last record counted.
        var through: Int64
        /// The people the figures number: the directory's, then those met in records.
        var people: PeopleIndex
        var organisation: OrganisationTally
        var previousOrganisation: OrganisationTally
        /// The previous period's figures of each team reported on, per principle: kept until a
        /// record dated in that period is stored, so a team report then reads only this period's.
        var previousTeams: [String: [Tally]] = [:]
    }

    private var entries: [Key: Entry] = [:]
    private let capacity: Int

    /// Keeps the figures of up to `capacity` spans (a span's cost is its teams × principles and
    /// its people, kilobytes); when full, it starts again empty.
    public init(capacity: Int = 16) {
        self.capacity = max(1, capacity)
    }

    func entry(for key: Key) -> Entry? {
        entries[key]
    }

    func keep(_ entry: Entry, for key: Key) {
        // Another report may have brought the same figures further meanwhile.
        if let kept = entries[key], kept.through >= entry.through { return }
        if entries[key] == nil, entries.count >= capacity { entries.removeAll() }
        entries[key] = entry
    }

    /// Keeps `team`'s previous-period figures, made from the records through `through`, when the
    /// span's kept figures are still of those records.
    func keep(previous figures: [Tally], team: String, through: Int64, for key: Key) {
        guard entries[key]?.through == through else { return }
        entries[key]?.previousTeams[team] = figures
    }

    /// How many spans are kept.
    var count: Int { entries.count }
}
