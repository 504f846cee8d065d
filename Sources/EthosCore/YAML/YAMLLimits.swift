/// The bounds the YAML loader enforces so hostile files fail fast with bounded memory.
///
/// The defaults are far above any real principles or settings file: the two shipped principles
/// are about 5 KB and 250 values each.
public struct YAMLLimits: Hashable, Sendable {
    /// The largest file read, in bytes (default 1 MiB). Larger files are rejected before reading.
    public var maxFileBytes: Int
    /// The most values the loader walks in one document, counting every expansion of an alias
    /// (default 100,000). Stops "billion laughs" alias bombs.
    public var maxNodes: Int
    /// The most diagnostics reported for one file before the loader stops reading it (default 100).
    public var maxDiagnosticsPerFile: Int

    /// Creates limits.
    public init(maxFileBytes: Int = 1 << 20, maxNodes: Int = 100_000, maxDiagnosticsPerFile: Int = 100) {
        self.maxFileBytes = maxFileBytes
        self.maxNodes = maxNodes
        self.maxDiagnosticsPerFile = maxDiagnosticsPerFile
    }

    /// The default limits.
    public static let `default` = YAMLLimits()

    /// libyaml's own bound on nesting: deeper documents are a syntax error at the level that
    /// crosses it.
    public static let maxNesting = 1_000
}
