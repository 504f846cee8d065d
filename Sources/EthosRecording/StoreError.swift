/// A store that cannot be opened or used, with a message that says what to do.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The message.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }

    public static func notADatabase(_ path: String) -> StoreError {
        StoreError("'\(path)' is not an Ethos database (it is not an SQLite file); it was left untouched. Choose another path with --db or ETHOS_DB.")
    }

    public static func unreadable(_ path: String, _ reason: String) -> StoreError {
        StoreError("Cannot open the database '\(path)': \(reason).")
    }

    public static func missingKey(_ path: String) -> StoreError {
        StoreError("The anonymity key '\(path)' is missing, but the database was made with one; restore it from the same backup as the database.")
    }
}
