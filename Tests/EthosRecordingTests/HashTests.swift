@testable import EthosRecording
import Foundation
import Testing

@Suite("Hashes")
struct HashTests {
    @Test("SHA-256 in lowercase hex, as published for the standard's examples")
    func knownDigests() {
        #expect(sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Data([0x00, 0xFF, 0x1A, 0x9C]).hexString == "00ff1a9c")
        #expect(Data(hex: Data([0x00, 0xFF, 0x1A]).hexString) == Data([0x00, 0xFF, 0x1A]))
    }

    @Test("hashing parts is hashing the joined text: stored content hashes stay what they were")
    func partsAreTheJoinedText() {
        let cases: [[String]] = [
            ["feedback", "ana", "ravi", "2026-11-01T00:00:00Z", "Ravi learned Swift.", ""],
            ["mentoring", "k-4f1c", "léa", "1790000000", "Café 🎉 ünïcode", "45"],
            [""], ["", ""], ["only"], ["a", "", "b"],
        ]
        for parts in cases {
            #expect(sha256(parts: parts) == sha256(parts.joined(separator: "\u{1F}")), "\(parts)")
        }
    }
}
