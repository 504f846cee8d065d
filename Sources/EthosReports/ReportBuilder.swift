public import EthosCore
internal import Foundation

/// Builds reports from a store's records. Privacy is enforced here, where the figures are made:
/// an aggregate over fewer than k people is suppressed (with complementary suppression in
/// tables that have a total), anonymous authors are never named, and quotes are chosen by what
/// the viewer may read.
public struct ReportBuilder: Sendable {
    /// The principles.
    public let principles: PrincipleSet
    /// Where the records are.
    public let source: any ReportSource

    /// Creates a builder.
    public init(principles: PrincipleSet, source: any ReportSource) {
        self.principles = principles
        self.source = source
    }

    /// The report for `request`, as of `now`.
    public func build(_ request: ReportRequest, now: FactTimestamp) throws -> Report {
        let people = try source.people(team: nil)
        let directory = Dictionary(people.map { ($0.handle, $0) }) { first, _ in first }
        let context = Context(request: request, directory: directory)
        var current: [ReportRow] = [], previous: [ReportRow] = []
        let start = request.compareWithPrevious ? request.period.previous.from : request.period.from
        try source.forEachReportRow(from: start, to: request.period.to) { row in
            guard context.inScope(row) else { return }
            if row.date >= request.period.from { current.append(row) } else { previous.append(row) }
        }
        let scopePeople = context.scopePeople(people)
        let principleFigures = principles.map { principle in
            self.principleFigures(principle, current: current, previous: request.compareWithPrevious ? previous : nil, context: context)
        }
        return Report(
            generatedAt: now.description,
            scope: context.scopeDescription,
            period: Self.period(request.period),
            previousPeriod: request.compareWithPrevious ? Self.period(request.period.previous) : nil,
            viewer: request.viewer,
            minimumGroupSize: request.minimumGroupSize,
            principlesHash: request.principlesHash,
            records: current.count,
            principles: principleFigures,
            trend: trend(current, context: context),
            participation: participation(current, scopePeople: scopePeople, context: context),
            network: try network(current, scopePeople: scopePeople, context: context),
            mentoring: try mentoring(current, context: context),
            heatmap: heatmap(current, context: context, people: people),
            person: personFigures(current, context: context))
    }

    static func period(_ period: ReportPeriod) -> Report.Period {
        Report.Period(from: FactTimestamp(seconds: period.from)?.description ?? "", to: FactTimestamp(seconds: period.to)?.description ?? "",
                      label: period.label)
    }

    // MARK: Principles

    private func principleFigures(_ principle: Principle, current: [ReportRow], previous: [ReportRow]?, context: Context) -> Report.PrincipleFigures {
        let now = Tally(current, principle: principle.id)
        let people = context.people(in: now.evidencedRows, members: context.scopeMembers)
        let allPeople = context.people(in: current, members: context.scopeMembers)
        var change: Report.Change?
        if let previous {
            let before = Tally(previous, principle: principle.id)
            let beforePeople = context.people(in: before.evidencedRows, members: context.scopeMembers)
            let visible = people >= context.k && beforePeople >= context.k
            change = Report.Change(evidenced: visible ? now.evidenced - before.evidenced : nil,
                                   meanAlignment: visible ? now.meanAlignment.flatMap { a in before.meanAlignment.map { a - $0 } } : nil,
                                   coverage: visible ? now.coverage.flatMap { c in before.coverage.map { c - $0 } } : nil)
        }
        let figure = { (value: Double?, records: Int, people: Int) in context.figure(value, records: records, people: people) }
        let coverage = now.coverage ?? 0
        return Report.PrincipleFigures(
            id: principle.id, name: principle.name, weight: principle.weight,
            evidenced: figure(Double(now.evidenced), now.evidenced, people),
            aligned: figure(Double(now.aligned), now.evidenced, people),
            misaligned: figure(Double(now.misaligned), now.evidenced, people),
            meanAlignment: figure(now.meanAlignment, now.evidenced, people),
            coverage: figure(now.coverage, current.count, allPeople),
            change: change,
            barelyEvidenced: now.evidenced < 3 || coverage < 0.05,
            quotes: quotes(now.evidencedRows, principle: principle.id, groupPeople: people, context: context))
    }

