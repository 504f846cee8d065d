extension VADER {
    /// The analyser with VADER's own lexicons, embedded in the binary.
    public static func standard() -> VADER {
        let files = Dictionary(EmbeddedFiles.files.map { ($0.path, $0.contents) }) { first, _ in first }
        return VADER(lexicon: files["VADER/vader_lexicon.txt"] ?? "", emoji: files["VADER/emoji_utf8_lexicon.txt"] ?? "")
    }
}
