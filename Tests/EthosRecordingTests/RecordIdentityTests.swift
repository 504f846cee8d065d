import EthosCore
@testable import EthosRecording
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
        let dated = try #require(FactTimestamp(parsing: "2026-03-21", allowDate: true))
        let record = Record(kind: .mentoring, from: "ana", to: "ben", date: dated, text: "Paired on the parser.", minutes: 45)
        let identity = RecordIdentity(record, now: now, key: key)
        let expected = sha256(["mentoring", "ana", "ben", dated.description, "Paired on the parser.", "45"].joined(separator: "\u{1F}"))
        #expect(identity.contentHash == expected)
        #expect(identity.id == "r-" + expected.prefix(16))
        #expect(identity.date == dated && identity.anonymousKey == nil)

        // Undated: dated now. With an id: kept.
        var undated = record
        undated.date = nil
        undated.id = "x1"
        let second = RecordIdentity(undated, now: now, key: key)
        #expect(second.date == now && second.id == "x1")
    }

    @Test("an anonymous record's content hash has no author, and its author key is its own")
    func anonymous() {
        let record = Record(kind: .feedback, from: "ana", to: "ben", date: now, text: "Thanks.", anonymous: true)
        let identity = RecordIdentity(record, now: now, key: key)
        let content = sha256(["feedback", "", "ben", now.description, "Thanks.", ""].joined(separator: "\u{1F}"))
        #expect(identity.contentHash == content)
        #expect(identity.anonymousKey == key.anonymousAuthor("ana", of: content))
        // Whoever is named as its author, and whatever the key, it is the same record.
        var guessed = record
        guessed.from = "omar"
        #expect(RecordIdentity(guessed, now: now, key: key).contentHash == content)
        #expect(RecordIdentity(guessed, now: now, key: key).id == identity.id)
        #expect(RecordIdentity(record, now: now, key: AnonymityKey(bytes: Data(repeating: 8, count: 32))).contentHash == content)
        // Another record by the same author shares nothing with this one.
        var second = record
        second.text = "Thanks again."
        let other = RecordIdentity(second, now: now, key: key)
        #expect(other.anonymousKey != identity.anonymousKey && other.anonymousKey?.count == 64)
    }
}
