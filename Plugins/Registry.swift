// The module EthosCustomPlugins is compiled from the Swift plugin folders next to this file
// (`Plugins/<Name>/*.swift`), which the CompilePluginFolders build plugin adds at build time with
// `pluginFactories` listing one `<Name>Factory()` per folder. Keep this file: it anchors the
// module to this folder, so SwiftPM notices new plugin folders. See docs/plugins.md.
