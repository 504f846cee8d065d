internal import EthosCore

/// Everyone a report may mention, by index: records refer to people by position here, so counting
/// distinct people is marking a bit, not hashing a string.
struct PeopleIndex {
    private(set) var handles: [String] = []
    private(set) var positions: [String: Int32] = [:]
    /// Each person's team, as an index into `teams`; -1 for none.
    private(set) var teamOf: [Int32] = []
    /// The directory's teams, sorted.
    let teams: [String]

    init(_ people: [Person]) {
        teams = Set(people.compactMap(\.team)).sorted()
        let teamPositions = Dictionary(uniqueKeysWithValues: teams.enumerated().map { ($1, Int32($0)) })
        for person in people where positions[person.handle] == nil {
            positions[person.handle] = Int32(handles.count)
            handles.append(person.handle)
            teamOf.append(person.team.flatMap { teamPositions[$0] } ?? -1)
        }
    }

    var count: Int { handles.count }

    /// Handles of up to 16 bytes by their bytes: a report looks two up per record, and a
    /// multiply-and-shift hash of two words costs a fraction of String hashing.
    private var packed = PackedHandles()

    /// The index of `handle`, added (with no team) when the directory does not know it.
    mutating func index(_ handle: String) -> Int32 {
        let key = PackedHandles.key(handle)
        if let key, let position = packed.find(key) { return position }
        if let position = positions[handle] {
            if let key { packed.insert(key, position) }
            return position
        }
        let position = Int32(handles.count)
        positions[handle] = position
        handles.append(handle)
        teamOf.append(-1)
        if let key { packed.insert(key, position) }
        return position
    }

    /// `handles` as a mask by index; handles it does not know are left out.
    func mask(_ handles: [String]) -> [Bool] {
        var mask = Array(repeating: false, count: count)
        for handle in handles { if let position = positions[handle] { mask[Int(position)] = true } }
        return mask
    }

    /// The people of team `team` as a mask by index.
    func members(of team: String) -> [Bool] {
        guard let position = teams.firstIndex(of: team) else { return Array(repeating: false, count: count) }
        return teamOf.map { $0 == Int32(position) }
    }
}

/// An open-addressing table from short handles, packed into two words and a length, to indexes.
struct PackedHandles {
    struct Key: Equatable {
        var low: UInt64
        var high: UInt64
        var count: Int
    }

    private var keys: [Key] = []
    private var values: [Int32] = []
    private var count = 0

    /// The bytes of `handle` packed, or nil when it is longer than 16 bytes.
    static func key(_ handle: String) -> Key? {
        var handle = handle
        return handle.withUTF8 { bytes -> Key? in
            guard bytes.count <= 16 else { return nil }
            var words: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: UnsafeRawBufferPointer(bytes)) }
            return Key(low: words.0, high: words.1, count: bytes.count)
        }
    }

    private func slot(_ key: Key, capacity: Int) -> Int {
        let hash = (key.low &* 0x9E37_79B9_7F4A_7C15) ^ (key.high &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(key.count)
        return Int(truncatingIfNeeded: hash >> 32) & (capacity - 1)
    }

    func find(_ key: Key) -> Int32? {
        guard !keys.isEmpty else { return nil }
        var index = slot(key, capacity: keys.count)
        while values[index] >= 0 {
            if keys[index] == key { return values[index] }
            index = (index + 1) & (keys.count - 1)
        }
        return nil
    }

    mutating func insert(_ key: Key, _ value: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        var index = slot(key, capacity: keys.count)
        while values[index] >= 0 {
            if keys[index] == key { values[index] = value; return }
            index = (index + 1) & (keys.count - 1)
        }
        keys[index] = key
        values[index] = value
        count += 1
    }

    private mutating func grow() {
        let old = zip(keys, values).filter { $0.1 >= 0 }
        let capacity = max(64, keys.count * 2)
        keys = Array(repeating: Key(low: 0, high: 0, count: 0), count: capacity)
        values = Array(repeating: -1, count: capacity)
        count = 0
        for (key, value) in old { insert(key, value) }
    }
}

