public import EthosCore
internal import Foundation

/// Builds reports from a store's records. Privacy is enforced here, where the figures are made:
/// an aggregate over fewer than k people is suppressed (with complementary suppression in
/// tables that have a total), anonymous authors are never named, and quotes are chosen by what
/// the viewer may read.
///
/// A report reads its period's records once (only the scope's, for a team or a person), without
/// their texts, into compact rows; every figure is then a pass over those rows, and the store is
/// asked only for the quotes' texts and for the history of the people and pairs found.
public struct ReportBuilder: Sendable {
    /// The principles.
    public let principles: PrincipleSet
    /// Where the records are.
    public let source: any ReportSource
    /// The organisation's figures kept between reports, when the caller makes many.
    public let organisation: OrganisationTallies?

    /// Creates a builder; with `organisation`, team reports keep the organisation's figures there
    /// and read only their team's records once they are kept.
    public init(principles: PrincipleSet, source: any ReportSource, organisation: OrganisationTallies? = nil) {
        self.principles = principles
        self.source = source
        self.organisation = organisation
    }

    /// The report for `request`, as of `now`.
    public func build(_ request: ReportRequest, now: FactTimestamp) async throws -> Report {
        let people = try await source.directory()
        let directory = Dictionary(people.map { ($0.handle, $0) }) { first, _ in first }
        let scoped = Context(request: request, directory: directory, people: PeopleIndex(people))
        // A team report compares with the whole organisation, and suppression is decided from
        // the whole organisation, so it reads every record once, keeping the team's.
        var members: [Bool]?
        if case .team = request.scope { members = scoped.scopeMembers }
        let loader = ReportLoader(source: source, principles: principles.ids, period: request.period,
                                  start: request.compareWithPrevious ? request.period.previous.from : request.period.from,
                                  involving: members == nil ? scoped.involving(people) : nil, members: members,
                                  groups: scoped.groups)
        let read = try await load(loader, directory: people, scoped: scoped)
        let loaded = read.loaded
        let (index, current, previous, organisation) = (loaded.people, loaded.current, loaded.previous, loaded.organisation)
        // Records may name people the directory does not know; they are indexed now.
        var context = Context(request: request, directory: directory, people: index, groups: scoped.groups)
        if !context.isPersonScope {
            context.teamSuppression = TeamSuppression(organisation, context: context)
            if request.compareWithPrevious { context.previousTeamSuppression = TeamSuppression(loaded.previousOrganisation, context: context) }
        }
        let scopePeople = context.scopePeople(people)
        // The previous period's figures per principle, for the changes: kept, or made now (and kept).
        var before: [Tally]?
        if request.compareWithPrevious {
            before = read.before ?? principles.indices.map { Tally(previous.rows, in: previous, principle: $0, counting: context.counter()) }
            if read.before == nil, let keep = read.keepBefore, case let .team(team) = request.scope, let before {
                await self.organisation?.keep(previous: before, team: team, through: keep.through, for: keep.key)
            }
        }
        var principleFigures: [Report.PrincipleFigures] = []
        for (position, principle) in principles.enumerated() {
            principleFigures.append(try await self.principleFigures(principle, position, current: current, before: before?[position],
                                                                    context: context))
        }
        let network = try await network(current, scopePeople: scopePeople, context: context)
        let mentoring = try await mentoring(current, context: context)
        var report = Report(
            generatedAt: now.description,
            scope: context.scopeDescription,
            period: Self.period(request.period),
            previousPeriod: request.compareWithPrevious ? Self.period(request.period.previous) : nil,
            viewer: request.viewer,
            minimumGroupSize: request.minimumGroupSize,
            principlesHash: request.principlesHash,
            records: context.figure(Double(current.rows.count), records: current.rows.count, people: context.people(in: current.rows)).suppressed
                ? nil : current.rows.count,
            principles: principleFigures,
            unsupportedLanguage: unsupportedLanguage(current, context: context),
            trend: trend(current, context: context),
            participation: participation(current, scopePeople: scopePeople, context: context),
            network: network,
            mentoring: mentoring,
            heatmap: heatmap(current, organisation: organisation, context: context),
            person: personFigures(current, context: context))
        if case .team = request.scope, let suppression = context.teamSuppression, let team = context.teamPosition {
            suppression.hideInTeamReport(&report, team: team, groups: context.groups)
        }
        let named = Set(report.participation.receivedNothing + report.mentoring.chains.flatMap { $0 } + [report.scope.person].compactMap { $0 })
        report.names = Dictionary(uniqueKeysWithValues: named.compactMap { handle in directory[handle]?.name.map { (handle, $0) } })
        return report
    }

