// Programs that embed Ethos import `EthosCore` and get the plugin API's value types, the text
// analysis, the rules engine and the built-in plugins with it.
@_exported public import EthosPluginAPI
@_exported public import EthosText
@_exported public import EthosRules
@_exported public import EthosPlugins
