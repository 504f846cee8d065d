public import EthosCore

/// Where a record stands in history: by date, then by the order records were stored (`key`).
/// A record's history is every record before it.
public struct HistoryPosition: Comparable, Hashable, Sendable {
    /// Seconds since 1970.
    public var date: Int64
    /// The store's order of the record (its key); records not yet stored take keys after every stored one.
    public var key: Int64

    public init(date: Int64, key: Int64) {
        self.date = date
        self.key = key
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.date, lhs.key) < (rhs.date, rhs.key)
    }
}

/// What the history facts of one record about to be scored read of the stored history
/// (``HistoryIndex/facts(for:at:people:)``): the records between its author and subject, either
/// way; its author's records dated `since` or later; and the first mentoring its author received
/// (every session dated at that moment).
public struct HistoryNeed: Hashable, Sendable {
    public var author: String
    public var subject: String
    /// The record's date less ``HistoryIndex/recentWindow``, in seconds since 1970.
    public var since: Int64

    /// The need of a record by `author` about `subject` dated `date` (seconds since 1970).
    public init(author: String, subject: String, date: Int64) {
        self.author = author
        self.subject = subject
        since = date - HistoryIndex.recentWindow
    }
}

/// What history facts read of a named record: who gave it, to whom, where it stands, and whether
/// it was mentoring. Anonymous records are in no one's history.
public struct HistoryEntry: Hashable, Sendable {
    public var author: String
    public var subject: String
    public var position: HistoryPosition
    public var kind: RecordKind

    public init(author: String, subject: String, position: HistoryPosition, kind: RecordKind) {
        self.author = author
        self.subject = subject
        self.position = position
        self.kind = kind
    }
}

/// History facts — the one implementation every path uses (recording, importing, rescoring,
/// `score --input`, `principles evaluate`): the entries of the named records that matter, in
/// memory, each fact a few lookups. A record's history facts count the records strictly before
/// its position; the 30-day window counts records dated from 30 days before it.
///
/// Anonymous records neither have history facts nor count in anyone's: whoever reads a record's
/// facts (its author, its subject, `explain`) would otherwise learn whether someone wrote an
/// anonymous record, and anonymous records could be linked to each other through their facts.
///
/// Memory is some 60 bytes a record held.
public struct HistoryIndex: Sendable {
    /// How far back, in seconds, `distinctPeople30d` counts the people an author gave to.
    public static let recentWindow: Int64 = 30 * 86_400

    private var ids: [String: Int32] = [:]
    /// Per author: the positions and subjects of the records they gave, in order.
    private var given: [[Given]] = []
    /// The first position of a record from author to subject, by ``pair(_:_:)``.
    private var first: [Int64: HistoryPosition] = [:]
    /// The positions of mentoring sessions from mentor to mentee, in order, by ``pair(_:_:)``.
    private var sessions: [Int64: [HistoryPosition]] = [:]
    /// The first position at which each person was mentored.
    private var firstMentored: [Int32: HistoryPosition] = [:]
    /// How many records it holds.
    public private(set) var count = 0

    private struct Given: Sendable {
        var position: HistoryPosition
        var subject: Int32
    }

    /// An empty history.
    public init() {}

    /// A history of `entries`, in any order.
    public init(_ entries: some Sequence<HistoryEntry>) {
        for entry in entries { note(entry, inOrder: false) }
        for index in given.indices { given[index].sort { $0.position < $1.position } }
        for key in sessions.keys { sessions[key]?.sort() }
    }

    /// Adds a named record.
    public mutating func add(_ entry: HistoryEntry) {
        note(entry, inOrder: true)
    }

    private mutating func note(_ entry: HistoryEntry, inOrder: Bool) {
        let from = id(entry.author), to = id(entry.subject), position = entry.position
        let item = Given(position: position, subject: to)
        if inOrder {
            var list = given[Int(from)]
            given[Int(from)] = []  // so `list` is the only reference and grows in place
            list.insert(item, at: list.partitionPoint { $0.position > position })
            given[Int(from)] = list
        } else {
            given[Int(from)].append(item)
        }
        let pair = Self.pair(from, to)
        first[pair] = min(first[pair] ?? position, position)
        if entry.kind == .mentoring {
            if inOrder {
                sessions[pair, default: []].insert(position, at: (sessions[pair] ?? []).partitionPoint { $0 > position })
            } else {
                sessions[pair, default: []].append(position)
            }
            firstMentored[to] = min(firstMentored[to] ?? position, position)
        }
        count += 1
    }

    /// The history facts of `record` at `position` (``HistoryFacts/unknown`` when it is
    /// anonymous); `people` are its author and subject, for whether they are in different teams.
    public func facts(for record: Record, at position: HistoryPosition, people: (author: Person?, subject: Person?)) -> HistoryFacts {
        guard !record.anonymous else { return .unknown }
        let mentoring = record.kind == .mentoring
        return HistoryFacts(
            firstContact: !(met(record.from, record.to, before: position) || met(record.to, record.from, before: position)),
            crossTeam: HistoryFacts.crossTeam(people.author, people.subject),
            distinctPeople30d: distinctSubjects(of: record.from, from: position.date - Self.recentWindow, before: position),
            mentoringSessions: mentoring ? sessions(record.from, record.to, before: position) : 0,
            payItForward: mentoring ? mentored(record.from, before: position) : false)
    }

    /// Whether a record from `author` to `subject` stands before `position`.
    func met(_ author: String, _ subject: String, before position: HistoryPosition) -> Bool {
        guard let from = ids[author], let to = ids[subject], let first = first[Self.pair(from, to)] else { return false }
        return first < position
    }

    /// How many distinct subjects `author`'s records dated from `start` and standing before `position` have.
    func distinctSubjects(of author: String, from start: Int64, before position: HistoryPosition) -> Int {
        guard let from = ids[author] else { return 0 }
        let list = given[Int(from)]
        let window = list[list.partitionPoint { $0.position.date >= start }..<list.partitionPoint { $0.position >= position }]
        if window.count <= 16 {
            var seen: [Int32] = []
            for item in window where !seen.contains(item.subject) { seen.append(item.subject) }
            return seen.count
        }
        return Set(window.map(\.subject)).count
    }

    /// How many mentoring sessions from `author` to `subject` stand before `position`.
    func sessions(_ author: String, _ subject: String, before position: HistoryPosition) -> Int {
        guard let from = ids[author], let to = ids[subject], let list = sessions[Self.pair(from, to)] else { return 0 }
        return list.partitionPoint { $0 >= position }
    }

    /// Whether `person` was mentored before `position`.
    func mentored(_ person: String, before position: HistoryPosition) -> Bool {
        guard let id = ids[person], let first = firstMentored[id] else { return false }
        return first < position
    }

    private mutating func id(_ handle: String) -> Int32 {
        if let id = ids[handle] { return id }
        let id = Int32(ids.count)
        ids[handle] = id
        given.append([])
        return id
    }

    private static func pair(_ from: Int32, _ to: Int32) -> Int64 {
        Int64(from) << 32 | Int64(UInt32(bitPattern: to))
    }
}

extension RandomAccessCollection {
    /// The first index whose element satisfies `isAfter`, which must be false for a prefix of
    /// the collection and true for the rest (a binary search); `endIndex` when none does.
    fileprivate func partitionPoint(where isAfter: (Element) -> Bool) -> Index {
        var low = startIndex, count = self.count
        while count > 0 {
            let half = count / 2, middle = index(low, offsetBy: half)
            if isAfter(self[middle]) {
                count = half
            } else {
                low = index(after: middle)
                count -= half + 1
            }
        }
        return low
    }
}
