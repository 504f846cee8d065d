internal import EthosCore

/// What the builder knows while making one report: the scope, the directory, k, the viewer.
struct Context {
    let request: ReportRequest
    let directory: [String: Person]

    var k: Int { request.minimumGroupSize }
    var scope: ReportRequest.Scope { request.scope }

    var scopeDescription: Report.Scope {
        switch scope {
        case .organisation: Report.Scope(kind: "organisation")
        case let .team(team): Report.Scope(kind: "team", team: team)
        case let .person(person): Report.Scope(kind: "person", person: person)
        }
    }

    func inScope(_ row: ReportRow) -> Bool {
        switch scope {
        case .organisation: return true
        case let .team(team):
            return directory[row.subject]?.team == team || row.author.flatMap { directory[$0]?.team } == team
        case let .person(person): return row.subject == person || row.author == person
        }
    }

    func scopePeople(_ people: [Person]) -> [String] {
        switch scope {
        case .organisation: people.map(\.handle).sorted()
        case let .team(team): people.filter { $0.team == team }.map(\.handle).sorted()
        case let .person(person): [person]
        }
    }

    /// Distinct people behind some records: named authors and subjects (an anonymous author
    /// counts as one person at most). With `members`, only the members of the group a figure
    /// describes count: a team of one is one person, however many others they dealt with.
    func people(in rows: [ReportRow], members: Set<String>? = nil) -> Int {
        var named: Set<String> = []
        var anonymous = 0
        for row in rows {
            if members?.contains(row.subject) ?? true { named.insert(row.subject) }
            if let author = row.author {
                if members?.contains(author) ?? true { named.insert(author) }
            } else if members == nil {
                anonymous += 1
            }
        }
        return named.count + min(anonymous, 1)
    }

    /// The members of the group the report is about: a team's people, or nobody in particular.
    var scopeMembers: Set<String>? {
        if case let .team(team) = scope { return Set(directory.values.filter { $0.team == team }.map(\.handle)) }
        return nil
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

    /// Whether the viewer (or, without one, anyone) may read the record's text.
    func mayRead(_ row: ReportRow) -> Bool {
        guard let viewer = request.viewer else { return row.visibility == .public }
        switch row.visibility {
        case .public: return true
        case .recipient: return viewer == row.subject || viewer == row.author
        case .manager: return viewer == row.author || managers(of: row.subject).contains(viewer)
        case .private: return false
        }
    }

    /// Whether the record may be quoted in a group of `groupPeople`: readable, and, when
    /// anonymous, only in a group large enough that its author cannot be singled out.
    func mayQuote(_ row: ReportRow, groupPeople: Int) -> Bool {
        guard mayRead(row) else { return false }
        if row.anonymous {
            if case let .person(person) = scope {
                // In a person's report, the givers to that person must number at least k.
                _ = person
                return groupPeople >= k
            }
            return groupPeople >= k
        }
        return true
    }

    func quote(_ row: ReportRow, principle: String, direction: Verdict) -> Report.Quote {
        Report.Quote(principle: principle, direction: direction.rawValue, text: row.text,
                     date: String((FactTimestamp(seconds: row.date)?.description ?? "").prefix(10)),
                     from: row.anonymous ? nil : row.author, to: row.subject, alignment: row.verdicts[principle]?.alignment ?? 0)
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
