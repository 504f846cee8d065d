@_exported public import EthosPluginAPI
