public import EthosCore
internal import EthosPlugins

extension PrinciplesLoader {
    /// A loader whose rules may read the record facts and the built-in plugins' facts with their
    /// default settings: what `ethos` gives a workspace without custom plugins.
    public static func builtins(limits: YAMLLimits = .default) -> PrinciplesLoader {
        do {
            return PrinciplesLoader(schema: try Scorer.schema(factories: BuiltinPlugins.factories), limits: limits)
        } catch {
            // The built-in plugins always make their schema; if not, every test should say so.
            fatalError("the built-in plugins' schema: \(error)")
        }
    }
}