/// The records of one period, compact: people as indexes into a ``PeopleIndex``, verdicts in one
/// flat array (`principles` per record), no texts. Every figure of a report is a pass over it.
struct ReportData {
    /// One record. Plain values only, so copying and filtering rows allocates nothing per row.
    struct Row {
        /// Its position in the data, for its verdicts.
        var position: Int32
        var key: Int64
        var date: Int64
        /// The author's index; -1 when anonymous.
        var author: Int32
        var subject: Int32
        /// Mentoring minutes; -1 for none.
        var minutes: Int32
        var kind: RecordKind
        var visibility: Visibility
        var anonymous: Bool
        var languageSupported: Bool

        var isNamed: Bool { author >= 0 }

        /// Author and subject as one key, for sets of directed pairs.
        var pairKey: Int64 { Self.pairKey(author, subject) }

        static func pairKey(_ from: Int32, _ to: Int32) -> Int64 { Int64(from) << 32 | Int64(to) }
    }

    let principles: Int
    private(set) var rows: [Row] = []
    private var verdicts: [PrincipleVerdict] = []

    init(principles: Int) {
        self.principles = principles
    }

    /// Adds `row`, whose author and subject are `author` (-1 when anonymous) and `subject` in the index.
    mutating func append(_ row: ReportRow, author: Int32, subject: Int32) {
        rows.append(Row(position: Int32(rows.count), key: row.key, date: row.date, author: author, subject: subject,
                        minutes: row.minutes.map { Int32(clamping: $0) } ?? -1, kind: row.kind, visibility: row.visibility,
                        anonymous: row.anonymous, languageSupported: row.languageSupported))
        for principle in 0..<principles {
            verdicts.append(principle < row.verdicts.count ? row.verdicts[principle] : .none)
        }
    }

    /// Appends `other`'s rows after these, their people mapped through `remap` (by `other`'s
    /// index; nil when the indexes agree).
    mutating func append(contentsOf other: ReportData, remap: [Int32]?) {
        let offset = Int32(rows.count)
        rows.reserveCapacity(rows.count + other.rows.count)
        for var row in other.rows {
            row.position += offset
            if let remap {
                row.subject = remap[Int(row.subject)]
                if row.author >= 0 { row.author = remap[Int(row.author)] }
            }
            rows.append(row)
        }
        verdicts += other.verdicts
    }

    func verdict(_ row: Row, _ principle: Int) -> PrincipleVerdict {
        verdicts[Int(row.position) * principles + principle]
    }

    /// The rows dated in `[from, to)`: rows are in date order, so this is two binary searches.
    func rows(from: Int64, to: Int64) -> ArraySlice<Row> {
        rows[firstIndex(notBefore: from)..<firstIndex(notBefore: to)]
    }

