import Foundation
import Testing

@Suite("ethos init")
struct InitCommandTests {
    @Test("scaffolds a workspace whose principles are the shipped ones and pass check")
    func scaffolds() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try ethos(["init", "acme"], in: directory)
        #expect(result.status == 0)
        #expect(result.stdout == """
            Created a workspace in 'acme':
              Principles/community-contribution.yaml
              Principles/journey-of-experiences.yaml
              Principles/schema.json
              Plugins/README.md
              ethos.yaml
              people.csv

            Next steps, in 'acme' (cd acme):
              1. ethos people import people.csv     # a sample directory: replace it with your people
              2. ethos feedback give --from ravi --to omar --text "Omar paired with me on the flaky test."
              3. ethos report                       # how the principles are lived this quarter
            Edit Principles/ to make the principles yours; 'ethos principles check' checks them.

            The database (ethos.sqlite) is created on first use with its anonymity key, ethos.sqlite.key, beside it. \
            Back the two up together: without the key the database will not open, and nothing can re-create it.

            """)
        for name in ["community-contribution.yaml", "journey-of-experiences.yaml", "schema.json"] {
            let shipped = try Data(contentsOf: repositoryRoot.appendingPathComponent("Principles/\(name)"))
            let written = try Data(contentsOf: directory.appendingPathComponent("acme/Principles/\(name)"))
            #expect(written == shipped, "\(name) differs from the shipped file")
        }
        let settings = try String(contentsOf: directory.appendingPathComponent("acme/ethos.yaml"), encoding: .utf8)
        #expect(settings.hasPrefix("# Ethos workspace settings."))

        let check = try ethos(["principles", "check"], in: directory.appendingPathComponent("acme"))
        #expect(check.stdout == (try shippedCheckSummary(files: 3)))
        #expect(check.status == 0)
        // The next steps work as printed.
        let acme = directory.appendingPathComponent("acme")
        #expect(try ethos(["people", "import", "people.csv"], in: acme).status == 0)
        let given = try ethos(["feedback", "give", "--from", "ravi", "--to", "omar", "--text", "Omar paired with me on the flaky test."], in: acme)
        #expect(given.status == 0, "\(given.stderr)")
        let report = try ethos(["report"], in: acme)
        #expect(report.status == 0 && report.stdout.hasPrefix("# Principle alignment"), "\(report.stderr)")
    }

    @Test("refuses to overwrite, writing nothing, unless --force")
    func refusesToOverwrite() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write(["ethos.yaml": "# mine\n"], in: directory)
        let refused = try ethos(["init"], in: directory)
        #expect(refused.status == 1)
        #expect(refused.stderr == "error: './ethos.yaml' already exists; nothing was written. Use --force to overwrite, or choose another directory.\n")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("Principles").path))
        #expect(try String(contentsOf: directory.appendingPathComponent("ethos.yaml"), encoding: .utf8) == "# mine\n")

        let forced = try ethos(["init", "--force", "--format", "json"], in: directory)
        #expect(forced.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(forced.stdout.utf8)) as? [String: Any])
        #expect((json["created"] as? [String])?.count == 6)
        #expect(try String(contentsOf: directory.appendingPathComponent("ethos.yaml"), encoding: .utf8) != "# mine\n")
    }
}
