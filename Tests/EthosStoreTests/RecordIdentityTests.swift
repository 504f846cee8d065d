import EthosCore
@testable import EthosStore
import Foundation
import Testing

@Suite("Record identities")
struct RecordIdentityTests {
    let key = AnonymityKey(bytes: Data(repeating: 7, count: 32))
    let now = FactTimestamp(seconds: 1_800_000_000)!

    @Test("SHA-256 is SHA-256")
    func sha() {
        #expect(sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("a record's content hash and the id made from it are those earlier versions stored, so re-imports still find duplicates")
    func contentHash() throws {
        let dated = try #require(date("2026-03-21"))
        let record = Record(kind: .mentoring, from: "ana", to: "ben", date: dated, text: "Paired on the parser.", minutes: 45)
        var keys = AnonymousKeys(key)
        let identity = RecordIdentity(record, now: now, keys: &keys)
        let expected = sha256(["mentoring", "ana", "ben", dated.description, "Paired on the parser.", "45"].joined(separator: "\u{1F}"))
        #expect(identity.contentHash.text == expected)
        #expect(identity.id.text == "r-" + expected.prefix(16))
        #expect(identity.date == dated && identity.anonymousKey == nil)
        #expect(identity.principles == "[]" && identity.tags == "[]")

        // Undated: dated now. With an id: kept.
        var undated = record
        undated.date = nil
        undated.id = "x1"
        let second = RecordIdentity(undated, now: now, keys: &keys)
        #expect(second.date == now && second.id.text == "x1")
    }

    @Test("an anonymous record is hashed with its author's key, never the handle")
    func anonymous() {
        let record = Record(kind: .feedback, from: "ana", to: "ben", date: now, text: "Thanks.", anonymous: true)
        var keys = AnonymousKeys(key)
        let identity = RecordIdentity(record, now: now, keys: &keys)
        let authorKey = key.anonymousAuthor("ana")
        #expect(identity.anonymousKey == authorKey && identity.subjectAnonymousKey == key.anonymousAuthor("ben"))
        #expect(identity.contentHash.text == sha256(["feedback", authorKey, "ben", now.description, "Thanks.", ""].joined(separator: "\u{1F}")))
        var other = AnonymousKeys(AnonymityKey(bytes: Data(repeating: 8, count: 32)))
        #expect(RecordIdentity(record, now: now, keys: &other).contentHash != identity.contentHash)
    }

    @Test("hashed texts are equal exactly when their texts are")
    func hashedText() {
        let hash = sha256("x")
        #expect(HashedText(contentHash: hash) == HashedText(contentHash: hash))
        #expect(HashedText(contentHash: hash).hash == Int(truncatingIfNeeded: UInt64(hash.prefix(16), radix: 16)!))
        #expect(HashedText("r-1") == HashedText("r-1") && HashedText("r-1") != HashedText("r-2"))
        // Two texts whose hashes agree are still told apart.
        let a = HashedText(contentHash: String(hash.prefix(16)) + String(repeating: "0", count: 48))
        let b = HashedText(contentHash: String(hash.prefix(16)) + String(repeating: "1", count: 48))
        #expect(a.hash == b.hash && a != b && Set([a, b]).count == 2)
    }
}
