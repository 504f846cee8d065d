@testable import EthosRules
import Foundation
import Testing

@Suite("String literals in CEL and JSON")
struct ValueTextTests {
    @Test("quotes, backslashes, line breaks and tabs are escaped; other controls as hex; the rest as is")
    func escapes() throws {
        #expect(ValueText.jsonString("a\"b\\c\nd\re\tf") == #""a\"b\\c\nd\re\tf""#)
        #expect(ValueText.quoted("a\"b\\c\nd\re\tf") == #""a\"b\\c\nd\re\tf""#)
        #expect(ValueText.jsonString("\u{0}\u{1F}\u{7F}") == #""\u0000\u001F\u007F""#)
        #expect(ValueText.quoted("\u{0}\u{1F}\u{7F}") == #""\x00\x1F\x7F""#)
        #expect(ValueText.jsonString("café “learned” 👍") == "\"café “learned” 👍\"")
        // Every ASCII character reads back through a JSON parser as itself.
        let ascii = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(ValueText.jsonString(ascii))]".utf8)) as? [String]
        #expect(decoded == [ascii])
    }

    @Test("the eight-byte check finds every byte that needs an escape, at every position")
    func wordCheck() {
        func needs(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F }
        for byte in 0...255 {
            for position in 0..<8 {
                // The byte among letters, among bytes above 0x80, and next to a byte just above the control range.
                for filler: UInt8 in [0x61, 0xE2, 0x20] {
                    var word = [UInt8](repeating: filler, count: 8)
                    word[position] = UInt8(byte)
                    let value = word.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                    if needs(UInt8(byte)) { #expect(ValueText.mayNeedEscape(value), "byte \(byte) at \(position)") }
                }
            }
        }
        #expect(!ValueText.mayNeedEscape(Array("learned ".utf8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }))
    }

    @Test("long texts are escaped wherever the character falls, before, within or after the eight-byte runs")
    func escapesInLongTexts() throws {
        for length in [7, 8, 9, 16, 23, 40] {
            for offset in 0..<length {
                for special in ["\"", "\\", "\n", "\u{1}", "\u{7F}", "é"] {
                    var characters = Array(repeating: "x", count: length)
                    characters[offset] = special
                    let text = characters.joined()
                    let decoded = try JSONSerialization.jsonObject(with: Data("[\(ValueText.jsonString(text))]".utf8)) as? [String]
                    #expect(decoded == [text], "\(length) \(offset)")
                }
            }
        }
    }
}
