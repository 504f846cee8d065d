internal import Foundation

/// One benchmark's result: the median of several runs with the spread, and the peak resident
/// memory of the process while it ran.
struct Measurement: Encodable {
    var name: String
    /// What `value` counts: `records/s`, `µs`, `ms`.
    var unit: String
    var median: Double
    var min: Double
    var max: Double
    var runs: Int
    /// Peak resident set size during the runs, in MiB (Linux `VmHWM`, reset before each benchmark).
    var peakMiB: Double?
    /// Resident set size when the benchmark started (inputs already generated), in MiB: the
    /// benchmark's own memory is `peakMiB - baselineMiB`.
    var baselineMiB: Double?
    var note: String?
}

enum Measure {
    /// Runs `body` `runs` times (after one warm-up unless `warmUp` is false) and returns the
    /// samples `body` reports (e.g. records/s of each run), with peak memory.
    static func run(_ name: String, unit: String, runs: Int, warmUp: Bool = true, note: String? = nil,
                    _ body: () throws -> Double) rethrows -> Measurement {
        if warmUp { _ = try body() }
        resetPeakMemory()
        let baseline = memoryMiB("VmRSS:")
        var samples: [Double] = []
        for _ in 0..<runs { samples.append(try body()) }
        return summary(name, unit: unit, samples: samples, note: note, peakMiB: peakMemoryMiB(), baselineMiB: baseline)
    }

    /// The median and spread of `samples` taken elsewhere (e.g. alongside another measurement's runs).
    static func summary(_ name: String, unit: String, samples: [Double], note: String?, peakMiB: Double? = nil,
                        baselineMiB: Double? = nil) -> Measurement {
        let samples = samples.sorted()
        return Measurement(name: name, unit: unit, median: median(samples), min: samples.first ?? 0, max: samples.last ?? 0,
                           runs: samples.count, peakMiB: peakMiB, baselineMiB: baselineMiB, note: note)
    }

    static func median(_ sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Seconds `body` takes.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Processor seconds this process has used, on every thread, user and system (`getrusage`).
    static func processorSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Resets the kernel's peak-RSS counter for this process (`echo 5 > /proc/self/clear_refs`).
    static func resetPeakMemory() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// Peak resident memory since the last reset, in MiB, from `/proc/self/status`.
    static func peakMemoryMiB() -> Double? {
        memoryMiB("VmHWM:")
    }

    /// A memory line of `/proc/self/status`, in MiB.
    static func memoryMiB(_ key: String) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }),
              let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kilobytes / 1024
    }

    /// The number of cores this process may use.
    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// The result of `body`, an async call, waited for on this thread: the benchmarks time
    /// synchronous closures, and the store and recorder are async.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            box.result = await Result(catching: body)
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }
}

/// A result handed from a task to the thread waiting for it; the semaphore orders the two.
private final class ResultBox<T>: @unchecked Sendable {
    // @unchecked: written once by the task before it signals, read once after the wait.
    var result: Result<T, any Error>?
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