    /// What a report read: its records, and the previous period's figures when they were kept.
    private struct Read {
        var loaded: ReportLoader.Loaded
        var before: [Tally]?
        /// Where the previous period's figures, once made, are kept.
        var keepBefore: (key: OrganisationTallies.Key, through: Int64)?
    }

    /// The report's records, through `loader`; for a team, with the organisation's figures kept
    /// in ``organisation`` when they are, brought up to date by the records stored since.
    private func load(_ loader: ReportLoader, directory: [Person], scoped: Context) async throws -> Read {
        let people = scoped.people
        guard let organisation, loader.members != nil, case let .team(teamName) = scoped.scope,
              let through = try await source.latestKey() else {
            return Read(loaded: try await loader.load(people: people))
        }
        let key = OrganisationTallies.Key(start: loader.start, from: loader.period.from, to: loader.period.to, principles: loader.principles,
                                          directory: directory, groups: loader.groups, scoresRevision: try await source.scoresRevision())
        guard var kept = await organisation.entry(for: key), kept.through <= through else {
            // The first report of its span reads every record once, as without kept figures.
            let loaded = try await loader.load(people: people, through: through)
            await organisation.keep(OrganisationTallies.Entry(through: through, people: loaded.people, organisation: loaded.organisation,
                                                              previousOrganisation: loaded.previousOrganisation), for: key)
            return Read(loaded: loaded, keepBefore: (key, through))
        }
        if kept.through < through {
            try await loader.update(&kept, through: through)
            await organisation.keep(kept, for: key)
        }
        var team = loader
        team.involving = scoped.involving(directory)
        let before = kept.previousTeams[teamName]
        if before != nil { team.start = loader.period.from }
        let loaded = try await team.load(people: people, through: through)
        return Read(loaded: ReportLoader.adopting(kept, into: loaded, directory: people, groups: loader.groups, principles: loader.principles.count),
                    before: before, keepBefore: before == nil ? (key, through) : nil)
    }

    static func period(_ period: ReportPeriod) -> Report.Period {
        Report.Period(from: FactTimestamp(seconds: period.from)?.description ?? "", to: FactTimestamp(seconds: period.to)?.description ?? "",
                      label: period.label)
    }

    // MARK: Principles

    private func principleFigures(_ principle: Principle, _ position: Int, current: ReportData, before: Tally?,
                                  context: Context) async throws -> Report.PrincipleFigures {
        let now = Tally(current.rows, in: current, principle: position, counting: context.counter())
        let people = now.people
        let allPeople = context.people(in: current.rows)
        var change: Report.Change?
        if let before {
            // A change beside this period's figure gives the previous period's back: it is shown
            // only when both periods' figures are.
            var visible = ![(now.evidenced, people), (before.evidenced, before.people)].contains { evidenced, people in
                context.figure(Double(evidenced), records: evidenced, people: people).suppressed
            }
            if let team = context.teamPosition, let previous = context.previousTeamSuppression,
               context.groups.isMerged(team) || previous.cells[position][context.groups.groupOf[team]].suppressed {
                visible = false
            }
            change = Report.Change(evidenced: visible ? now.evidenced - before.evidenced : nil,
                                   meanAlignment: visible ? now.meanAlignment.flatMap { a in before.meanAlignment.map { a - $0 } } : nil,
                                   coverage: visible ? now.coverage.flatMap { c in before.coverage.map { c - $0 } } : nil)
        }
        let figure = { (value: Double?, records: Int, people: Int) in context.figure(value, records: records, people: people) }
        let coverage = now.coverage ?? 0
        let evidenced = figure(Double(now.evidenced), now.evidenced, people)
        // Quotes follow the figures: a group too small for its counts is too small to be quoted.
        let quotes = evidenced.suppressed ? [] : try await quotes(current, principle: principle.id, position, groupPeople: people, context: context)
        return Report.PrincipleFigures(
            id: principle.id, name: principle.name, weight: principle.weight,
            evidenced: evidenced,
            aligned: figure(Double(now.aligned), now.evidenced, people),
            misaligned: figure(Double(now.misaligned), now.evidenced, people),
            meanAlignment: figure(now.meanAlignment, now.evidenced, people),
            coverage: context.derived(figure(now.coverage, current.rows.count, allPeople), from: evidenced),
            change: change,
            barelyEvidenced: now.evidenced < 3 || coverage < 0.05,
            quotes: quotes)
    }

