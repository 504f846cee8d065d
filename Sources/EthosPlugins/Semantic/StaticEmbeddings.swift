internal import Foundation
public import EthosText

/// A static token-embedding table: one vector per WordPiece token, distilled from a sentence
/// transformer (the model2vec method; see `Scripts/distil-embeddings.py`). A text's vector is
/// the mean of its tokens' vectors, so embedding costs a table lookup and an addition a token.
///
/// Rows are int8 with one scale each, as shipped; a word outside the vocabulary is split into
/// the longest known pieces (`reviewing` → `review`, `##ing`) as the model's own tokenizer does.
package struct StaticEmbeddings: Sendable {
    /// The length of every vector.
    package let dimensions: Int
    private let rows: [Int8]
    private let scales: [Float]
    private let index: [String: Int32]
    /// The longest token, in bytes: no longer prefix is tried.
    private let longestToken: Int

    /// Problems with the shipped table.
    package struct FormatError: Error, CustomStringConvertible {
        package var description: String
    }

    /// Reads a vocabulary (one token a line) and its rows (base64 of little-endian float32
    /// scales, then int8 rows), checking that their sizes agree.
    package init(vocabulary: String, base64: String, dimensions: Int) throws(FormatError) {
        let tokens = vocabulary.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard let payload = Data(base64Encoded: base64, options: .ignoreUnknownCharacters) else {
            throw FormatError(description: "The embedding table is not valid base64.")
        }
        guard dimensions > 0, payload.count == tokens.count * (4 + dimensions) else {
            throw FormatError(description: "The embedding table holds \(payload.count) bytes, not \(tokens.count) rows of \(dimensions) dimensions.")
        }
        let bytes = [UInt8](payload)
        let scaleBytes = tokens.count * 4
        scales = (0..<tokens.count).map { row in
            let offset = row * 4
            let bits = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
            return Float(bitPattern: bits)
        }
        rows = bytes[scaleBytes...].map { Int8(bitPattern: $0) }
        index = Dictionary(tokens.enumerated().map { ($1, Int32($0)) }) { first, _ in first }
        longestToken = tokens.map(\.utf8.count).max() ?? 0
        self.dimensions = dimensions
    }

    /// The rows of `word`'s WordPiece tokens, appended to `ids`; nothing when a piece is unknown.
    /// `word` is lowercased text without spaces or punctuation.
    package func appendTokens(of word: String, to ids: inout [Int32]) {
        if let whole = index[word] {
            ids.append(whole)
            return
        }
        let characters = Array(word)
        var start = 0
        let first = ids.count
        while start < characters.count {
            var end = min(characters.count, start + longestToken)
            var found: Int32?
            while end > start {
                let piece = (start > 0 ? "##" : "") + String(characters[start..<end])
                if let id = index[piece] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let found else {
                ids.removeSubrange(first...)
                return
            }
            ids.append(found)
            start = end
        }
    }

    /// The mean of `ids`' rows, scaled to unit length; all zeros for no ids.
    package func embed(_ ids: some Collection<Int32>) -> [Float] {
        var vector = [Float](repeating: 0, count: dimensions)
        for id in ids {
            let row = Int(id)
            let scale = scales[row]
            let offset = row * dimensions
            rows.withUnsafeBufferPointer { table in
                for dimension in 0..<dimensions { vector[dimension] += scale * Float(table[offset + dimension]) }
            }
        }
        let length = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if length > 0 { for dimension in 0..<dimensions { vector[dimension] /= length } }
        return vector
    }

    /// The vector of analysed tokens, or nil when fewer than two of their pieces are known: too
    /// little to place a sentence.
    package func embed(tokens: some Sequence<Token>) -> [Float]? {
        var ids: [Int32] = []
        for token in tokens {
            if token.word.utf8.contains(where: { $0 == 0x27 || $0 >= 0x80 }) {
                // Apostrophes split words as the model's tokenizer does ("didn't" → "didn", "t"), and accents go.
                for part in Self.words(in: token.word) { appendTokens(of: part, to: &ids) }
            } else {
                appendTokens(of: token.word, to: &ids)
            }
        }
        return ids.count >= 2 ? embed(ids) : nil
    }

    /// The vector of a text: its words lowercased, split at anything but letters and digits.
    package func embed(text: String) -> [Float] {
        var ids: [Int32] = []
        for word in Self.words(in: text) { appendTokens(of: word, to: &ids) }
        return embed(ids)
    }

    /// Lowercased words without accents, as the model's tokenizer sees them.
    static func words(in text: String) -> [String] {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
            .split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    /// The cosine of two unit vectors.
    package static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        var sum: Float = 0
        for index in 0..<min(a.count, b.count) { sum += a[index] * b[index] }
        return sum
    }
}

extension StaticEmbeddings {
    /// The table shipped in the binary: all-MiniLM-L6-v2 distilled to 128 dimensions
    /// (`Embedded/Semantic/`, Apache-2.0). Read once per process, on first use.
    package static let shipped: Result<StaticEmbeddings, FormatError> = {
        let files = Dictionary(EmbeddedFiles.files.map { ($0.path, $0.contents) }) { first, _ in first }
        return Result { () throws(FormatError) in
            try StaticEmbeddings(vocabulary: files["Semantic/vocabulary.txt"] ?? "", base64: files["Semantic/embeddings.b64"] ?? "",
                                 dimensions: 128)
        }
    }()
}
