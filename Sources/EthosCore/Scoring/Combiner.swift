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
        let toneSum = tone.reduce(0) { $0 + weight(of: $1.plugin) * $1.confidence * $1.strength }
        let alignment = all.isEmpty ? 0 : tanh(sum + relevance * toneSum)
        let verdict: Verdict
        if relevance >= settings.relevanceThreshold, alignment >= settings.alignmentThreshold {
            verdict = .aligned
        } else if relevance >= settings.relevanceThreshold, alignment <= -settings.alignmentThreshold {
            verdict = .misaligned
        } else {
            verdict = .notEvidenced
        }
        if !all.isEmpty, relevance != 0 { all.append(contentsOf: tone) }
        return PrincipleScore(principle: principle, verdict: verdict, alignment: alignment, relevance: relevance, evidence: all)
    }
}
