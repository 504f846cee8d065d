import Foundation
import Testing

/// Outputs that cannot be turned into weapons: what a user wrote reaches a terminal, a
/// spreadsheet or a file system only as inert text.
@Suite("Outputs under attack")
struct OutputSafetyTests {
    /// Sets the window title, rings the bell, clears the screen and writes the clipboard (OSC 52).
    static let escapes = "\u{1B}]0;pwned\u{07}\u{1B}[2J\u{1B}]52;c;ZWNobyBoaQ==\u{07}\u{9B}31m\u{202E}"

    @Test("escape sequences users wrote reach no terminal: records, explain, people and score show them as text")
    func terminalEscapes() throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write(["evil.csv": "handle,name,team\nmallory,Mal\(Self.escapes)lory,red\(Self.escapes)team\n"], in: directory)
        #expect(try ethos(["people", "import", "people.csv"], in: directory).status == 0)
        #expect(try ethos(["people", "import", "evil.csv"], in: directory).status == 0)
        let given = try ethos(["feedback", "give", "--from", "mallory", "--to", "lena", "--text", "Lena shared the runbook.\(Self.escapes)",
                               "--date", "2026-11-20", "--visibility", "public"], in: directory)
        let id = String(given.stdout.dropFirst("Recorded ".count).prefix { $0 != "." })
        let outputs = try [
            given, ethos(["records", "list"], in: directory), ethos(["records", "show", id], in: directory),
            ethos(["explain", id], in: directory), ethos(["people", "list"], in: directory), ethos(["people", "show", "mallory"], in: directory),
            ethos(["score", "--explain", "--text", "Shared it.\(Self.escapes)"], in: directory),
            ethos(["records", "show", "nope\(Self.escapes)"], in: directory),
        ]
        for output in outputs {
            for text in [output.stdout, output.stderr] {
                #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B || $0.value == 0x202E },
                        "\(text.debugDescription)")
            }
        }
        #expect(outputs[2].stdout.contains("Lena shared the runbook.\\u{1B}]0;pwned\\u{7}"))
        // Machine formats keep the text exactly (JSON escapes it its own way).
        let json = try ethos(["records", "show", id, "--format", "json"], in: directory).stdout
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?["text"] as? String == "Lena shared the runbook.\(Self.escapes)")
    }

    @Test("CSV cells a spreadsheet would run are written as text everywhere, and export imports back exactly")
    func formulaInjection() throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write(["evil.csv": "handle,name,team\nmallory,=HYPERLINK(\"http://x.test\"),@SUM(A1)\n"], in: directory)
        _ = try ethos(["people", "import", "people.csv"], in: directory)
        #expect(try ethos(["people", "import", "evil.csv"], in: directory).status == 0)
        let texts = ["=HYPERLINK(\"http://x.test\",\"Lena\")", "+1+cmd|' /C calc'!A0", "-2+3 is Lena's score", "@SUM(A1) Lena",
                     "\tLena tabbed", "'=Lena quoted already", "'plain apostrophe"]
        for (index, text) in texts.enumerated() {
            let given = try ethos(["feedback", "give", "--from", "mallory", "--to", "lena", "--text=\(text)", "--date", "2026-11-0\(index + 1)"],
                                  in: directory)
            #expect(given.status == 0, "\(given.stderr)")
        }
        for arguments in [["export", "--format", "csv"], ["records", "list", "--all", "--format", "csv"], ["people", "list", "--format", "csv"]] {
            let csv = try ethos(arguments, in: directory).stdout
            for cell in Self.cells(csv) {
                #expect(!["=", "+", "-", "@", "\t", "\r"].contains(cell.first.map(String.init) ?? ""), "\(arguments): \(cell.debugDescription)")
            }
        }
        // Round trip: export, import into an empty workspace, export again.
        let exported = try ethos(["export", "--format", "csv"], in: directory).stdout
        let other = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: other) }
        try write(["records.csv": exported], in: other)
        _ = try ethos(["people", "import", "people.csv"], in: other)
        try write(["evil.csv": try ethos(["people", "list", "--format", "csv"], in: directory).stdout], in: other)
        #expect(try ethos(["people", "import", "evil.csv"], in: other).status == 0)
        let imported = try ethos(["import", "records.csv"], in: other)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try ethos(["export"], in: other).stdout == ethos(["export"], in: directory).stdout)
        #expect(try ethos(["people", "show", "mallory", "--format", "json"], in: other).stdout.contains("=HYPERLINK"))
    }

    /// The cells of a CSV text, quotes undone (no line breaks inside cells here).
    static func cells(_ csv: String) -> [String] {
        csv.split(separator: "\n").flatMap { line -> [String] in
            var cells: [String] = [], cell = "", quoted = false
            var characters = Array(line)[...]
            while let character = characters.popFirst() {
                if quoted {
                    if character == "\"" {
                        if characters.first == "\"" { cell.append("\""); characters = characters.dropFirst() } else { quoted = false }
                    } else { cell.append(character) }
                } else if character == "\"" {
                    quoted = true
                } else if character == "," {
                    cells.append(cell)
                    cell = ""
                } else {
                    cell.append(character)
                }
            }
            return cells + [cell]
        }
    }

    @Test("--output and --rejects refuse a device, a pipe or a folder, and leave it as it was")
    func nonRegularOutput() throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try ethos(["people", "import", "people.csv"], in: directory)
        let fifo = directory.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        try write(["bad.jsonl": "{\"kind\": \"feedback\"}\n"], in: directory)
        for arguments in [["report", "--output", "pipe"], ["report", "--output", "."], ["import", "bad.jsonl", "--rejects", "pipe"]] {
            let result = try ethos(arguments, in: directory)
            #expect(result.status != 0)
            #expect(result.stderr.contains("not a regular file"), "\(result.stderr)")
        }
        let kind = try FileManager.default.attributesOfItem(atPath: fifo)[.type] as? FileAttributeType
        #expect(kind != nil && kind != .typeRegular, "the pipe is still a pipe")
        // A symbolic link to a regular file is written through, and stays a link.
        try write(["real.json": ""], in: directory)
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("link.json").path, withDestinationPath: "real.json")
        #expect(try ethos(["report", "--format", "json", "--output", "link.json"], in: directory).status == 0)
        #expect(try String(contentsOf: directory.appendingPathComponent("real.json"), encoding: .utf8).hasPrefix("{"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory.appendingPathComponent("link.json").path) == "real.json")
    }

    @Test("--create-people refuses the handles a people file refuses")
    func createPeopleHandles() throws {
        let directory = try storeWorkspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try ethos(["people", "import", "people.csv"], in: directory)
        for handle in ["../etc", "Upper Case", "\"quoted\"", "ana\u{1B}[2J"] {
            let result = try ethos(["feedback", "give", "--from", "ana", "--to", handle, "--text", "Thanks.", "--create-people"], in: directory)
            #expect(result.status != 0)
            #expect(result.stderr.contains("may only use lowercase letters"), "\(result.stderr)")
        }
        let people = try ethos(["people", "list", "--format", "json"], in: directory).stdout
        #expect(!people.contains("etc") && !people.contains("Upper") && !people.contains("quoted"))
    }
}
