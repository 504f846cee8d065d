internal import EthosCore

/// The end of an "unknown name" message: "; did you mean 'ravi'?" when a candidate is close, else ".".
enum DidYouMean {
    static func phrase<S: Sequence<String>>(_ word: String, among candidates: S) -> String {
        Suggestions.closest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? "."
    }
}
