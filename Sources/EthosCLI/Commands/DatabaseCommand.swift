internal import ArgumentParser
internal import EthosCore
internal import EthosRecording
internal import Foundation

/// `ethos db …`: moving a workspace between databases.
struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Move a workspace between databases.",
        subcommands: [Copy.self]
    )

    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a workspace into a new, empty database: from SQLite to PostgreSQL, or back.",
            discussion: """
            Copies people, records (with their ids, scores, evidence and anonymous authors' keys, \
            nothing scored again), accounts, API tokens and feedback requests, then checks the \
            counts. Sessions and unused invitations are not copied: people sign in again. The \
            target must be empty, and gets the source's anonymity key: for an SQLite target its \
            key file is written beside it; for PostgreSQL, at ETHOS_ANONYMITY_KEY_FILE (else \
            <database>.key) unless that file exists and holds the same key.

            Examples:
              ethos db copy --from sqlite:ethos.sqlite --to postgres://ethos@db.internal/ethos
              ethos db copy --from postgres://ethos@db.internal/ethos --to sqlite:backup.sqlite
            """
        )

        @Option(help: ArgumentHelp("The database to copy: an SQLite path (sqlite:PATH or PATH) or a postgres:// URL.", valueName: "database"))
        var from: String
        @Option(help: ArgumentHelp("The empty database to copy into, named the same ways.", valueName: "database"))
        var to: String
        @Flag(help: "No progress line.") var quiet = false

        func run() async throws {
            let source = try await StoreOptions.open(from, existing: true)
            try Self.placeKey(source.anonymityKey, at: StoreOptions.keyPath(to))
            let target = try await StoreOptions.open(to, existing: false)
            let start = Date(), total = try await source.count()
            var progress = Progress(quiet: quiet)
            let counts: StoreCopy.Counts
            do {
                counts = try await StoreCopy.copy(from: source, to: target, now: currentTimestamp().seconds) { copied in
                    progress.update(copied, total: total, noun: "Copying")
                }
                progress.finish()
            } catch let error as StoreError {
                progress.finish()
                throw EthosError(error.message + (error.message.contains("not empty") || error.message.contains("anonymity keys") ? ""
                    : " The target may hold part of the copy: remove it (delete the file, or drop and create the database) before copying again."))
            }
            let people = counts.people == 1 ? "1 person" : "\(counts.people) people"
            Console.out("Copied \(people), \(Plural.count(counts.records, "record")), \(Plural.count(counts.accounts, "account")), "
                        + "\(Plural.count(counts.tokens, "API token")) and \(Plural.count(counts.requests, "feedback request")) from "
                        + "\(source.location) to \(target.location) in "
                        + String(format: "%.1f", Date().timeIntervalSince(start)) + " s; the counts match.")
        }

        /// Writes `key` to a key file at `path` that does not exist yet (readable by its owner
        /// only), so the target is made with the source's key; an existing file is left for the
        /// target to check.
        static func placeKey(_ key: AnonymityKey, at path: String) throws {
            guard !FileManager.default.fileExists(atPath: path) else { return }
            guard FileManager.default.createFile(atPath: path, contents: key.fileContents, attributes: [.posixPermissions: 0o600]) else {
                throw EthosError("Cannot write the anonymity key '\(path)'; check that its folder is writable.")
            }
        }
    }
}
