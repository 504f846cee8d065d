internal import EthosCore

/// What the builder knows while making one report: the scope, the directory, the people by index,
/// k and the viewer.
struct Context {
    let request: ReportRequest
    let directory: [String: Person]
    let people: PeopleIndex
    /// The members of the group the report is about, by index: a team's people; nil otherwise.
    let scopeMembers: [Bool]?
    /// What the organisation's per-team figures hide for the period (not for a person's report).
    var teamSuppression: TeamSuppression?
    /// The same for the previous period, which a change against it must not undo.
    var previousTeamSuppression: TeamSuppression?

    /// How the organisation's per-team tables group its teams.
    let groups: TeamGroups
    /// Whose texts the viewer may read.
    let readers: Readers

    init(request: ReportRequest, directory: [String: Person], people: PeopleIndex, groups: TeamGroups? = nil) {
        self.request = request
        self.directory = directory
        self.people = people
        self.groups = groups ?? TeamGroups(people, k: request.minimumGroupSize)
        readers = Readers(request.viewer.map { .person($0) } ?? .anyone, directory: Array(directory.values))
        if case let .team(team) = request.scope { scopeMembers = people.members(of: team) } else { scopeMembers = nil }
    }

    var k: Int { request.minimumGroupSize }
    var scope: ReportRequest.Scope { request.scope }

    var isPersonScope: Bool {
        if case .person = scope { true } else { false }
    }

    /// A team report's team, by index into the directory's teams.
    var teamPosition: Int? {
        guard case let .team(team) = scope else { return nil }
        return people.teams.firstIndex(of: team)
    }

    var scopeDescription: Report.Scope {
        switch scope {
        case .organisation: Report.Scope(kind: "organisation")
        case let .team(team): Report.Scope(kind: "team", team: team)
        case let .person(person): Report.Scope(kind: "person", person: person)
        }
    }

    /// The people whose records the report reads: everyone (nil), a team's members, or one person.
    func involving(_ directory: [Person]) -> Set<String>? {
        switch scope {
        case .organisation: nil
        case let .team(team): Set(directory.filter { $0.team == team }.map(\.handle))
        case let .person(person): [person]
        }
    }

    func scopePeople(_ people: [Person]) -> [String] {
        switch scope {
        case .organisation: people.map(\.handle).sorted()
        case let .team(team): people.filter { $0.team == team }.map(\.handle).sorted()
        case let .person(person): [person]
        }
    }

    /// A counter of the people behind records: among the scope's members, or, with `everyone`,
    /// anyone (an anonymous author counting once).
    func counter(everyone: Bool = false) -> PeopleCounter {
        PeopleCounter(people: people.count, members: everyone ? nil : scopeMembers)
    }

    /// Distinct people behind `rows`, among the scope's members (see ``PeopleCounter``).
    func people(in rows: some Sequence<ReportData.Row>) -> Int {
        PeopleCounter.count(rows, people: people.count, members: scopeMembers)
    }

    /// A figure, suppressed when fewer than k people, or fewer than k records, are behind it (so
    /// that narrowing a period cannot single out one record). A person's own report is about one
    /// person by design; its figures are not suppressed, but its quotes are guarded.
    func figure(_ value: Double?, records: Int, people: Int) -> Report.Figure {
        if case .person = scope { return Report.Figure(value: value, records: records, people: people, suppressed: false, note: nil) }
        if people < k, records > 0 {
            return Report.Figure(value: nil, records: records, people: people, suppressed: true, note: "fewer than \(k) people")
        }
        if records < k, records > 0 {
            return Report.Figure(value: nil, records: records, people: people, suppressed: true, note: "fewer than \(k) records")
        }
        return Report.Figure(value: value, records: records, people: people, suppressed: false, note: nil)
    }

    /// `figure`, suppressed too when any figure it is derived from is: a share or a coverage
    /// beside its total would give the hidden count back.
    func derived(_ figure: Report.Figure, from bases: Report.Figure...) -> Report.Figure {
        guard !figure.suppressed, let base = bases.first(where: \.suppressed) else { return figure }
        return Report.Figure(value: nil, records: figure.records, people: figure.people, suppressed: true,
                             note: base.note.map { "derived from a figure hidden: \($0)" })
    }

    func handle(_ person: Int32) -> String? { person >= 0 ? people.handles[Int(person)] : nil }

    /// Whether the viewer (or, without one, anyone) may read the record's text. Private records
    /// count in aggregates but are never quoted, not even to their author.
    func mayRead(_ row: ReportData.Row) -> Bool {
        row.visibility != .private && readers.mayRead(row.visibility, author: handle(row.author), subject: people.handles[Int(row.subject)])
    }

    /// Whether the record may be quoted in a group of `groupPeople`: readable, and, when
    /// anonymous, only in a group large enough that its author cannot be singled out (in a
    /// person's report, the group is the givers to that person).
    func mayQuote(_ row: ReportData.Row, groupPeople: Int) -> Bool {
        guard mayRead(row) else { return false }
        return !row.anonymous || groupPeople >= k
    }

    /// A quote of `row`. Organisation and team reports name no one in it, author or subject,
    /// unless the settings say they may (`privacy.name-people-in-quotes`): a quote there is about
    /// how a principle is lived, not about who fell short. A person's report names them.
    func quote(_ row: ReportData.Row, text: String, alignment: Double, principle: String, direction: Verdict) -> Report.Quote {
        let named = isPersonScope || request.namePeopleInQuotes
        let from = named && !row.anonymous ? handle(row.author) : nil, to = named ? people.handles[Int(row.subject)] : nil
        return Report.Quote(principle: principle, direction: direction.rawValue, text: text,
                            date: String((FactTimestamp(seconds: row.date)?.description ?? "").prefix(10)),
                            from: from, to: to, alignment: alignment,
                            fromName: from.map(displayName), toName: to.map(displayName))
    }

