internal import EthosPluginAPI
internal import Foundation

/// The bytes of one input file and the path it is reported under.
public struct SourceFile: Hashable, Sendable {
    /// The path, as diagnostics should print it.
    public var path: String
    /// The file's raw bytes.
    public var bytes: [UInt8]

    /// Creates a source from bytes.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    /// Creates a source from text.
    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }
}

/// Reads input files and lists input directories, within the YAML size limit.
public enum SourceFiles {
    /// Reads `path`, refusing files over `limits.maxFileBytes` without reading them whole.
    public static func read(_ path: String, limits: YAMLLimits = .default) -> Result<SourceFile, Diagnostic> {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            return .failure(Diagnostic(exists ? .unreadableFile(reason: "permission denied") : .missingPath(path), at: .whole(path)))
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: limits.maxFileBytes + 1) ?? Data()
            if data.count > limits.maxFileBytes {
                let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? data.count
                return .failure(Diagnostic(.fileTooLarge(bytes: size, limit: limits.maxFileBytes), at: .start(of: path)))
            }
            return .success(SourceFile(path: path, bytes: Array(data)))
        } catch {
            return .failure(Diagnostic(.unreadableFile(reason: Self.reason(error)), at: .whole(path)))
        }
    }

    /// The YAML files to load for `paths`: a file stands for itself; a directory for its
    /// `*.yaml` and `*.yml` files (not hidden, not in subdirectories), sorted by name.
    public static func yamlFiles(in paths: [String]) -> (files: [String], diagnostics: [Diagnostic]) {
        var files: [String] = []
        var diagnostics: [Diagnostic] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.append(Diagnostic(.missingPath(path), at: .whole(path)))
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            let yaml = names.filter { name in
                let lower = name.lowercased()
                return !name.hasPrefix(".") && (lower.hasSuffix(".yaml") || lower.hasSuffix(".yml"))
            }.sorted()
            if yaml.isEmpty {
                diagnostics.append(Diagnostic(.noPrincipleFiles(directory: path), at: .whole(path)))
            }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            files += yaml.map { "\(base)/\($0)" }
        }
        return (files, diagnostics)
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedDescription
    }
}
