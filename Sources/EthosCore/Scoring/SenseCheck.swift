/// Weighs evidence by how its sentence reads, in the judgement of a plugin that reads meaning
/// (``SentenceReader``, the `semantic` plugin): a signal in a sentence that reads as unrelated to
/// its principle ("booked the community centre") keeps a quarter of its confidence; a signal
/// against the sentence's clear reading ("community" in "closed the community's requests and
/// locked the discussion") keeps its topic but no direction. Each says why in its reason.
/// Evidence without spans, and the reader's own, are left as they are.
struct SenseCheck {
    /// How much evidence in a sentence that reads as unrelated keeps of its confidence.
    static let factor = 0.25

    let readings: [SentenceReading]

    /// Applies the readings to `evidence` (all for `principle`).
    func apply(to evidence: inout Evidence, principle: String) {
        guard !readings.isEmpty, let span = evidence.spans.first,
              let reading = readings.first(where: { $0.principle == principle && $0.range.contains(span.start) }) else { return }
        switch reading.kind {
        case .unrelated:
            evidence.confidence *= Self.factor
            evidence.reason += " Its sentence reads as unrelated to the principle, like “\(reading.exemplar)”, so it counts for less."
        case .aligned where evidence.strength < 0, .misaligned where evidence.strength > 0:
            evidence.strength = 0
            evidence.reason += " Its sentence reads like the \(reading.kind == .aligned ? "aligned" : "misaligned") exemplar "
                + "“\(reading.exemplar)”, so it only shows what the record is about."
        default:
            break
        }
    }
}
