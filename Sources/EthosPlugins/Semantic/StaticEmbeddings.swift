internal import Foundation
public import EthosText

/// A static token-embedding table: one vector per WordPiece token, made from a sentence
/// transformer (see `Scripts/distil-embeddings.py`). A text's vector is the mean of its tokens'
/// vectors, so embedding costs a table lookup and an addition a token.
///
/// Shipped as int8 rows with a scale each, and held as floats (15 MB for 29,523 tokens of 128
/// dimensions) so a sentence's sum is plain additions. A word outside the vocabulary is split
/// into the longest known pieces (`reviewing` → `review`, `##ing`), as the model's tokenizer does.
package struct StaticEmbeddings: Sendable {
    /// The length of every vector.
    package let dimensions: Int
    /// Row `id` is `rows[id * dimensions ..< (id + 1) * dimensions]`.
    private let rows: [Float]
    private let tokens: TermTable
    /// The longest token, in bytes: no longer piece is tried.
    private let longestToken: Int

    /// Problems with the shipped table.
    package struct FormatError: Error, CustomStringConvertible {
        package var description: String
    }

    /// Reads a vocabulary (one token a line) and its rows (base64 of little-endian float32
    /// scales, then int8 rows), checking that their sizes agree.
    package init(vocabulary: String, base64: String, dimensions: Int) throws(FormatError) {
        let names = vocabulary.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard let payload = Data(base64Encoded: base64, options: .ignoreUnknownCharacters) else {
            throw FormatError(description: "The embedding table is not valid base64.")
        }
        guard dimensions > 0, payload.count == names.count * (4 + dimensions) else {
            throw FormatError(description: "The embedding table holds \(payload.count) bytes, not \(names.count) rows of \(dimensions) dimensions.")
        }
        let bytes = [UInt8](payload)
        var rows = [Float](repeating: 0, count: names.count * dimensions)
        let scaleBytes = names.count * 4
        for row in names.indices {
            let offset = row * 4
            let bits = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
            let scale = Float(bitPattern: bits)
            for dimension in 0..<dimensions {
                rows[row * dimensions + dimension] = scale * Float(Int8(bitPattern: bytes[scaleBytes + row * dimensions + dimension]))
            }
        }
        self.rows = rows
        tokens = TermTable(names)
        longestToken = names.map(\.utf8.count).max() ?? 0
        self.dimensions = dimensions
    }

    /// Adds the vectors of `word`'s WordPiece tokens to `sum` and returns how many there were:
    /// none when a piece is unknown. `word` is lowercased ASCII letters and digits.
    func add(_ word: UnsafeBufferPointer<UInt8>, to sum: UnsafeMutableBufferPointer<Float>) -> Int {
        if let whole = tokens.id(of: word) {
            addRow(whole, to: sum)
            return 1
        }
        // Greedy longest pieces, the later ones written with "##" as the vocabulary has them.
        var found: [Int] = []
        var piece = [UInt8](repeating: 0x23, count: min(word.count, longestToken) + 2)  // "##…"
        var start = 0
        while start < word.count {
            var end = min(word.count, start + longestToken)
            var id: Int?
            while end > start, id == nil {
                let length = end - start
                for offset in 0..<length { piece[2 + offset] = word[start + offset] }
                id = piece.withUnsafeBufferPointer { buffer in
                    tokens.id(of: UnsafeBufferPointer(rebasing: buffer[(start == 0 ? 2 : 0)..<(2 + length)]))
                }
                if id == nil { end -= 1 }
            }
            guard let id else { return 0 }
            found.append(id)
            start = end
        }
        for id in found { addRow(id, to: sum) }
        return found.count
    }

    private func addRow(_ id: Int, to sum: UnsafeMutableBufferPointer<Float>) {
        rows.withUnsafeBufferPointer { table in
            guard let row = table.baseAddress.map({ UnsafeRawPointer($0 + id * dimensions) }),
                  let target = sum.baseAddress.map(UnsafeMutableRawPointer.init) else { return }
            let stride = MemoryLayout<Float>.stride
            var offset = 0
            while offset + 16 <= dimensions {
                let bytes = offset * stride
                target.storeBytes(of: target.loadUnaligned(fromByteOffset: bytes, as: SIMD16<Float>.self)
                    + row.loadUnaligned(fromByteOffset: bytes, as: SIMD16<Float>.self), toByteOffset: bytes, as: SIMD16<Float>.self)
                offset += 16
            }
            while offset < dimensions {
                sum[offset] += table[id * dimensions + offset]
                offset += 1
            }
        }
    }

    /// The unit vector of analysed tokens, or nil when fewer than two of their pieces are known:
    /// too little to place a sentence.
    package func embed(tokens: some Sequence<Token>) -> [Float]? {
        var sum = [Float](repeating: 0, count: dimensions)
        var count = 0
        sum.withUnsafeMutableBufferPointer { sum in
            for token in tokens {
                var word = token.word
                count += word.withUTF8 { bytes in
                    if !bytes.contains(where: { $0 == 0x27 || $0 >= 0x80 }) { return add(bytes, to: sum) }
                    // Apostrophes split words as the model's tokenizer does ("didn't" → "didn", "t"), and accents go.
                    return Self.words(in: token.word).reduce(0) { total, part in
                        var part = part
                        return total + part.withUTF8 { add($0, to: sum) }
                    }
                }
            }
        }
        guard count >= 2 else { return nil }
        Self.normalise(&sum)
        return sum
    }

    /// The unit vector of a text (all zeros when nothing in it is known).
    package func embed(text: String) -> [Float] {
        embed(tokens: AnalyzedText(text).tokens) ?? [Float](repeating: 0, count: dimensions)
    }

    /// Lowercased words without accents, as the model's tokenizer sees them.
    static func words(in text: String) -> [String] {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
            .split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    private static func normalise(_ vector: inout [Float]) {
        let length = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if length > 0 { for index in vector.indices { vector[index] /= length } }
    }

    /// The cosine of two unit vectors.
    package static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in dot(a, b) } }
    }

    /// The dot product of two vectors of the same length, sixteen lanes at a time in two sums.
    @inline(__always)
    static func dot(_ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>) -> Float {
        let count = min(a.count, b.count)
        var first = SIMD16<Float>(), second = SIMD16<Float>()
        var index = 0
        if let left = a.baseAddress, let right = b.baseAddress {
            let left = UnsafeRawPointer(left), right = UnsafeRawPointer(right)
            let stride = MemoryLayout<Float>.stride
            while index + 32 <= count {
                first += left.loadUnaligned(fromByteOffset: index * stride, as: SIMD16<Float>.self)
                    * right.loadUnaligned(fromByteOffset: index * stride, as: SIMD16<Float>.self)
                second += left.loadUnaligned(fromByteOffset: (index + 16) * stride, as: SIMD16<Float>.self)
                    * right.loadUnaligned(fromByteOffset: (index + 16) * stride, as: SIMD16<Float>.self)
                index += 32
            }
        }
        var sum = (first + second).sum()
        while index < count {
            sum += a[index] * b[index]
            index += 1
        }
        return sum
    }
}

extension StaticEmbeddings {
    /// The table shipped in the binary: all-MiniLM-L6-v2's token embeddings in 128 dimensions
    /// (`Embedded/Semantic/`, Apache-2.0). Read once per process, on first use.
    package static let shipped: Result<StaticEmbeddings, FormatError> = {
        let files = Dictionary(EmbeddedFiles.files.map { ($0.path, $0.contents) }) { first, _ in first }
        return Result { () throws(FormatError) in
            try StaticEmbeddings(vocabulary: files["Semantic/vocabulary.txt"] ?? "", base64: files["Semantic/embeddings.b64"] ?? "",
                                 dimensions: 128)
        }
    }()
}
