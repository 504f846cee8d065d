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
