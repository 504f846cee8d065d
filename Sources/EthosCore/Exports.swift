// Programs that embed Ethos import `EthosCore` and get the plugin API's value types, the text
// analysis and the rules engine with it. The built-in plugins are their own module
// (`EthosPlugins`), as are YAML and external plugins (`EthosPluginHost`).
@_exported public import EthosPluginAPI
@_exported public import EthosText
@_exported public import EthosRules
