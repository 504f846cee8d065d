@testable import EthosPostgres
import Foundation
import Testing

@Suite("PostgreSQL connection settings")
struct PostgresSettingsTests {
    func settings(_ url: String, _ environment: [String: String] = ["USER": "ana"],
                  files: [String: (String, Bool)] = [:]) throws(PostgresSettingsError) -> PostgresSettings {
        try PostgresSettings(url: url, environment: environment) { path in files[path].map { (text: $0.0, othersMayRead: $0.1) } }
    }

    @Test("a URL names the host, port, user, database and sslmode, with libpq's defaults for what it leaves out")
    func parts() throws {
        let full = try settings("postgres://ethos@db.internal:6432/people?sslmode=verify-full")
        #expect(full == PostgresSettings(host: "db.internal", port: 6432, user: "ethos", database: "people", password: nil, sslMode: .verifyFull))
        let bare = try settings("postgresql://")
        #expect(bare == PostgresSettings(host: "localhost", port: 5432, user: "ana", database: "ana", password: nil, sslMode: .prefer))
        #expect(try settings("postgres://[::1]:5433/e").host == "::1")
        #expect(try settings("postgres://h/e", ["PGUSER": "svc", "USER": "ana", "PGSSLMODE": "require"]).user == "svc")
        #expect(try settings("postgres://h/e", ["PGSSLMODE": "require"]).sslMode == .require)
        #expect(try settings("postgres://h/e?sslmode=allow").sslMode == .prefer, "allow is read as prefer")
        #expect(try settings("postgres://h/?dbname=other").database == "other")
        #expect(try settings("postgres://an%40a@h/my%20db").user == "an@a")
        #expect(try settings("postgres://an%40a@h/my%20db").database == "my db")
    }

    @Test("the password comes from the URL, else PGPASSWORD, else the first matching line of a private password file")
    func passwords() throws {
        let file = """
            # host:port:database:user:password
            other:5432:*:ethos:not-this
            db:5432:ethos:ethos:with\\:colon\\\\
            *:*:*:*:fallback
            """
        #expect(try settings("postgres://ethos:in%3Aurl@db/ethos", ["PGPASSWORD": "env"]).password == "in:url")
        #expect(try settings("postgres://ethos@db/ethos", ["PGPASSWORD": "env", "HOME": "/home/ana"],
                             files: ["/home/ana/.pgpass": (file, false)]).password == "env")
        #expect(try settings("postgres://ethos@db/ethos", ["HOME": "/home/ana"], files: ["/home/ana/.pgpass": (file, false)]).password == "with:colon\\")
        #expect(try settings("postgres://ethos@db:5433/ethos", ["HOME": "/home/ana"], files: ["/home/ana/.pgpass": (file, false)]).password == "fallback")
        #expect(try settings("postgres://ethos@db/ethos", ["PGPASSFILE": "/etc/ethos.pgpass", "HOME": "/home/ana"],
                             files: ["/etc/ethos.pgpass": ("db:5432:ethos:ethos:from-passfile", false)]).password == "from-passfile")
        #expect(try settings("postgres://ethos@db/ethos", ["HOME": "/home/ana"], files: ["/home/ana/.pgpass": (file, true)]).password == nil,
                "a password file others may read is ignored, as libpq does")
    }

    @Test("a malformed URL is refused with what is wrong in it, and a redacted URL shows no password")
    func refusals() throws {
        #expect(throws: PostgresSettingsError.notAURL) { try settings("/var/lib/ethos.sqlite") }
        #expect(throws: PostgresSettingsError.invalid("the port '99999'")) { try settings("postgres://h:99999/e") }
        #expect(throws: PostgresSettingsError.invalid("the port 'x'")) { try settings("postgres://h:x/e") }
        #expect(throws: PostgresSettingsError.invalid("the database name 'e%zz'")) { try settings("postgres://h/e%zz") }
        #expect(throws: PostgresSettingsError.unknownParameter("application_name")) { try settings("postgres://h/e?application_name=x") }
        #expect(throws: PostgresSettingsError.self) { try settings("postgres://h/e?sslmode=maybe") }
        #expect(throws: PostgresSettingsError.self) { try settings("postgres://a,b/e") }
        let secret = try settings("postgres://ethos:s3cret@db/ethos")
        #expect(!secret.redacted.contains("s3cret") && secret.redacted == "postgres://ethos@db:5432/ethos?sslmode=prefer")
        #expect(!PostgresSettingsError.invalid("the port 'x'").description.isEmpty)
    }

    @Test("a password file's permissions are read from the file system")
    func filePermissions() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ethos-pgpass-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(PostgresSettings.readFile(path) == nil)
        try "*:*:*:*:secret\n".write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(PostgresSettings.readFile(path).map { $0.othersMayRead } == false)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        #expect(PostgresSettings.readFile(path).map { $0.othersMayRead } == true)
    }
}
