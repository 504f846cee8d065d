import EthosCore
import EthosTestSupport
import Foundation

/// Loads principles from in-memory files: `[(path, text)]`.
func load(_ files: [(String, String)], limits: YAMLLimits = .default) -> PrinciplesLoad {
    PrinciplesLoader.builtins(limits: limits).load(files.map { SourceFile(path: $0.0, text: $0.1) })
}

/// Loads one in-memory file named `p.yaml`.
func load(_ text: String, limits: YAMLLimits = .default) -> PrinciplesLoad {
    load([("p.yaml", text)], limits: limits)
}

/// The formatted diagnostics of a load, one per element.
func formatted(_ load: PrinciplesLoad) -> [String] {
    load.diagnostics.map(\.formatted)
}

/// The repository's root directory.
let repositoryRoot = TestFiles.repositoryRoot

/// A fresh temporary directory, removed by the caller.
func temporaryDirectory() throws -> URL {
    try TestFiles.temporaryDirectory()
}

/// A valid principle with `id`, for tests that need one to exist.
func validPrinciple(id: String = "growth", extra: String = "") -> String {
    """
    id: \(id)
    name: Growth
    statement: We grow.
    tenets:
      - Each person is on a journey of constant growth.
    signals:
      - terms: [learn]
    examples:
      aligned: [She learned Swift.]
    \(extra)
    """
}
