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
