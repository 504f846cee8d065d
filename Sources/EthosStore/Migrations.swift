internal import EthosStoreSupport
internal import GRDB

/// The schema: the SQL files in `Embedded/Migrations/`, applied in the order of their names,
/// each once, each named by its file. A database is upgraded in place when it is opened; a
/// shipped migration is never edited, and a change is a new file.
enum Migrations {
    /// The migrations, by file name, in order.
    static let files = migrationFiles(EmbeddedFiles.files)

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for file in files {
            migrator.registerMigration(file.name) { db in try db.execute(sql: file.sql) }
        }
        return migrator
    }

    /// Throws when the database was migrated by a development build before the schema was
    /// squashed into `0001_initial` (its migrations were named `v1`…`v6`): there is no upgrade
    /// path from those, and applying this schema over one would fail half-way.
    static func refuseDevelopmentSchema(_ db: Database) throws {
        guard try db.tableExists("grdb_migrations"),
              try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM grdb_migrations WHERE identifier = 'v1')") == true else { return }
        throw StoreSchemaError()
    }

    struct StoreSchemaError: Error {}
}
