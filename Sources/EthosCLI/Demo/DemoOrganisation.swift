internal import EthosCore
internal import Foundation

/// A realistic synthetic organisation for `ethos demo`: people in teams with managers, and a year
/// of feedback and mentoring written from varied templates, with networks that are neither
/// uniform nor trivial. The same seed always gives the same organisation.
struct DemoOrganisation {
    let people: [Person]
    let records: [Record]

    /// The twelve months the demo covers, from the first.
    let firstMonth: (year: Int, month: Int)
    static let months = 12

    /// The demo's generator: seeded, so the same seed gives the same organisation.
    typealias Random = SplitMix64

    static let teams = ["platform", "mobile", "data", "payments", "design", "support"]
    static let names = [
        "ana", "ravi", "lena", "omar", "priya", "tomas", "aiko", "marco", "chen", "fatima", "sam", "dev", "kofi", "nadia", "ben", "joe",
        "mia", "leo", "gita", "carl", "victor", "yusuf", "hana", "erik", "lucia", "noah", "zara", "tariq", "oskar", "paula", "ivan",
        "greta", "theo", "moritz", "amara", "felix", "sofia", "kenji", "ines", "rafael", "bea", "liam", "elsa", "hugo", "nina", "pedro",
        "mei", "jonas", "anton", "rosa", "maya", "colin", "ada", "emil", "iris", "kai", "luz", "nils", "olga", "quinn", "rhea", "sven",
        "tess", "uma", "vera", "wes", "xia", "yara", "zeno", "abel", "bram", "cleo", "dara", "eli", "finn", "gwen", "hal", "isla", "jude",
    ]

    /// Builds the organisation: `size` people (60 for `small`, 240 for `large`).
    init(seed: UInt64, size: Int, firstMonth: (year: Int, month: Int)) {
        self.firstMonth = firstMonth
        var random = Random(seed: seed)
        var handles: [String] = []
        var suffix = 1
        while handles.count < size {
            for name in Self.names where handles.count < size {
                handles.append(suffix == 1 ? name : "\(name)\(suffix)")
            }
            suffix += 1
        }
        handles.shuffle(using: &random)
        // A head of the organisation, a manager per team, and teams of uneven size.
        let head = handles[0]
        var people = [Person(handle: head, name: head.capitalized, team: "leadership", role: "Head of Engineering", joined: "2019-04-01")]
        var teamOf: [String: String] = [head: "leadership"]
        var members: [String: [String]] = [:]
        var cursor = 1
        let weights = [1.4, 1.1, 0.9, 1.2, 0.7, 0.7]
        let totalWeight = weights.reduce(0, +)
        for (index, team) in Self.teams.enumerated() {
            let remaining = handles.count - cursor
            let count = index == Self.teams.count - 1 ? remaining : max(4, Int(Double(size - 1) * weights[index] / totalWeight))
            let group = Array(handles[cursor..<min(handles.count, cursor + count)])
            cursor += group.count
            guard let manager = group.first else { continue }
            members[team] = group
            for (position, handle) in group.enumerated() {
                teamOf[handle] = team
                let year = 2019 + Int.random(in: 0...6, using: &random)
                people.append(Person(handle: handle, name: handle.capitalized, email: "\(handle)@example.com", team: team,
                                     manager: position == 0 ? head : manager,
                                     role: position == 0 ? "Engineering Manager" : (team == "design" ? "Designer" : "Engineer"),
                                     joined: "\(year)-0\(Int.random(in: 1...9, using: &random))-1\(Int.random(in: 0...9, using: &random))"))
            }
        }
        self.people = people
        self.records = Self.makeRecords(people: people, teamOf: teamOf, members: members, firstMonth: firstMonth, random: &random)
    }

    // MARK: Records

