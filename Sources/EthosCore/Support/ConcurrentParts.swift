internal import Foundation

/// `body(part)` for every part in `0..<count`, run at once on every core
/// (`DispatchQueue.concurrentPerform`), the results in the parts' order: for work split into
/// consecutive parts whose results are joined after (a report's date ranges, an import's lines).
package func concurrentParts<T>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    let results = PartResults<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { part in results.set(part, body(part)) }
    return results.all
}

/// One result per part, written by the part's thread and read after all have finished. A class
/// with a lock because the parts' threads share it.
private final class PartResults<T>: @unchecked Sendable {
    // @unchecked: `results` is read and written only under `lock`.
    private var results: [T?]
    private let lock = NSLock()

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ part: Int, _ result: T) { lock.withLock { results[part] = result } }

    /// Every part's result; called once all have been set.
    var all: [T] { lock.withLock { results.map { $0! } } }
}
