@testable import EthosReports
import Testing

@Suite("Distinct pairs of people")
struct PairKeysTests {
    /// The same pairs through the bitmap (few people) and the set (many, or positions outside).
    @Test("keeps each ordered pair once, in the order first seen, with or without the bitmap", arguments: [4, 6_000])
    func distinctPairs(people: Int) {
        var pairs = PairKeys(people: people)
        let inserted: [(Int32, Int32)] = [(0, 1), (1, 0), (0, 1), (2, 3), (3, 3), (2, 3), (1, 0), (7, 1), (-1, 2), (7, 1)]
        for (from, to) in inserted { pairs.insert(from, to) }
        let expected: [(Int32, Int32)] = [(0, 1), (1, 0), (2, 3), (3, 3), (7, 1), (-1, 2)]
        #expect(pairs.keys == expected.map { ReportData.Row.pairKey($0, $1) })
        #expect(pairs.count == 6)
        for (from, to) in expected { #expect(pairs.contains(from, to)) }
        #expect(!pairs.contains(3, 2))
        #expect(!pairs.contains(1, 7))
    }
}
