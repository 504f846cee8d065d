package import EthosPluginAPI

// What the scorer asks of plugins beyond the plugin API — capabilities, not concrete types, so
// any plugin that has one takes part. (`ExplainsRules` lives with the rules engine, so the
// built-in rules plugin can conform without depending on the core.)

/// A plugin that answers faster given the records ahead of time (an external process answers a
/// batch at once), and may fault: it is then stopped and its fault reported.
package protocol PreparesBatches: Plugin {
    /// Takes the records about to be scored; throws when a required plugin faults.
    func prepare(_ records: [Record], failOnFault: Bool) throws(PluginFault)
    /// Why the plugin was stopped, if it was.
    var fault: PluginFault? { get }
    /// Releases what it holds (an external process): the end of the run.
    func finish()
}


/// A factory made late (``PluginFactory/readsFacts``) whose facts are known before it is made
/// (a YAML plugin's), so rules can be type-checked against them.
package protocol DeclaresFactsEarly {
    var declaredFacts: [FactDeclaration] { get }
}
