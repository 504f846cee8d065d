internal import ArgumentParser
internal import EthosCore
internal import EthosRecording
internal import EthosStore
internal import Foundation

/// The database option every command that reads or writes records takes.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "The database file (default: $ETHOS_DB, else ./ethos.sqlite); created on first use.", valueName: "path"))
    var databasePath: String?

    /// The database path: the flag, else `ETHOS_DB`, else `./ethos.sqlite`.
    var path: String {
        databasePath ?? ProcessInfo.processInfo.environment["ETHOS_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "ethos.sqlite"
    }

    /// Opens a store that must already exist: commands that only read never create one.
    func openExisting() throws -> SQLiteStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw EthosError("No database at '\(path)': run 'ethos init' to make a workspace and 'ethos people import FILE' to "
                             + "start one, or point --db (or ETHOS_DB) at an existing database.")
        }
        return try open()
    }

    /// Opens the store, turning failures into a clear error.
    func open() throws -> SQLiteStore {
        do {
            return try SQLiteStore(path: path)
        } catch let error as StoreError {
            throw EthosError(error.message)
        }
    }
}

/// Formats for listing commands.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// The current time, as a record timestamp.
func currentTimestamp() -> FactTimestamp {
    FactTimestamp(seconds: Int64(Date().timeIntervalSince1970)) ?? FactTimestamp(seconds: 0)!
}

extension SQLiteStore {
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

    init(_ store: SQLiteStore) async throws {
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
