import EthosPlugins
import Foundation
import Testing

/// A small workspace whose principles make score output predictable.
let scoringWorkspace: [String: String] = [
    "Principles/growth.yaml": """
        id: growth
        name: Growth
        statement: We grow.
        tenets: [Each person grows.]
        signals:
          - terms: [learn, new skill]
          - terms: [refused feedback]
            weight: -2
        rules:
          - {id: long-session, when: record.kind == 'mentoring' && record.minutes >= 30, score: 0.4, because: Time invested.}
        examples:
          aligned: [She learned Swift.]
          misaligned: [He refused feedback.]
          unrelated: [The invoices went out.]
        """,
]

@Suite("ethos score")
struct ScoreCommandTests {
    func inWorkspace(_ extra: [String: String] = [:], _ body: (URL) throws -> Void) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write(scoringWorkspace.merging(extra) { $1 }, in: directory)
        try body(directory)
    }

    @Test("a text in another language is scored with a note that Ethos does not read it, in text and JSON")
    func unsupportedLanguage() async {
        let text = "Ella mejoró las pruebas y compartió el código con el equipo de soporte."
        let plain = await ethosInProcess(["score", "--text", text, "--principles", repositoryRoot.appendingPathComponent("Principles").path])
        #expect(plain.stdout.contains("Note: language not supported: Ethos reads English"), "\(plain.stdout)\(plain.stderr)")
        let json = await ethosInProcess(["score", "--text", text, "--format", "json", "--principles", repositoryRoot.appendingPathComponent("Principles").path])
        #expect(json.stdout.contains("\"notes\": [\"language not supported"))
        let english = await ethosInProcess(["score", "--text", "Lena open-sourced our validator and thanked the reviewers.",
                                            "--principles", repositoryRoot.appendingPathComponent("Principles").path])
        #expect(!english.stdout.contains("language not supported"))
    }

    @Test("--text prints a line per principle")
    func text() throws {
        try inWorkspace { directory in
            let result = try ethos(["score", "--text", "She learned a new skill."], in: directory)
            #expect(result.stdout == """
                PRINCIPLE  VERDICT  ALIGNMENT  RELEVANCE
                growth     aligned  +0.66      0.66

                """)
            #expect(result.status == 0)
        }
    }

    @Test("--explain lists the evidence and every rule's trace")
    func explain() throws {
        try inWorkspace { directory in
            let result = try ethos(["score", "--text", "We practised, and she learned a lot.", "--kind", "mentoring", "--minutes", "45",
                                    "--explain"], in: directory)
            #expect(result.stdout.contains("""
                  [keywords] strength +0.50, confidence 0.80: Mentions “learned”, a signal for the principle.
                      in “We practised, and she learned a lot.”
                """))
            #expect(result.stdout.contains("  [rules] strength +0.40, confidence 1.00: Time invested.\n\nRules:"), "a rule's evidence has no sentence")
            #expect(result.stdout.contains("Rules:\n  growth/long-session: fired (score +0.4)\n"))
            #expect(result.stdout.contains("facts read: record.kind = \"mentoring\", record.minutes = 45"))
            #expect(result.status == 0)
        }
    }

    @Test("--format json prints the JSON line form")
    func json() throws {
        try inWorkspace { directory in
            let result = try ethos(["score", "--text", "He refused feedback again.", "--format", "json"], in: directory)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let growth = try #require((object["principles"] as? [String: Any])?["growth"] as? [String: Any])
            #expect(growth["verdict"] as? String == "misaligned")
            let evidence = try #require(growth["evidence"] as? [[String: Any]])
            #expect(evidence.first?["plugin"] as? String == "keywords")
            #expect(evidence.first?["strength"] as? Double == -1)
            #expect(Set(evidence.first?.keys.map { $0 } ?? []) == ["plugin", "strength", "confidence", "reason", "sentence"])
            #expect(evidence.first?["sentence"] as? String == "He refused feedback again.")
        }
    }

    @Test("--input scores JSON Lines in order, reporting bad lines without stopping")
    func input() throws {
        let lines = """
            {"id": "a", "kind": "feedback", "from": "ana", "to": "ravi", "text": "She learned Swift."}
            {"kind": "feedback", "from": "ana", "to": "ravi", "txt": "typo"}
            not json
            {"kind": "mentoring", "from": "lena", "to": "omar", "text": "We paired for an hour.", "minutes": 60}

            """
        try inWorkspace(["records.jsonl": lines]) { directory in
            let result = try ethos(["score", "--input", "records.jsonl", "--format", "jsonl"], in: directory)
            let output = result.stdout.split(separator: "\n").map(String.init)
            #expect(output.count == 4)
            #expect(output[0].hasPrefix(#"{"id": "a", "principles": {"growth": {"verdict": "aligned""#))
            #expect(output[1] == #"{"line": 2, "error": "Missing required key 'text' in a record."}"#)
            #expect(output[2] == #"{"line": 3, "error": "JSON syntax error: Expected a JSON value (an object, a list, text in double quotes, a number, true, false or null)."}"#)
            #expect(output[3].hasPrefix(#"{"id": "4", "principles": {"growth": {"verdict": "aligned""#), "the long-session rule fires")
            #expect(result.stderr == """
                records.jsonl:2:1: error: Missing required key 'text' in a record.
                records.jsonl:2:51: error: Unknown key 'txt' in a record; did you mean 'text'?
                records.jsonl:3:1: error: JSON syntax error: Expected a JSON value (an object, a list, text in double quotes, a number, true, false or null).

                """)
            #expect(result.status == 1)
        }
    }

    @Test("--facts adds every fact; '-' reads standard input")
    func factsFromStandardInput() throws {
        try inWorkspace(["one.jsonl": #"{"kind": "feedback", "from": "a", "to": "b", "text": "Great, she learned Swift!"}"# + "\n"]) { directory in
            let result = try ethos(["score", "--input", "-", "--facts"], in: directory, standardInput: directory.appendingPathComponent("one.jsonl"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let facts = try #require(object["facts"] as? [String: Any])
            #expect(facts["keywords.terms"] as? [String] == ["learn"])
            #expect((facts["sentiment.compound"] as? Double ?? 0) > 0.5)
            #expect(facts["record.kind"] == nil || facts["record.kind"] as? String == "feedback")
            #expect(facts["similarity"] is [String: Any])
            #expect(object["id"] as? String == "1")
            #expect(result.status == 0)
        }
    }

    @Test("without a store, history facts come from the earlier lines of the input")
    func historyFromInput() throws {
        let lines = """
            {"kind": "feedback", "from": "ana", "to": "ravi", "text": "Thanks."}
            {"kind": "feedback", "from": "ravi", "to": "ana", "text": "Thanks back."}
            {"kind": "mentoring", "from": "ana", "to": "lena", "text": "Chat.", "minutes": 30}
            {"kind": "mentoring", "from": "lena", "to": "omar", "text": "Review.", "minutes": 30}

            """
        try inWorkspace(["h.jsonl": lines]) { directory in
            let result = try ethos(["score", "--input", "h.jsonl", "--facts"], in: directory)
            let facts = try result.stdout.split(separator: "\n").map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["facts"] as? [String: Any]
            }
            #expect(facts.map { $0?["network.firstContact"] as? Bool } == [true, false, true, true])
            #expect(facts.map { $0?["network.distinctPeople30d"] as? Int } == [0, 0, 1, 0])
            #expect(facts.map { $0?["mentoring.payItForward"] as? Bool } == [false, false, false, true])
        }
    }

    @Test("invalid combinations are usage errors", arguments: [
        ["score"], ["score", "--text", "x", "--input", "y"], ["score", "--text", "x", "--minutes", "30"],
        ["score", "--input", "x", "--format", "text"],
    ])
    func usage(arguments: [String]) throws {
        try inWorkspace { directory in
            let result = try ethos(arguments, in: directory)
            #expect(result.status == 64)
        }
    }

    @Test("a record about oneself is refused")
    func selfFeedback() throws {
        try inWorkspace { directory in
            let result = try ethos(["score", "--text", "I learned a lot.", "--from", "ana", "--to", "ana"], in: directory)
            #expect(result.stderr == "error: The record is from 'ana' to 'ana'; feedback and mentoring are about someone else.\n")
            #expect(result.status == 1)
        }
    }
}

@Suite("ethos principles test")
struct PrinciplesTestCommandTests {
    @Test("passes when every example gets its verdict")
    func passes() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write(scoringWorkspace, in: directory)
        let result = try ethos(["principles", "test"], in: directory)
        #expect(result.stdout == "3 examples of 1 principle: 3 passed, 0 failed.\n")
        #expect(result.status == 0)
    }

    @Test("lists each wrong verdict at the example's line and exits 1")
    func fails() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let broken = scoringWorkspace["Principles/growth.yaml", default: ""].replacingOccurrences(
            of: "unrelated: [The invoices went out.]", with: "unrelated: [The invoices went out., She learned to file invoices.]")
        try write(["Principles/growth.yaml": broken], in: directory)
        let result = try ethos(["principles", "test"], in: directory)
        #expect(result.stderr == """
            Principles/growth.yaml:12:13: error: Expected aligned for 'growth', but the example scored not-evidenced (alignment +0.11, relevance 0.10); run 'ethos score --explain --text …' to see why.
            4 examples of 1 principle: 3 passed, 1 failed.

            """)
        #expect(result.status == 1)
    }

    @Test("the shipped principles pass their own examples")
    func shipped() throws {
        let result = try ethos(["principles", "test"], in: repositoryRoot)
        #expect(result.stdout.hasSuffix("passed, 0 failed.\n"))
        #expect(result.status == 0)
    }
}

@Suite("ethos plugins")
struct PluginsCommandTests {
    @Test("list shows every compiled-in plugin with its kind and settings")
    func list() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write(scoringWorkspace.merging(["ethos.yaml": "plugins:\n  similarity:\n    enabled: false\n  keywords:\n    weight: 2\n"]) { $1 },
                  in: directory)
        let result = try ethos(["plugins", "list"], in: directory)
        #expect(result.stdout == """
            ID          KIND      VERSION  ENABLED  WEIGHT  FACTS  SUMMARY
            tags        built-in  1.0.0    yes      1       1      Principles the author tagged explicitly or named as #hashtags.
            keywords    built-in  1.1.0    yes      2       3      Each principle's signal terms, matched on stemmed words and phrases, aware of negation.
            sentiment   built-in  1.0.0    yes      0.6     4      VADER sentiment (Hutto & Gilbert, 2014) of the text: its tone tilts the principles it evidences.
            similarity  built-in  1.1.0    no       0.5     1      BM25 relevance of the text to each principle's statement, tenets and signals.
            semantic    built-in  1.0.0    yes      0.6     0      Sentence-by-sentence similarity in meaning to each principle's tenets, examples and exemplars.
            rules       built-in  1.0.0    yes      1       0      Each principle's rules: conditions in Ethos's subset of CEL with a score and a reason.

            """)
        #expect(result.status == 0)
    }

    @Test("show describes one plugin; an unknown id suggests the closest")
    func show() throws {
        let result = try ethos(["plugins", "show", "sentiment", "--format", "json"], in: repositoryRoot)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((object["facts"] as? [[String: Any]])?.map { $0["name"] as? String } == ["sentiment.compound", "sentiment.pos", "sentiment.neg", "sentiment.neu"])
        let unknown = try ethos(["plugins", "show", "sentimnet"], in: repositoryRoot)
        #expect(unknown.stderr == "error: No plugin has the id 'sentimnet'; did you mean 'sentiment'?\n")
        #expect(unknown.status == 1)
    }

    @Test("plugin settings are validated with located errors")
    func settings() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write(scoringWorkspace.merging(["ethos.yaml": """
            scoring:
              thresholds: {relevance: 2}
            plugins:
              sentimnt: {weight: 1}
              keywords: {phrase-gap: "two", colour: red}

            """]) { $1 }, in: directory)
        let result = try ethos(["principles", "check"], in: directory)
        #expect(result.stderr == """
            ethos.yaml:2:27: error: 'scoring.thresholds.relevance' is 2, but must be from 0 to 1.
            ethos.yaml:4:3: error: No plugin has the id 'sentimnt'; did you mean 'sentiment'?
            ethos.yaml:5:26: error: 'plugins.keywords.phrase-gap' must be an integer, not text.
            ethos.yaml:5:33: error: Unknown key 'colour' in the settings of plugin 'keywords'.
            Found 4 errors, 0 warnings in 2 files.

            """)
        #expect(result.status == 1)
    }
}
