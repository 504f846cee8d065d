import ExampleOpenSourceLinks
import Foundation
import Testing

/// A workspace with the shipped principles and the given plugin files.
private func pluginWorkspace(_ files: [String: String] = [:], copy: [String] = [], _ body: (URL) throws -> Void) throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    for name in ["community-contribution.yaml", "journey-of-experiences.yaml"] {
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Principles/\(name)"),
                                         to: directory.appendingPathComponent("Principles/\(name)", isDirectory: false)
                                             .deletingLastPathComponent().creatingDirectory().appendingPathComponent(name))
    }
    // The repository's examples (Examples/Plugins/…) go where a company's own plugins live: Plugins/….
    for path in copy {
        let destination = path.hasPrefix("Examples/") ? String(path.dropFirst("Examples/".count)) : path
        _ = try directory.appendingPathComponent(destination).deletingLastPathComponent().creatingDirectory()
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent(path), to: directory.appendingPathComponent(destination))
    }
    try write(files, in: directory)
    try body(directory)
}

private extension URL {
    func creatingDirectory() throws -> URL {
        try FileManager.default.createDirectory(at: self, withIntermediateDirectories: true)
        return self
    }
}

/// The fault-injection plugin, in `Plugins/faulty/`, with `mode` and settings.
private func faultyPlugin(mode: String, required: Bool = false, timeout: Double = 10, batchSize: Int = 500,
                          command: String = "[python3, faulty_plugin.py]") throws -> [String: String] {
    let script = try String(contentsOf: repositoryRoot.appendingPathComponent("Tests/EthosCLITests/Fixtures/faulty_plugin.py"), encoding: .utf8)
    return [
        "Plugins/faulty/faulty_plugin.py": script,
        "Plugins/faulty/plugin.yaml": """
            id: faulty
            command: \(command)
            timeout: \(timeout)
            batch-size: \(batchSize)
            facts:
              - {name: faulty.seen, type: int}
            options:
              - {name: mode, type: string, default: good}
            """,
        "ethos.yaml": "plugins:\n  faulty:\n    mode: \(mode)\n    required: \(required)\n",
    ]
}

private let growthText = "Lena gave a talk at SwiftConf 2026 and finished a 12 hours Kubernetes course; she shared the slides."

@Suite("ethos plugins: custom plugins of every kind")
struct CustomPluginsCommandTests {
    @Test("a YAML plugin: listed, checked with its examples, its facts typed for rules, its evidence in score --explain")
    func yamlPlugin() throws {
        try pluginWorkspace(copy: ["Examples/Plugins/conference-talks.yaml"]) { directory in
            let list = try ethos(["plugins", "list"], in: directory)
            #expect(list.stdout.contains("conference-talks  yaml"))
            let check = try ethos(["plugins", "check"], in: directory)
            #expect(check.stdout == "7 plugins enabled (1 custom); 2 YAML examples run; 0 external plugins started; all good.\n")
            #expect(check.status == 0)
            let score = try ethos(["score", "--explain", "--text", growthText], in: directory)
            #expect(score.stdout.contains("[conference-talks] strength +0.60, confidence 0.85: Speaking at a conference"))
            #expect(score.status == 0)
            let typed = try ethos(["rules", "eval", "conference_talks.talks + 1"], in: directory)
            #expect(typed.status != 2, "the fact is in the schema: \(typed.stderr)")
            let mistyped = try ethos(["rules", "eval", "conference_talks.talks + 'a'"], in: directory)
            #expect(mistyped.status == 2)
            #expect(mistyped.stderr.contains("int"))
            let test = try ethos(["plugins", "test", "conference-talks", "--text", growthText], in: directory)
            #expect(test.stdout.contains("conference_talks.event = \"SwiftConf 2026\""))
            #expect(test.stdout.contains("conference_talks.talks = 2"))
        }
    }

