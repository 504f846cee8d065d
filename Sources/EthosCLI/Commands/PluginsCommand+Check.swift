internal import ArgumentParser
internal import EthosCore
internal import EthosPluginHost

extension PluginsCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every plugin: manifests and YAML plugins, their examples, and each external plugin's handshake.",
            discussion: """
            Loads the workspace's custom plugins with located errors (file:line:column), compiles the YAML plugins'
            conditions, runs their examples, and starts each enabled external plugin to check that it completes the
            handshake and answers a batch correctly. Exits 1 when anything is wrong.

            Example:
              ethos plugins check
            """
        )

        @OptionGroup var workspace: WorkspaceOptions

        func run() throws {
            let loaded = try workspace.loadWorkspace()
            let scorer = try loaded.makeScorer()
            defer { scorer.finish() }
            var failed = false
            let examples = loaded.plugins.checkExamples(with: scorer)
            for problem in examples.problems { Console.err(problem.formatted) }
            failed = failed || !examples.problems.isEmpty
            var external = 0
            for case let plugin as ExternalPlugin in scorer.plugins {
                external += 1
                let probe = Record(from: "ethos-check-author", to: "ethos-check-subject", text: "Ethos is checking that this plugin answers.")
                do {
                    try plugin.prepare([probe], failOnFault: true)
                } catch {
                    Console.err("\(plugin.manifest.file): error: \(error.description)")
                    failed = true
                }
            }
            let custom = loaded.plugins.entries.count
            let summary = "\(Plural.count(scorer.plugins.count, "plugin")) enabled (\(custom) custom); "
                + "\(Plural.count(examples.checked, "YAML example")) run; \(Plural.count(external, "external plugin")) started"
            if failed {
                Console.err(summary + "; problems found.")
                throw ExitCode.failure
            }
            Console.out(summary + "; all good.")
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run one plugin on a text and print its facts and evidence.",
            discussion: """
            Example:
              ethos plugins test keywords --text "Ana shared her notes on the wiki."
            """
        )

        @Argument(help: "The plugin's id, as 'ethos plugins list' shows it.")
        var id: String

        @Option(help: "The text to run the plugin on.")
        var text: String

        @Option(help: "The author's handle.") var from = "author"
        @Option(help: "The subject's handle.") var to = "subject"
        @Option(help: "feedback or mentoring.") var kind: KindOption = .feedback

        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let loaded = try workspace.loadWorkspace()
            let scorer = try loaded.makeScorer()
            guard let plugin = scorer.plugins.first(where: { $0.id == id }) else {
                let ids = scorer.plugins.map(\.id)
                throw EthosError(Issue.unknownPlugin(id, suggestion: Suggestions.closest(to: id, in: ids), known: ids).message
                    + (loaded.configuration.scoring.disabled.contains(id) ? " It is disabled in ethos.yaml." : ""))
            }
            let record = Record(kind: kind.kind, from: from, to: to, text: text)
            let score = try loaded.run(scorer) { scorer.score(record, allFacts: true) }
            let names = Set(plugin.facts.map(\.name))
            let facts = score.facts.filter { names.contains($0.key) }.sorted { $0.key < $1.key }
            let evidence = score.principles.flatMap { $0.evidence.filter { $0.plugin == id } }
            switch output.format {
            case .text:
                var lines = ["\(plugin.id) \(plugin.version)", "", facts.isEmpty ? "Facts: none" : "Facts:"]
                lines += facts.map { "  \($0.key) = \(ValueText.literal($0.value))" }
                lines.append("")
                lines.append(evidence.isEmpty ? "Evidence: none" : "Evidence:")
                for item in evidence {
                    lines.append("  \(item.principle ?? "(tone)"): strength \(NumberText.signedFixed(item.strength)), "
                        + "confidence \(NumberText.fixed(item.confidence)) — \(item.reason)")
                    if !item.spans.isEmpty { lines.append("    on: " + item.spans.map { "“\($0.text)”" }.joined(separator: ", ")) }
                }
                Console.out(lines.joined(separator: "\n"))
            case .json:
                let factsJSON = facts.map { "\(ValueText.jsonString($0.key)): \(ScoreRenderer.plainJSON($0.value))" }.joined(separator: ", ")
                let evidenceJSON = evidence.map { item in
                    "{\"principle\": \(item.principle.map(ValueText.jsonString) ?? "null"), \"strength\": \(item.strength), "
                        + "\"confidence\": \(item.confidence), \"reason\": \(ValueText.jsonString(item.reason)), "
                        + "\"spans\": [\(item.spans.map { ValueText.jsonString($0.text) }.joined(separator: ", "))]}"
                }.joined(separator: ", ")
                Console.data("{\"plugin\": \(ValueText.jsonString(plugin.id)), \"version\": \(ValueText.jsonString(plugin.version)), "
                    + "\"facts\": {\(factsJSON)}, \"evidence\": [\(evidenceJSON)]}")
            }
        }
    }
}
