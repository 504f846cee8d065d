public import EthosPluginAPI

// `swift build` compiles this folder into ethos and registers `__TYPE__Factory`: a Swift plugin
// folder is named after its factory type, minus "Factory". See docs/plugins.md.

/// What this plugin notices, in one sentence.
public struct __TYPE__Plugin: FactProvider, EvidenceProvider {
    public let id = "__NAME__"
    public let version = "1.0.0"
    public let summary = "Counts mentions of a keyword and gives evidence when there is one."
    public var facts: [FactDeclaration] {
        [FactDeclaration("__NAMESPACE__.mentions", .int, "How many words of the text are the keyword.")]
    }

    /// The keyword, lowercased.
    public let keyword: String

    public init(keyword: String) {
        self.keyword = keyword.lowercased()
    }

    func mentions(in context: RecordContext) -> Int {
        context.text.tokens.filter { $0.word.lowercased() == keyword }.count
    }

    public func facts(for _: Record, context: RecordContext) -> [String: FactValue] {
        ["__NAMESPACE__.mentions": .int(Int64(mentions(in: context)))]
    }

    public func evidence(for _: Record, context: RecordContext) -> [Evidence] {
        guard mentions(in: context) > 0, context.principles[id: "community-contribution"] != nil else { return [] }
        return [Evidence(principle: "community-contribution", strength: 0.4, confidence: 0.7,
                         reason: "Mentions \(keyword).")]
    }
}

/// Makes the plugin from its settings (`plugins.__NAME__` in ethos.yaml).
public struct __TYPE__Factory: PluginFactory {
    public let id = "__NAME__"
    public var options: [PluginOption] {
        [PluginOption("keyword", .string, default: .string("wiki"), "The word to count.")]
    }

    public init() {}

    public func make(_ settings: PluginSettings) throws(PluginSetupError) -> any Plugin {
        guard case let .string(keyword)? = settings.options["keyword"], !keyword.isEmpty else {
            throw PluginSetupError("Plugin '__NAME__' needs a non-empty 'keyword'.")
        }
        return __TYPE__Plugin(keyword: keyword)
    }
}