    /// The strongest aligned and misaligned quote the reader may see.
    private func quotes(_ rows: [ReportRow], principle: String, groupPeople: Int, context: Context) -> [Report.Quote] {
        var chosen: [Report.Quote] = []
        for direction in [Verdict.aligned, .misaligned] {
            // The strongest quotable record (the earliest of equals): one pass, no sorting of every row.
            var best: (row: ReportRow, strength: Double)?
            for row in rows {
                guard let verdict = row.verdicts[principle], verdict.verdict == direction else { continue }
                let strength = abs(verdict.alignment)
                if strength > (best?.strength ?? -1), context.mayQuote(row, groupPeople: groupPeople) { best = (row, strength) }
            }
            if let row = best?.row {
                chosen.append(context.quote(row, principle: principle, direction: direction))
            }
        }
        return chosen
    }

    // MARK: Trend

    private func trend(_ rows: [ReportRow], context: Context) -> Report.Trend {
        let period = context.request.period
        let weekly = period.length <= 92 * 86_400
        var starts: [Int64] = []
        if weekly {
            var start = period.from
            while start < period.to { starts.append(start); start += 7 * 86_400 }
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
            let slice = rows.filter { $0.date >= start && $0.date < end }
            let label = String((FactTimestamp(seconds: start)?.description ?? "").prefix(weekly ? 10 : 7))
            buckets.append(Report.TrendBucket(start: FactTimestamp(seconds: start)?.description ?? "", label: label,
                                              principles: principles.map { principle in
                let tally = Tally(slice, principle: principle.id)
                let people = context.people(in: tally.evidencedRows, members: context.scopeMembers)
                return Report.TrendPoint(id: principle.id, evidenced: context.figure(Double(tally.evidenced), records: tally.evidenced, people: people),
                                         meanAlignment: context.figure(tally.meanAlignment, records: tally.evidenced, people: people))
            }))
        }
        return Report.Trend(granularity: weekly ? "week" : "month", buckets: buckets)
    }

    // MARK: Participation

    private func participation(_ rows: [ReportRow], scopePeople: [String], context: Context) -> Report.Participation {
        let feedback = rows.filter { $0.kind == .feedback }
        let inScope = Set(scopePeople)
        let given = feedback.filter { context.scope == .organisation || $0.author.map(inScope.contains) == true }
        let received = feedback.filter { inScope.contains($0.subject) }
        let members = context.scopeMembers
        let receivers = Set(received.map(\.subject))
        let givers = Set(given.compactMap(\.author))
        let receivingShare = scopePeople.isEmpty ? nil : Double(receivers.count) / Double(scopePeople.count)
        var bars: [Report.TeamBar] = []
        if context.scope == .organisation {
            let teams = Set(context.directory.values.compactMap(\.team)).sorted()
            let raw = teams.map { team -> (String, Int, Int) in
                let members = Set(context.directory.values.filter { $0.team == team }.map(\.handle))
                return (team, received.filter { members.contains($0.subject) }.count, members.count)
            }
            let figures = Suppression.complementary(raw.map { (Double($0.1), $0.1, $0.2) }, k: context.k)
            bars = zip(raw, figures).map { Report.TeamBar(team: $0.0, received: $1) }
        }
        return Report.Participation(
            feedbackGiven: context.figure(Double(given.count), records: given.count, people: context.people(in: given, members: members)),
            feedbackReceived: context.figure(Double(received.count), records: received.count,
                                             people: context.people(in: received, members: members)),
            people: scopePeople.count,
            shareReceiving: context.figure(receivingShare, records: received.count, people: scopePeople.count),
            distinctGivers: context.figure(Double(givers.count), records: given.count, people: context.people(in: given, members: members)),
            receivedNothing: context.scope == .organisation || scopePeople.count >= context.k
                ? scopePeople.filter { !receivers.contains($0) }.sorted() : [],
            teams: bars)
    }

