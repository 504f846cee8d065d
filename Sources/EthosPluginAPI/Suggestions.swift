/// Did-you-mean suggestions: the closest candidate by edit distance, when it is close enough to
/// be a plausible typo. Plugins use it too, to validate their configuration.
public enum Suggestions {
    /// The candidate closest to `word`, or `nil` when none is within a third of its length
    /// (at least one edit, at most three); failing that, the only candidate that starts with a
    /// `word` of three or more characters (`community` for `community-contribution`).
    ///
    /// ```swift
    /// Suggestions.closest(to: "tenants", in: ["tenets", "name"]) // "tenets"
    /// ```
    public static func closest<S: Sequence<String>>(to word: String, in candidates: S) -> String? {
        let budget = min(3, max(1, word.count / 3))
        let lowered = word.lowercased()
        var best: (candidate: String, distance: Int)?
        var prefixed: [String] = []
        for candidate in candidates where candidate != word {
            let other = candidate.lowercased()
            let distance = editDistance(lowered, other)
            if distance <= budget, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
            if lowered.count >= 3, other.hasPrefix(lowered), prefixed.count < 2 { prefixed.append(candidate) }
        }
        return best?.candidate ?? (prefixed.count == 1 ? prefixed[0] : nil)
    }

    /// The optimal string alignment distance: insertions, deletions, substitutions and
    /// transpositions of neighbours each cost one.
    public static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs.unicodeScalars), b = Array(rhs.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
