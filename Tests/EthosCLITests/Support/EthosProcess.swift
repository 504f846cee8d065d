import EthosCLI
import EthosCore
import EthosTestSupport
import Foundation

/// What one run of the `ethos` executable printed and returned.
struct RunResult: Sendable {
    var stdout: String
    var stderr: String
    var status: Int32
}

/// The built `ethos` executable, next to the test bundle.
let ethosExecutable: URL = {
    let candidates = [
        Bundle.main.bundleURL.appendingPathComponent("ethos"),
        Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("ethos"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
}()

/// Runs `ethos` with `arguments` in `directory`, with standard input closed.
func ethos(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], standardInput: URL? = nil) throws -> RunResult {
    let process = Process()
    process.executableURL = ethosExecutable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    // Files rather than pipes: a large output can never block the child.
    let scratch = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
    try Data().write(to: outURL)
    try Data().write(to: errURL)
    let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
    process.standardOutput = out
    process.standardError = err
    process.standardInput = try standardInput.map { try FileHandle(forReadingFrom: $0) } ?? FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    return RunResult(stdout: try String(contentsOf: outURL, encoding: .utf8), stderr: try String(contentsOf: errURL, encoding: .utf8),
                     status: process.terminationStatus)
}

/// The repository's root directory.
let repositoryRoot = TestFiles.repositoryRoot

/// A fresh temporary directory; the caller removes it.
func temporaryDirectory() throws -> URL {
    try TestFiles.temporaryDirectory()
}

/// Writes `files` (relative path → text) under `directory`.
func write(_ files: [String: String], in directory: URL) throws {
    try TestFiles.write(files, in: directory)
}

/// What `ethos principles check` says of the shipped principles, from their actual counts.
func shippedCheckSummary(files: Int) throws -> String {
    let principles = try PrinciplesLoader.builtins().load(paths: [repositoryRoot.appendingPathComponent("Principles").path]).get()
    let rules = principles.reduce(0) { $0 + $1.rules.count }
    let examples = principles.reduce(0) { $0 + $1.examples.all.count }
    return "Checked \(principles.count) principles (\(rules) rules, \(examples) examples) in \(files) files: no problems.\n"
}

/// Runs `ethos` with `arguments` in this process (`EthosMain.run(_:terminal:)`), its output
/// captured: for commands that need no working directory of their own.
func ethosInProcess(_ arguments: [String], plugins: [any PluginFactory] = []) async -> RunResult {
    let output = CapturedOutput()
    let status = await EthosMain.run(arguments, terminal: Terminal(out: { output.append($0, error: false) },
                                                                     err: { output.append($0, error: true) }), plugins: plugins)
    return RunResult(stdout: output.stdout, stderr: output.stderr, status: status)
}

/// Output written by a command run in process. A class with a lock because a command may write
/// from any thread of its task.
final class CapturedOutput: @unchecked Sendable {
    // @unchecked: both texts are read and written only under `lock`.
    private let lock = NSLock()
    private var out = "", err = ""

    func append(_ text: String, error: Bool) {
        lock.withLock { if error { err += text } else { out += text } }
    }

    var stdout: String { lock.withLock { out } }
    var stderr: String { lock.withLock { err } }
}
