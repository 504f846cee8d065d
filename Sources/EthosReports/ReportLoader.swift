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
    let start: Int64
    /// The people whose records a source query reads (nil: everyone).
    let involving: Set<String>?
    /// For a team report: the members, by index of the directory; the rest is counted for the
    /// organisation's figures only.
    let members: [Bool]?
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

    func load(people directory: PeopleIndex, parts requested: Int = ProcessInfo.processInfo.activeProcessorCount) async throws -> Loaded {
        let parts = max(1, min(requested, 8, Int((period.to - start) / 86_400)))
        let bounds = (0...parts).map { start + (period.to - start) * Int64($0) / Int64(parts) }
        // Every part reads the records stored when the report began, whatever is stored meanwhile.
        let storedThrough = parts > 1 ? try await source.latestKey() : nil
        var results = [Loaded?](repeating: nil, count: parts)
        try await withThrowingTaskGroup(of: (Int, Loaded).self) { group in
            for part in 0..<parts {
                group.addTask {
                    (part, try await read(from: bounds[part], to: bounds[part + 1], storedThrough: storedThrough, people: directory))
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

    private func read(from: Int64, to: Int64, storedThrough: Int64?, people: PeopleIndex) async throws -> Loaded {
        var index = people
        var current = ReportData(principles: principles.count), previous = ReportData(principles: principles.count)
        var organisation = OrganisationTally(principles: principles.count, groups: groups), previousOrganisation = organisation
        try await source.forEachReportRow(from: from, to: to, principles: principles, involving: involving, storedThrough: storedThrough) { row in
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
