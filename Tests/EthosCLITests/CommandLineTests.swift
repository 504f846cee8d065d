import Foundation
import Testing

/// The command line as a whole: version, help screens and exit codes.
@Suite("ethos command line")
struct CommandLineTests {
    @Test("--version prints the version")
    func version() async throws {
        let result = await ethosInProcess(["--version"])
        #expect(result.stdout == "0.1.0\n")
        #expect(result.status == 0)
    }

    @Test("a malformed command line exits 64 with usage on stderr", arguments: [
        ["bogus"], ["principles", "show"], ["principles", "check", "--format", "yaml"], ["principles", "list", "--nope"],
    ])
    func usageErrors(arguments: [String]) throws {
        let result = try ethos(arguments)
        #expect(result.status == 64)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("Usage: ethos"))
    }

    @Test("a mistyped command or option is met with the one meant, in Ethos's error form", arguments: [
        (["feedbak", "give"], "error: Unknown command 'ethos feedbak'; did you mean 'feedback'?\nUsage: ethos <subcommand>\n"),
        (["feedback", "giv"], "error: Unknown command 'ethos feedback giv'; did you mean 'give'?\n"),
        (["feedback", "give", "--form", "ana", "--to", "ravi", "--text", "Thanks."],
         "error: Unknown option '--form' for 'ethos feedback give'; did you mean '--from'?\n"),
        (["report", "--periodd", "2026"], "error: Unknown option '--periodd' for 'ethos report'; did you mean '--period'?\n"),
        (["principles", "show"], "error: Missing expected argument '<id>'\n"),
        (["mentoring", "log", "--mentor", "ana", "--mentee", "ravi", "--minutes", "-5", "--notes", "x"],
         "error: --minutes must be positive and at most 1440 (a day), not -5.\n"),
    ])
    func mistypedNames(arguments: [String], start: String) throws {
        let result = try ethos(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix(start), "\(result.stderr)")
    }

    @Test("an option's value is never taken for an option, however it looks")
    func valuesLookingLikeOptions() async {
        let result = await ethosInProcess(["score", "--text", "--from is how the flag is spelled", "--format", "json"])
        #expect(!result.stderr.contains("Unknown option"), "\(result.stderr)")
    }

    @Test("help examples fit a terminal's width, so they can be copied and pasted whole")
    func examplesFit() throws {
        let commands: [[String]] = [[], ["score"], ["feedback", "give"], ["mentoring", "log"], ["records", "list"], ["records", "show"],
                                    ["explain"], ["people", "import"], ["import"], ["export"], ["rescore"], ["report"], ["demo"], ["init"],
                                    ["principles", "check"], ["principles", "evaluate"], ["plugins", "new"], ["plugins", "test"], ["rules", "eval"]]
        for command in commands {
            let help = try ethos(command + ["--help"]).stdout
            let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
            for (index, line) in lines.enumerated() where line.hasPrefix("  ethos ") && index + 1 < lines.count {
                let next = lines[index + 1]
                #expect(next.isEmpty || next.hasPrefix("  ethos ") || !next.hasPrefix(" ") && !next.hasPrefix("\t") && next.first?.isUppercase == true,
                        "\(command): '\(line)' continues on '\(next)'")
            }
        }
    }

    @Test("help for principles check is exactly this screen")
    func checkHelp() async throws {
        let result = await ethosInProcess(["principles", "check", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout == """
            OVERVIEW: Check principles files and the settings, reporting every problem with
            its file, line and column.

            Diagnostics go to standard error as 'path:line:column: error: message', sorted
            by file and line. Exits 0 when everything is valid, 1 when there is any error
            (or any warning, with --strict).

            Examples:
              ethos principles check
              ethos principles check Principles/journey-of-experiences.yaml
              ethos principles check --format json

            USAGE: ethos principles check [<paths> ...] [--strict] [--principles <dir>] [--config <file>] [--format <format>]

            ARGUMENTS:
              <paths>                 Principles files or directories to check (default:
                                      the workspace's principles directory).

            OPTIONS:
              --strict                Treat warnings as errors.
              --principles <dir>      The principles directory (default: 'paths.principles'
                                      from the settings, else ./Principles).
              --config <file>         The settings file (default: ./ethos.yaml when
                                      present).
              --format <format>       The output format. (values: text, json; default: text)
              --version               Show the version.
              -h, --help              Show help information.

            """)
    }

    @Test("every command has help with an example", arguments: [
        ["principles", "list"], ["principles", "show"], ["principles", "check"], ["principles", "test"], ["principles"], ["rules"],
        ["rules", "eval"], ["score"], ["plugins"], ["plugins", "list"], ["plugins", "show"], ["feedback"], ["feedback", "give"],
        ["mentoring"], ["mentoring", "log"], ["records"], ["records", "list"], ["records", "show"], ["explain"], ["people"],
        ["people", "import"], ["people", "list"], ["people", "show"], ["import"], ["export"], ["rescore"], ["init"], [],
    ])
    func helpHasExample(command: [String]) throws {
        let result = try ethos(command + ["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Example"))
    }
}
