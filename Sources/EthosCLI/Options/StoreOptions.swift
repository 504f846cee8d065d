internal import ArgumentParser
internal import EthosCore
internal import EthosRecording
internal import EthosPostgres
internal import EthosStore
internal import Foundation

/// The database option every command that reads or writes records takes.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "The database: an SQLite file, created on first use, or a postgres:// URL (default: $ETHOS_DB, else ./ethos.sqlite).",
        valueName: "path-or-url"))
    var databasePath: String?

    /// The database: the flag, else `ETHOS_DB`, else `./ethos.sqlite`.
    var path: String {
        databasePath ?? ProcessInfo.processInfo.environment["ETHOS_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "ethos.sqlite"
    }

    /// Opens a store that must already exist: commands that only read never create one.
    func openExisting() async throws -> any WorkspaceStore {
        try await Self.open(path, existing: true)
    }

    /// Opens the store, turning failures into a clear error.
    func open() async throws -> any WorkspaceStore {
        try await Self.open(path, existing: false)
    }

    /// Opens the database at `location` (an SQLite path, `sqlite:` and a path, or a `postgres://`
    /// URL); with `existing`, one that must exist already.
    static func open(_ location: String, existing: Bool) async throws -> any WorkspaceStore {
        let location = sqlitePath(location) ?? location
        if existing, !PostgresSettings.isURL(location), !FileManager.default.fileExists(atPath: location) {
            throw EthosError("No database at '\(location)': run 'ethos init' to make a workspace and 'ethos people import FILE' to "
                             + "start one, or point --db (or ETHOS_DB) at an existing database.")
        }
        do {
            guard PostgresSettings.isURL(location) else { return try SQLiteStore(path: location) }
            let settings = try PostgresSettings(url: location)
            return try await PostgresStore.open(settings, keyPath: keyPath(location), requireSchema: existing)
        } catch let error as StoreError {
            throw EthosError(error.message)
        } catch let error as PostgresSettingsError {
            throw EthosError("--db: \(error)")
        }
    }

    /// The path of an SQLite database `location` names (`sqlite:` is dropped); nil for a URL.
    static func sqlitePath(_ location: String) -> String? {
        if location.hasPrefix("sqlite:") { return String(location.dropFirst("sqlite:".count)) }
        return PostgresSettings.isURL(location) ? nil : location
    }

    /// Where the anonymity key of the database at `location` is: beside an SQLite file; for
    /// PostgreSQL, the file `ETHOS_ANONYMITY_KEY_FILE` names, else `<database>.key` in the
    /// current folder.
    static func keyPath(_ location: String) throws -> String {
        if let path = sqlitePath(location) { return path + ".key" }
        let environment = ProcessInfo.processInfo.environment
        if let file = environment["ETHOS_ANONYMITY_KEY_FILE"], !file.isEmpty { return file }
        return try PostgresSettings(url: location).database + ".key"
    }
}

/// What the commands need of a store, on either backend.
protocol WorkspaceStore: CopyableStore, ReportSource {
    /// Where the database is, for messages (never with a password).
    var location: String { get }
    /// Up to `limit` record ids that start with `prefix`, in order: for suggesting the id meant.
    func recordIDs(startingWith prefix: String, limit: Int) async throws -> [String]
    /// The migrations opening the store applied, in order.
    var appliedMigrations: [String] { get }
    /// The name of the last migration the database's schema has.
    func schemaVersion() async throws -> String
}

extension SQLiteStore: WorkspaceStore {
    var location: String { path ?? "memory" }
}

extension PostgresStore: WorkspaceStore {}

/// Formats for listing commands.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// The current time, as a record timestamp.
func currentTimestamp() -> FactTimestamp {
    FactTimestamp(seconds: Int64(Date().timeIntervalSince1970)) ?? FactTimestamp(seconds: 0)!
}

extension WorkspaceStore {
    /// The record with `id`, or a clear error.
    func existingRecord(_ id: String) async throws -> StoredRecord {
        guard let record = try await record(id: id) else {
            // The start of an id, as a listing shortens them, finds the one record it begins.
            let matches = id.count >= 4 ? try await recordIDs(startingWith: id, limit: 2) : []
            throw EthosError("No record has the id '\(id)'" + (matches.count == 1 ? "; did you mean '\(matches[0])'?"
                                                                                   : "; 'ethos records list' shows them."))
        }
        return record
    }
}

/// The people directory, read once for a command, to check the names it was given against.
struct Directory {
    let people: [Person]

    init(_ store: any RecordStore) async throws {
        people = try await store.people(team: nil)
    }

    /// Refuses a handle the directory does not know, suggesting the closest one.
    func requirePerson(_ handle: String, hint: String = "; 'ethos people list' shows them") throws {
        guard !people.contains(where: { $0.handle == handle }) else { return }
        let suggestion = DidYouMean.phrase(handle, among: people.map(\.handle))
        throw EthosError("No person has the handle '\(handle)'" + (suggestion == "." ? hint + "." : suggestion))
    }

    /// Refuses a team nobody in the directory is in, suggesting the closest one.
    func requireTeam(_ team: String) throws {
        let teams = Set(people.compactMap(\.team))
        guard !teams.contains(team) else { return }
        let suggestion = DidYouMean.phrase(team, among: teams)
        throw EthosError("No team is called '\(team)'" + (suggestion == "." ? "; 'ethos people list' shows the teams." : suggestion))
    }
}
