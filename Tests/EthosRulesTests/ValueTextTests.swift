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
}
