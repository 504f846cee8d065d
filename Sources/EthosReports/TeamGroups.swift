/// The rows of the organisation's per-team tables (feedback received, the heatmap): every team of
/// at least k people on its own, the smaller ones merged into "other teams". Hiding a one-person
/// team alone would force a healthy team to be hidden with it (complementary suppression); merged,
/// the small teams are one group of k or more and every figure can be shown. When the small teams
/// together are fewer than k, the smallest other teams join them until the group has k people; a
/// team merged so has its own figures hidden in its team report (they would give back the small
/// teams' by subtraction), but the organisation report still shows the group.
struct TeamGroups: Hashable {
    static let otherTeams = "other teams"

    /// Each group's name: its team's, or "other teams" for two or more merged.
    let names: [String]
    /// Each group's teams.
    let teams: [[String]]
    /// Each group's people (the directory's members of its teams).
    let sizes: [Int]
    /// Each team's group, by the team's index into the directory's sorted teams.
    let groupOf: [Int]

    /// Groups `teams` (sorted) whose directory sizes are `sizes`, for groups of at least `k`.
    init(teams: [String], sizes: [Int], k: Int) {
        var merged = Set(teams.indices.filter { sizes[$0] < k })
        if !merged.isEmpty {
            let bySize = teams.indices.sorted { (sizes[$0], teams[$0]) < (sizes[$1], teams[$1]) }
            var people = merged.reduce(0) { $0 + sizes[$1] }
            for team in bySize where people < k && !merged.contains(team) {
                merged.insert(team)
                people += sizes[team]
            }
        }
        if merged.count < 2 { merged = [] }
        var names: [String] = [], members: [[String]] = [], groupSizes: [Int] = []
        var groupOf = Array(repeating: -1, count: teams.count)
        for team in teams.indices where !merged.contains(team) {
            groupOf[team] = names.count
            names.append(teams[team])
            members.append([teams[team]])
            groupSizes.append(sizes[team])
        }
        if !merged.isEmpty {
            let others = merged.sorted()
            for team in others { groupOf[team] = names.count }
            names.append(Self.otherTeams)
            members.append(others.map { teams[$0] })
            groupSizes.append(others.reduce(0) { $0 + sizes[$1] })
        }
        self.names = names
        self.teams = members
        self.sizes = groupSizes
        self.groupOf = groupOf
    }

    /// The groups of the directory's teams in `people`, whose every indexed person is a directory member.
    init(_ people: PeopleIndex, k: Int) {
        var sizes = Array(repeating: 0, count: people.teams.count)
        for team in people.teamOf where team >= 0 { sizes[Int(team)] += 1 }
        self.init(teams: people.teams, sizes: sizes, k: k)
    }

    var count: Int { names.count }

    /// Whether `team` (by index) shares its group with other teams.
    func isMerged(_ team: Int) -> Bool { teams[groupOf[team]].count > 1 }
}
