public import EthosPluginAPI

/// A plugin that can say, rule by rule, how it reached its answer for a record: the scorer asks
/// for this capability when explaining a record, whatever plugin has it.
package protocol ExplainsRules: Plugin {
    func explain(context: RecordContext) -> [RuleExplanation]
}
