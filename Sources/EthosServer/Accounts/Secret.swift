internal import EthosRecording
internal import Foundation
internal import HummingbirdBcrypt

/// Random tokens, and the hashes that stand for them in the database: a session cookie, an
/// invitation link or an API token is stored only as its SHA-256, so a copy of the database
/// opens no account.
enum Secret {
    /// A new random token: 32 bytes from the system's generator, URL-safe base64 without padding.
    static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The hash a token is stored and looked up by.
    static func hash(_ token: String) -> String {
        // The store's own hex SHA-256: formatting each byte with String(format:) was 4% of a page's cost.
        sha256(token)
    }

    /// Whether two secrets are equal, in time that does not depend on where they differ.
    static func equal(_ first: String, _ second: String) -> Bool {
        let left = Array(first.utf8), right = Array(second.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Password hashing with bcrypt. The cost is the work factor: 12 in service (about a quarter
/// of a second a check on this machine's cores), lower only in tests.
struct PasswordHasher: Sendable {
    var cost: UInt8 = 12

    /// Passwords shorter than this are refused when set.
    static let minimumLength = 10
    /// bcrypt reads only the first 72 bytes; longer passwords are refused rather than cut silently.
    static let maximumBytes = 72

    func hash(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }

    func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }

    /// A hash of a random password nobody knows.
    func decoy() -> String { hash(String(Secret.token().prefix(40))) }

    /// Why `password` cannot be set, or nil.
    static func problem(_ password: String) -> String? {
        if password.count < minimumLength { return "Choose a password of at least \(minimumLength) characters." }
        if password.utf8.count > maximumBytes { return "Choose a password of at most \(maximumBytes) bytes." }
        return nil
    }
}
