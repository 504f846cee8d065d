import Foundation
import Testing

/// `ethos principles …` end to end: the built executable, its output and its exit codes.
@Suite("ethos principles")
struct PrinciplesCommandTests {
    @Test("check passes on the shipped principles")
    func checkShipped() throws {
        let result = try ethos(["principles", "check"], in: repositoryRoot)
        #expect(result.stdout == (try shippedCheckSummary(files: 2)))
        #expect(result.stderr == "")
        #expect(result.status == 0)
    }

    @Test("check reports every problem in every file, sorted, and exits 1")
    func checkMalformed() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write([
            "Principles/a.yaml": "id: Growth\nname: G\nstatement: S\ntenants: [x]\n",
            "Principles/b.yaml": "id: b\nname: [x\n",
            "Principles/notes.txt": "ignored",
        ], in: directory)
        let result = try ethos(["principles", "check"], in: directory)
        #expect(result.stdout == "")
        #expect(result.stderr == """
            Principles/a.yaml:1:1: error: Missing required key 'tenets' in a principle.
            Principles/a.yaml:1:5: error: The principle id 'Growth' is not kebab-case; use lowercase letters, digits and single hyphens, like 'growth'.
            Principles/a.yaml:4:1: error: Unknown key 'tenants' in a principle; did you mean 'tenets'?
            Principles/b.yaml:3:1: error: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 2).
            Found 4 errors, 0 warnings in 2 files.

            """)
        #expect(result.status == 1)
    }

    @Test("check takes explicit files and reports warnings without failing, unless --strict")
    func checkWarnings() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write(["bare.yaml": "id: bare\nname: Bare\nstatement: S.\ntenets: [t]\n"], in: directory)
        let warnings = """
            bare.yaml:1:1: warning: Principle 'bare' has no examples, so 'ethos principles test' cannot check it; add 'examples'.
            bare.yaml:1:1: warning: Principle 'bare' has no signals and no rules, so only explicit tags can evidence it; add 'signals' or 'rules'.

            """
        let lenient = try ethos(["principles", "check", "bare.yaml"], in: directory)
        #expect(lenient.stderr == warnings)
        #expect(lenient.stdout == "Checked 1 principle (0 rules, 0 examples) in 1 file: 0 errors, 2 warnings.\n")
        #expect(lenient.status == 0)

        let strict = try ethos(["principles", "check", "--strict", "bare.yaml"], in: directory)
        #expect(strict.stderr == warnings + "Found 0 errors, 2 warnings in 1 file.\n")
        #expect(strict.status == 1)
    }

    @Test("check --format json prints one document with every diagnostic")
    func checkJSON() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write(["p.yaml": "id: x\nname: X\nstatement: S.\ntenets: [t]\nweight: 0\n"], in: directory)
        let result = try ethos(["principles", "check", "p.yaml", "--format", "json"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr == "")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["valid"] as? Bool == false)
        #expect(json["errors"] as? Int == 1)
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.first?["line"] as? Int == 5)
        #expect(diagnostics.first?["column"] as? Int == 9)
        #expect(diagnostics.first?["severity"] as? String == "error")
        #expect(diagnostics.first?["file"] as? String == "p.yaml")
    }

    @Test("check validates the settings file too")
    func checkSettings() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write(["ethos.yaml": "paths:\n  principls: values\n"], in: directory)
        let result = try ethos(["principles", "check", "--principles", repositoryRoot.appendingPathComponent("Principles").path],
                               in: directory)
        #expect(result.stderr == """
            ethos.yaml:2:3: error: Unknown key 'principls' in 'paths'; did you mean 'principles'?
            Found 1 error, 0 warnings in 3 files.

            """)
        #expect(result.status == 1)
    }

    @Test("the settings choose the principles directory, and --principles overrides them")
    func settingsChooseDirectory() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let shipped = try String(contentsOf: repositoryRoot.appendingPathComponent("Principles/journey-of-experiences.yaml"), encoding: .utf8)
        try write(["ethos.yaml": "paths:\n  principles: values\n", "values/j.yaml": shipped, "other/x.yaml": "id: ["], in: directory)
        let viaSettings = try ethos(["principles", "list", "--format", "json"], in: directory)
        #expect(viaSettings.status == 0)
        #expect(viaSettings.stdout.contains("\"id\" : \"journey-of-experiences\""))
        let viaFlag = try ethos(["principles", "list", "--principles", "other"], in: directory)
        #expect(viaFlag.status == 1)
        #expect(viaFlag.stderr.hasPrefix("other/x.yaml:2:1: error: YAML syntax error:"))
        let missingConfig = try ethos(["principles", "list", "--config", "nope.yaml"], in: directory)
        #expect(missingConfig.stderr == "nope.yaml: error: No file or directory at 'nope.yaml'; check the path, or run 'ethos init' to create a workspace.\n")
        #expect(missingConfig.status == 1)
    }

    @Test("list prints a table of the principles")
    func list() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write(["Principles/p.yaml": """
            principles:
              - id: growth
                name: Growth
                statement: We grow.
                tenets: [One., Two.]
                weight: 2
                signals: [{terms: [learn, grow]}, {terms: [stagnate], weight: -1}]
                rules: [{id: r, when: "true", score: 0.1, because: B.}]
                examples: {aligned: [a], unrelated: [b]}
              - id: community
                name: Community
                statement: We share.
                tenets: [Three.]
                weight: 0.5
                signals: [{terms: [share]}]
                examples: {aligned: [c]}
            """], in: directory)
        let result = try ethos(["principles", "list"], in: directory)
        #expect(result.stdout == """
            ID         NAME       WEIGHT  TENETS  SIGNALS  RULES  EXAMPLES
            growth     Growth     2       2       3        1      2
            community  Community  0.5     1       1        0      1

            """)
        #expect(result.status == 0)
    }

    @Test("list --format json prints every field of every principle")
    func listJSON() throws {
        let result = try ethos(["principles", "list", "--format", "json"], in: repositoryRoot)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(json.map { $0["id"] as? String } == ["community-contribution", "journey-of-experiences"])
        #expect((json[1]["tenets"] as? [String])?.first == "Each person is on a journey of constant growth.")
        #expect((json[1]["rules"] as? [[String: Any]])?.first?["id"] as? String == "sustained-mentoring")
        #expect(json[1]["source"] as? String == "Principles/journey-of-experiences.yaml:5:1")
    }

    @Test("show prints one principle in full")
    func show() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write(["Principles/p.yaml": """
            id: growth
            name: Growth
            statement: We grow.
            tenets: [Each person grows., We help others grow.]
            weight: 1.5
            signals:
              - terms: [learn, new skill]
              - terms: [refused feedback]
                weight: -2
            rules:
              - {id: long-session, when: record.minutes >= 30, score: 0.4, because: Time invested.}
            examples:
              aligned: [She learned Swift., {text: We paired., kind: mentoring, minutes: 45}]
              unrelated: [The report shipped.]
            """], in: directory)
        let result = try ethos(["principles", "show", "growth"], in: directory)
        #expect(result.stdout == """
            Growth (growth)
            We grow.

            Tenets:
              - Each person grows.
              - We help others grow.

            Weight: 1.5

            Signals (weight: terms):
              +1: learn, new skill
              -2: refused feedback

            Rules:
              long-session (score +0.4)
                when:    record.minutes >= 30
                because: Time invested.

            Aligned examples:
              - She learned Swift.
              - We paired. [mentoring, 45 min]

            Unrelated examples:
              - The report shipped.

            Defined at Principles/p.yaml:1.

            """)
        #expect(result.status == 0)
    }

    @Test("show an unknown id exits 1 with a did-you-mean")
    func showUnknown() throws {
        let result = try ethos(["principles", "show", "journey-of-experience"], in: repositoryRoot)
        #expect(result.stderr == "error: No principle has the id 'journey-of-experience'; did you mean 'journey-of-experiences'?\n")
        #expect(result.stdout == "")
        #expect(result.status == 1)
    }
}
