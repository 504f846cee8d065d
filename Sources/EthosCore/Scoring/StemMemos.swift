internal import EthosText
internal import Foundation

/// The scorer's stem memos, one for each thread scoring at a time: a text is analysed with a
/// memo taken from here and given back after, so no two threads ever share one and a thread that
/// scores many records finds most words already stemmed. The pool grows to the number of threads
/// that score at once (each memo is bounded by ``StemMemo/capacity``).
final class StemMemos: @unchecked Sendable {
    // @unchecked: `idle` is read and written only under `lock`, and a memo taken from it belongs
    // to the taking thread alone until it is given back.
    private let vocabulary: Vocabulary
    private let lock = NSLock()
    private var idle: [StemMemo] = []

    init(vocabulary: Vocabulary) {
        self.vocabulary = vocabulary
    }

    /// Runs `body` with a memo no other thread holds meanwhile.
    func with<Result>(_ body: (StemMemo) -> Result) -> Result {
        lock.lock()
        let memo = idle.popLast() ?? StemMemo(vocabulary: vocabulary)
        lock.unlock()
        defer {
            lock.lock()
            idle.append(memo)
            lock.unlock()
        }
        return body(memo)
    }
}
