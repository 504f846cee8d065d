internal import EthosCore
internal import Foundation
internal import GRDB
internal import EthosIO

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
enum EvidenceJSON {
    /// The JSON text as UTF-8, bound as it is: validating it into a `String` first cost a
    /// pass over the kilobyte a record's evidence takes.
    static func encode(_ principles: [(principle: String, evidence: [Evidence])]) -> [UInt8] {
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

    /// Each principle's evidence; empty for text that is not such an object. Read with Ethos's
    /// own JSON parser, which gives back every double exactly as written (Foundation's
    /// `JSONSerialization` on Linux can be a last digit off).
    static func decode(_ text: String?) -> [String: [Evidence]] {
        guard let text, case let .object(principles)? = try? JSONParser.parse(text).value else { return [:] }
        var result: [String: [Evidence]] = [:]
        for (principle, _, list) in principles {
            guard case let .array(items) = list.value else { continue }
            result[principle] = items.compactMap { item in
                guard case let .array(fields) = item.value, fields.count == 7,
                      case let .string(plugin) = fields[0].value, case let .number(strength, _) = fields[1].value,
                      case let .number(confidence, _) = fields[2].value, case let .string(reason) = fields[3].value,
                      case let .bool(tone) = fields[5].value, case let .array(spanList) = fields[6].value else { return nil }
                let rule: String? = if case let .string(rule) = fields[4].value { rule } else { nil }
                let spans = spanList.compactMap { span -> TextSpan? in
                    guard case let .array(parts) = span.value, parts.count == 3, case let .number(start, _) = parts[0].value,
                          case let .number(end, _) = parts[1].value, case let .string(text) = parts[2].value,
                          let start = Int(exactly: start), let end = Int(exactly: end) else { return nil }
                    return TextSpan(start: start, end: end, text: text)
                }
                return Evidence(principle: tone ? nil : principle, plugin: plugin, strength: strength, confidence: confidence,
                                reason: reason, spans: spans, rule: rule)
            }
        }
        return result
    }
}
