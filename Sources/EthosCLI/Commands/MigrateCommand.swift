internal import ArgumentParser
internal import EthosCore

/// `ethos migrate`: brings a database's schema up to date.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the database's schema, and say what was applied.",
        discussion: """
        Every command does this when it opens a database, so you need it only to prepare a \
        PostgreSQL database before the first server starts, or to upgrade one at a time you \
        choose after installing a new Ethos. Migrations are applied in order, each once and in \
        its own transaction; processes migrating at the same moment take turns. A database \
        migrated by a newer Ethos is refused and left as it is.

        Examples:
          ethos migrate --db postgres://ethos@db.internal/ethos
          ethos migrate --db ethos.sqlite
        """
    )

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let database = try await store.open()
        let version = try await database.schemaVersion()
        if database.appliedMigrations.isEmpty {
            Console.out("The schema of \(database.location) is up to date (\(version)); nothing to apply.")
        } else {
            Console.out("Applied \(database.appliedMigrations.joined(separator: ", ")) to \(database.location); the schema is up to date (\(version)).")
        }
    }
}
