// Programs that embed Ethos import `EthosCore` and get the plugin API's value types with it.
@_exported public import EthosPluginAPI
