@testable import EthosPlugins
import Testing

@Suite("Reason text")
struct ReasonTextTests {
    static func hundredths(_ value: Double) -> String {
        var text = ReasonText()
        text.appendHundredths(value)
        return text.string
    }

    @Test("hundredths are spelled as Swift prints the rounded Double, for every value from -1,000 to 1,000")
    func everyHundredth() {
        for k in -100_000...100_000 {
            let value = Double(k) / 100
            #expect(Self.hundredths(value) == "\(value)", "\(k)")
        }
    }

    @Test("and for values between hundredths, tiny, negative zero and huge")
    func roundedValues() {
        for step in 0..<20_000 {
            // Spread over -2…2 by a stride coprime to the range, so most values fall between hundredths.
            let value = Double((step * 7_919) % 4_000_001 - 2_000_000) / 1_000_003
            #expect(Self.hundredths(value) == "\((value * 100).rounded() / 100)", "\(value)")
        }
        for value in [0.0, -0.0, -0.004, 0.004, 0.005, -0.005, 0.6369, 1e-300, -1e-300, 1e20, -3e17, 0.995, 0.994] {
            #expect(Self.hundredths(value) == "\((value * 100).rounded() / 100)", "\(value)")
        }
    }

    @Test("pieces are joined as written, non-ASCII included")
    func pieces() {
        var text = ReasonText("Mentions “")
        text.append("open-sourced")
        text.append("”, naïve.")
        #expect(text.string == "Mentions “open-sourced”, naïve.")
        #expect(ReasonText().string.isEmpty)
    }
}
