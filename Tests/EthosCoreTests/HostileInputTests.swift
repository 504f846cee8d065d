import EthosCore
import Foundation
import Testing

/// Hostile files fail with one clear diagnostic, quickly and with bounded memory.
@Suite("Hostile input")
struct HostileInputTests {
    /// Nine levels of ten aliases each: a billion values once expanded.
    static let billionLaughs: String = {
        var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...8 {
            lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test("an alias bomb in values is never expanded past the schema's depth")
    func aliasBombInValues() {
        let text = Self.billionLaughs + validPrinciple().replacingOccurrences(of: "terms: [learn]", with: "terms: *a8")
        let result = load(text)
        #expect(result.principles == nil)
        // Each of the ten aliased lists is one wrong-typed term; the nine levels below are never walked.
        #expect(result.diagnostics.filter { $0.message == "A term must be text, not a list." }.count == 10)
        #expect(result.diagnostics.count < 30)
    }

    @Test("a wide alias expansion stops at the node budget")
    func aliasExpansionBudget() {
        let terms = (0..<100).map { "t\($0)" }.joined(separator: ", ")
        let groups = Array(repeating: "*g", count: 100).joined(separator: ", ")
        let text = """
            id: growth
            name: Growth
            statement: We grow.
            tenets: [a]
            examples: {aligned: [a]}
            group: &g {terms: [\(terms)]}
            signals: [\(groups)]
            """
        let result = load(text, limits: YAMLLimits(maxNodes: 5_000, maxDiagnosticsPerFile: 10_000))
        #expect(result.principles == nil)
        let budget = result.diagnostics.filter { $0.issue == .documentTooLarge(nodeLimit: 5_000) }
        #expect(budget.map(\.message)
            == ["The document expands to more than 5000 values (are aliases nested inside each other?); write it out plainly."])
    }

    @Test("an alias bomb used as a mapping key is refused before composing")
    func aliasBombAsKey() {
        let text = Self.billionLaughs + "tenets:\n  ? *a8\n  : x\n"
        #expect(formatted(load(text)) == ["p.yaml:11:3: error: A mapping key must be plain text, not an alias or a collection."])
    }

    @Test("an alias key in a flow mapping and a flow collection as a key are refused")
    func flowKeys() {
        #expect(formatted(load("a: &a [x]\nb: {*a : 1}\n")) == ["p.yaml:2:5: error: A mapping key must be plain text, not an alias or a collection."])
        #expect(formatted(load("a: &a [x]\n[*a, 1]: 2\n")) == ["p.yaml:2:7: error: A mapping key must be plain text, not an alias or a collection."])
    }

    @Test("quotes, comments and block scalars that look like keys are left alone")
    func noFalseAlarms() throws {
        let text = """
            id: growth
            name: Growth
            statement: "*bold*: and ? marks in quotes"   # ? *a : b in a comment
            tenets: ['? *a : b']
            signals: [{terms: [learn]}]
            examples:
              aligned:
                - |
                  ? *a : b
                  [x]: y
            """
        let result = load(text)
        #expect(formatted(result) == [])
        #expect(try result.get()[id: "growth"]?.examples.aligned.first?.text == "? *a : b\n[x]: y")
    }

    @Test("nesting thousands deep is a syntax error at libyaml's limit", arguments: [
        String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000),
        (0..<1_100).map { String(repeating: " ", count: $0) + "k:\n" }.joined(),
    ])
    func deepNesting(_ text: String) {
        let result = load(text)
        #expect(result.principles == nil)
        #expect(result.diagnostics.count == 1)
        let message = result.diagnostics.first?.message ?? ""
        #expect(message.hasPrefix("YAML syntax error: Maximum nesting level reached"))
    }

    @Test("a file over the size limit is refused without being read whole")
    func hugeFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("huge.yaml").path
        let chunk = Data(("# " + String(repeating: "x", count: 1_021) + "\n").utf8)
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        for _ in 0..<(8 * 1_024) { handle.write(chunk) } // 8 MiB
        try handle.close()

        let result = PrinciplesLoader.builtins().load(paths: [path])
        #expect(result.diagnostics.map(\.formatted) == [
            "\(path):1:1: error: The file is 8388608 bytes, over the limit of 1048576 bytes for a YAML file; split it into smaller files.",
        ])
    }

    @Test("invalid UTF-8 is located at the first bad byte")
    func invalidUTF8() {
        var bytes = Array("id: growth\nname: caf".utf8)
        bytes += [0xC3, 0x28] // a lead byte followed by a non-continuation byte
        bytes += Array("\n".utf8)
        let result = PrinciplesLoader.builtins().load([SourceFile(path: "p.yaml", bytes: bytes)])
        #expect(formatted(result) == ["p.yaml:2:10: error: The file is not valid UTF-8 (byte 0xC3); save it as UTF-8."])
    }

    @Test("non-ASCII text keeps columns in characters, and a byte-order mark is ignored")
    func unicodeColumns() {
        let text = "\u{FEFF}" + validPrinciple(extra: "naïve-key: 🙂")
        #expect(formatted(load(text)) == ["p.yaml:10:1: error: Unknown key 'naïve-key' in a principle."])
        #expect(formatted(load(validPrinciple(extra: "rules: [{id: r, when: \"🙂\", score: 9, because: b}]")))
            == ["p.yaml:10:35: error: The score of rule 'r' is 9, but must be from -1 to 1."])
    }

    @Test("a control character is a located error")
    func controlCharacter() {
        let result = load("id: gro\u{0}wth\n")
        #expect(result.principles == nil)
        #expect(result.diagnostics.first?.location.line == 1)
        #expect(result.diagnostics.first?.message.hasPrefix("YAML syntax error: control characters are not allowed") == true)
    }

    @Test("a flood of problems stops at the per-file limit")
    func tooManyProblems() {
        let keys = (0..<500).map { "unknown\($0): x" }.joined(separator: "\n")
        let result = load(validPrinciple(extra: keys))
        #expect(result.diagnostics.count == YAMLLimits.default.maxDiagnosticsPerFile + 1)
        #expect(result.diagnostics.last?.message == "Too many problems (100); fix these and check again to see the rest.")
    }
}
