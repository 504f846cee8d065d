internal import Crypto
public import Foundation

/// The secret that turns an anonymous record's author into a keyed hash of the author and the
/// record, so that no one can read the author from the database, nor link two anonymous records.
///
/// The key lives in a file beside the database (`ethos.sqlite.key`, readable by its owner only),
/// never in the database itself: a copy of the database alone cannot test whether a given person
/// wrote a given anonymous record.
public struct AnonymityKey: Sendable {
    private let key: SymmetricKey

    public init(bytes: Data) {
        key = SymmetricKey(data: bytes)
    }

    /// A fresh random key.
    public static func random() -> AnonymityKey {
        AnonymityKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    /// The key a key file holds (its 32 bytes as hex, one line); throws when it holds anything
    /// else. `path` names the file in the error.
    public init(fileContents data: Data, path: String) throws {
        guard let text = String(data: data, encoding: .utf8), let bytes = Data(hex: text.trimmingCharacters(in: .whitespacesAndNewlines)),
              bytes.count == 32 else {
            throw StoreError("The anonymity key '\(path)' is damaged; restore it from the same backup as the database.")
        }
        self.init(bytes: bytes)
    }

    /// What a key file holds: the key as hex, one line.
    public var fileContents: Data {
        Data((key.withUnsafeBytes { lowercaseHex($0) } + "\n").utf8)
    }

    /// The keyed hash of an anonymous record's author `handle` and its content hash: one of its
    /// own for every record, so records by one author share nothing.
    public func anonymousAuthor(_ handle: String, of contentHash: String) -> String {
        authenticate("anonymous-author:" + contentHash + ":" + handle)
    }

    /// A value that shows whether a key file matches the database, without revealing the key.
    public var check: String { authenticate("ethos-key-check") }

    private func authenticate(_ text: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key).withUnsafeBytes { lowercaseHex($0) }
    }
}

/// The SHA-256 of a scorer's fingerprint, as stored with every score and shown in reports.
public func fingerprintHash(_ fingerprint: String) -> String {
    sha256(fingerprint)
}

/// SHA-256 of text, as lowercase hex.
public func sha256(_ text: String) -> String {
    sha256(parts: [text])
}

/// SHA-256 of `parts` joined by `separator` (one byte, ASCII), as lowercase hex: the hash of
/// the joined text, fed to the hasher part by part rather than joined into a copy first.
public func sha256(parts: [String], separator: UInt8 = 0x1F) -> String {
    var hasher = SHA256()
    for index in parts.indices {
        if index > 0 { withUnsafeBytes(of: separator) { hasher.update(bufferPointer: $0) } }
        var part = parts[index]
        part.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
    }
    return hasher.finalize().withUnsafeBytes { lowercaseHex($0) }
}

/// `bytes` as lowercase hex.
func lowercaseHex(_ bytes: UnsafeRawBufferPointer) -> String {
    String(unsafeUninitializedCapacity: bytes.count * 2) { text in
        let digits: StaticString = "0123456789abcdef"
        for (index, byte) in bytes.enumerated() {
            text[2 * index] = digits.utf8Start[Int(byte >> 4)]
            text[2 * index + 1] = digits.utf8Start[Int(byte & 0x0F)]
        }
        return bytes.count * 2
    }
}

extension Data {
    var hexString: String {
        withUnsafeBytes { lowercaseHex($0) }
    }

    init?(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) ?? hex.endIndex
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }
}
