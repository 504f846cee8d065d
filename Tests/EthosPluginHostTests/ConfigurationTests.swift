import EthosCore
import EthosPluginHost
import EthosPlugins
import Testing

@Suite("Settings (ethos.yaml)")
struct ConfigurationTests {
    func load(_ text: String, path: String = "work/ethos.yaml") -> ConfigurationLoad {
        ConfigurationLoader(factories: BuiltinPlugins.factories).load(SourceFile(path: path, text: text))
    }

    @Test("resolve paths against the settings file's directory")
    func resolvesPaths() {
        let result = load("version: 1\npaths:\n  principles: values\n  plugins: /opt/plugins\n")
        #expect(result.diagnostics.isEmpty)
        #expect(result.configuration == Configuration(principlesDirectory: "work/values", pluginsDirectory: "/opt/plugins",
                                                      source: "work/ethos.yaml"))
    }

    @Test("accept a file of comments only")
    func commentsOnly() {
        let result = load("# nothing set\n")
        #expect(result.diagnostics.isEmpty)
        #expect(result.configuration?.principlesDirectory == nil)
    }

    @Test("report unknown keys, wrong types and versions with locations")
    func diagnostics() {
        let result = load("version: 3\npath:\n  principles: x\n", path: "ethos.yaml")
        #expect(result.diagnostics.map(\.formatted) == [
            "ethos.yaml:1:10: error: Format version 3 is not supported; this Ethos reads version 1.",
            "ethos.yaml:2:1: error: Unknown key 'path' in the settings; did you mean 'paths'?",
        ])
        #expect(result.configuration == nil)
        #expect(load("paths:\n  principles: [a]\n", path: "ethos.yaml").diagnostics.map(\.formatted) == [
            "ethos.yaml:2:15: error: 'paths.principles' must be text, not a list.",
        ])
        #expect(load("paths: Principles\n", path: "ethos.yaml").diagnostics.map(\.formatted) == [
            "ethos.yaml:1:8: error: 'paths' must be a mapping, not text.",
        ])
    }

    @Test("default new feedback to its subject and their managers, unless the settings say otherwise")
    func defaultVisibility() {
        #expect(load("version: 1\n").configuration?.defaultVisibility == .recipient)
        #expect(load("privacy:\n  default-visibility: manager\n").configuration?.defaultVisibility == .manager)
        #expect(load("version: 1\n").configuration?.namePeopleInQuotes == false)
        #expect(load("privacy:\n  name-people-in-quotes: true\n").configuration?.namePeopleInQuotes == true)
        #expect(load("privacy:\n  default-visibility: pubic\n", path: "ethos.yaml").diagnostics.map(\.formatted) == [
            "ethos.yaml:2:23: error: 'privacy.default-visibility' 'pubic' is not one of 'public', 'recipient', 'manager', 'private'; did you mean 'public'?",
        ])
    }

    @Test("read people-operations as a list of handles, located when it is not one")
    func admins() {
        #expect(load("version: 1\n").configuration?.admins == [])
        #expect(load("admins: [maria, ana]\n").configuration?.admins == ["maria", "ana"])
        #expect(load("admins: maria\n", path: "ethos.yaml").diagnostics.map(\.formatted).first?.hasPrefix("ethos.yaml:1:9: error:") == true)
    }

    @Test("apply the same hostile-input limits as principles")
    func hostile() {
        let result = load("paths: {principles: \"x\u{0}\"}\n", path: "ethos.yaml")
        #expect(result.configuration == nil)
        #expect(result.diagnostics.count == 1)
    }
}
