public import EthosPluginAPI
public import EthosRules

/// Loads principles from YAML files, reporting every problem in every file at once.
///
/// A set with any error is rejected whole: ``PrinciplesLoad/principles`` is `nil` and nothing is
/// half-loaded. Warnings do not reject a set.
///
/// ```swift
/// let schema = try Scorer.schema(factories: BuiltinPlugins.factories)
/// let load = PrinciplesLoader(schema: schema).load(paths: ["Principles"])
/// for diagnostic in load.diagnostics { print(diagnostic.formatted) }
/// if let principles = load.principles { print(principles.ids) }
/// ```
public struct PrinciplesLoader: Sendable {
    /// The bounds applied to every file.
    public var limits: YAMLLimits
    /// The facts rules may read; every rule is type-checked against it.
    public var schema: FactSchema

    /// Creates a loader whose rules may read `schema`: the record facts and the facts of the
    /// run's plugins (``Scorer/schema(factories:settings:)``).
    public init(schema: FactSchema, limits: YAMLLimits = .default) {
        self.schema = schema
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
        if load.diagnostics.containsErrors {
            load.principles = nil
            load.rules = nil
        }
        return load
    }

    /// Loads the principles in already-read files, in the order given.
    public func load(_ sources: [SourceFile]) -> PrinciplesLoad {
        var diagnostics: [Diagnostic] = []
        var principles: [Principle] = []
        var rules: [PrincipleDecoder.DecodedRule] = []
        var firstDefinition: [String: SourceLocation] = [:]
        for source in sources {
            let document: YAMLDocument
            switch YAMLDocument.compose(source.bytes, file: source.path, limits: limits) {
            case let .success(composed): document = composed
            case let .failure(diagnostic):
                diagnostics.append(diagnostic)
                continue
            }
            var decoder = PrincipleDecoder(document: document, limits: limits)
            let decoded = decoder.decode(document)
            diagnostics += decoder.reader.diagnostics
            rules += decoder.rules
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
        // Type-check every rule that decoded, in every file, against the fact schema.
        let definitions = rules.map {
            RuleDefinition(principle: $0.principle, id: $0.rule.id, when: $0.rule.when, score: $0.rule.score, because: $0.rule.because)
        }
        let (ruleSet, failures) = RuleSet.compile(definitions, schema: schema)
        for failure in failures {
            guard let decoded = rules.first(where: { $0.principle == failure.rule.principle && $0.rule.id == failure.rule.id }) else { continue }
            diagnostics.append(Diagnostic(.invalidExpression(failure.error.message), at: decoded.origin.location(at: failure.error.range.lowerBound)))
        }
        let sorted = diagnostics.sorted()
        let valid = !sorted.containsErrors
        return PrinciplesLoad(principles: valid ? PrincipleSet(principles) : nil, rules: valid ? ruleSet : nil,
                              diagnostics: sorted, fileCount: sources.count)
    }
}

/// The outcome of loading principles: the set when valid, and every diagnostic either way.
public struct PrinciplesLoad: Sendable {
    /// The principles, or `nil` when any diagnostic is an error.
    public var principles: PrincipleSet?
    /// Every principle's rules, compiled once against the fact schema; `nil` with the principles.
    public var rules: RuleSet?
    /// Every error and warning, sorted by file, line and column.
    public var diagnostics: [Diagnostic]
    /// How many files were read.
    public var fileCount: Int

    /// Creates an outcome.
    public init(principles: PrincipleSet?, rules: RuleSet? = nil, diagnostics: [Diagnostic], fileCount: Int) {
        self.principles = principles
        self.rules = rules
        self.diagnostics = diagnostics
        self.fileCount = fileCount
    }

    /// The principles, or a ``DiagnosticsError`` with every diagnostic.
    public func get() throws(DiagnosticsError) -> PrincipleSet {
        guard let principles else { throw DiagnosticsError(diagnostics) }
        return principles
    }
}