    /// Up to two aligned and two misaligned quotes the reader may see, from across the period:
    /// the strongest of each third of it (the latest of equals), the two strongest of those, most
    /// recent first. One pass per third; no sorting of every row.
    private func quotes(_ data: ReportData, principle: String, _ position: Int, groupPeople: Int, context: Context) async throws -> [Report.Quote] {
        let period = context.request.period
        let thirds = (0...3).map { period.from + period.length * Int64($0) / 3 }
        var chosen: [(row: ReportData.Row, verdict: PrincipleVerdict)] = []
        for direction in [Verdict.aligned, .misaligned] {
            var best: [(row: ReportData.Row, verdict: PrincipleVerdict)] = []
            for third in 0..<3 {
                var strongest: (row: ReportData.Row, verdict: PrincipleVerdict)?
                var strength = -1.0
                for row in data.rows(from: thirds[third], to: thirds[third + 1]) {
                    let verdict = data.verdict(row, position)
                    guard verdict.verdict == direction, abs(verdict.alignment) >= strength, context.mayQuote(row, groupPeople: groupPeople) else { continue }
                    strongest = (row, verdict)
                    strength = abs(verdict.alignment)
                }
                if let strongest { best.append(strongest) }
            }
            chosen += best.sorted { (abs($0.verdict.alignment), $0.row.date) > (abs($1.verdict.alignment), $1.row.date) }.prefix(2)
        }
        guard !chosen.isEmpty else { return [] }
        chosen.sort { ($0.row.date, $0.row.key) > ($1.row.date, $1.row.key) }
        let texts = try await source.texts(of: chosen.map(\.row.key))
        return chosen.map { row, verdict in
            context.quote(row, text: texts[row.key] ?? "", alignment: verdict.alignment, principle: principle, direction: verdict.verdict)
        }
    }

    /// The records no principle could be read from, their language not being English: a figure
    /// like any other, hidden for a small group.
    private func unsupportedLanguage(_ data: ReportData, context: Context) -> Report.Figure {
        let unread = data.rows.filter { !$0.languageSupported }
        return context.figure(Double(unread.count), records: unread.count, people: context.people(in: unread))
    }

    // MARK: Trend

