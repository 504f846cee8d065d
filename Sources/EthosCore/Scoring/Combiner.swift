internal import Foundation

/// Turns evidence into relevance, alignment and a verdict per principle. The formula, and why,
/// is in docs/scoring.md:
///
/// - each piece of evidence i for principle p carries weight w (its plugin's), confidence c and
///   strength s; its relevance is r = min(1, w·c·|s|), or w·c for topical evidence (s = 0);
/// - relevance(p) = 1 − Π(1 − r), so independent evidence accumulates;
/// - S(p) = Σ w·c·s over p's evidence + relevance(p) · Σ w·c·s over tone evidence;
/// - alignment(p) = tanh(S(p)), or 0 when p has no evidence of its own;
/// - aligned when relevance ≥ θr and alignment ≥ θa; misaligned when relevance ≥ θr and
///   alignment ≤ −θa; otherwise not evidenced.
struct Combiner {
    let settings: ScoringSettings
    /// The run's plugins with their weights, found by comparing ids (a handful of short strings)
    /// rather than by hashing each piece of evidence's plugin id twice.
    let weights: [(plugin: String, weight: Double)]

    init(settings: ScoringSettings, plugins: [String] = []) {
        self.settings = settings
        weights = plugins.map { ($0, settings.weight(of: $0)) }
    }

    func weight(of plugin: String) -> Double {
        for entry in weights where entry.plugin == plugin { return entry.weight }
        return settings.weight(of: plugin)
    }

    func score(principle: String, evidence: consuming [Evidence], tone: [Evidence]) -> PrincipleScore {
        var all = evidence
        var missing = 1.0, sum = 0.0
        // Fields read in place: copying each piece of evidence would retain its strings.
        for index in all.indices {
            let strength = all[index].strength
            let weighted = weight(of: all[index].plugin) * all[index].confidence
            let relevance = min(1, max(0, weighted * (strength == 0 ? 1 : abs(strength))))
            missing *= 1 - relevance
            sum += weighted * strength
        }
        let relevance = all.isEmpty ? 0 : 1 - missing
        // Tone scoped to the sentences that evidence the principle: a tone item whose span holds
        // none of the evidence's spans does not tilt it (evidence without spans takes every tone).
        let applies = tone.count <= 1 ? tone : tone.filter { Self.covers($0, all) }
        let toneSum = applies.isEmpty ? 0 : applies.reduce(0) { $0 + weight(of: $1.plugin) * $1.confidence * $1.strength } / Double(applies.count)
        let alignment = all.isEmpty ? 0 : tanh(sum + relevance * toneSum)
        let verdict: Verdict
        if relevance >= settings.relevanceThreshold, alignment >= settings.alignmentThreshold {
            verdict = .aligned
        } else if relevance >= settings.relevanceThreshold, alignment <= -settings.alignmentThreshold {
            verdict = .misaligned
        } else {
            verdict = .notEvidenced
        }
        if !all.isEmpty, relevance != 0 { all.append(contentsOf: applies) }
        return PrincipleScore(principle: principle, verdict: verdict, alignment: alignment, relevance: relevance, evidence: all)
    }

    /// Whether `tone` applies to a principle with `evidence`: it has no span, some evidence has
    /// none, or one of its spans starts inside the tone's.
    static func covers(_ tone: Evidence, _ evidence: [Evidence]) -> Bool {
        guard !tone.spans.isEmpty else { return true }
        for item in evidence {
            if item.spans.isEmpty { return true }
            for span in item.spans where tone.spans.contains(where: { $0.start <= span.start && span.start < $0.end }) { return true }
        }
        return false
    }
}
