@testable import EthosCLI
import Testing

@Suite("Plugin templates")
struct PluginTemplatesTests {
    @Test("every kind's templates are filled in, in paths and contents", arguments: PluginsCommand.New.Kind.allCases)
    func filled(kind: PluginsCommand.New.Kind) {
        let files = PluginTemplates.files(name: "team-radio", kind: kind)
        #expect(!files.isEmpty)
        for file in files {
            #expect(!file.path.contains("__") && !file.contents.contains("__NAME__") && !file.contents.contains("__TYPE__")
                && !file.contents.contains("__MODULE__") && !file.contents.contains("__NAMESPACE__"), "\(file.path)")
        }
        let paths = Set(files.map(\.path))
        switch kind {
        case .yaml:
            #expect(paths == ["team-radio.yaml"])
            #expect(files[0].contents.contains("id: team-radio") && files[0].contents.contains(#"patterns: ["(?i)\\bdemo day\\b"]"#))
        case .external:
            #expect(paths == ["team-radio/plugin.yaml", "team-radio/team_radio.py", "team-radio/test_team_radio.py"])
            #expect(files.filter(\.executable).map(\.path) == ["team-radio/team_radio.py"])
            #expect(files.contains { $0.contents.contains(#"stdout.write(json.dumps(reply) + "\n")"#) })
        case .swift:
            #expect(paths == ["TeamRadio/TeamRadioPlugin.swift", "TeamRadio/Tests/TeamRadioTests.swift"])
            #expect(files.contains { $0.contents.contains("public struct TeamRadioFactory: PluginFactory") && $0.contents.contains(#"reason: "Mentions \(keyword).""#) })
        }
    }
}
