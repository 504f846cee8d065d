import EthosCore
import Testing

@Suite("Timestamps as text")
struct FactTimestampTests {
    @Test("RFC 3339 in UTC with only the fractional digits needed")
    func examples() throws {
        let cases: [(Int64, Int64, String)] = [
            (0, 0, "1970-01-01T00:00:00Z"), (1_764_115_200, 0, "2025-11-26T00:00:00Z"), (951_782_400, 0, "2000-02-29T00:00:00Z"),
            (1_764_115_261, 500_000_000, "2025-11-26T00:01:01.5Z"), (1_764_115_261, 1, "2025-11-26T00:01:01.000000001Z"),
            (1_764_115_261, 123_456_780, "2025-11-26T00:01:01.12345678Z"), (-1, 0, "1969-12-31T23:59:59Z"),
            (-62_135_596_800, 0, "0001-01-01T00:00:00Z"), (253_402_300_799, 999_999_999, "9999-12-31T23:59:59.999999999Z"),
        ]
        for (seconds, nanoseconds, text) in cases {
            let timestamp = try #require(FactTimestamp(seconds: seconds, nanoseconds: nanoseconds))
            #expect(timestamp.description == text)
        }
    }

    @Test("every timestamp's text reads back as the same timestamp, in the same form")
    func roundTrip() throws {
        var random = SplitMix64(seed: 3_339)
        let form = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{0,8}[1-9])?Z/
        for index in 0..<20_000 {
            // Years 1 to 9999; a third whole seconds, a third whole milliseconds, a third any nanosecond.
            let seconds = Int64(random.next() % 315_537_897_600) - 62_135_596_800
            let nanoseconds = switch index % 3 {
            case 0: Int64(0)
            case 1: Int64(random.next() % 1_000) * 1_000_000
            default: Int64(random.next() % 1_000_000_000)
            }
            let timestamp = try #require(FactTimestamp(seconds: seconds, nanoseconds: nanoseconds))
            let text = timestamp.description
            #expect(text.wholeMatch(of: form) != nil, "\(text)")
            #expect(FactTimestamp(parsing: text) == timestamp, "\(text)")
        }
    }
}
