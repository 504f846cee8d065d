internal import Foundation

/// Where a PostgreSQL database is and how to sign in to it, from a connection URL in libpq's form
/// (`postgres://user@host:5432/ethos?sslmode=require`) and the environment, as `psql` reads
/// them: the password from the URL, else `PGPASSWORD`, else the first matching line of the
/// password file (`PGPASSFILE`, or `~/.pgpass`), which is ignored unless only its owner may read
/// it. Nothing here connects.
public struct PostgresSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    public var password: String?
    public var sslMode: SSLMode

    /// libpq's `sslmode`: whether to encrypt, and how far to trust the server's certificate.
    public enum SSLMode: String, Sendable, CaseIterable {
        /// Never encrypt.
        case disable
        /// Encrypt when the server offers it (libpq's default). Ethos, like PostgresNIO, does
        /// not try again unencrypted after a refused encrypted start, so `allow` reads as this.
        case prefer
        /// Always encrypt; do not check the certificate.
        case require
        /// Always encrypt; the certificate must chain to a trusted authority.
        case verifyCA = "verify-ca"
        /// As `verify-ca`, and the certificate must name the host.
        case verifyFull = "verify-full"
    }

    public init(host: String, port: Int, user: String, database: String, password: String?, sslMode: SSLMode) {
        self.host = host
        self.port = port
        self.user = user
        self.database = database
        self.password = password
        self.sslMode = sslMode
    }

    /// The settings `url` names, with this process's environment and password file.
    public init(url: String) throws(PostgresSettingsError) {
        try self.init(url: url, environment: ProcessInfo.processInfo.environment, readFile: Self.readFile)
    }

    /// The text of the file at `path`, and whether its group or others may read it; nil when
    /// there is no readable file there.
    static func readFile(_ path: String) -> (text: String, othersMayRead: Bool)? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue,
              let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return (text, permissions & 0o077 != 0)
    }

    /// Whether `text` is a PostgreSQL connection URL rather than a file path.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// The settings `url` names. `environment` supplies `PGPASSWORD`, `PGPASSFILE`, `PGUSER`,
    /// `PGSSLMODE`, `HOME` and `USER`; `readFile` returns a file's text and whether anyone but its
    /// owner may read it (nil when there is none), so tests need no files.
    public init(url: String, environment: [String: String],
                readFile: (String) -> (text: String, othersMayRead: Bool)?) throws(PostgresSettingsError) {
        guard Self.isURL(url) else { throw .notAURL }
        var rest = Substring(url.drop { $0 != ":" }.dropFirst(3))
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var userInfo: Substring?
        if let at = rest.lastIndex(of: "@") {
            userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        var hostPart = rest, portPart: Substring?
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {  // [::1]:5432
            hostPart = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { portPart = after.dropFirst() } else if !after.isEmpty { throw .invalid("the host '\(rest)'") }
        } else if let colon = rest.lastIndex(of: ":") {
            hostPart = rest[..<colon]
            portPart = rest[rest.index(after: colon)...]
        }
        guard let host = Self.decode(hostPart), !host.contains(",") else { throw .invalid("the host '\(hostPart)' (one host, no list)") }
        self.host = host.isEmpty ? "localhost" : host
        if let portPart {
            guard let port = Int(portPart), (1...65_535).contains(port) else { throw .invalid("the port '\(portPart)'") }
            self.port = port
        } else {
            port = 5432
        }
        var user: String?, password: String?
        if let userInfo {
            let parts = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { throw .invalid("the user name") }
            user = name.isEmpty ? nil : name
            if parts.count == 2 {
                guard let secret = Self.decode(parts[1]) else { throw .invalid("the password") }
                password = secret
            }
        }
        guard var database = Self.decode(path) else { throw .invalid("the database name '\(path)'") }
        var sslMode = environment["PGSSLMODE"]
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let name = Self.decode(parts[0]), let value = Self.decode(parts[1]) else {
                throw .invalid("the parameter '\(pair)'")
            }
            switch name {
            case "sslmode": sslMode = value
            case "user": user = value
            case "password": password = value
            case "dbname": database = value
            case "host", "port": throw .invalid("'\(name)' as a parameter: put it before the path")
            default: throw .unknownParameter(name)
            }
        }
        self.user = user ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres"
        self.database = database.isEmpty ? self.user : database
        switch sslMode ?? "prefer" {
        case "allow": self.sslMode = .prefer
        case let text:
            guard let mode = SSLMode(rawValue: text) else { throw .invalid("sslmode '\(text)' (disable, allow, prefer, require, verify-ca or verify-full)") }
            self.sslMode = mode
        }
        self.password = password ?? environment["PGPASSWORD"]
        if self.password == nil, let file = environment["PGPASSFILE"] ?? environment["HOME"].map({ $0 + "/.pgpass" }),
           let (text, othersMayRead) = readFile(file), !othersMayRead {
            self.password = Self.password(in: text, host: self.host, port: self.port, database: self.database, user: self.user)
        }
    }

    /// The password of the first line of a password file that matches (`host:port:database:user:password`,
    /// `*` matching anything, `\:` and `\\` escaped; `#` starts a comment line).
    static func password(in file: String, host: String, port: Int, database: String, user: String) -> String? {
        for line in file.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            var fields: [String] = [], field = "", escaped = false
            for character in line {
                if escaped {
                    field.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == ":" && fields.count < 4 {
                    fields.append(field)
                    field = ""
                } else {
                    field.append(character)
                }
            }
            fields.append(field)
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields, wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    /// `text` with `%XX` escapes decoded; nil when an escape is malformed or the bytes are not UTF-8.
    private static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        while index != text.utf8.endIndex {
            let byte = text.utf8[index]
            if byte == UInt8(ascii: "%") {
                let high = text.utf8.index(after: index)
                guard high != text.utf8.endIndex, text.utf8.index(after: high) != text.utf8.endIndex,
                      let value = UInt8(String(decoding: [text.utf8[high], text.utf8[text.utf8.index(after: high)]], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
                index = text.utf8.index(high, offsetBy: 2)
            } else {
                bytes.append(byte)
                index = text.utf8.index(after: index)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// The URL without its password, for messages and logs.
    public var redacted: String {
        "postgres://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }
}

/// Why a connection URL was refused.
public enum PostgresSettingsError: Error, Equatable, CustomStringConvertible {
    case notAURL
    case invalid(String)
    case unknownParameter(String)

    public var description: String {
        switch self {
        case .notAURL: "A PostgreSQL database is named by a URL: postgres://user@host:5432/database."
        case let .invalid(what): "The database URL has an invalid \(what)."
        case let .unknownParameter(name): "The database URL has the parameter '\(name)', which Ethos does not use (it takes sslmode)."
        }
    }
}
