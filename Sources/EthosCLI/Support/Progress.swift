internal import Foundation

/// A progress line on standard error, redrawn in place, shown only when standard error is a
/// terminal and `--quiet` was not given.
struct Progress {
    let enabled: Bool
    private var last = Date.distantPast
    private let started = Date()

    init(quiet: Bool) {
        enabled = !quiet && Console.terminal.isInteractive
    }

    /// Redraws at most ten times a second.
    mutating func update(_ done: Int, total: Int? = nil, noun: String) {
        guard enabled, Date().timeIntervalSince(last) > 0.1 else { return }
        last = Date()
        let elapsed = max(0.001, Date().timeIntervalSince(started))
        let rate = Int(Double(done) / elapsed)
        let share = total.map { $0 > 0 ? " (\(min(100, done * 100 / $0))%)" : "" } ?? ""
        Console.terminal.err("\r\(noun): \(done)\(total.map { " of \($0)" } ?? "")\(share), \(rate)/s   ")
    }

    /// Replaces the line with `text`, at once.
    func note(_ text: String) {
        guard enabled else { return }
        Console.terminal.err("\r\u{1B}[K\(text)")
    }

    /// Clears the line.
    func finish() {
        guard enabled else { return }
        Console.terminal.err("\r\u{1B}[K")
    }
}