    /// The directory's name for `handle`, else the handle.
    func displayName(_ handle: String) -> String { directory[handle]?.name ?? handle }
}

/// Suppression of small groups in a table that also shows a total.
enum Suppression {
    /// Figures for groups `(value, records, people)`: a group of fewer than `k` people, or
    /// resting on fewer than `k` records, is suppressed; when exactly one group is, the next
    /// smallest is suppressed too, so the hidden one cannot be found by subtracting the others
    /// from the total.
    static func complementary(_ groups: [(Double?, Int, Int)], k: Int) -> [Report.Figure] {
        var figures = groups.map { value, records, people in
            if people < k && records > 0 {
                return Report.Figure(value: nil, records: records, people: people, suppressed: true, note: "fewer than \(k) people")
            }
            if records < k && records > 0 {
                return Report.Figure(value: nil, records: records, people: people, suppressed: true, note: "fewer than \(k) records")
            }
            return Report.Figure(value: value, records: records, people: people, suppressed: false, note: nil)
        }
        protect(&figures)
        return figures
    }

    /// Hides the next smallest of `figures` when exactly one is hidden, so that a total shown
    /// beside them less the visible ones does not give the hidden one back.
    static func protect(_ figures: inout [Report.Figure]) {
        let hidden = figures.indices.filter { figures[$0].suppressed }
        guard hidden.count == 1 else { return }
        let candidates = figures.indices.filter { !figures[$0].suppressed && figures[$0].records > 0 }
        if let next = candidates.min(by: { (figures[$0].people, figures[$0].records) < (figures[$1].people, figures[$1].records) }) {
            figures[next].value = nil
            figures[next].suppressed = true
            figures[next].note = "hidden to protect another group"
        }
    }
}

/// Which of the organisation's per-team figures are hidden for a period: the teams' feedback
/// received (the participation bars) and their mean alignment per principle (the heatmap).
/// Decided once, from the whole organisation's records, whatever report is asked for: the
/// organisation report shows these figures, and a team report hides about its team what the
/// organisation report hides, so that no report can be subtracted from another to give back a
/// hidden group (organisation total − visible teams − a team report = the hidden team).
struct TeamSuppression {
    /// Per team.
    let bars: [Report.Figure]
    /// Per principle, per team.
    let cells: [[Report.Figure]]

    init(_ organisation: OrganisationTally, context: Context) {
        let groups = context.groups
        let teams = groups.count, sizes = groups.sizes
        bars = Suppression.complementary((0..<teams).map { (Double(organisation.teamReceived[$0]), organisation.teamReceived[$0], sizes[$0]) },
                                         k: context.k)
        cells = organisation.teamEvidenced.indices.map { position in
            // A group's people are its members behind the principle's evidenced records.
            var members = Array(repeating: 0, count: teams)
            for person in 0..<context.people.count where organisation.counters[position].contains(Int32(person)) {
                let team = context.people.teamOf[person]
                if team >= 0 { members[groups.groupOf[Int(team)]] += 1 }
            }
            return Suppression.complementary((0..<teams).map { team in
                let count = organisation.teamEvidenced[position][team]
                return (count == 0 ? nil : organisation.teamSums[position][team].value / Double(count), count, members[team])
            }, k: context.k)
        }
    }

    /// Hides in a team report what the organisation report hides about `team`: every figure of a
    /// principle whose cell is hidden (counts, mean, coverage, change, trend points, quotes), and
    /// the feedback the team received (with the share derived from it) when its bar is hidden. A
    /// team merged into "other teams" hides all of these: the organisation report shows the
    /// group, and the group less this team would be the smaller teams merged with it.
    func hideInTeamReport(_ report: inout Report, team: Int, groups: TeamGroups) {
        func hidden(_ figure: Report.Figure, because reason: String?) -> Report.Figure {
            guard !figure.suppressed else { return figure }
            return Report.Figure(value: nil, records: figure.records, people: figure.people, suppressed: true, note: reason)
        }
        let merged = groups.isMerged(team) ? "merged into \(TeamGroups.otherTeams) to protect a smaller team" : nil
        let group = groups.groupOf[team], note = "hidden to protect another group"
        for position in report.principles.indices where position < cells.count && (merged != nil || cells[position][group].suppressed) {
            let reason = merged ?? cells[position][group].note ?? note
            var figures = report.principles[position]
            figures.evidenced = hidden(figures.evidenced, because: reason)
            figures.aligned = hidden(figures.aligned, because: reason)
            figures.misaligned = hidden(figures.misaligned, because: reason)
            figures.meanAlignment = hidden(figures.meanAlignment, because: reason)
            figures.coverage = hidden(figures.coverage, because: reason)
            figures.change = nil
            figures.quotes = []
            report.principles[position] = figures
            for bucket in report.trend.buckets.indices {
                for point in report.trend.buckets[bucket].principles.indices where report.trend.buckets[bucket].principles[point].id == figures.id {
                    report.trend.buckets[bucket].principles[point].evidenced = hidden(report.trend.buckets[bucket].principles[point].evidenced, because: reason)
                    report.trend.buckets[bucket].principles[point].meanAlignment = hidden(report.trend.buckets[bucket].principles[point].meanAlignment,
                                                                                           because: reason)
                }
            }
        }
        if merged != nil || (group < bars.count && bars[group].suppressed) {
            let reason = merged ?? bars[group].note ?? note
            report.participation.feedbackReceived = hidden(report.participation.feedbackReceived, because: reason)
            report.participation.shareReceiving = hidden(report.participation.shareReceiving, because: reason)
        }
    }
}
