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
    private let termFrequencies: [[String: Int]]
    private let lengths: [Double]
    private let averageLength: Double
    private let idf: [String: Double]

    /// Indexes `documents`, each a list of terms (stems).
    public init(documents: [[String]], k1: Double = 1.2, b: Double = 0.75) {
        self.k1 = k1
        self.b = b
        termFrequencies = documents.map { terms in terms.reduce(into: [:]) { $0[$1, default: 0] += 1 } }
        lengths = documents.map { Double($0.count) }
        averageLength = max(1, lengths.reduce(0, +) / Double(max(1, documents.count)))
        var documentFrequency: [String: Int] = [:]
        for frequencies in termFrequencies { for term in frequencies.keys { documentFrequency[term, default: 0] += 1 } }
        let count = Double(documents.count)
        idf = documentFrequency.mapValues { n in log(1 + (count - Double(n) + 0.5) / (Double(n) + 0.5)) }
    }

    /// The number of documents.
    public var documentCount: Int { termFrequencies.count }

    /// The score of each document for `query` (terms, repeats counted), in document order.
    public func scores(_ query: [String]) -> [Double] {
        var scores = [Double](repeating: 0, count: termFrequencies.count)
        for term in query {
            guard let weight = idf[term] else { continue }
            for (document, frequencies) in termFrequencies.enumerated() {
                guard let frequency = frequencies[term] else { continue }
                let f = Double(frequency)
                scores[document] += weight * f * (k1 + 1) / (f + k1 * (1 - b + b * lengths[document] / averageLength))
            }
        }
        return scores
    }

    /// The terms of `query` that occur in document `document`.
    public func matchingTerms(_ query: [String], document: Int) -> [String] {
        query.filter { termFrequencies[document][$0] != nil }
    }
}
