public import EthosPluginAPI

/// The plugins Ethos ships, in the order they run. An explicit list, not a registry that fills
/// itself: every run sees the same plugins in the same order.
public enum BuiltinPlugins {
    /// The factories of the built-in plugins.
    public static let factories: [any PluginFactory] = [
        TagsPluginFactory(), KeywordsPluginFactory(), SentimentPluginFactory(), SimilarityPluginFactory(), SemanticPluginFactory(),
        RulesPluginFactory(),
    ]
}

/// This module's entry in the plugin registry, as every compiled-in plugin module declares one.
public let pluginFactories: [any PluginFactory] = BuiltinPlugins.factories
