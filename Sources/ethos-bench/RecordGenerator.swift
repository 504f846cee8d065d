internal import EthosCore

/// A deterministic, seeded generator of realistic records for benchmarks: people in teams,
/// feedback and mentoring (about one in four), texts of varied length around 30 words built from
/// sentences that evidence the shipped principles, breach them, or are about neither.
struct RecordGenerator {
    static let teams = ["platform", "mobile", "data", "payments", "design", "support", "infra", "growth"]

    let people: [Person]
    private var random: SplitMix64

    init(seed: UInt64, peopleCount: Int = 400) {
        random = SplitMix64(seed: seed)
        var people: [Person] = []
        for index in 0..<peopleCount {
            let team = Self.teams[index % Self.teams.count]
            let manager = index < Self.teams.count ? nil : "p\(index % Self.teams.count)"
            people.append(Person(handle: "p\(index)", name: "Person \(index)", team: team, manager: manager, role: "Engineer",
                                 joined: "2020-01-01"))
        }
        self.people = people
    }

    /// `count` records dated over the year before 2026-10-31.
    mutating func records(_ count: Int) -> [Record] {
        (0..<count).map { record($0) }
    }

    mutating func record(_ index: Int) -> Record {
        let from = Int.random(in: 0..<people.count, using: &random)
        var to = Int.random(in: 0..<people.count - 1, using: &random)
        if to >= from { to += 1 }
        let mentoring = Int.random(in: 0..<4, using: &random) == 0
        let day = Int64(Int.random(in: 0..<365, using: &random))
        let date = FactTimestamp(seconds: 1_761_955_200 + day * 86_400)
        return Record(id: "r\(index)", kind: mentoring ? .mentoring : .feedback, from: people[from].handle, to: people[to].handle,
                      date: date, text: text(mentoring: mentoring), minutes: mentoring ? Int.random(in: 15...90, using: &random) : nil,
                      visibility: .public, anonymous: !mentoring && Int.random(in: 0..<20, using: &random) == 0)
    }

    /// One to four sentences, about 30 words on average (from about 8 to about 70).
    mutating func text(mentoring: Bool) -> String {
        let sentences = Int.random(in: 1...4, using: &random)
        var parts: [String] = []
        for _ in 0..<sentences {
            let pool: [String]
            switch Int.random(in: 0..<10, using: &random) {
            case 0...2: pool = Self.growth
            case 3...4: pool = Self.community
            case 5: pool = Self.breaches
            default: pool = mentoring ? Self.mentoring : Self.neutral
            }
            parts.append(pool.randomElement(using: &random)!)
        }
        return parts.joined(separator: " ")
    }

    static let growth = [
        "She asked for feedback on the design doc and rewrote the data model after the review, which made the whole service simpler.",
        "He took the criticism from the incident review on board and changed how on-call handovers work for everyone.",
        "They learned Rust in a month so the storage work could move faster, and paired with two juniors while doing it.",
        "She admitted the mistake in the migration plan and fixed it the same day.",
        "He volunteered for the stretch assignment on the billing rewrite and grew a lot.",
        "She completed the security certification and shared her notes with the team.",
    ]
    static let community = [
        "He open-sourced our validator and now reviews outside contributors' pull requests every week.",
        "She gave a talk at the meetup about our testing tools and published the slides and the recording.",
        "They credited the library authors in the release notes and sent the fix upstream.",
        "He wrote the contributor guide so other teams can add their own checks without asking.",
        "She documented the deployment pipeline so anyone can ship a change.",
    ]
    static let breaches = [
        "He refused to look at the review comments and merged anyway.",
        "She took credit for the parser someone else wrote.",
        "He got defensive and dismissed the feedback from the retro.",
    ]
    static let neutral = [
        "The numbers were delivered on time.", "Thanks for booking the meeting room and sorting out the projector.",
        "The standup moved so it works for the new time zone.", "Fourteen tickets were closed this sprint.",
        "The quarterly report went out on Friday, with the charts the finance team asked for.",
    ]
    static let mentoring = [
        "We went through career goals and made a plan, including a course on distributed systems.",
        "Practised giving and receiving feedback with role play.",
        "Walked through how to review a first pull request to the open-source SDK.",
        "Reviewed the promotion packet together and picked skills to grow next quarter.",
    ]
}