    private func trend(_ data: ReportData, context: Context) -> Report.Trend {
        let period = context.request.period
        let weekly = period.length <= 92 * 86_400
        var starts: [Int64] = []
        if weekly {
            var start = period.from
            while start < period.to { starts.append(start); start += 7 * 86_400 }
            // A quarter is thirteen weeks and a day or two: the last days join the last week.
            if starts.count > 1, let last = starts.last, period.to - last < 4 * 86_400 { starts.removeLast() }
        } else {
            guard let first = FactTimestamp(seconds: period.from) else { return Report.Trend(granularity: "month", buckets: []) }
            var (year, month) = (first.components.year, first.components.month)
            var start = period.from
            while start < period.to {
                starts.append(start)
                (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
                start = FactTimestamp(parsing: String(format: "%04d-%02d-01", year, month), allowDate: true)?.seconds ?? period.to
            }
        }
        var buckets: [Report.TrendBucket] = []
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1] : period.to
            let slice = data.rows(from: start, to: end)
            let label = String((FactTimestamp(seconds: start)?.description ?? "").prefix(weekly ? 10 : 7))
            buckets.append(Report.TrendBucket(start: FactTimestamp(seconds: start)?.description ?? "", label: label,
                                              principles: principles.enumerated().map { position, principle in
                let tally = Tally(slice, in: data, principle: position, counting: context.counter())
                return Report.TrendPoint(id: principle.id,
                                         evidenced: context.figure(Double(tally.evidenced), records: tally.evidenced, people: tally.people),
                                         meanAlignment: context.figure(tally.meanAlignment, records: tally.evidenced, people: tally.people))
            }))
        }
        // The period's figure is the sum of its buckets: one hidden bucket would be the total less the others.
        for position in principles.indices {
            var points = buckets.map { $0.principles[position].evidenced }
            Suppression.protect(&points)
            for (bucket, point) in points.enumerated() where point.suppressed && !buckets[bucket].principles[position].evidenced.suppressed {
                buckets[bucket].principles[position].evidenced = point
                buckets[bucket].principles[position].meanAlignment = context.derived(buckets[bucket].principles[position].meanAlignment, from: point)
            }
        }
        return Report.Trend(granularity: weekly ? "week" : "month", buckets: buckets)
    }

    // MARK: Participation

    private func participation(_ data: ReportData, scopePeople: [String], context: Context) -> Report.Participation {
        let feedback = data.rows.filter { $0.kind == .feedback }
        let inScope = context.people.mask(scopePeople)
        let organisation = context.scope == .organisation
        let given = feedback.filter { organisation || ($0.isNamed && inScope[Int($0.author)]) }
        let received = feedback.filter { inScope[Int($0.subject)] }
        var receivers = Array(repeating: false, count: context.people.count), givers = receivers
        var receiverCount = 0, giverCount = 0
        for row in received where !receivers[Int(row.subject)] { receivers[Int(row.subject)] = true; receiverCount += 1 }
        for row in given where row.isNamed && !givers[Int(row.author)] { givers[Int(row.author)] = true; giverCount += 1 }
        let receivingShare = scopePeople.isEmpty ? nil : Double(receiverCount) / Double(scopePeople.count)
        var bars: [Report.TeamBar] = []
        if organisation, let suppression = context.teamSuppression {
            bars = suppression.bars.indices.map { group in
                Report.TeamBar(team: context.groups.names[group], received: suppression.bars[group], teams: context.groups.teams[group])
            }
        }
        let givenPeople = context.people(in: given)
        let feedbackGiven = context.figure(Double(given.count), records: given.count, people: givenPeople)
        let feedbackReceived = context.figure(Double(received.count), records: received.count, people: context.people(in: received))
        return Report.Participation(
            feedbackGiven: feedbackGiven,
            feedbackReceived: feedbackReceived,
            people: scopePeople.count,
            shareReceiving: context.derived(context.figure(receivingShare, records: received.count, people: scopePeople.count), from: feedbackReceived),
            distinctGivers: context.derived(context.figure(Double(giverCount), records: given.count, people: givenPeople), from: feedbackGiven),
            receivedNothing: organisation || scopePeople.count >= context.k
                ? scopePeople.filter { handle in !(context.people.positions[handle].map { receivers[Int($0)] } ?? false) } : [],
            teams: bars)
    }

    // MARK: Network

    private func network(_ data: ReportData, scopePeople: [String], context: Context) async throws -> Report.Network {
        let feedback = data.rows.filter { $0.kind == .feedback }
        let named = feedback.filter(\.isNamed)
        let people = context.people(in: feedback)
        let teamOf = context.people.teamOf
        var crossKnown = 0, crossing = 0
        for row in named where teamOf[Int(row.author)] >= 0 && teamOf[Int(row.subject)] >= 0 {
            crossKnown += 1
            if teamOf[Int(row.author)] != teamOf[Int(row.subject)] { crossing += 1 }
        }
        var pairs = PairKeys(people: context.people.count), met = PairKeys(people: context.people.count)
        for row in named {
            pairs.insert(row.author, row.subject)
            met.insert(min(row.author, row.subject), max(row.author, row.subject))
        }
        let reciprocal = pairs.keys.count { pairs.contains(Int32($0 & 0xFFFF_FFFF), Int32($0 >> 32)) }
        let reciprocity = pairs.count == 0 ? nil : Double(reciprocal) / Double(pairs.count)
        var counts = context.people.mask(scopePeople).map { $0 ? 0 : -1 }
        for row in feedback where counts[Int(row.subject)] >= 0 { counts[Int(row.subject)] += 1 }
        // Everyone in scope counts, including anyone the records never mention.
        let unknown = scopePeople.filter { context.people.positions[$0] == nil }.count
        let values = (counts.filter { $0 >= 0 } + Array(repeating: 0, count: unknown)).sorted()
        let total = values.reduce(0, +)
        let gini = Statistics.gini(values)
        let top = max(1, Int((Double(values.count) * 0.05).rounded(.up)))
        let topShare = total == 0 ? nil : Double(values.suffix(top).reduce(0, +)) / Double(total)
        // New connections: pairs who met in the period and never before it.
        let handles = context.people.handles
        let metPairs = Set(met.keys.map { PersonPair(handles[Int($0 >> 32)], handles[Int($0 & 0xFFFF_FFFF)]) })
        let newPairs = metPairs.count - (metPairs.isEmpty ? 0 : try await source.metBefore(context.request.period.from, pairs: metPairs).count)
        return Report.Network(
            crossTeamShare: context.figure(crossKnown == 0 ? nil : Double(crossing) / Double(crossKnown), records: crossKnown, people: people),
            reciprocity: context.figure(reciprocity, records: named.count, people: people),
            gini: context.figure(total == 0 ? nil : gini, records: feedback.count, people: people),
            topFivePercentShare: context.figure(topShare, records: feedback.count, people: people),
            newConnections: context.figure(Double(newPairs), records: named.count, people: people))
    }

    // MARK: Mentoring

    private func mentoring(_ data: ReportData, context: Context) async throws -> Report.Mentoring {
        let sessions = data.rows.filter { $0.kind == .mentoring }
        let people = context.people(in: sessions)
        let minutes = sessions.reduce(0) { $0 + max(0, Int($1.minutes)) }
        var pairs = PairKeys(people: context.people.count)
        for row in sessions where row.isNamed { pairs.insert(row.author, row.subject) }
        // Paying it forward: someone mentored (at any time before) who mentored someone in the period.
        let mentors = Set(sessions.compactMap { context.handle($0.author) })
        let firstMentored = mentors.isEmpty ? [:] : try await source.firstMentoring(of: mentors)
        var chains: [[String]] = [], chainSet: Set<[String]> = []
        var forward: Set<String> = []
        for row in sessions {
            guard let mentor = context.handle(row.author), let earlier = firstMentored[mentor], earlier.date < row.date else { continue }
            forward.insert(mentor)
            // Chains name people, so they list only public sessions, in groups large enough, without loops.
            let mentee = context.people.handles[Int(row.subject)]
            // The report shows the first ten.
            if chains.count < 10, let first = earlier.mentor, row.visibility == .public, people >= context.k, first != mentee,
               chainSet.insert([first, mentor, mentee]).inserted {
                chains.append([first, mentor, mentee])
            }
        }
        let count = context.figure(Double(sessions.count), records: sessions.count, people: people)
        return Report.Mentoring(
            sessions: count,
            hours: context.figure(Double(minutes) / 60, records: sessions.count, people: people),
            pairs: context.figure(Double(pairs.count), records: sessions.count, people: people),
            paidForward: context.figure(Double(forward.count), records: sessions.count, people: people),
            chains: count.suppressed ? [] : chains)
    }

    // MARK: Heatmap

    private func heatmap(_ data: ReportData, organisation: OrganisationTally, context: Context) -> Report.Heatmap? {
        guard let suppression = context.teamSuppression else { return nil }
        var rows: [Report.HeatmapRow]
        switch context.scope {
        case .organisation:
            rows = context.groups.names.indices.map { group in
                Report.HeatmapRow(team: context.groups.names[group], cells: principles.indices.map { suppression.cells[$0][group] },
                                  teams: context.groups.teams[group])
            }
        case .team(let name):
            // A team merged into "other teams" has no cells of its own: the group's would describe others.
            rows = context.teamPosition.map { team in
                let group = context.groups.groupOf[team]
                let cells = principles.indices.map { position in
                    context.groups.isMerged(team) ? Report.Figure.hidden(note: "fewer than \(context.k) people") : suppression.cells[position][group]
                }
                return [Report.HeatmapRow(team: name, cells: cells, teams: [name])]
            } ?? []
        case .person: return nil
        }
        rows.append(Report.HeatmapRow(team: "organisation", cells: principles.indices.map { position in
            context.figure(organisation.mean(position), records: organisation.evidenced[position], people: organisation.people[position])
        }))
        return Report.Heatmap(principles: principles.ids, rows: rows)
    }

    // MARK: Person

    private func personFigures(_ data: ReportData, context: Context) -> Report.PersonFigures? {
        guard case let .person(handle) = context.scope else { return nil }
        let person = context.people.positions[handle] ?? -2
        func counts(_ subset: [ReportData.Row]) -> [Report.PrincipleCount] {
            principles.indices.map { position in
                let tally = Tally(subset, in: data, principle: position, counting: context.counter())
                return Report.PrincipleCount(id: principles[position].id, aligned: tally.aligned, misaligned: tally.misaligned,
                                             meanAlignment: tally.meanAlignment)
            }
        }
        return Report.PersonFigures(handle: handle, given: counts(data.rows.filter { $0.author == person }),
                                    received: counts(data.rows.filter { $0.subject == person }))
    }
}

/// Inequality of a distribution.
enum Statistics {
    /// The Gini coefficient of non-negative counts: 0 when everyone has the same, near 1 when one has all.
    static func gini(_ values: [Int]) -> Double {
        let sorted = values.sorted()
        let total = sorted.reduce(0, +)
        guard total > 0, sorted.count > 1 else { return 0 }
        var weighted = 0.0
        for (index, value) in sorted.enumerated() { weighted += Double(index + 1) * Double(value) }
        let n = Double(sorted.count)
        return (2 * weighted) / (n * Double(total)) - (n + 1) / n
    }
}
