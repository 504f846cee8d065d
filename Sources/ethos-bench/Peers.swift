internal import EthosCore
internal import EthosPlugins
internal import Foundation

/// Peer tools measured in the same run, on the same inputs, when they are installed.
extension BenchContext {
    func peers(ethos: [Measurement]) throws -> [Measurement] {
        var results: [Measurement] = []
        let texts = scratch.appendingPathComponent("texts.jsonl")
        var lines: [String] = []
        for record in records {
            let data = try JSONSerialization.data(withJSONObject: ["text": record.text])
            lines.append(String(decoding: data, as: UTF8.self))
        }
        try lines.joined(separator: "\n").write(to: texts, atomically: true, encoding: .utf8)

        // The reference VADER on the same texts.
        let vader = """
            import json, sys, time
            from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
            texts = [json.loads(line)["text"] for line in open(sys.argv[1])]
            analyzer = SentimentIntensityAnalyzer()
            start = time.perf_counter()
            for text in texts:
                analyzer.polarity_scores(text)
            print(len(texts) / (time.perf_counter() - start))
            """
        results.append(peer("peer: Python vaderSentiment", script: vader, arguments: [texts.path], unit: "records/s",
                            against: ethos.first { $0.name.hasPrefix("sentiment plugin alone") }, higherIsBetter: true))

        // Python rule-engine on expressions equivalent to the 100 rules.
        let ruleEngine = """
            import sys, time, rule_engine
            rules = []
            for i in range(100):
                k = i % 5
                if k == 0: e = 'kind == "mentoring" and minutes >= %d' % i
                elif k == 1: e = 'compound < -0.%d or anonymous' % (i % 9 + 1)
                elif k == 2: e = 'text =~~ "review%d"' % i
                elif k == 3: e = '"tag%d" in tags or team == "t%d"' % (i, i)
                else: e = 'visibility in ["public", "recipient"] and principles.length > %d' % (i % 3)
                rules.append(rule_engine.Rule(e))
            facts = {"kind": "mentoring", "minutes": 45, "compound": 0.2, "anonymous": False,
                     "text": "We went through the review comments on the parser and the design doc together, about thirty words in all.",
                     "tags": ("design-review", "swift"), "team": "platform", "visibility": "public", "principles": ("a",)}
            n = 2000
            start = time.perf_counter()
            for _ in range(n):
                for rule in rules:
                    rule.matches(facts)
            print((time.perf_counter() - start) / n * 1e6)
            """
        results.append(peer("peer: Python rule-engine, 100 rules", script: ruleEngine, arguments: [], unit: "µs",
                            against: ethos.first { $0.name.hasPrefix("rules:") }, higherIsBetter: false))

        // The sqlite3 shell importing the same rows.
        if let sqlite = which("sqlite3") {
            let csv = scratch.appendingPathComponent("rows.csv")
            var text = ""
            for record in records {
                let fields: [String] = [record.id ?? "", record.kind.rawValue, record.anonymous ? "" : record.from, record.to,
                                        String(record.date?.seconds ?? 0), record.text, record.minutes.map(String.init) ?? "",
                                        record.visibility.rawValue, record.anonymous ? "1" : "0"]
                text += fields.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\n"
            }
            try text.write(to: csv, atomically: true, encoding: .utf8)
            let measurement = try Measure.run("peer: sqlite3 shell .import", unit: "records/s", runs: runs, warmUp: false) {
                let path = scratch.appendingPathComponent("shell-\(UUID().uuidString).sqlite").path
                defer { try? FileManager.default.removeItem(atPath: path) }
                let commands = """
                    CREATE TABLE records (id TEXT PRIMARY KEY, kind TEXT NOT NULL, author TEXT, subject TEXT NOT NULL, date INTEGER NOT NULL,
                                          text TEXT NOT NULL, minutes INTEGER, visibility TEXT NOT NULL, anonymous INTEGER NOT NULL);
                    .mode csv
                    .import \(csv.path) records
                    """
                let seconds = try Measure.seconds { _ = try run(sqlite, [path], input: commands) }
                return Double(records.count) / seconds
            }
            results.append(ratio(measurement, against: ethos.first { $0.name.hasPrefix("import with scoring") }, higherIsBetter: true))
        } else {
            results.append(skipped("peer: sqlite3 shell .import", "sqlite3 is not installed (apt-get install sqlite3)"))
        }
        return results
    }

    private func peer(_ name: String, script: String, arguments: [String], unit: String, against ours: Measurement?,
                      higherIsBetter: Bool) -> Measurement {
        guard let python = which("python3") else { return skipped(name, "python3 is not installed") }
        var samples: [Double] = []
        for _ in 0..<max(3, runs / 2) {
            guard let output = try? run(python, ["-c", script] + arguments, input: nil), let value = Double(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                return skipped(name, "not installed (pip install \(name.contains("vader") ? "vaderSentiment" : "rule-engine"))")
            }
            samples.append(value)
        }
        samples.sort()
        let measurement = Measurement(name: name, unit: unit, median: Measure.median(samples), min: samples.first ?? 0, max: samples.last ?? 0,
                                      runs: samples.count, peakMiB: nil, baselineMiB: nil, note: nil)
        return ratio(measurement, against: ours, higherIsBetter: higherIsBetter)
    }

    private func ratio(_ peer: Measurement, against ours: Measurement?, higherIsBetter: Bool) -> Measurement {
        var result = peer
        if let ours, ours.median > 0, peer.median > 0 {
            let factor = higherIsBetter ? ours.median / peer.median : peer.median / ours.median
            result.note = factor >= 1
                ? String(format: "Ethos (%@) is %.1f× faster", ours.name, factor)
                : String(format: "Ethos (%@) is %.1f× slower", ours.name, 1 / factor)
        }
        return result
    }

    private func skipped(_ name: String, _ why: String) -> Measurement {
        Measurement(name: name, unit: "", median: 0, min: 0, max: 0, runs: 0, peakMiB: nil, baselineMiB: nil, note: "skipped: \(why)")
    }

    private func which(_ tool: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Runs `tool` and returns its standard output; throws when it fails.
    private func run(_ tool: String, _ arguments: [String], input: String?) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = scratch.appendingPathComponent("out-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? FileManager.default.removeItem(at: output) }
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : pipe
        try process.run()
        if let input {
            pipe.fileHandleForWriting.write(Data(input.utf8))
            try pipe.fileHandleForWriting.close()
        }
        process.waitUntilExit()
        try handle.close()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
        return try String(contentsOf: output, encoding: .utf8)
    }
}
