/// An evidence reason built as UTF-8 bytes and made a `String` once: the built-in plugins write
/// a reason for nearly every record, and Swift's string interpolation and `+=` cost several times
/// more per piece than appending bytes (measured with callgrind on the pipeline benchmark).
///
/// ```swift
/// var reason = ReasonText("The tone is ")
/// reason.append("positive")
/// reason.append(" (VADER compound ")
/// reason.appendHundredths(0.6369)   // "0.64", as "\((0.6369 * 100).rounded() / 100)" prints it
/// reason.append(").")
/// reason.string                      // "The tone is positive (VADER compound 0.64)."
/// ```
struct ReasonText {
    private var bytes: [UInt8] = []

    init(_ start: StaticString = "") {
        bytes.reserveCapacity(96)
        append(start)
    }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// `value` rounded to hundredths, spelled exactly as Swift prints the `Double`
    /// `(value * 100).rounded() / 100`: "0.64", "0.5", "1.0", "-0.07", "-0.0".
    mutating func appendHundredths(_ value: Double) {
        let scaled = (value * 100).rounded()
        guard abs(scaled) < 1e15 else {
            append("\(scaled / 100)")
            return
        }
        let hundredths = Int(scaled)
        if scaled.sign == .minus { bytes.append(UInt8(ascii: "-")) }
        let magnitude = abs(hundredths)
        append(String(magnitude / 100))
        bytes.append(UInt8(ascii: "."))
        let fraction = magnitude % 100
        bytes.append(UInt8(ascii: "0") + UInt8(fraction / 10))
        if fraction % 10 != 0 { bytes.append(UInt8(ascii: "0") + UInt8(fraction % 10)) }
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
