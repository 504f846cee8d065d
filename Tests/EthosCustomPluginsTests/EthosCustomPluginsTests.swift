// The tests of this target are the workspace's `Plugins/<Name>/Tests/*.swift` files, added at
// build time by the CompilePluginFolders build plugin. See docs/plugins.md.
