internal import EthosCore
internal import Foundation

/// Reads a report's records into compact rows, on every core: the span is cut into consecutive
/// date ranges, each read through its own connection into its own rows, and the parts joined in
/// date order — the same rows, in the same order, as one read from start to end. Every part reads
/// only the records stored when the report began (``ReportSource/latestKey()``), so records
/// stored meanwhile do not appear in some parts and not others.
struct ReportLoader {
    let source: any ReportSource
    let principles: [String]
    /// The report's period; records before it (from `start`) are the comparison's.
    let period: ReportPeriod
    var start: Int64
    /// The people whose records a source query reads (nil: everyone).
    var involving: Set<String>?
    /// For a team report: the members, by index of the directory; the rest is counted for the
    /// organisation's figures only.
    var members: [Bool]?
    /// The organisation's teams, as its per-team tables group them.
    let groups: TeamGroups

    struct Loaded {
        var people: PeopleIndex
        var current: ReportData
        var previous: ReportData
        /// The whole organisation's figures for the period, whatever the scope: what suppression
        /// is decided from, once for every report.
        var organisation: OrganisationTally
        /// The same for the previous period: what its reports hide, which a change must not give back.
        var previousOrganisation: OrganisationTally
    }

    /// The records of the span, read in `parts`; with `through`, only those stored through that key.
    func load(people directory: PeopleIndex, through: Int64? = nil,
              parts requested: Int = ProcessInfo.processInfo.activeProcessorCount) async throws -> Loaded {
        let parts = max(1, min(requested, 8, Int((period.to - start) / 86_400)))
        let bounds = (0...parts).map { start + (period.to - start) * Int64($0) / Int64(parts) }
        // Every part reads the records stored when the report began, whatever is stored meanwhile.
        let storedThrough = parts > 1 && through == nil ? try await source.latestKey() : through
        var results = [Loaded?](repeating: nil, count: parts)
        try await withThrowingTaskGroup(of: (Int, Loaded).self) { group in
            for part in 0..<parts {
                group.addTask {
                    (part, try await read(from: bounds[part], to: bounds[part + 1], storedAfter: nil, storedThrough: storedThrough,
                                          people: directory))
                }
            }
            for try await (part, loaded) in group { results[part] = loaded }
        }
        var loaded = results[0]!
        for part in 1..<parts {
            let next = results[part]!
            // People a part met that the directory does not know were numbered by that part alone.
            var remap: [Int32]?
            if next.people.count > directory.count {
                remap = (0..<next.people.count).map { $0 < directory.count ? Int32($0) : loaded.people.index(next.people.handles[$0]) }
            }
            loaded.current.append(contentsOf: next.current, remap: remap)
            loaded.previous.append(contentsOf: next.previous, remap: remap)
            loaded.organisation.merge(next.organisation, remap: remap)
            loaded.previousOrganisation.merge(next.previousOrganisation, remap: remap)
        }
        return loaded
    }

    /// Adds to `kept`, the organisation's figures for this span through key `kept.through`, the
    /// records stored after it through `through`.
    func update(_ kept: inout OrganisationTallies.Entry, through: Int64) async throws {
        var everyone = self
        everyone.members = nil
        let added = try await everyone.read(from: start, to: period.to, storedAfter: kept.through, storedThrough: through, people: kept.people)
        // The read went on from the kept index, so the people it already knew keep their places.
        kept.organisation.merge(added.organisation, remap: nil)
        kept.previousOrganisation.merge(added.previousOrganisation, remap: nil)
        (kept.people, kept.through) = (added.people, through)
        // A record dated in the previous period changes some team's figures for it: made again.
        if !added.previous.rows.isEmpty { kept.previousTeams = [:] }
    }

    /// `loaded` with the organisation's figures of `kept` in place of its own, their people
    /// numbered as `loaded` numbers them (`directory` being where both indexes began).
    static func adopting(_ kept: OrganisationTallies.Entry, into loaded: Loaded, directory: PeopleIndex, groups: TeamGroups,
                         principles: Int) -> Loaded {
        var loaded = loaded
        var remap: [Int32]?
        if kept.people.count > directory.count {
            remap = (0..<kept.people.count).map { $0 < directory.count ? Int32($0) : loaded.people.index(kept.people.handles[$0]) }
        }
        (loaded.organisation, loaded.previousOrganisation) = (OrganisationTally(principles: principles, groups: groups),
                                                              OrganisationTally(principles: principles, groups: groups))
        loaded.organisation.merge(kept.organisation, remap: remap)
        loaded.previousOrganisation.merge(kept.previousOrganisation, remap: remap)
        return loaded
    }

    private func read(from: Int64, to: Int64, storedAfter: Int64?, storedThrough: Int64?, people: PeopleIndex) async throws -> Loaded {
        var index = people
        var current = ReportData(principles: principles.count), previous = ReportData(principles: principles.count)
        var organisation = OrganisationTally(principles: principles.count, groups: groups), previousOrganisation = organisation
        try await source.forEachReportRow(from: from, to: to, principles: principles, involving: involving, storedAfter: storedAfter,
                                          storedThrough: storedThrough) { row in
            let author = row.author.map { index.index($0) } ?? -1, subject = index.index(row.subject)
            let inPeriod = row.date >= period.from
            if involving == nil {
                if inPeriod {
                    organisation.add(row, author: author, subject: subject, teamOf: index.teamOf)
                } else {
                    previousOrganisation.add(row, author: author, subject: subject, teamOf: index.teamOf)
                }
            }
            if let members {
                func isMember(_ person: Int32) -> Bool { person >= 0 && Int(person) < members.count && members[Int(person)] }
                guard isMember(subject) || isMember(author) else { return }
            }
            if inPeriod { current.append(row, author: author, subject: subject) } else { previous.append(row, author: author, subject: subject) }
        }
        return Loaded(people: index, current: current, previous: previous, organisation: organisation,
                      previousOrganisation: previousOrganisation)
    }
}
