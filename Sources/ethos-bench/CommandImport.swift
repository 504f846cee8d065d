internal import EthosCore
internal import Foundation
#if canImport(Glibc)
internal import Glibc
#endif

extension BenchContext {
    /// `ethos import` as a user runs it: the same records written as JSON Lines and the people
    /// as CSV into an empty directory, then `ethos people import` and `ethos import` run by the
    /// release binary there. Reports the import's records/s (wall, JSON parsing included) and
    /// that process's own peak resident memory (its `VmHWM`, sampled while it runs).
    func importCommand() throws -> [Measurement] {
        let binary = FileManager.default.currentDirectoryPath + "/.build/release/ethos"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            return [Measurement(name: "ethos import (process)", unit: "records/s", median: 0, min: 0, max: 0, runs: 0, peakMiB: nil,
                                baselineMiB: nil, note: "skipped: build the release binary first (swift build -c release)")]
        }
        let directory = scratch.appendingPathComponent("cli")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try writeInputs(to: directory)
        let principles = URL(fileURLWithPath: principlesPath, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/")).path
        var peak = 0.0
        let result = try Measure.run("ethos import (process), JSON Lines file", unit: "records/s", runs: max(1, runs / 2), warmUp: false,
                                     note: "the release binary in an empty directory: parse, validate, score, store; peak = its own VmHWM") {
            try removeDatabase(directory.appendingPathComponent("ethos.sqlite").path)
            let people = try Child.run(binary, ["people", "import", "people.csv"], in: directory.path)
            guard people.status == 0 else { throw Child.Failure("ethos people import", people.status, directory: directory.path) }
            let run = try Child.run(binary, ["import", "records.jsonl", "--quiet", "--principles", principles], in: directory.path)
            guard run.status == 0 else { throw Child.Failure("ethos import", run.status, directory: directory.path) }
            peak = max(peak, run.maxResidentMiB)
            return Double(records.count) / run.seconds
        }
        var measured = result
        measured.peakMiB = peak
        measured.baselineMiB = nil
        return [measured]
    }

    private func writeInputs(to directory: URL) throws {
        var csv = "handle,name,team,manager,role\n"
        for person in people {
            csv += [person.handle, person.name ?? "", person.team ?? "", person.manager ?? "", person.role ?? ""].joined(separator: ",") + "\n"
        }
        try csv.write(to: directory.appendingPathComponent("people.csv"), atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: directory.appendingPathComponent("records.jsonl").path, contents: nil)
        let handle = try FileHandle(forWritingTo: directory.appendingPathComponent("records.jsonl"))
        defer { try? handle.close() }
        let encoder = JSONEncoder()
        var chunk = ""
        for record in records {
            var fields = [
                "\"id\": \(try string(record.id ?? "", encoder))", "\"kind\": \"\(record.kind.rawValue)\"",
                "\"from\": \(try string(record.from, encoder))", "\"to\": \(try string(record.to, encoder))",
                "\"text\": \(try string(record.text, encoder))", "\"visibility\": \"\(record.visibility.rawValue)\"",
                "\"anonymous\": \(record.anonymous)",
            ]
            if let date = record.date { fields.append("\"date\": \"\(date.description)\"") }
            if let minutes = record.minutes { fields.append("\"minutes\": \(minutes)") }
            chunk += "{" + fields.joined(separator: ", ") + "}\n"
            if chunk.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(chunk.utf8))
                chunk = ""
            }
        }
        try handle.write(contentsOf: Data(chunk.utf8))
    }

    private func string(_ text: String, _ encoder: JSONEncoder) throws -> String {
        String(decoding: try encoder.encode(text), as: UTF8.self)
    }
}

/// A child process run to completion, with its own peak memory, which Foundation's `Process`
/// does not give.
enum Child {
    struct Outcome {
        var status: Int32
        var seconds: Double
        var maxResidentMiB: Double
    }

    /// A child that exited with an error, with the end of what it wrote to standard error.
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ what: String, _ status: Int32, directory: String) {
            let errors = (try? String(contentsOfFile: directory + "/stderr.txt", encoding: .utf8)) ?? ""
            description = "\(what) exited \(status): \(errors.suffix(600))"
        }
    }

    /// Runs `executable` with `arguments` in `directory` (through `/bin/sh -c 'cd … && exec …'`,
    /// so the process measured is the executable itself); output discarded, standard error kept
    /// in `directory/stderr.txt`.
    static func run(_ executable: String, _ arguments: [String], in directory: String) throws -> Outcome {
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let command = "cd \(quoted(directory)) && exec " + ([executable] + arguments).map(quoted).joined(separator: " ") + " >/dev/null 2>stderr.txt"
        let words: [String] = ["/bin/sh", "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) }
        argv.append(nil)
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ)
        guard spawned == 0 else { throw CocoaError(.executableLoad) }
        // The child's peak memory is its VmHWM, sampled every 20 ms until it exits: `ru_maxrss`
        // would count this (large) process's memory, which the child shares until it executes.
        var status: Int32 = 0
        var peak = 0.0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            guard reaped == 0 || errno == EINTR else { throw CocoaError(.executableLoad) }
            if let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
               let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kib = Double(line.split(separator: " ").dropFirst().first ?? "") {
                peak = max(peak, kib / 1024)
            }
            usleep(20_000)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // Exit status: the high byte of `status` when the process exited normally.
        let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1
        return Outcome(status: exit, seconds: seconds, maxResidentMiB: peak)
    }
}