    // MARK: Network

    private func network(_ rows: [ReportRow], scopePeople: [String], context: Context) throws -> Report.Network {
        let feedback = rows.filter { $0.kind == .feedback }
        let named = feedback.filter { $0.author != nil }
        let people = context.people(in: feedback, members: context.scopeMembers)
        var crossKnown = 0, crossing = 0
        for row in named {
            guard let first = row.author.flatMap({ context.directory[$0]?.team }), let second = context.directory[row.subject]?.team else { continue }
            crossKnown += 1
            if first != second { crossing += 1 }
        }
        let pairs = Set(named.compactMap { row in row.author.map { "\($0)→\(row.subject)" } })
        let reciprocal = named.compactMap { row in row.author.map { "\(row.subject)→\($0)" } }.filter(pairs.contains)
        let reciprocity = pairs.isEmpty ? nil : Double(Set(reciprocal).count) / Double(pairs.count)
        var counts = Dictionary(uniqueKeysWithValues: scopePeople.map { ($0, 0) })
        for row in feedback where counts[row.subject] != nil { counts[row.subject, default: 0] += 1 }
        let values = counts.values.sorted()
        let total = values.reduce(0, +)
        let gini = Statistics.gini(values)
        let top = max(1, Int((Double(values.count) * 0.05).rounded(.up)))
        let topShare = total == 0 ? nil : Double(values.suffix(top).reduce(0, +)) / Double(total)
        let contacts = try source.firstContacts()
        let period = context.request.period
        let newPairs = Set(named.compactMap { row -> String? in
            guard let author = row.author else { return nil }
            let key = author < row.subject ? "\(author)|\(row.subject)" : "\(row.subject)|\(author)"
            guard let first = contacts[key], first >= period.from, first < period.to else { return nil }
            return key
        })
        return Report.Network(
            crossTeamShare: context.figure(crossKnown == 0 ? nil : Double(crossing) / Double(crossKnown), records: crossKnown, people: people),
            reciprocity: context.figure(reciprocity, records: named.count, people: people),
            gini: context.figure(total == 0 ? nil : gini, records: feedback.count, people: people),
            topFivePercentShare: context.figure(topShare, records: feedback.count, people: people),
            newConnections: context.figure(Double(newPairs.count), records: named.count, people: people))
    }

    // MARK: Mentoring

    private func mentoring(_ rows: [ReportRow], context: Context) throws -> Report.Mentoring {
        let sessions = rows.filter { $0.kind == .mentoring }
        let people = context.people(in: sessions, members: context.scopeMembers)
        let minutes = sessions.compactMap(\.minutes).reduce(0, +)
        let pairs = Set(sessions.compactMap { row in row.author.map { "\($0)→\(row.subject)" } })
        // Paying it forward: someone mentored (at any time before) who mentored someone in the period.
        let history = try source.mentoringSessions()
        var firstMentored: [String: (mentor: String?, date: Int64)] = [:]
        for session in history where firstMentored[session.mentee] == nil {
            firstMentored[session.mentee] = (session.public ? session.mentor : nil, session.date)
        }
        var chains: [[String]] = []
        var forward: Set<String> = []
        for row in sessions {
            guard let mentor = row.author, let earlier = firstMentored[mentor], earlier.date < row.date else { continue }
            forward.insert(mentor)
            // Chains name people, so they list only public sessions, in groups large enough, without loops.
            if let first = earlier.mentor, row.visibility == .public, people >= context.k, first != row.subject,
               !chains.contains([first, mentor, row.subject]) {
                chains.append([first, mentor, row.subject])
            }
        }
        return Report.Mentoring(
            sessions: context.figure(Double(sessions.count), records: sessions.count, people: people),
            hours: context.figure(Double(minutes) / 60, records: sessions.count, people: people),
            pairs: context.figure(Double(pairs.count), records: sessions.count, people: people),
            paidForward: context.figure(Double(forward.count), records: sessions.count, people: people),
            chains: people >= context.k ? Array(chains.prefix(10)) : [])
    }

