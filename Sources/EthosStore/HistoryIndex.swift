internal import EthosCore

/// What history facts read of every stored record — who gave it (a handle, or an anonymous
/// author's key), to whom, when, and whether it was mentoring — held in memory, so a bulk import
/// answers each record's history facts with a few lookups instead of four indexed queries.
///
/// It answers exactly what ``SQLiteStore``'s queries answer over the same records (a test
/// compares them on thousands of generated records): the records "stored before" a record are
/// the ones added before it, and the date conditions are the queries' own (`date <= D`, the
/// 30-day window inclusive at both ends).
///
/// Memory is some 60 MB a million records with its tables' slack; the store keeps one only up to
/// ``SQLiteStore/historyIndexLimit`` records.
struct HistoryIndex {
    /// Every author and subject, numbered in order of appearance: a handle and an anonymous key
    /// are different authors whatever their letters.
    private var ids: [Author: Int32] = [:]
    private var names: [Author] = []
    /// Per author: the dates and subjects of the records they gave, in date order.
    private var given: [[Given]] = []
    /// The earliest date of a record from author to subject, by ``pair(_:_:)``.
    private var firstDate: [Int64: Int64] = [:]
    /// The dates of mentoring sessions from mentor to mentee, in order, by ``pair(_:_:)``.
    private var sessions: [Int64: [Int64]] = [:]
    /// The earliest date each person was mentored.
    private var firstMentored: [Int32: Int64] = [:]
    /// Scratch for counting distinct subjects: the last query that counted each person.
    private var counted: [UInt32] = []
    private var query: UInt32 = 0
    /// How many records it holds.
    private(set) var count = 0

    struct Given {
        var date: Int64
        var subject: Int32
    }

    /// The author of a record as its history knows them: a handle, or an anonymous key.
    /// (Subjects are always handles.)
    enum Author: Hashable {
        case handle(String)
        case anonymous(key: String)
    }

    /// Adds a stored record.
    mutating func add(author: Author, subject: String, date: Int64, kind: RecordKind) {
        note(author: author, subject: subject, date: date, kind: kind, inOrder: true)
    }

    /// Adds a stored record without keeping dates in order, for loading many at once; call
    /// ``finishLoading()`` after the last.
    mutating func append(author: Author, subject: String, date: Int64, kind: RecordKind) {
        note(author: author, subject: subject, date: date, kind: kind, inOrder: false)
    }

    /// Sorts every author's records and every pair's sessions by date after ``append(author:subject:date:kind:)``.
    mutating func finishLoading() {
        for index in given.indices { given[index].sort { $0.date < $1.date } }
        for key in sessions.keys { sessions[key]?.sort() }
    }

    private mutating func note(author: Author, subject: String, date: Int64, kind: RecordKind, inOrder: Bool) {
        let from = id(author), to = id(.handle(subject))
        let entry = Given(date: date, subject: to)
        if inOrder {
            var list = given[Int(from)]
            given[Int(from)] = []  // so `list` is the only reference and grows in place
            list.insert(entry, at: list.partitionPoint { $0.date > date })
            given[Int(from)] = list
        } else {
            given[Int(from)].append(entry)
        }
        let pair = Self.pair(from, to)
        firstDate[pair] = min(firstDate[pair] ?? date, date)
        if kind == .mentoring {
            if inOrder { sessions[pair, default: []].insertSorted(date) } else { sessions[pair, default: []].append(date) }
            firstMentored[to] = min(firstMentored[to] ?? date, date)
        }
        count += 1
    }

    /// Whether any record from `author` to `subject` is dated `date` or earlier.
    func met(_ author: Author, _ subject: String, by date: Int64) -> Bool {
        guard let from = ids[author], let to = ids[.handle(subject)], let first = firstDate[Self.pair(from, to)] else { return false }
        return first <= date
    }

    /// Whether `record`'s author and subject met on `date` or earlier, in either direction: a
    /// record from `author` to the subject, or from the subject — by handle or as
    /// `subjectAnonymousKey` — to the record's author.
    func met(_ record: Record, author: Author, subjectAnonymousKey: String, by date: Int64) -> Bool {
        met(author, record.to, by: date) || met(.handle(record.to), record.from, by: date)
            || met(.anonymous(key: subjectAnonymousKey), record.from, by: date)
    }

    /// Adds to `subjects` the distinct subjects (handles) of `author`'s records dated from
    /// `start` to `end`, both included.
    func subjects(of author: Author, from start: Int64, through end: Int64, into subjects: inout Set<String>) {
        guard let from = ids[author] else { return }
        for entry in window(from, start, end) {
            if case let .handle(handle) = names[Int(entry.subject)] { subjects.insert(handle) }
        }
    }

    /// How many distinct subjects `author`'s records dated from `start` to `end` (both included) have.
    mutating func distinctSubjects(of author: Author, from start: Int64, through end: Int64) -> Int {
        guard let from = ids[author] else { return 0 }
        query &+= 1
        if query == 0 {  // wrapped: forget every earlier count
            counted = Array(repeating: 0, count: counted.count)
            query = 1
        }
        var distinct = 0
        for entry in window(from, start, end) where counted[Int(entry.subject)] != query {
            counted[Int(entry.subject)] = query
            distinct += 1
        }
        return distinct
    }

    /// The records of author `from` dated from `start` to `end`, both included.
    private func window(_ from: Int32, _ start: Int64, _ end: Int64) -> ArraySlice<Given> {
        let list = given[Int(from)]
        return list[list.partitionPoint { $0.date >= start }..<list.partitionPoint { $0.date > end }]
    }

    /// How many mentoring sessions from `author` to `subject` are dated `date` or earlier.
    func sessions(_ author: Author, _ subject: String, by date: Int64) -> Int {
        guard let from = ids[author], let to = ids[.handle(subject)], let dates = sessions[Self.pair(from, to)] else { return 0 }
        return dates.partitionPoint { $0 > date }
    }

    /// Whether `person` was mentored on `date` or earlier.
    func mentored(_ person: String, by date: Int64) -> Bool {
        guard let id = ids[.handle(person)], let first = firstMentored[id] else { return false }
        return first <= date
    }

    private mutating func id(_ key: Author) -> Int32 {
        if let id = ids[key] { return id }
        let id = Int32(ids.count)
        ids[key] = id
        names.append(key)
        given.append([])
        counted.append(0)
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

extension [Int64] {
    /// Inserts `value` after every element not greater than it.
    fileprivate mutating func insertSorted(_ value: Int64) {
        insert(value, at: partitionPoint { $0 > value })
    }
}
