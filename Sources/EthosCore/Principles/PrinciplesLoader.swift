public import EthosPluginAPI

/// Loads principles from YAML files, reporting every problem in every file at once.
///
/// A set with any error is rejected whole: ``PrinciplesLoad/principles`` is `nil` and nothing is
/// half-loaded. Warnings do not reject a set.
///
/// ```swift
/// let load = PrinciplesLoader().load(paths: ["Principles"])
/// for diagnostic in load.diagnostics { print(diagnostic.formatted) }
/// if let principles = load.principles { print(principles.ids) }
/// ```
public struct PrinciplesLoader: Sendable {
    /// The bounds applied to every file.
    public var limits: YAMLLimits

    /// Creates a loader.
    public init(limits: YAMLLimits = .default) {
        self.limits = limits
    }

    /// Loads the principles in `paths` (files, or directories of `*.yaml` files).
    public func load(paths: [String]) -> PrinciplesLoad {
        let (files, listingDiagnostics) = SourceFiles.yamlFiles(in: paths)
        var sources: [SourceFile] = []
        var diagnostics = listingDiagnostics
        for file in files {
            switch SourceFiles.read(file, limits: limits) {
            case let .success(source): sources.append(source)
            case let .failure(diagnostic): diagnostics.append(diagnostic)
            }
        }
        var load = load(sources)
        load.diagnostics = (load.diagnostics + diagnostics).sorted()
        if load.diagnostics.containsErrors { load.principles = nil }
        return load
    }

    /// Loads the principles in already-read files, in the order given.
    public func load(_ sources: [SourceFile]) -> PrinciplesLoad {
        var diagnostics: [Diagnostic] = []
        var principles: [Principle] = []
        var firstDefinition: [String: SourceLocation] = [:]
        for source in sources {
            let document: YAMLDocument
            switch YAMLDocument.compose(source.bytes, file: source.path, limits: limits) {
            case let .success(composed): document = composed
            case let .failure(diagnostic):
                diagnostics.append(diagnostic)
                continue
            }
            var decoder = PrincipleDecoder(file: source.path, limits: limits)
            let decoded = decoder.decode(document)
            diagnostics += decoder.reader.diagnostics
            for principle in decoded {
                let location = decoder.idLocations[principle.id] ?? principle.source ?? .start(of: source.path)
                if let first = firstDefinition[principle.id] {
                    diagnostics.append(Diagnostic(.duplicatePrincipleID(principle.id, firstDefinedAt: first), at: location))
                } else {
                    firstDefinition[principle.id] = location
                    principles.append(principle)
                }
            }
        }
        let sorted = diagnostics.sorted()
        return PrinciplesLoad(principles: sorted.containsErrors ? nil : PrincipleSet(principles),
                              diagnostics: sorted, fileCount: sources.count)
    }
}

/// The outcome of loading principles: the set when valid, and every diagnostic either way.
public struct PrinciplesLoad: Sendable {
    /// The principles, or `nil` when any diagnostic is an error.
    public var principles: PrincipleSet?
    /// Every error and warning, sorted by file, line and column.
    public var diagnostics: [Diagnostic]
    /// How many files were read.
    public var fileCount: Int

    /// Creates an outcome.
    public init(principles: PrincipleSet?, diagnostics: [Diagnostic], fileCount: Int) {
        self.principles = principles
        self.diagnostics = diagnostics
        self.fileCount = fileCount
    }

    /// The principles, or a ``DiagnosticsError`` with every diagnostic.
    public func get() throws(DiagnosticsError) -> PrincipleSet {
        guard let principles else { throw DiagnosticsError(diagnostics) }
        return principles
    }
}