    private func firstIndex(notBefore date: Int64) -> Int {
        var low = 0, high = rows.count
        while low < high {
            let middle = (low + high) / 2
            if rows[middle].date < date { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// Counts of one principle's verdicts over some records, and how many people are behind them.
struct Tally {
    var aligned = 0
    var misaligned = 0
    var total = 0
    var alignmentSum = 0.0
    /// Distinct people behind the evidenced records (see ``PeopleCounter``).
    var people = 0

    init(_ rows: some Sequence<ReportData.Row>, in data: ReportData, principle: Int, counting counter: PeopleCounter) {
        var counter = counter
        for row in rows {
            total += 1
            let verdict = data.verdict(row, principle)
            guard verdict.verdict != .notEvidenced else { continue }
            alignmentSum += verdict.alignment
            if verdict.verdict == .aligned { aligned += 1 } else { misaligned += 1 }
            counter.add(row)
        }
        people = counter.count
    }

    var evidenced: Int { aligned + misaligned }
    var meanAlignment: Double? { evidenced == 0 ? nil : alignmentSum / Double(evidenced) }
    var coverage: Double? { total == 0 ? nil : Double(evidenced) / Double(total) }
}

/// Distinct people behind some records: named authors and subjects (an anonymous author counts as
/// one person at most). With `members`, only the members of the group a figure describes count:
/// a team of one is one person, however many others they dealt with.
struct PeopleCounter {
    private var seen: [Bool]
    private let members: [Bool]?
    private var anonymous = false
    private(set) var named = 0

    init(people: Int, members: [Bool]?) {
        seen = Array(repeating: false, count: people)
        self.members = members
    }

    mutating func add(_ row: ReportData.Row) {
        add(subject: row.subject, author: row.author)
    }

    /// Counts a record's `subject` and `author` (-1 when anonymous), by index.
    mutating func add(subject: Int32, author: Int32) {
        mark(subject)
        if author >= 0 {
            mark(author)
        } else if members == nil {
            anonymous = true
        }
    }

    private mutating func mark(_ person: Int32) {
        let index = Int(person)
        guard members.map({ index < $0.count && $0[index] }) ?? true else { return }
        // People met while reading may be indexed after the counter was made.
        if index >= seen.count { seen += Array(repeating: false, count: index + 1 - seen.count) }
        guard !seen[index] else { return }
        seen[index] = true
        named += 1
    }

    var count: Int { named + (anonymous ? 1 : 0) }

    /// Whether `person` was marked.
    func contains(_ person: Int32) -> Bool { Int(person) < seen.count && seen[Int(person)] }

    /// Adds the people `other` counted, mapped through `remap` (nil when the indexes agree).
    mutating func merge(_ other: PeopleCounter, remap: [Int32]?) {
        for (person, seen) in other.seen.enumerated() where seen { mark(remap.map { $0[person] } ?? Int32(person)) }
        if other.anonymous { anonymous = true }
    }

    static func count(_ rows: some Sequence<ReportData.Row>, people: Int, members: [Bool]?) -> Int {
        var counter = PeopleCounter(people: people, members: members)
        for row in rows { counter.add(row) }
        return counter.count
    }
}

/// Each principle's evidenced records, alignment and people over every record of a period,
/// counted while the records are read: a team report's organisation row, without a second read.
struct OrganisationTally {
    private(set) var evidenced: [Int]
    private(set) var sums: [ExactSum]
    private(set) var counters: [PeopleCounter]
    /// Per principle, per group of teams (``TeamGroups``): evidenced records and the sum of their
    /// alignments. A record counts for its subject's group and, when another, its author's.
    private(set) var teamEvidenced: [[Int]]
    private(set) var teamSums: [[ExactSum]]
    /// Per group: feedback received (by its subject's group).
    private(set) var teamReceived: [Int]
    /// Each team's group, by index into `PeopleIndex.teams`.
    private let groupOf: [Int]

    init(principles: Int, groups: TeamGroups) {
        evidenced = Array(repeating: 0, count: principles)
        sums = Array(repeating: ExactSum(), count: principles)
        counters = Array(repeating: PeopleCounter(people: 0, members: nil), count: principles)
        teamEvidenced = Array(repeating: Array(repeating: 0, count: groups.count), count: principles)
        teamSums = Array(repeating: Array(repeating: ExactSum(), count: groups.count), count: principles)
        teamReceived = Array(repeating: 0, count: groups.count)
        groupOf = groups.groupOf
    }

    /// The people behind each principle's evidenced records (an anonymous author counting once).
    var people: [Int] { counters.map(\.count) }

    /// Counts `row`, whose author and subject are `author` (-1 when anonymous) and `subject` in
    /// the index, in teams `teamOf` (-1 for none).
    mutating func add(_ row: ReportRow, author: Int32, subject: Int32, teamOf: [Int32]) {
        func team(_ person: Int32) -> Int {
            guard person >= 0, Int(person) < teamOf.count, teamOf[Int(person)] >= 0 else { return -1 }
            return groupOf[Int(teamOf[Int(person)])]
        }
        let subjectTeam = team(subject), authorTeam = team(author)
        if row.kind == .feedback, subjectTeam >= 0 { teamReceived[subjectTeam] += 1 }
        for (position, verdict) in row.verdicts.enumerated() where position < evidenced.count && verdict.verdict != .notEvidenced {
            evidenced[position] += 1
            sums[position].add(verdict.alignment)
            counters[position].add(subject: subject, author: author)
            if subjectTeam >= 0 {
                teamEvidenced[position][subjectTeam] += 1
                teamSums[position][subjectTeam].add(verdict.alignment)
            }
            if authorTeam >= 0, authorTeam != subjectTeam {
                teamEvidenced[position][authorTeam] += 1
                teamSums[position][authorTeam].add(verdict.alignment)
            }
        }
    }

    /// Adds `other`'s counts, its people mapped through `remap` (nil when the indexes agree).
    mutating func merge(_ other: OrganisationTally, remap: [Int32]?) {
        for position in evidenced.indices {
            evidenced[position] += other.evidenced[position]
            sums[position].add(other.sums[position])
            counters[position].merge(other.counters[position], remap: remap)
            for team in teamEvidenced[position].indices {
                teamEvidenced[position][team] += other.teamEvidenced[position][team]
                teamSums[position][team].add(other.teamSums[position][team])
            }
        }
        for team in teamReceived.indices { teamReceived[team] += other.teamReceived[team] }
    }

    func mean(_ position: Int) -> Double? { evidenced[position] == 0 ? nil : sums[position].value / Double(evidenced[position]) }
}

/// A sum of alignments (each within −1…1) that is the same in whatever order its terms are
/// added: each is counted in units of 2⁻⁴⁰ (an error under 10⁻¹² a term, while a billion terms
/// stay within Int64), so figures read in parts, or kept and brought up to date, round alike.
struct ExactSum: Hashable {
    private static let scale = 1_099_511_627_776.0  // 2⁴⁰
    private var units: Int64 = 0

    mutating func add(_ term: Double) {
        units &+= Int64((max(-1, min(1, term)) * Self.scale).rounded())
    }

    mutating func add(_ other: ExactSum) {
        units &+= other.units
    }

    var value: Double { Double(units) / Self.scale }
}

/// Distinct ordered pairs of people by position, in the order first seen. Reports collect a pair
/// per record (hundreds of thousands over a year), so while people × people bits fit in 4 MiB
/// (up to about 5,800 people) a bit is set instead of a hash inserted; beyond that, or for a
/// position outside the index, a set.
struct PairKeys {
    private let people: Int
    private var bits: [UInt64]
    private var others: Set<Int64> = []
    /// Each distinct pair's key (`ReportData.Row.pairKey`), in the order first seen.
    private(set) var keys: [Int64] = []

    init(people: Int) {
        self.people = people
        bits = people * people <= 1 << 25 ? Array(repeating: 0, count: (people * people + 63) / 64) : []
    }

    var count: Int { keys.count }

    private func cell(_ from: Int32, _ to: Int32) -> Int? {
        guard !bits.isEmpty, from >= 0, to >= 0, Int(from) < people, Int(to) < people else { return nil }
        return Int(from) * people + Int(to)
    }

    mutating func insert(_ from: Int32, _ to: Int32) {
        let key = ReportData.Row.pairKey(from, to)
        if let cell = cell(from, to) {
            let mask: UInt64 = 1 << (cell & 63)
            guard bits[cell >> 6] & mask == 0 else { return }
            bits[cell >> 6] |= mask
            keys.append(key)
        } else if others.insert(key).inserted {
            keys.append(key)
        }
    }

    func contains(_ from: Int32, _ to: Int32) -> Bool {
        if let cell = cell(from, to) { return bits[cell >> 6] >> (cell & 63) & 1 != 0 }
        return others.contains(ReportData.Row.pairKey(from, to))
    }
}
