// Programs that embed Ethos import `EthosCore` and get the plugin API's value types and the
// rules engine with it.
@_exported public import EthosPluginAPI
@_exported public import EthosRules
