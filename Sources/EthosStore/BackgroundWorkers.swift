internal import Foundation
#if canImport(Glibc)
internal import Glibc
#endif

/// Threads for an import's work that is not in order — working out records' identities, scoring
/// them — running at a lower priority than the thread that writes. The writer is the one thread
/// every record waits for; on two cores, the global queue's two threads shared them evenly with
/// it, and moving that work here made an import 7 % faster (docs/performance.md). Lower-priority
/// threads still take every cycle the writer leaves.
///
/// A class with a lock because the submitting thread and the workers share it.
final class BackgroundWorkers: @unchecked Sendable {
    // @unchecked: `jobs`, `next`, `closed` and `running` are read and written only under `condition`'s lock.
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var next = 0
    private var closed = false
    private var running: Int

    /// Starts `count` threads.
    init(count: Int = ProcessInfo.processInfo.activeProcessorCount) {
        running = max(1, count)
        for _ in 0..<running {
            let thread = Thread { [self] in
                Self.lowerPriority()
                work()
            }
            thread.qualityOfService = .utility
            thread.start()
        }
    }

    /// Runs `job` on one of the threads, after the jobs submitted before it have started.
    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until every submitted job has run; the threads then end. Called again, returns at once.
    func finish() {
        condition.lock()
        closed = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while next == jobs.count, !closed { condition.wait() }
            guard next < jobs.count else {
                running -= 1
                condition.broadcast()
                condition.unlock()
                return
            }
            let job = jobs[next]
            jobs[next] = {}  // the job's captures go when it has run, not with the batch
            next += 1
            condition.unlock()
            job()
        }
    }

    /// Lowers the calling thread's priority (Linux: nice 10, where the nice value is a thread's
    /// own and 0 names the calling thread; elsewhere the utility quality of service does it).
    private static func lowerPriority() {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #endif
    }
}
