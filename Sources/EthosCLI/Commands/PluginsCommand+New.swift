internal import ArgumentParser
internal import EthosCore
internal import Foundation

extension PluginsCommand {
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scaffold a working plugin, with a test, ready to edit.",
            discussion: """
            --kind yaml      Plugins/<name>.yaml: facts from terms and patterns, evidence, and examples that
                             'ethos plugins check' runs.
            --kind external  Plugins/<name>/: plugin.yaml, a Python 3 plugin speaking the plugin protocol, and a
                             unittest that drives it (python3 -m unittest, in that folder).
            --kind swift     Plugins/<Name>/: a Swift plugin and a Tests/ folder; in the Ethos package, the next
                             'swift build' compiles it into ethos and 'swift test' runs its tests.

            The name is kebab-case (team-radio); a Swift plugin's folder is its UpperCamelCase form (TeamRadio).
            Existing files are never overwritten.

            Examples:
              ethos plugins new team-radio --kind yaml
              ethos plugins new reading-list --kind external
              ethos plugins new internal-wiki --kind swift
            """
        )

        enum Kind: String, ExpressibleByArgument, CaseIterable {
            case swift, external, yaml
        }

        @Argument(help: "The plugin's id, in kebab-case: team-radio.")
        var name: String

        @Option(help: "swift, external or yaml.")
        var kind: Kind

        @Option(name: .customLong("directory"), help: ArgumentHelp(
            "The plugins directory (default: 'paths.plugins' from the settings, else ./Plugins).", valueName: "dir"))
        var directory: String?

        @OptionGroup var workspace: WorkspaceOptions

        func validate() throws {
            guard IDSyntax.isValid(name) else {
                throw ValidationError("'\(name)' is not a plugin id; use lowercase words joined by '-', like team-radio.")
            }
        }

        func run() throws {
            let configuration = workspace.loadConfiguration().configuration
            let root = directory ?? configuration?.pluginsDirectory ?? Configuration.defaultPluginsDirectory
            let files = PluginTemplates.files(name: name, kind: kind)
            let manager = FileManager.default
            for file in files {
                let path = (root as NSString).appendingPathComponent(file.path)
                if manager.fileExists(atPath: path) {
                    throw EthosError("'\(path)' already exists; choose another name or remove it first.")
                }
            }
            for file in files {
                let path = (root as NSString).appendingPathComponent(file.path)
                try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                guard manager.createFile(atPath: path, contents: Data(file.contents.utf8),
                                         attributes: file.executable ? [.posixPermissions: 0o755] : nil) else {
                    throw EthosError("Cannot write '\(path)'.")
                }
                Console.out("created \(path)")
            }
            Console.out("")
            Console.out(PluginTemplates.nextSteps(name: name, kind: kind, root: root))
        }
    }
}

/// The files `ethos plugins new` writes.
enum PluginTemplates {
    struct File {
        var path: String
        var contents: String
        var executable = false
    }