    private static func makeRecords(people: [Person], teamOf: [String: String], members: [String: [String]], firstMonth: (year: Int, month: Int),
                                    random: inout Random) -> [Record] {
        let handles = people.map(\.handle)
        // Some people give a lot, some little; some receive a lot (preferential attachment).
        var activity: [String: Double] = [:]
        var popularity: [String: Double] = [:]
        for handle in handles {
            activity[handle] = [0.6, 1.5, 3.0, 5.0, 8.0].randomElement(using: &random)!
            popularity[handle] = random.chance(0.12) ? 6 : Double.random(in: 0.5...2, using: &random)
        }
        var records: [Record] = []
        var sequence = 0
        for month in 0..<months {
            let (year, monthNumber) = Self.month(month, from: firstMonth)
            for giver in handles {
                let count = Self.poisson(activity[giver, default: 1], random: &random)
                for _ in 0..<count {
                    let team = teamOf[giver] ?? ""
                    let sameTeam = random.chance(team == "support" ? 0.45 : 0.7)
                    let pool = (sameTeam ? members[team] ?? handles : handles).filter { $0 != giver }
                    guard let subject = Self.weightedPick(pool, weights: popularity, random: &random) else { continue }
                    let text = Self.feedbackText(about: subject, team: team, month: month, random: &random)
                    sequence += 1
                    let anonymous = random.chance(0.1)
                    let visibility: Visibility = random.chance(0.75) ? .public
                        : (random.chance(0.6) ? .recipient : (random.chance(0.7) ? .manager : .private))
                    records.append(Record(id: "demo-\(sequence)", kind: .feedback, from: giver, to: subject,
                                          date: Self.date(year, monthNumber, Int.random(in: 1...28, using: &random)),
                                          text: text, visibility: visibility, anonymous: anonymous))
                }
            }
        }
        // Mentoring: pairs meet every few weeks; some mentees start mentoring later, paying it forward.
        var pairs: [(mentor: String, mentee: String, start: Int)] = []
        for _ in 0..<(handles.count / 4) {
            let mentor = handles.randomElement(using: &random)!
            let mentee = handles.filter { $0 != mentor }.randomElement(using: &random)!
            pairs.append((mentor, mentee, Int.random(in: 0..<6, using: &random)))
        }
        for pair in pairs.prefix(pairs.count / 3) {
            let mentee = handles.filter { $0 != pair.mentee && $0 != pair.mentor }.randomElement(using: &random)!
            pairs.append((pair.mentee, mentee, min(11, pair.start + Int.random(in: 3...6, using: &random))))
        }
        for pair in pairs {
            var month = pair.start
            while month < months {
                let (year, monthNumber) = Self.month(month, from: firstMonth)
                sequence += 1
                let notes = Self.mentoringNotes.randomElement(using: &random)!
                records.append(Record(id: "demo-\(sequence)", kind: .mentoring, from: pair.mentor, to: pair.mentee,
                                      date: Self.date(year, monthNumber, Int.random(in: 1...28, using: &random)),
                                      text: notes, minutes: [30, 45, 60, 60, 90].randomElement(using: &random)!,
                                      tags: [["career", "design", "open-source", "speaking", "reviews"].randomElement(using: &random)!]))
                month += Int.random(in: 1...2, using: &random)
            }
        }
        return records.sorted { ($0.date?.seconds ?? 0, $0.id ?? "") < ($1.date?.seconds ?? 0, $1.id ?? "") }
    }

    /// The month `offset` months after `first` (negative: before).
    static func month(_ offset: Int, from first: (year: Int, month: Int)) -> (year: Int, month: Int) {
        let index = first.year * 12 + first.month - 1 + offset
        return (index / 12, index % 12 + 1)
    }

    static func date(_ year: Int, _ month: Int, _ day: Int) -> FactTimestamp? {
        FactTimestamp(parsing: "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)T\(10 + day % 7):00:00Z")
    }

    static func poisson(_ mean: Double, random: inout Random) -> Int {
        // Knuth's method; means here are small.
        let limit = exp(-mean)
        var product = Double.random(in: 0..<1, using: &random), count = 0
        while product > limit {
            product *= Double.random(in: 0..<1, using: &random)
            count += 1
        }
        return count
    }

    static func weightedPick(_ pool: [String], weights: [String: Double], random: inout Random) -> String? {
        let total = pool.reduce(0) { $0 + weights[$1, default: 1] }
        var target = Double.random(in: 0..<max(total, 0.0001), using: &random)
        for handle in pool {
            target -= weights[handle, default: 1]
            if target <= 0 { return handle }
        }
        return pool.last
    }

    // MARK: Texts