    @Test("a YAML plugin pattern that backtracks catastrophically is stopped on each text, and scoring goes on")
    func yamlCatastrophicPattern() throws {
        try pluginWorkspace(["Plugins/slow.yaml": """
            id: slow
            summary: A pattern that backtracks.
            facts:
              - name: slow.runs
                type: int
                count:
                  patterns: ['(a+)+$']
            """]) { directory in
            let text = String(repeating: "a", count: 1_000) + "b"
            let result = try ethos(["score", "--format", "json", "--text", text], in: directory)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("\"principles\""))
            let quick = try ethos(["plugins", "test", "slow", "--text", "aaa"], in: directory)
            #expect(quick.stdout.contains("slow.runs = 1"), "\(quick.stdout)")
        }
    }

    @Test("a YAML plugin's mistakes are located errors, and a failing example fails check")
    func yamlErrors() throws {
        try pluginWorkspace(["Plugins/bad.yaml": """
            id: bad
            facts:
              - name: other.count
                type: int
                count: {terms: [x]}
              - name: bad.pattern
                type: int
                count: {patterns: ["(unclosed"]}
              - name: bad.flag
                type: bool
                any: {terms: [demo]}
            evidence:
              - {principle: comunity-contribution, when: bad.flag, strength: 0.5, because: Demo.}
            """]) { directory in
            let result = try ethos(["plugins", "check"], in: directory)
            #expect(result.status == 1)
            #expect(result.stderr.contains("Plugins/bad.yaml:3:11: error: The fact 'other.count' is not named after its plugin"))
            #expect(result.stderr.contains("Plugins/bad.yaml:8:24: error: The pattern \"(unclosed\" is not a valid regular expression"))
        }
        try pluginWorkspace(["Plugins/typo.yaml": """
            id: typo
            facts:
              - {name: typo.flag, type: bool, any: {terms: [demo]}}
            evidence:
              - {principle: comunity-contribution, when: typo.flag, strength: 0.5, because: Demo.}
              - {principle: community-contribution, when: typo.flag + 1, strength: 0.5, because: Demo.}
            """]) { directory in
            let result = try ethos(["plugins", "check"], in: directory)
            #expect(result.status == 1)
            #expect(result.stderr.contains("Plugins/typo.yaml:5:17: error: No principle has the id 'comunity-contribution'"))
        }
        try pluginWorkspace(["Plugins/ex.yaml": """
            id: ex
            facts:
              - {name: ex.demos, type: int, count: {terms: [demo]}}
            examples:
              - {text: Two demos and a demo., facts: {ex.demos: 3}}
            """]) { directory in
            let result = try ethos(["plugins", "check"], in: directory)
            #expect(result.status == 1)
            #expect(result.stderr.contains("Plugins/ex.yaml:5:53: error: The example expects ex.demos = 3, but the plugin gave 2."))
        }
    }

    @Test("a plugin whose id clashes with another's is rejected with a located error")
    func clashingIDs() throws {
        try pluginWorkspace([
            "Plugins/a.yaml": "id: sentiment\nfacts:\n  - {name: sentiment.x, type: bool, any: {terms: [x]}}\n",
            "Plugins/b.yaml": "id: talks\nfacts:\n  - {name: talks.x, type: bool, any: {terms: [x]}}\n",
            "Plugins/c/plugin.yaml": "id: talks\ncommand: [python3, c.py]\n",
        ]) { directory in
            let result = try ethos(["plugins", "check"], in: directory)
            #expect(result.status == 1)
            #expect(result.stderr.contains("Plugins/a.yaml:1:5: error: A plugin with the id 'sentiment' is already defined by compiled into ethos"))
            #expect(result.stderr.contains("Plugins/c/plugin.yaml:1:5: error: A plugin with the id 'talks' is already defined by Plugins/b.yaml"))
        }
    }

    @Test("an external plugin: started once, answers in batches, facts and evidence in scores")
    func externalPlugin() throws {
        try pluginWorkspace(copy: ["Examples/Plugins/learning-hours"]) { directory in
            let check = try ethos(["plugins", "check"], in: directory)
            #expect(check.stdout.contains("1 external plugin started; all good."))
            let score = try ethos(["score", "--explain", "--text", growthText], in: directory)
            #expect(score.stdout.contains("[learning-hours] strength +0.60, confidence 0.80: Mentions a course"))
            #expect(score.stderr.isEmpty)
            let lines = (1...1_200).map { #"{"kind": "feedback", "from": "ana", "to": "lena", "text": "Course \#($0): 2 hours of Swift training."}"# }
            try write(["records.jsonl": lines.joined(separator: "\n") + "\n"], in: directory)
            let batch = try ethos(["score", "--input", "records.jsonl", "--facts"], in: directory)
            #expect(batch.status == 0)
            let outputs = batch.stdout.split(separator: "\n")
            #expect(outputs.count == 1_200)
            #expect(outputs.allSatisfy { $0.contains(#""learning_hours.hours": 2"#) })
            let test = try ethos(["plugins", "test", "learning-hours", "--text", "She got certified after a 3h workshop."], in: directory)
            #expect(test.stdout.contains("learning_hours.certified = true"))
            #expect(test.stdout.contains("learning_hours.hours = 3.0") || test.stdout.contains("learning_hours.hours = 3"))
        }
    }

    @Test("an optional external plugin's fault stops it, names it, shows its standard error, and leaves the rest alone",
          arguments: [
              ("crash", "exited (status 3) before answering", "RuntimeError: faulty plugin crashed on purpose"),
              ("hang", "did not answer within its timeout of 1 s", "starting in mode hang"),
              ("malformed", "wrote a line that is not a JSON object: this is not json", ""),
              ("wrong-refs", "answered for a record it was not sent (ref x0)", ""),
              ("missing-refs", "did not answer for 1 of the 1 records sent", ""),
              ("flood", "wrote more than 16 MiB without a complete answer", ""),
              ("wrong-version", "speaks protocol version 2; this Ethos speaks version 1", ""),
              ("bad-type", "returned text for 'faulty.seen', which is declared as int", ""),
              ("undeclared-fact", "returned the fact 'faulty.secret', which its manifest does not declare", ""),
              ("error", "reported an error: the model is not loaded", ""),
          ])
    func optionalFault(mode: String, problem: String, tail: String) throws {
        // Only the hang is meant to meet the timeout; the other faults show at once, and a flood of
        // 16 MiB can take longer than a second to write on a loaded machine.
        try pluginWorkspace(try faultyPlugin(mode: mode, timeout: mode == "hang" ? 1 : 30)) { directory in
            let faulty = try ethos(["score", "--format", "json", "--text", growthText], in: directory)
            #expect(faulty.status == 0)
            #expect(faulty.stderr.contains("warning: plugin 'faulty' was stopped: it \(problem)"), "\(faulty.stderr)")
            #expect(faulty.stderr.contains("Scoring went on without it."))
            if !tail.isEmpty { #expect(faulty.stderr.contains(tail)) }
            // Every other plugin's results are exactly what they are without the faulty plugin.
            try write(["ethos.yaml": "plugins:\n  faulty:\n    enabled: false\n"], in: directory)
            let without = try ethos(["score", "--format", "json", "--text", growthText], in: directory)
            #expect(faulty.stdout == without.stdout)
        }
    }

    @Test("a plugin that closes its output after the handshake and stays alive is stopped at its timeout")
    func closedOutput() throws {
        try pluginWorkspace(try faultyPlugin(mode: "close-stdout", timeout: 1)) { directory in
            let start = Date()
            let result = try ethos(["score", "--format", "json", "--text", growthText], in: directory)
            #expect(result.status == 0)
            #expect(result.stderr.contains("warning: plugin 'faulty' was stopped: it did not answer within its timeout of 1 s"), "\(result.stderr)")
            #expect(Date().timeIntervalSince(start) < 20, "the host waited past the plugin's deadline")
        }
    }

    @Test("a plugin started through a shell, and what it started, are ended with it")
    func processGroup() throws {
        try pluginWorkspace(try faultyPlugin(mode: "fork-and-hang", timeout: 1, command: "[sh, -c, 'python3 faulty_plugin.py; exit 0']")) { directory in
            let result = try ethos(["score", "--format", "json", "--text", growthText], in: directory)
            #expect(result.stderr.contains("was stopped: it did not answer within its timeout of 1 s"), "\(result.stderr)")
            let text = try String(contentsOf: directory.appendingPathComponent("Plugins/faulty/pids.txt"), encoding: .utf8)
            let pids = text.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
            #expect(pids.count == 2)
            // Orphans are reaped by init shortly after they die.
            let deadline = Date(timeIntervalSinceNow: 5)
            while pids.contains(where: { kill($0, 0) == 0 }), Date() < deadline { usleep(50_000) }
            for pid in pids { #expect(kill(pid, 0) != 0, "process \(pid) outlived the host") }
        }
    }

    @Test("a required external plugin's fault fails the command and stores nothing half-scored")
    func requiredFault() throws {
        try pluginWorkspace(try faultyPlugin(mode: "crash-on-second-batch", required: true, batchSize: 2)) { directory in
            let lines = (1...5).map { #"{"kind": "feedback", "from": "ana", "to": "lena", "text": "Feedback number \#($0) on the release."}"# }
            try write(["records.jsonl": lines.joined(separator: "\n") + "\n"], in: directory)
            let result = try ethos(["import", "records.jsonl", "--create-people", "--db", "e.db", "--quiet"], in: directory)
            #expect(result.status == 1)
            #expect(result.stderr.contains("error: plugin 'faulty' was stopped: it exited (status 3) before answering."))
            #expect(result.stderr.contains("nothing half-scored was stored"))
            let list = try ethos(["records", "list", "--db", "e.db", "--format", "json"], in: directory)
            #expect(!list.stdout.contains("Feedback number"))
            let score = try ethos(["score", "--text", growthText], in: directory)
            #expect(score.status == 0, "one record is one batch: the second batch never comes")
            try write(["ethos.yaml": "plugins:\n  faulty:\n    mode: crash\n    required: true\n"], in: directory)
            let failed = try ethos(["score", "--text", growthText], in: directory)
            #expect(failed.status == 1)
            #expect(failed.stderr.contains("error: plugin 'faulty' was stopped"))
        }
    }

    @Test("a compiled-in Swift plugin (the example): its facts in principle rules, type-checked; its evidence in score --explain")
    func swiftPlugin() async throws {
        let rule = """
              - id: links-a-pull-request
                when: opensource.contributions > 0
                score: 0.3
                because: A pull request to a public project.

            """
        // In process, with the example compiled in as a company's Plugins/OpenSourceLinks would be.
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let principles = directory.appendingPathComponent("Principles")
        try FileManager.default.createDirectory(at: principles, withIntermediateDirectories: true)
        for name in ["community-contribution.yaml", "journey-of-experiences.yaml"] {
            try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Principles/\(name)"), to: principles.appendingPathComponent(name))
        }
        let file = principles.appendingPathComponent("community-contribution.yaml")
        let original = try String(contentsOf: file, encoding: .utf8)
        try original.replacingOccurrences(of: "rules:\n", with: "rules:\n" + rule).write(to: file, atomically: true, encoding: .utf8)
        func run(_ arguments: [String]) async -> RunResult {
            await ethosInProcess(arguments + ["--principles", principles.path], plugins: [OpenSourceLinksFactory()])
        }
        #expect(await run(["principles", "check"]).status == 0)
        let score = await run(["score", "--explain", "--text", "Ana sent https://github.com/apple/swift-nio/pull/42 upstream."])
        #expect(score.stdout.contains("[opensource] strength +0.70, confidence 0.90: Links a pull request to a public project."))
        #expect(score.stdout.contains("community-contribution/links-a-pull-request: fired (score +0.3)"))
        let test = await run(["plugins", "test", "opensource", "--text", "See https://codeberg.org/forgejo/forgejo/issues/1."])
        #expect(test.stdout.contains(#"opensource.repositories = ["codeberg.org/forgejo/forgejo"]"#))
        // Its options come from ethos.yaml, checked against what it declares.
        let config = directory.appendingPathComponent("ethos.yaml")
        try "plugins:\n  opensource:\n    hosts: [codeberg.org]\n".write(to: config, atomically: true, encoding: .utf8)
        let hosts = await run(["plugins", "test", "opensource", "--text", "https://github.com/a/b/pull/1", "--config", config.path])
        #expect(hosts.stdout.contains("opensource.links = 0"))
        try original.replacingOccurrences(of: "rules:\n", with: "rules:\n" + rule.replacingOccurrences(of: "> 0", with: "> 'none'"))
            .write(to: file, atomically: true, encoding: .utf8)
        let mistyped = await run(["principles", "check"])
        #expect(mistyped.status == 1)
        #expect(mistyped.stderr.contains("community-contribution.yaml:"))
        #expect(mistyped.stderr.contains("error: No operator '>' for int and string"))
        // Without it compiled in, the rule names a fact no plugin provides.
        #expect(await ethosInProcess(["principles", "check", "--principles", principles.path]).status == 1)
    }

    @Test("ethos.yaml configures custom plugins, validated against what each declares")
    func configuration() throws {
        try pluginWorkspace(["ethos.yaml": """
            plugins:
              learning-hours:
                required: sometimes
              conference-talks:
                weight: 2
                colour: blue
            """], copy: ["Examples/Plugins/learning-hours", "Examples/Plugins/conference-talks.yaml"]) { directory in
            let result = try ethos(["plugins", "list"], in: directory)
            #expect(result.status == 1)
            #expect(result.stderr.contains("ethos.yaml:3:15: error:"))
            #expect(result.stderr.contains("ethos.yaml:6:5: error: Unknown key 'colour'"))
            try write(["ethos.yaml": "plugins:\n  conference-talks:\n    enabled: false\n"], in: directory)
            let list = try ethos(["plugins", "list"], in: directory)
            #expect(list.stdout.contains("conference-talks  yaml      1.0.0    no"))
        }
    }

    @Test("plugins new scaffolds working YAML and external plugins that pass check")
    func scaffolds() throws {
        try pluginWorkspace { directory in
            #expect(try ethos(["plugins", "new", "team-radio", "--kind", "yaml"], in: directory).status == 0)
            #expect(try ethos(["plugins", "new", "reading-list", "--kind", "external"], in: directory).status == 0)
            let again = try ethos(["plugins", "new", "team-radio", "--kind", "yaml"], in: directory)
            #expect(again.status == 1)
            #expect(again.stderr.contains("already exists"))
            let check = try ethos(["plugins", "check"], in: directory)
            #expect(check.stdout == "8 plugins enabled (2 custom); 2 YAML examples run; 1 external plugin started; all good.\n")
            let unit = Process()
            unit.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            unit.arguments = ["python3", "-m", "unittest", "-q"]
            unit.currentDirectoryURL = directory.appendingPathComponent("Plugins/reading-list")
            unit.standardError = FileHandle.nullDevice
            try unit.run()
            unit.waitUntilExit()
            #expect(unit.terminationStatus == 0)
            let test = try ethos(["plugins", "test", "team-radio", "--text", "Ana ran a lunch and learn and shared the slides."], in: directory)
            #expect(test.stdout.contains("team_radio.mentions = 1"))
            #expect(test.stdout.contains("community-contribution: strength +0.50"))
        }
    }
}