    /// `team-radio` → `TeamRadio`.
    static func typeName(_ id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func files(name: String, kind: PluginsCommand.New.Kind) -> [File] {
        let namespace = FactNamespace.of(plugin: name)
        switch kind {
        case .yaml:
            return [File(path: "\(name).yaml", contents: """
            # A no-code Ethos plugin. Edit the terms, patterns and evidence; 'ethos plugins check' runs the examples.
            # Reference: docs/plugins.md.
            version: 1
            id: \(name)
            plugin-version: 1.0.0
            summary: What this plugin notices, in one sentence.

            facts:
              - name: \(namespace).mentions
                type: int
                summary: How many times the text mentions the topic.
                count:
                  terms: [brown bag, lunch and learn]
                  patterns: ["(?i)\\\\bdemo day\\\\b"]
              - name: \(namespace).shared
                type: bool
                summary: Whether something was shared.
                any:
                  terms: [shared, published, wrote up]

            evidence:
              - principle: community-contribution
                when: \(namespace).mentions > 0 && \(namespace).shared
                strength: 0.5
                confidence: 0.8
                because: Sharing a session with colleagues spreads what one person knows.

            examples:
              - text: Ana ran a lunch and learn on testing and shared the slides.
                facts: {\(namespace).mentions: 1, \(namespace).shared: true}
              - text: Ana fixed the build.
                facts: {\(namespace).mentions: 0, \(namespace).shared: false}

            """)]
        case .external:
            let module = namespace
            return [
                File(path: "\(name)/plugin.yaml", contents: """
                # An external Ethos plugin: any program speaking the plugin protocol (docs/plugin-protocol.md).
                id: \(name)
                version: 1.0.0
                summary: What this plugin notices, in one sentence.
                command: [python3, \(module).py]
                timeout: 10
                required: false
                facts:
                  - name: \(namespace).mentions
                    type: int
                    summary: How many times the text mentions a keyword.
                options:
                  - name: keywords
                    type: string
                    default: "brown bag, lunch and learn"
                    summary: Comma-separated keywords to count.

                """),
                File(path: "\(name)/\(module).py", contents: """
                #!/usr/bin/env python3
                \"\"\"An Ethos external plugin (protocol version 1): counts keywords, gives evidence when any appears.\"\"\"
                import json
                import sys

                PLUGIN_ID = "\(name)"


                def answer(record, keywords, principles):
                    text = record.get("text", "").lower()
                    mentions = sum(text.count(keyword) for keyword in keywords)
                    evidence = []
                    if mentions and "community-contribution" in principles:
                        evidence.append({"principle": "community-contribution", "strength": 0.4, "confidence": 0.7,
                                         "reason": "Mentions a knowledge-sharing session."})
                    return {"ref": record["ref"], "facts": {"\(namespace).mentions": mentions}, "evidence": evidence}


                def main(stdin=sys.stdin, stdout=sys.stdout):
                    keywords, principles = [], set()
                    for line in stdin:
                        message = json.loads(line)
                        if message["type"] == "hello":
                            options = message.get("options", {})
                            keywords = [k.strip().lower() for k in options.get("keywords", "").split(",") if k.strip()]
                            principles = {p["id"] for p in message.get("principles", [])}
                            reply = {"type": "hello", "protocol": 1, "id": PLUGIN_ID, "capabilities": ["facts", "evidence"]}
                        elif message["type"] == "batch":
                            results = [answer(record, keywords, principles) for record in message["records"]]
                            reply = {"type": "results", "batch": message["batch"], "results": results}
                        else:
                            continue
                        stdout.write(json.dumps(reply) + "\\n")
                        stdout.flush()
                    return 0


                if __name__ == "__main__":
                    sys.exit(main())

                """, executable: true),
                File(path: "\(name)/test_\(module).py", contents: """
                \"\"\"Drives the plugin through the protocol, as Ethos does. Run: python3 -m unittest (in this folder).\"\"\"
                import json
                import subprocess
                import sys
                import unittest


                class ProtocolTest(unittest.TestCase):
                    def test_handshake_and_batch(self):
                        hello = {"type": "hello", "protocol": 1, "host": "ethos", "capabilities": ["facts", "evidence"],
                                 "plugin": "\(name)", "options": {"keywords": "lunch and learn"}, "facts": [],
                                 "principles": [{"id": "community-contribution", "name": "Community Contribution"}]}
                        batch = {"type": "batch", "batch": 1, "records": [
                            {"ref": "0", "kind": "feedback", "to": "lena", "text": "Ana ran a lunch and learn.", "principles": [],
                             "tags": [], "visibility": "public", "anonymous": False}]}
                        stdin = json.dumps(hello) + "\\n" + json.dumps(batch) + "\\n"
                        run = subprocess.run([sys.executable, "\(module).py"], input=stdin, capture_output=True, text=True, timeout=10)
                        self.assertEqual(run.returncode, 0, run.stderr)
                        replies = [json.loads(line) for line in run.stdout.splitlines()]
                        self.assertEqual(replies[0]["type"], "hello")
                        self.assertEqual(replies[0]["protocol"], 1)
                        self.assertEqual(replies[1]["batch"], 1)
                        result = replies[1]["results"][0]
                        self.assertEqual(result["ref"], "0")
                        self.assertEqual(result["facts"]["\(namespace).mentions"], 1)
                        self.assertEqual(result["evidence"][0]["principle"], "community-contribution")


                if __name__ == "__main__":
                    unittest.main()

                """),
            ]
        case .swift:
            let type = typeName(name)
            return [
                File(path: "\(type)/\(type)Plugin.swift", contents: """
                public import EthosPluginAPI

                // `swift build` compiles this folder into ethos and registers `\(type)Factory`: a Swift plugin
                // folder is named after its factory type, minus "Factory". See docs/plugins.md.

                /// What this plugin notices, in one sentence.
                public struct \(type)Plugin: FactProvider, EvidenceProvider {
                    public let id = "\(name)"
                    public let version = "1.0.0"
                    public let summary = "Counts mentions of a keyword and gives evidence when there is one."
                    public var facts: [FactDeclaration] {
                        [FactDeclaration("\(namespace).mentions", .int, "How many words of the text are the keyword.")]
                    }

                    /// The keyword, lowercased.
                    public let keyword: String

                    public init(keyword: String) {
                        self.keyword = keyword.lowercased()
                    }

                    func mentions(in context: RecordContext) -> Int {
                        context.text.tokens.filter { $0.word.lowercased() == keyword }.count
                    }

                    public func facts(for _: Record, context: RecordContext) -> [String: FactValue] {
                        ["\(namespace).mentions": .int(Int64(mentions(in: context)))]
                    }

                    public func evidence(for _: Record, context: RecordContext) -> [Evidence] {
                        guard mentions(in: context) > 0, context.principles[id: "community-contribution"] != nil else { return [] }
                        return [Evidence(principle: "community-contribution", strength: 0.4, confidence: 0.7,
                                         reason: "Mentions \\(keyword).")]
                    }
                }

                /// Makes the plugin from its settings (`plugins.\(name)` in ethos.yaml).
                public struct \(type)Factory: PluginFactory {
                    public let id = "\(name)"
                    public var options: [PluginOption] {
                        [PluginOption("keyword", .string, default: .string("wiki"), "The word to count.")]
                    }

                    public init() {}

                    public func make(_ settings: PluginSettings) throws(PluginSetupError) -> any Plugin {
                        guard case let .string(keyword)? = settings.options["keyword"], !keyword.isEmpty else {
                            throw PluginSetupError("Plugin '\(name)' needs a non-empty 'keyword'.")
                        }
                        return \(type)Plugin(keyword: keyword)
                    }
                }

                """),
                File(path: "\(type)/Tests/\(type)Tests.swift", contents: """
                import EthosPluginAPI
                import EthosText
                import EthosCustomPlugins
                import Testing

                @Suite struct \(type)Tests {
                    let principles = PrincipleSet([Principle(id: "community-contribution", name: "Community Contribution",
                                                             statement: "", tenets: [])])

                    func run(_ text: String) -> ([String: FactValue], [Evidence]) {
                        let plugin = \(type)Plugin(keyword: "wiki")
                        let record = Record(from: "ana", to: "lena", text: text)
                        let context = RecordContext(principles: principles, text: AnalyzedText(text), facts: FactValues())
                        return (plugin.facts(for: record, context: context), plugin.evidence(for: record, context: context))
                    }

                    @Test func countsTheKeyword() {
                        let (facts, evidence) = run("Ana updated the wiki, and the Wiki page on releases.")
                        #expect(facts["\(namespace).mentions"] == .int(2))
                        #expect(evidence.first?.principle == "community-contribution")
                    }

                    @Test func givesNothingWithoutIt() {
                        let (facts, evidence) = run("Ana fixed the build.")
                        #expect(facts["\(namespace).mentions"] == .int(0))
                        #expect(evidence.isEmpty)
                    }
                }

                """),
            ]
        }
    }

    static func nextSteps(name: String, kind: PluginsCommand.New.Kind, root: String) -> String {
        switch kind {
        case .yaml:
            return """
            Next:
              ethos plugins check                                  # runs the examples
              ethos plugins test \(name) --text "Ana ran a lunch and learn and shared the slides."
            """
        case .external:
            return """
            Next:
              (cd \((root as NSString).appendingPathComponent(name)) && python3 -m unittest)
              ethos plugins check                                  # starts it and checks the handshake
              ethos plugins test \(name) --text "Ana ran a lunch and learn."
            """
        case .swift:
            return """
            Next, in the Ethos package (its Plugins/ folder is where Swift plugins are compiled in from):
              swift build                                          # compiles \(typeName(name)) into ethos
              swift test --filter \(typeName(name))Tests
              swift run ethos plugins test \(name) --text "Ana updated the wiki."
            """
        }
    }
}
