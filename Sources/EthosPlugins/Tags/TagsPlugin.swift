public import EthosPluginAPI
internal import EthosText

/// `tags`: the principles an author names explicitly — in the record's `principles` list, or
/// as `#hashtags` in the text that spell a principle's id or name (`#community-contribution`,
/// `#CommunityContribution`).
///
/// A tag says what a record is *about*, not which way: its evidence has strength 0 and full
/// confidence, and the record's other evidence and tone decide alignment.
public struct TagsPlugin: EvidenceProvider, FactProvider {
    public let id = "tags"
    public let version = "1.0.0"
    public let summary = "Principles the author tagged explicitly or named as #hashtags."
    public var facts: [FactDeclaration] {
        [FactDeclaration("tags.principles", .list(.string), "Principle ids the record names, by tag or #hashtag.")]
    }

    /// Whether `#hashtags` in the text count.
    public let readsHashtags: Bool
    /// Normalised spelling (lowercase letters and digits) → principle id.
    private let spellings: [String: String]

    /// Creates the plugin for `principles`.
    public init(principles: PrincipleSet, readsHashtags: Bool = true) {
        self.readsHashtags = readsHashtags
        var spellings: [String: String] = [:]
        for principle in principles {
            spellings[Self.normalise(principle.id)] = principle.id
            spellings[Self.normalise(principle.name)] = principle.id
        }
        self.spellings = spellings
    }

    static func normalise(_ text: String) -> String {
        String(String.UnicodeScalarView(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }))
    }

    /// Each principle named, with the spans of its hashtags (empty for the explicit list).
    func tagged(_ record: Record, context: RecordContext) -> [(principle: String, spans: [TextSpan], explicit: Bool)] {
        var found: [(String, [TextSpan], Bool)] = []
        for id in record.principles where context.principles[id: id] != nil && !found.contains(where: { $0.0 == id }) {
            found.append((id, [], true))
        }
        // Most texts have no `#` at all: one pass over the bytes, and no scalars are decoded.
        var text = record.text
        guard readsHashtags, text.withUTF8({ $0.contains(UInt8(ascii: "#")) }) else { return found }
        let scalars = Array(record.text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "#", index == 0 || !scalars[index - 1].properties.isAlphabetic else {
                index += 1
                continue
            }
            var end = index + 1
            while end < scalars.count,
                  scalars[end].properties.isAlphabetic || ("0"..."9").contains(scalars[end]) || scalars[end] == "-" || scalars[end] == "_" {
                end += 1
            }
            let tag = String(scalars: scalars[(index + 1)..<end])
            if let id = spellings[Self.normalise(tag)] {
                let span = TextSpan(start: index, end: end, text: "#" + tag)
                if let existing = found.firstIndex(where: { $0.0 == id }) {
                    found[existing].1.append(span)
                } else {
                    found.append((id, [span], false))
                }
            }
            index = max(end, index + 1)
        }
        return found
    }

    public func evidence(for record: Record, context: RecordContext) -> [Evidence] {
        tagged(record, context: context).map { tag in
            let reason = tag.explicit ? "The author tagged the record with this principle."
                : "The text names the principle as \(tag.spans.map(\.text).joined(separator: ", "))."
            return Evidence(principle: tag.principle, strength: 0, confidence: 1, reason: reason, spans: tag.spans)
        }
    }

    public func facts(for record: Record, context: RecordContext) -> [String: FactValue] {
        ["tags.principles": .list(tagged(record, context: context).map { .string($0.principle) })]
    }
}

/// Makes ``TagsPlugin``.
public struct TagsPluginFactory: PluginFactory {
    public let id = "tags"
    public var options: [PluginOption] {
        [PluginOption("hashtags", .bool, default: .bool(true), "Whether #hashtags in the text that name a principle count as tags.")]
    }

    public init() {}

    public func make(_ settings: PluginSettings) throws(PluginSetupError) -> any Plugin {
        TagsPlugin(principles: settings.principles, readsHashtags: settings.bool("hashtags") ?? true)
    }
}
