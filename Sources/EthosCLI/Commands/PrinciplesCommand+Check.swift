internal import ArgumentParser
internal import EthosCore

extension PrinciplesCommand {
    /// `ethos principles check [PATH…]`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check principles files and the settings, reporting every problem with its file, line and column.",
            discussion: """
            Diagnostics go to standard error as 'path:line:column: error: message', sorted by file \
            and line. Exits 0 when everything is valid, 1 when there is any error (or any warning, \
            with --strict).

            Examples:
              ethos principles check
              ethos principles check Principles/journey-of-experiences.yaml
              ethos principles check --format json
            """
        )

        @Argument(help: "Principles files or directories to check (default: the workspace's principles directory).")
        var paths: [String] = []

        @Flag(help: "Treat warnings as errors.")
        var strict = false

        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let settings = workspace.loadConfiguration()
            let configuration = settings.configuration ?? Configuration()
            let targets = paths.isEmpty ? [workspace.principlesPath(in: configuration)] : paths
            var settingsDiagnostics = settings.diagnostics
            var schema = RecordFacts.schema
            do {
                schema = try Scorer.schema(factories: settings.factories, settings: configuration.scoring)
            } catch {
                settingsDiagnostics.append(Diagnostic(.pluginSetup(error.message), at: .whole(settings.file ?? Configuration.defaultFileName)))
            }
            let load = PrinciplesLoader(schema: schema).load(paths: targets)
            // Custom plugins' evidence must name loaded principles.
            if let principles = load.principles { settingsDiagnostics += settings.plugins.check(principles: principles) }
            let report = CheckReport(load: load, settingsDiagnostics: settingsDiagnostics,
                                     settingsFile: settings.file, strict: strict)
            switch output.format {
            case .text:
                for diagnostic in report.diagnostics { Console.err(diagnostic.formatted) }
                if report.passed {
                    Console.out(report.summary)
                } else {
                    Console.err(report.summary)
                }
            case .json:
                Console.data(try JSONOutput.encode(report.json))
            }
            if !report.passed { throw ExitCode.failure }
        }
    }
}
