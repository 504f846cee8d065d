public import EthosPluginAPI

// `PluginRegistry` itself is generated at build time by the RegisterPlugins build plugin from
// this target's dependencies: see `Package.swift` and docs/plugins.md.
extension PluginRegistry {
    /// The compiled-in factory with `id`.
    public static func factory(id: String) -> (any PluginFactory)? {
        factories.first { $0.id == id }
    }
}
