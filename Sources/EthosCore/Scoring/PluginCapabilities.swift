internal import EthosPlugins

// What the scorer asks of plugins beyond the plugin API — capabilities, not concrete types, so
// any plugin that has one takes part.

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

/// A plugin that can say, rule by rule, how it reached its answer for a record.
package protocol ExplainsRules: Plugin {
    func explain(context: RecordContext) -> [RuleExplanation]
}

extension ExternalPlugin: PreparesBatches {}
extension RulesPlugin: ExplainsRules {}
