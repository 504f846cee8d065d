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
    /// The number of documents.
    public let documentCount: Int
    /// The documents' terms.
    private let terms: TermTable
    /// Each term's contribution to each document's score, computed once (term-major): a query
    /// term costs one lookup, whatever the number of documents.
    private let contributions: [Double]

    /// Indexes `documents`, each a list of terms (stems).
    public init(documents: [[String]], k1: Double = 1.2, b: Double = 0.75) {
        self.k1 = k1
        self.b = b
        let termFrequencies: [[String: Int]] = documents.map { terms in terms.reduce(into: [:]) { $0[$1, default: 0] += 1 } }
        let lengths = documents.map { Double($0.count) }
        documentCount = documents.count
        let averageLength = max(1, lengths.reduce(0, +) / Double(max(1, documents.count)))
        var documentFrequency: [String: Int] = [:]
        for frequencies in termFrequencies { for term in frequencies.keys { documentFrequency[term, default: 0] += 1 } }
        let count = Double(documents.count)
        let terms = TermTable(documentFrequency.keys.sorted())
        var contributions = [Double](repeating: 0, count: terms.count * documents.count)
        for id in 0..<terms.count {
            let term = terms.term(id)
            let n = Double(documentFrequency[term] ?? 0)
            let weight = log(1 + (count - n + 0.5) / (n + 0.5))
            for document in termFrequencies.indices {
                guard let frequency = termFrequencies[document][term] else { continue }
                let f = Double(frequency)
                contributions[id * documents.count + document] =
                    weight * f * (k1 + 1) / (f + k1 * (1 - b + b * lengths[document] / averageLength))
            }
        }
        self.terms = terms
        self.contributions = contributions
    }

    /// The id of `term` in the index, or nil when no document has it.
    public func termID(_ term: String) -> Int? { terms.id(of: term) }

    /// How many distinct terms the documents have: ids are `0..<termCount`.
    public var termCount: Int { terms.count }

    /// Term `id`.
    public func term(_ id: Int) -> String { terms.term(id) }

    /// What term `id` adds to document `document`'s score (0 when the document lacks it).
    public func contribution(of id: Int, to document: Int) -> Double { contributions[id * documentCount + document] }

    /// The score of each document for a query given as term ids (repeats counted).
    public func scores(ids: [Int]) -> [Double] {
        // Concrete rather than generic: called from another module for every record, a generic
        // sequence would be walked through its witness table.
        let documents = documentCount
        var scores = [Double](filling: 0, count: documents)
        contributions.withUnsafeBufferPointer { contributions in
            for id in ids {
                for document in 0..<documents { scores[document] += contributions[id * documents + document] }
            }
        }
        return scores
    }

    /// The score of each document for `query` (terms, repeats counted), in document order.
    public func scores(_ query: [String]) -> [Double] {
        scores(ids: query.compactMap { termID($0) })
    }

    /// The terms of `query` that occur in document `document`.
    public func matchingTerms(_ query: [String], document: Int) -> [String] {
        query.filter { term in termID(term).map { contribution(of: $0, to: document) > 0 } ?? false }
    }
}
