/// A store's migrations from its embedded files: the SQL files under `Migrations/`, by name
/// (the file name without `.sql`), in the order of their names.
package func migrationFiles(_ files: [(path: String, contents: String)]) -> [(name: String, sql: String)] {
    files.filter { $0.path.hasPrefix("Migrations/") && $0.path.hasSuffix(".sql") }
        .map { (String($0.path.dropFirst("Migrations/".count).dropLast(".sql".count)), $0.contents) }
        .sorted { $0.name < $1.name }
}
