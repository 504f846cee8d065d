package import EthosCore
internal import Foundation

/// A record's evidence, for every principle, as one JSON text in `record_evidence.items`: an
/// object from each principle to its evidence in order, each piece an array of plugin,
/// strength, confidence, reason, rule (null but for a rule's evidence), tone (true for tone
/// evidence, which has no principle of its own and is listed under each principle it tilted)
/// and spans (`[start, end, text]`, in Unicode scalars):
///
/// ```json
/// {"journey-of-experiences": [["keywords", 0.5, 0.8, "Mentions “learned”…", null, false, [[157, 164, "learned"]]]]}
/// ```
///
/// One row per record rather than one per piece of evidence: evidence is read a record at a
/// time (`ethos explain`, `records show`), never searched, and writing it is an import's largest
/// cost after the record itself — arrays rather than objects make it half the size.
package enum EvidenceJSON {
    /// The JSON text as UTF-8, bound as it is: validating it into a `String` first cost a
    /// pass over the kilobyte a record's evidence takes.
    package static func encode(_ principles: [(principle: String, evidence: [Evidence])]) -> [UInt8] {
        var json = Writer()
        json.byte("{")
        for index in principles.indices {
            if index > 0 { json.byte(",") }
            json.string(principles[index].principle)
            json.byte(":")
            json.byte("[")
            // Fields read in place: iterating copied each piece of evidence, retaining its five
            // references and releasing them again.
            principles[index].evidence.withUnsafeBufferPointer { list in
                for position in list.indices {
                    if position > 0 { json.byte(",") }
                    json.byte("[")
                    json.string(list[position].plugin)
                    json.byte(",")
                    json.number(list[position].strength)
                    json.byte(",")
                    json.number(list[position].confidence)
                    json.byte(",")
                    json.string(list[position].reason)
                    json.byte(",")
                    if let rule = list[position].rule { json.string(rule) } else { json.raw("null") }
                    json.raw(list[position].principle == nil ? ",true,[" : ",false,[")
                    list[position].spans.withUnsafeBufferPointer { spans in
                        for span in spans.indices {
                            if span > 0 { json.byte(",") }
                            json.byte("[")
                            json.integer(spans[span].start)
                            json.byte(",")
                            json.integer(spans[span].end)
                            json.byte(",")
                            json.string(spans[span].text)
                            json.byte("]")
                        }
                    }
                    json.byte("]")
                    json.byte("]")
                }
            }
            json.byte("]")
        }
        json.byte("}")
        return json.bytes
    }

    /// JSON written as UTF-8 bytes: an import encodes seven pieces of evidence a record, and
    /// building them as strings piece by piece cost more than writing the row.
    private struct Writer {
        var bytes: [UInt8] = []

        init() { bytes.reserveCapacity(2_048) }

        mutating func raw(_ text: StaticString) {
            text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }

        /// One ASCII character (appending a one-byte buffer cost ten times as much).
        mutating func byte(_ character: Unicode.Scalar) {
            bytes.append(UInt8(ascii: character))
        }

        mutating func string(_ text: String) {
            ValueText.appendJSONString(text, to: &bytes)
        }

        /// Swift's shortest round-tripping form, which reads back to the same double; a value
        /// that is not finite (no plugin gives one) is written as null and read as 0.
        mutating func number(_ value: Double) {
            if let thousandths = Self.thousandths(value) {
                decimal(thousandths)
            } else if value.isFinite {
                bytes += value.description.utf8
            } else {
                raw("null")
            }
        }

        /// `value` in thousandths when it is the double nearest a whole number of them, below a
        /// million: most strengths and confidences (0.5, 0.8, 1.0) are, and writing their digits
        /// directly cost a fifth of what `description` does.
        private static func thousandths(_ value: Double) -> Int? {
            let scaled = (value * 1_000).rounded()
            guard scaled.magnitude < 1e9, value != 0 || value.sign == .plus else { return nil }
            let whole = Int(scaled)
            return Double(whole) / 1_000 == value ? whole : nil
        }

        /// A number of thousandths as `description` writes the double nearest it: the whole part,
        /// a point and the fraction without trailing zeros (at least one digit), as in `-1.0`, `0.75`.
        private mutating func decimal(_ thousandths: Int) {
            if thousandths < 0 { byte("-") }
            let magnitude = thousandths.magnitude
            integer(Int(magnitude / 1_000))
            byte(".")
            let fraction = magnitude % 1_000
            bytes.append(UInt8(ascii: "0") + UInt8(fraction / 100))
            guard fraction % 100 != 0 else { return }
            bytes.append(UInt8(ascii: "0") + UInt8(fraction / 10 % 10))
            guard fraction % 10 != 0 else { return }
            bytes.append(UInt8(ascii: "0") + UInt8(fraction % 10))
        }

        /// Decimal digits written directly (span offsets: never negative, but written right if so).
        mutating func integer(_ value: Int) {
            guard value >= 0 else {
                bytes += String(value).utf8
                return
            }
            var divisor = 1
            while divisor <= value / 10 { divisor *= 10 }
            var rest = value
            repeat {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            } while divisor > 0
        }
    }

    /// Each principle's evidence; empty for text that is not in the form `encode` writes.
    /// Read by a reader of that one form: a page of forty records reads forty of these, and the
    /// general JSON parser, which keeps every value's position for diagnostics, made decoding
    /// them a sixth of the home page's cost.
    package static func decode(_ text: String?) -> [String: [Evidence]] {
        guard var text else { return [:] }
        return text.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            return (try? reader.principles()) ?? [:]
        }
    }

    /// A cursor over the bytes of `encode`'s JSON, which throws at anything else.
    struct Reader {
        struct Malformed: Error {}

        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        mutating func principles() throws(Malformed) -> [String: [Evidence]] {
            var result: [String: [Evidence]] = [:]
            try expect("{")
            if !take("}") {
                repeat {
                    let principle = try string()
                    try expect(":")
                    var list: [Evidence] = []
                    try expect("[")
                    if !take("]") {
                        repeat { list.append(try evidence(principle)) } while take(",")
                        try expect("]")
                    }
                    result[principle] = list
                } while take(",")
                try expect("}")
            }
            guard index == bytes.count else { throw Malformed() }
            return result
        }

        /// `[plugin, strength, confidence, reason, rule, tone, spans]`.
        private mutating func evidence(_ principle: String) throws(Malformed) -> Evidence {
            try expect("[")
            let plugin = try string()
            try expect(",")
            let strength = try number()
            try expect(",")
            let confidence = try number()
            try expect(",")
            let reason = try string()
            try expect(",")
            let rule: String? = try literal("null") ? nil : string()
            try expect(",")
            let tone: Bool
            if try literal("true") { tone = true } else if try literal("false") { tone = false } else { throw Malformed() }
            try expect(",")
            var spans: [TextSpan] = []
            try expect("[")
            if !take("]") {
                repeat {
                    try expect("[")
                    let start = try number()
                    try expect(",")
                    let end = try number()
                    try expect(",")
                    let text = try string()
                    try expect("]")
                    guard let start = Int(exactly: start), let end = Int(exactly: end) else { throw Malformed() }
                    spans.append(TextSpan(start: start, end: end, text: text))
                } while take(",")
                try expect("]")
            }
            try expect("]")
            return Evidence(principle: tone ? nil : principle, plugin: plugin, strength: strength, confidence: confidence, reason: reason,
                            spans: spans, rule: rule)
        }

        private mutating func take(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        private mutating func expect(_ character: Unicode.Scalar) throws(Malformed) {
            guard take(character) else { throw Malformed() }
        }

        private mutating func literal(_ word: StaticString) throws(Malformed) -> Bool {
            let count = word.utf8CodeUnitCount
            guard bytes.count - index >= count else { return false }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
            index += count
            return true
        }

        /// A number as `encode` writes it, read exactly; null (a value that was not finite) reads as 0.
        private mutating func number() throws(Malformed) -> Double {
            if try literal("null") { return 0 }
            let start = index
            while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
            guard let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)), value.isFinite else {
                throw Malformed()
            }
            return value
        }

        private static func isNumberByte(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x2B || byte == 0x2E || byte == 0x65 || byte == 0x45
        }

        /// A string; one without escapes (nearly all) is taken straight from the bytes.
        private mutating func string() throws(Malformed) -> String {
            try expect("\"")
            let start = index
            while index < bytes.count, bytes[index] != 0x22, bytes[index] != 0x5C { index += 1 }
            guard index < bytes.count else { throw Malformed() }
            if bytes[index] == 0x22 {
                defer { index += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            }
            var text = Array(bytes[start..<index])
            while index < bytes.count, bytes[index] != 0x22 {
                guard bytes[index] == 0x5C else {
                    text.append(bytes[index])
                    index += 1
                    continue
                }
                guard index + 1 < bytes.count else { throw Malformed() }
                let escape = bytes[index + 1]
                index += 2
                switch escape {
                case 0x22, 0x5C, 0x2F: text.append(escape)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"):
                    var value = try hex4()
                    if (0xD800...0xDBFF).contains(value), take("\\"), take("u") {
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw Malformed() }
                        value = 0x10000 + (value - 0xD800) * 0x400 + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(value) else { throw Malformed() }
                    UTF8.encode(scalar) { text.append($0) }
                default: throw Malformed()
                }
            }
            try expect("\"")
            return String(decoding: text, as: UTF8.self)
        }

        private mutating func hex4() throws(Malformed) -> UInt32 {
            guard bytes.count - index >= 4 else { throw Malformed() }
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = Character(Unicode.Scalar(bytes[index])).hexDigitValue else { throw Malformed() }
                value = value * 16 + UInt32(digit)
                index += 1
            }
            return value
        }
    }
}
