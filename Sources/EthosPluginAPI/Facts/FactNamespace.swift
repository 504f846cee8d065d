/// How plugin facts are named: after the plugin, so two plugins never clash and a rule says
/// where a fact comes from. A plugin's id is kebab-case (`learning-hours`); rules are CEL,
/// where `-` is subtraction, so its facts live under the id with `_` for `-`:
/// `learning_hours.courses`.
public enum FactNamespace {
    /// The namespace of plugin `id`'s facts: `learning-hours` → `learning_hours`.
    public static func of(plugin id: String) -> String {
        id.replacingOccurrences(of: "-", with: "_")
    }

    /// Whether `name` is a valid fact name in plugin `id`'s namespace: the namespace itself,
    /// or the namespace followed by `.`-separated identifiers.
    public static func contains(_ name: String, plugin id: String) -> Bool {
        let namespace = of(plugin: id)
        guard name == namespace || name.hasPrefix(namespace + ".") else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isIdentifier)
    }

    /// A CEL identifier: a letter or `_`, then letters, digits and `_`.
    public static func isIdentifier(_ text: Substring) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic || first == "_" else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0 == "_" || ("0"..."9").contains($0)) }
    }
}
