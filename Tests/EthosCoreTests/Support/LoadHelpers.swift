import EthosCore
import Foundation

/// Loads principles from in-memory files: `[(path, text)]`.
func load(_ files: [(String, String)], limits: YAMLLimits = .default) -> PrinciplesLoad {
    PrinciplesLoader(limits: limits).load(files.map { SourceFile(path: $0.0, text: $0.1) })
}

/// Loads one in-memory file named `p.yaml`.
func load(_ text: String, limits: YAMLLimits = .default) -> PrinciplesLoad {
    load([("p.yaml", text)], limits: limits)
}

/// The formatted diagnostics of a load, one per element.
func formatted(_ load: PrinciplesLoad) -> [String] {
    load.diagnostics.map(\.formatted)
}

/// The repository's root directory, found from this file's path.
let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fresh temporary directory, removed by the caller.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ethos-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
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
