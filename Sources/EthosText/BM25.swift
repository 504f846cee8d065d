internal import Foundation

/// Okapi BM25 relevance of a query against a fixed set of documents, with the index built once.
///
/// Scores use IDF = ln(1 + (N − n + 0.5) / (n + 0.5)), which stays positive when a term occurs in
/// most documents (with few documents, as with a company's principles, it often does).
public struct BM25: Sendable {
    /// Term-frequency saturation (default 1.2).
    public let k1: Double
    /// Length normalisation (default 0.75).
    public let b: Double
    private let lengths: [Double]
    private let averageLength: Double
    /// Each term's contribution to each document's score, computed once: a query term costs one
    /// lookup, whatever the number of documents.
    private let contributions: [String: [Double]]

    /// Indexes `documents`, each a list of terms (stems).
    public init(documents: [[String]], k1: Double = 1.2, b: Double = 0.75) {
        self.k1 = k1
        self.b = b
        let termFrequencies: [[String: Int]] = documents.map { terms in terms.reduce(into: [:]) { $0[$1, default: 0] += 1 } }
        let lengths = documents.map { Double($0.count) }
        self.lengths = lengths
        let averageLength = max(1, lengths.reduce(0, +) / Double(max(1, documents.count)))
        self.averageLength = averageLength
        var documentFrequency: [String: Int] = [:]
        for frequencies in termFrequencies { for term in frequencies.keys { documentFrequency[term, default: 0] += 1 } }
        let count = Double(documents.count)
        var contributions: [String: [Double]] = [:]
        for (term, n) in documentFrequency {
            let weight = log(1 + (count - Double(n) + 0.5) / (Double(n) + 0.5))
            contributions[term] = termFrequencies.indices.map { document in
                guard let frequency = termFrequencies[document][term] else { return 0 }
                let f = Double(frequency)
                return weight * f * (k1 + 1) / (f + k1 * (1 - b + b * lengths[document] / averageLength))
            }
        }
        self.contributions = contributions
    }

    /// The number of documents.
    public var documentCount: Int { lengths.count }

    /// The score of each document for `query` (terms, repeats counted), in document order.
    public func scores(_ query: [String]) -> [Double] {
        var scores = [Double](repeating: 0, count: lengths.count)
        for term in query {
            guard let contribution = contributions[term] else { continue }
            for document in scores.indices { scores[document] += contribution[document] }
        }
        return scores
    }

    /// The terms of `query` that occur in document `document`.
    public func matchingTerms(_ query: [String], document: Int) -> [String] {
        query.filter { (contributions[$0]?[document] ?? 0) > 0 }
    }
}
