internal import EthosCore
internal import EthosRecording

/// A signed-in person and what their place in the directory lets them see.
struct Viewer: Sendable {
    let person: Person
    let isAdmin: Bool
    let readers: Readers
    /// Everyone they manage, directly or further down.
    let reports: [Person]
    /// Everyone, for names and choosing a colleague.
    let directory: Directory

    init?(handle: String, directory: Directory, admins: Set<String>) {
        guard let person = directory.person(handle) else { return nil }
        self.person = person
        self.directory = directory
        isAdmin = admins.contains(handle)
        readers = Readers(.person(handle), directory: directory.people)
        let readers = self.readers
        reports = directory.people.filter { $0.handle != handle && readers.manages(handle, $0.handle) }
    }

    var handle: String { person.handle }
    var name: String { person.name ?? person.handle }
    var isManager: Bool { !reports.isEmpty }

    /// The teams whose report they may read: every team for an admin; for a manager, the teams
    /// of the people they manage.
    var reportTeams: [String] {
        let teams = isAdmin ? directory.people.compactMap(\.team) : reports.compactMap(\.team)
        return Array(Set(teams)).sorted()
    }

    /// Whether they may read `record`'s text. Admins too read by the record's visibility here:
    /// reading every text is the shell's `--as-admin`, not a web role.
    func mayRead(_ record: StoredRecord) -> Bool {
        readers.mayRead(record.visibility, author: record.author, subject: record.subject)
    }

    /// Whether they may ask for feedback about `subject`: themselves, or someone they manage.
    func mayRequestFeedback(about subject: String) -> Bool {
        subject == handle || reports.contains { $0.handle == subject }
    }

    /// The name to show for `handle`.
    func name(of handle: String) -> String {
        directory.person(handle)?.name ?? handle
    }
}

/// The people directory as read at one revision, each person found by handle.
struct Directory: Sendable {
    /// Everyone, by handle.
    let people: [Person]
    /// The store's directory revision it was read at.
    let revision: Int64
    private let byHandle: [String: Person]

    init(_ people: [Person], revision: Int64 = 0) {
        self.people = people
        self.revision = revision
        byHandle = Dictionary(people.map { ($0.handle, $0) }) { first, _ in first }
    }

    func person(_ handle: String) -> Person? { byHandle[handle] }
}

/// The directory and each signed-in person's rights built from it, kept between requests and
/// read again when the store's directory revision moves (a change from any process). Every
/// signed-in request needs them: reading the whole directory and walking everyone's management
/// chain for each was most of what a small page cost.
actor DirectoryCache {
    private var revision: Int64?
    private var directory = Directory([])
    private var viewers: [String: Viewer] = [:]

    /// The current directory; `revision` is the store's directory revision when the caller has
    /// just read it.
    func directory(store: any RecordStore, revision known: Int64? = nil) async throws -> Directory {
        let revision = if let known { known } else { try await store.directoryRevision() }
        if revision != self.revision {
            // Read after the revision: at worst newer than it, and read again on the next call.
            let people = try await store.people(team: nil)
            if revision != self.revision {
                directory = Directory(people, revision: revision)
                viewers = [:]
                self.revision = revision
            }
        }
        return directory
    }

    /// `handle` with their rights; nil when the directory does not know them.
    func viewer(_ handle: String, store: any RecordStore, admins: Set<String>, revision: Int64? = nil) async throws -> Viewer? {
        let directory = try await directory(store: store, revision: revision)
        if let viewer = viewers[handle] { return viewer }
        guard let viewer = Viewer(handle: handle, directory: directory, admins: admins) else { return nil }
        viewers[handle] = viewer
        return viewer
    }
}
