internal import EthosCore

/// What the builder knows while making one report: the scope, the directory, the people by index,
/// k and the viewer.
struct Context {
    let request: ReportRequest
    let directory: [String: Person]
    let people: PeopleIndex
    /// The members of the group the report is about, by index: a team's people; nil otherwise.
    let scopeMembers: [Bool]?

    init(request: ReportRequest, directory: [String: Person], people: PeopleIndex) {
        self.request = request
        self.directory = directory
        self.people = people
        if case let .team(team) = request.scope { scopeMembers = people.members(of: team) } else { scopeMembers = nil }
    }

    var k: Int { request.minimumGroupSize }
    var scope: ReportRequest.Scope { request.scope }

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

    /// A figure, suppressed when fewer than k people are behind it. A person's own report is
    /// about one person by design; its figures are not suppressed, but its quotes are guarded.
    func figure(_ value: Double?, records: Int, people: Int) -> Report.Figure {
        if case .person = scope { return Report.Figure(value: value, records: records, people: people, suppressed: false, note: nil) }
        if people < k, records > 0 {
            return Report.Figure(value: nil, records: records, people: people, suppressed: true, note: "fewer than \(k) people")
        }
        return Report.Figure(value: value, records: records, people: people, suppressed: false, note: nil)
    }

    /// The people who manage `handle`, up the chain.
    func managers(of handle: String) -> Set<String> {
        var result: Set<String> = []
        var current = directory[handle]?.manager
        while let manager = current, result.insert(manager).inserted { current = directory[manager]?.manager }
        return result
    }

    func handle(_ person: Int32) -> String? { person >= 0 ? people.handles[Int(person)] : nil }

    /// Whether the viewer (or, without one, anyone) may read the record's text.
    func mayRead(_ row: ReportData.Row) -> Bool {
        guard let viewer = request.viewer else { return row.visibility == .public }
        let subject = people.handles[Int(row.subject)], author = handle(row.author)
        switch row.visibility {
        case .public: return true
        case .recipient: return viewer == subject || viewer == author
        case .manager: return viewer == author || managers(of: subject).contains(viewer)
        case .private: return false
        }
    }

    /// Whether the record may be quoted in a group of `groupPeople`: readable, and, when
    /// anonymous, only in a group large enough that its author cannot be singled out (in a
    /// person's report, the group is the givers to that person).
    func mayQuote(_ row: ReportData.Row, groupPeople: Int) -> Bool {
        guard mayRead(row) else { return false }
        return !row.anonymous || groupPeople >= k
    }

    func quote(_ row: ReportData.Row, text: String, alignment: Double, principle: String, direction: Verdict) -> Report.Quote {
        Report.Quote(principle: principle, direction: direction.rawValue, text: text,
                     date: String((FactTimestamp(seconds: row.date)?.description ?? "").prefix(10)),
                     from: row.anonymous ? nil : handle(row.author), to: people.handles[Int(row.subject)], alignment: alignment)
    }
}

/// Suppression of small groups in a table that also shows a total.
enum Suppression {
    /// Figures for groups `(value, records, people)`: a group of fewer than `k` people is
    /// suppressed; when exactly one group is, the next smallest is suppressed too, so the hidden
    /// one cannot be found by subtracting the others from the total.
    static func complementary(_ groups: [(Double?, Int, Int)], k: Int) -> [Report.Figure] {
        var figures = groups.map { value, records, people in
            people < k && records > 0
                ? Report.Figure(value: nil, records: records, people: people, suppressed: true, note: "fewer than \(k) people")
                : Report.Figure(value: value, records: records, people: people, suppressed: false, note: nil)
        }
        let hidden = figures.indices.filter { figures[$0].suppressed }
        if hidden.count == 1 {
            let candidates = figures.indices.filter { !figures[$0].suppressed && figures[$0].records > 0 }
            if let next = candidates.min(by: { (figures[$0].people, figures[$0].records) < (figures[$1].people, figures[$1].records) }) {
                figures[next].value = nil
                figures[next].suppressed = true
                figures[next].note = "hidden to protect another group"
            }
        }
        return figures
    }
}