    /// A feedback text about `subject`: the mix of themes differs by team and shifts over the year
    /// (an open-source push from the spring; one team's feedback culture strained in the summer).
    static func feedbackText(about subject: String, team: String, month: Int, random: inout Random) -> String {
        let name = subject.prefix(1).uppercased() + subject.dropFirst().prefix { !$0.isNumber }
        var weights: [(themes: [String], weight: Double)] = [
            (growthAligned, 0.30), (communityAligned, 0.14 + (month >= 5 ? 0.12 : 0) + (team == "platform" ? 0.1 : 0)),
            (growthMisaligned, 0.05 + (team == "payments" && (6...9).contains(month) ? 0.15 : 0)),
            (communityMisaligned, 0.04 + (team == "data" ? 0.06 : 0)), (unrelated, 0.30),
        ]
        if team == "support" { weights[0].weight += 0.1 }
        let total = weights.reduce(0) { $0 + $1.weight }
        var target = Double.random(in: 0..<total, using: &random)
        var themes = unrelated
        for entry in weights {
            target -= entry.weight
            if target <= 0 { themes = entry.themes; break }
        }
        return themes.randomElement(using: &random)!.replacingName(with: String(name))
    }

    static let growthAligned = [
        "{name} asked for feedback on the design doc and rewrote the data model after the review.",
        "{name} took the criticism from the incident review on board and changed how on-call handovers work.",
        "{name} was upfront with the customer about the delay and kept the promise on the new date.",
        "{name} coached the new joiner through the first release and gave her the chance to lead the demo.",
        "{name} learned Rust in a month so the storage work could move faster.",
        "{name} admitted the mistake in the migration plan and fixed it the same day.",
        "{name} volunteered for the stretch assignment on the billing rewrite and grew a lot.",
        "{name} completed the security certification and shared the notes with the team.",
        "{name} acted on the review comments and improved the error handling.",
        "{name} was honest in the retro about what went wrong.",
        "{name} encouraged the quieter engineers to present their work at the demo.",
    ]
    static let growthMisaligned = [
        "{name} refused to look at the review comments and merged anyway.",
        "{name} got defensive and dismissed the feedback from the retro.",
        "{name} blamed others for the outage instead of looking at the deploy.",
        "{name} brushed off the critique of the proposal and didn't change a thing.",
        "{name} keeps the interesting tickets for himself and never lets the juniors try anything new.",
    ]
    static let communityAligned = [
        "{name} open-sourced our validator and reviews outside contributors' pull requests.",
        "{name} gave a talk at the meetup about our testing tools and published the slides.",
        "{name} credited the library authors in the release notes and sent the fix upstream.",
        "{name} wrote the contributor guide so other teams can add their own checks.",
        "{name} fixed a long-standing bug in the open source logging library we depend on.",
        "{name} documented the deployment pipeline so anyone can ship a change.",
        "{name} organised the hackathon and made sure every team could pitch an idea.",
        "{name} invited people from support to the architecture review and took their input seriously.",
    ]
    static let communityMisaligned = [
        "{name} took credit for the parser someone else wrote.",
        "{name} refused to share the runbook with the platform team.",
        "{name} shut down ideas from the new joiners in the planning meeting.",
        "{name} rejected the pull request from the other team without any explanation.",
    ]
    static let unrelated = [
        "{name} delivered the numbers on time.", "Thanks to {name} for booking the meeting room.",
        "{name} moved the standup so it works for the new time zone.", "{name} closed fourteen tickets this sprint.",
        "{name} renewed the certificates before they expired.", "{name} finished the quarterly report.",
        "Great job on the release, {name}!", "{name} configured the new laptops.",
    ]
    static let mentoringNotes = [
        "We went through her career goals and made a plan, including a course on distributed systems.",
        "Practised giving and receiving feedback with role play.",
        "Walked through how to review a first pull request to the open-source SDK.",
        "Helped prepare a first conference talk proposal about our observability work.",
        "Reviewed the promotion packet together and picked skills to grow next quarter.",
        "Talked through the on-call handover and what we learned from last week's incident.",
        "Went through the quarterly OKRs and the team budget.",
    ]
}

extension String {
    fileprivate func replacingName(with name: String) -> String {
        split(separator: "{", omittingEmptySubsequences: false).enumerated().map { index, part in
            index == 0 ? String(part) : (part.hasPrefix("name}") ? name + part.dropFirst(5) : "{" + part)
        }.joined()
    }
}

extension SplitMix64 {
    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }
}
