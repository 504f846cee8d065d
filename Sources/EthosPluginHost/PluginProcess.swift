internal import EthosCore
internal import Foundation
#if canImport(Glibc)
internal import Glibc
private let sendSignal = Glibc.kill
#elseif canImport(Darwin)
internal import Darwin
private let sendSignal = Darwin.kill
#endif

/// A running external plugin: its standard input, its standard output read line by line on a
/// thread of its own (so a plugin that hangs never blocks the host past a deadline), and the
/// tail of its standard error kept for error messages. Every wait on it has a deadline, and it
/// runs in a process group of its own, which is ended as a whole: a shell wrapper's child, or
/// anything the plugin started, goes with it.
final class PluginProcess: @unchecked Sendable {
    /// Why talking to the process failed.
    enum Fault: Error, Equatable {
        case exited(Int32)
        case timedOut(Double)
        case flooded(Int)
        case launch(String)
    }

    /// The longest line a plugin may write, and the most unread output it may queue.
    static let maxLineBytes = 16 << 20
    static let stderrTailBytes = 2_048

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var lines: [Data] = []
    private var partial = Data()
    private var queuedBytes = 0
    private var finished = false
    private var flooded = false
    private var errorTail = Data()
    private var errorsFinished = false
    private let writeQueue = DispatchQueue(label: "ethos.plugin.write")

    init(command: [String], directory: String) throws(Fault) {
        // A plugin that dies while we write to it must give an error, not kill the host.
        signal(SIGPIPE, SIG_IGN)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        // Wakes a wait for the plugin's exit (receive after its output ended).
        process.terminationHandler = { [condition] _ in
            condition.lock()
            condition.broadcast()
            condition.unlock()
        }
        do { try process.run() } catch { throw .launch(error.localizedDescription) }
        // Its own process group (Foundation already starts it in one on Linux; not everywhere).
        _ = setpgid(process.processIdentifier, process.processIdentifier)
        Thread.detachNewThread { [self] in readOutput() }
        Thread.detachNewThread { [self] in readErrors() }
    }

    private func readOutput() {
        let handle = output.fileHandleForReading
        while true {
            let chunk = handle.availableData
            condition.lock()
            if chunk.isEmpty || flooded {
                finished = true
                condition.broadcast()
                condition.unlock()
                return
            }
            // Only the new bytes are searched for line ends, so a long line costs linear time.
            var rest = chunk[...]
            while let newline = rest.firstIndex(of: UInt8(ascii: "\n")) {
                partial.append(contentsOf: rest[rest.startIndex..<newline])
                lines.append(partial)
                queuedBytes += partial.count
                partial = Data()
                rest = rest[rest.index(after: newline)...]
            }
            partial.append(contentsOf: rest)
            if partial.count > Self.maxLineBytes || queuedBytes > Self.maxLineBytes {
                flooded = true
            }
            condition.broadcast()
            condition.unlock()
        }
    }

    private func readErrors() {
        let handle = errors.fileHandleForReading
        while true {
            let chunk = handle.availableData
            condition.lock()
            if chunk.isEmpty {
                errorsFinished = true
                condition.broadcast()
                condition.unlock()
                return
            }
            errorTail.append(chunk)
            if errorTail.count > Self.stderrTailBytes * 2 { errorTail = Data(errorTail.suffix(Self.stderrTailBytes)) }
            condition.unlock()
        }
    }

    /// Writes `line` and a newline without blocking the caller on a plugin that does not read.
    func send(_ line: Data) {
        let bytes = line + [UInt8(ascii: "\n")]
        let handle = input.fileHandleForWriting
        writeQueue.async { try? handle.write(contentsOf: bytes) }
    }

    /// The next line, waiting at most `timeout` seconds.
    func receive(timeout: Double) throws(Fault) -> Data {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if flooded { throw .flooded(Self.maxLineBytes) }
            if !lines.isEmpty {
                let line = lines.removeFirst()
                queuedBytes -= line.count
                return line
            }
            if finished {
                // Its output ended: it has exited, or closed it and lives on, which must not
                // hold the host past the deadline either.
                while process.isRunning {
                    if !condition.wait(until: deadline) { throw .timedOut(timeout) }
                }
                throw .exited(process.terminationStatus)
            }
            if !condition.wait(until: deadline) { throw .timedOut(timeout) }
        }
    }

    /// The last lines the plugin wrote to standard error.
    var standardErrorTail: String {
        condition.lock()
        defer { condition.unlock() }
        // A plugin that has exited may still have error output in the pipe: wait for it briefly.
        let deadline = Date(timeIntervalSinceNow: 0.5)
        while !errorsFinished, !process.isRunning, condition.wait(until: deadline) {}
        let text = String(decoding: errorTail.suffix(Self.stderrTailBytes), as: UTF8.self)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Asks the plugin to stop (closing its input), then makes sure it has.
    func stop(grace: Double = 2) {
        let handle = input.fileHandleForWriting
        writeQueue.async { try? handle.close() }
        let deadline = Date(timeIntervalSinceNow: grace)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        kill()
    }

    /// Stops the plugin and everything in its process group at once: SIGTERM, up to a second
    /// for the plugin to exit, then SIGKILL for whatever is left in the group (a child that
    /// ignores SIGTERM included).
    func kill() {
        let group = -process.processIdentifier
        guard process.processIdentifier > 0, sendSignal(group, 0) == 0 else { return }
        _ = sendSignal(group, SIGTERM)
        let deadline = Date(timeIntervalSinceNow: 1)
        while process.isRunning, Date() < deadline { usleep(5_000) }
        _ = sendSignal(group, SIGKILL)
    }

    deinit { kill() }
}