    // MARK: Heatmap

    private func heatmap(_ rows: [ReportRow], context: Context, people: [Person]) -> Report.Heatmap? {
        let teams: [String]
        switch context.scope {
        case .organisation: teams = Set(people.compactMap(\.team)).sorted()
        case let .team(team): teams = [team]
        case .person: return nil
        }
        var columns: [[Report.Figure]] = []
        for principle in principles {
            let raw = teams.map { team -> (Double?, Int, Int) in
                let members = Set(context.directory.values.filter { $0.team == team }.map(\.handle))
                let teamRows = rows.filter { row in members.contains(row.subject) || row.author.map(members.contains) == true }
                let tally = Tally(teamRows, principle: principle.id)
                return (tally.meanAlignment, tally.evidenced, context.people(in: tally.evidencedRows, members: members))
            }
            columns.append(context.scope == .organisation ? Suppression.complementary(raw, k: context.k)
                                                           : raw.map { context.figure($0.0, records: $0.1, people: $0.2) })
        }
        var heatmapRows = teams.enumerated().map { index, team in
            Report.HeatmapRow(team: team, cells: columns.map { $0[index] })
        }
        let organisation = principles.map { principle -> Report.Figure in
            let tally = Tally(rows, principle: principle.id)
            return context.figure(tally.meanAlignment, records: tally.evidenced, people: context.people(in: tally.evidencedRows))
        }
        if case .team = context.scope {
            // The organisation row of a team report compares with everyone's records.
            var all: [ReportRow] = []
            try? source.forEachReportRow(from: context.request.period.from, to: context.request.period.to) { all.append($0) }
            heatmapRows.append(Report.HeatmapRow(team: "organisation", cells: principles.map { principle in
                let tally = Tally(all, principle: principle.id)
                return context.figure(tally.meanAlignment, records: tally.evidenced, people: context.people(in: tally.evidencedRows))
            }))
        } else {
            heatmapRows.append(Report.HeatmapRow(team: "organisation", cells: organisation))
        }
        return Report.Heatmap(principles: principles.ids, rows: heatmapRows)
    }

    // MARK: Person

    private func personFigures(_ rows: [ReportRow], context: Context) -> Report.PersonFigures? {
        guard case let .person(handle) = context.scope else { return nil }
        func counts(_ subset: [ReportRow]) -> [Report.PrincipleCount] {
            principles.map { principle in
                let tally = Tally(subset, principle: principle.id)
                return Report.PrincipleCount(id: principle.id, aligned: tally.aligned, misaligned: tally.misaligned, meanAlignment: tally.meanAlignment)
            }
        }
        return Report.PersonFigures(handle: handle, given: counts(rows.filter { $0.author == handle }),
                                    received: counts(rows.filter { $0.subject == handle }))
    }
}

/// Counts of one principle's verdicts over some records.
struct Tally {
    var evidencedRows: [ReportRow] = []
    var aligned = 0
    var misaligned = 0
    var total = 0
    var alignmentSum = 0.0

    init(_ rows: [ReportRow], principle: String) {
        total = rows.count
        for row in rows {
            guard let verdict = row.verdicts[principle], verdict.verdict != .notEvidenced else { continue }
            evidencedRows.append(row)
            alignmentSum += verdict.alignment
            if verdict.verdict == .aligned { aligned += 1 } else { misaligned += 1 }
        }
    }

    var evidenced: Int { evidencedRows.count }
    var meanAlignment: Double? { evidenced == 0 ? nil : alignmentSum / Double(evidenced) }
    var coverage: Double? { total == 0 ? nil : Double(evidenced) / Double(total) }
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
