extension VADER {
    /// The analyser with VADER's own lexicons, embedded in the binary. Built once per process,
    /// on first use, and immutable after.
    public static let standard: VADER = {
        let files = Dictionary(EmbeddedFiles.files.map { ($0.path, $0.contents) }) { first, _ in first }
        return VADER(lexicon: files["VADER/vader_lexicon.txt"] ?? "", emoji: files["VADER/emoji_utf8_lexicon.txt"] ?? "")
    }()
}
