internal import ArgumentParser
internal import EthosCore
internal import Foundation

extension PluginsCommand {
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scaffold a working plugin, with a test, ready to edit.",
            discussion: """
            --kind yaml      Plugins/<name>.yaml: facts from terms and patterns, evidence, and examples that
                             'ethos plugins check' runs.
            --kind external  Plugins/<name>/: plugin.yaml, a Python 3 plugin speaking the plugin protocol, and a
                             unittest that drives it (python3 -m unittest, in that folder).
            --kind swift     Plugins/<Name>/: a Swift plugin and a Tests/ folder; in the Ethos package, the next
                             'swift build' compiles it into ethos and 'swift test' runs its tests.

            The name is kebab-case (team-radio); a Swift plugin's folder is its UpperCamelCase form (TeamRadio).
            Existing files are never overwritten.

            Examples:
              ethos plugins new team-radio --kind yaml
              ethos plugins new reading-list --kind external
              ethos plugins new internal-wiki --kind swift
            """
        )

        enum Kind: String, ExpressibleByArgument, CaseIterable {
            case swift, external, yaml
        }

        @Argument(help: "The plugin's id, in kebab-case: team-radio.")
        var name: String

        @Option(help: "swift, external or yaml.")
        var kind: Kind

        @Option(name: .customLong("directory"), help: ArgumentHelp(
            "The plugins directory (default: 'paths.plugins' from the settings, else ./Plugins).", valueName: "dir"))
        var directory: String?

        @OptionGroup var workspace: WorkspaceOptions

        func validate() throws {
            guard IDSyntax.isValid(name) else {
                throw ValidationError("'\(name)' is not a plugin id; use lowercase words joined by '-', like team-radio.")
            }
        }

        func run() throws {
            let configuration = workspace.loadConfiguration().configuration
            let root = directory ?? configuration?.pluginsDirectory ?? Configuration.defaultPluginsDirectory
            let files = PluginTemplates.files(name: name, kind: kind)
            let manager = FileManager.default
            for file in files {
                let path = (root as NSString).appendingPathComponent(file.path)
                if manager.fileExists(atPath: path) {
                    throw EthosError("'\(path)' already exists; choose another name or remove it first.")
                }
            }
            for file in files {
                let path = (root as NSString).appendingPathComponent(file.path)
                try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                guard manager.createFile(atPath: path, contents: Data(file.contents.utf8),
                                         attributes: file.executable ? [.posixPermissions: 0o755] : nil) else {
                    throw EthosError("Cannot write '\(path)'.")
                }
                Console.out("created \(path)")
            }
            Console.out("")
            Console.out(PluginTemplates.nextSteps(name: name, kind: kind, root: root))
        }
    }
}

/// The files `ethos plugins new` writes.
enum PluginTemplates {
    struct File {
        var path: String
        var contents: String
        var executable = false
    }

    /// `team-radio` → `TeamRadio`.
    static func typeName(_ id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The files of a new plugin of `kind` named `name`: the templates in `Embedded/PluginTemplates/<kind>/`,
    /// with `__NAME__` (the id), `__NAMESPACE__` (its facts' prefix), `__MODULE__` (a Python
    /// module name) and `__TYPE__` (the Swift type name) filled in, in paths and contents.
    static func files(name: String, kind: PluginsCommand.New.Kind) -> [File] {
        let namespace = FactNamespace.of(plugin: name)
        let values = ["__NAMESPACE__": namespace, "__NAME__": name, "__MODULE__": namespace, "__TYPE__": typeName(name)]
        func fill(_ text: String) -> String {
            values.keys.sorted { $0.count > $1.count }.reduce(text) { text, key in text.replacing(key, with: values[key] ?? "") }
        }
        let prefix = "PluginTemplates/\(kind.rawValue)/"
        return EmbeddedFiles.files.filter { $0.path.hasPrefix(prefix) }.sorted { $0.path < $1.path }.map { file in
            let path = fill(String(file.path.dropFirst(prefix.count)))
            return File(path: path, contents: fill(file.contents), executable: path.hasSuffix(".py") && !path.contains("/test_"))
        }
    }

    static func nextSteps(name: String, kind: PluginsCommand.New.Kind, root: String) -> String {
        switch kind {
        case .yaml:
            return """
            Next:
              ethos plugins check                                  # runs the examples
              ethos plugins test \(name) --text "Ana ran a lunch and learn and shared the slides."
            """
        case .external:
            return """
            Next:
              (cd \((root as NSString).appendingPathComponent(name)) && python3 -m unittest)
              ethos plugins check                                  # starts it and checks the handshake
              ethos plugins test \(name) --text "Ana ran a lunch and learn."
            """
        case .swift:
            return """
            Next, in the Ethos package (its Plugins/ folder is where Swift plugins are compiled in from):
              swift build                                          # compiles \(typeName(name)) into ethos
              swift test --filter \(typeName(name))Tests
              swift run ethos plugins test \(name) --text "Ana updated the wiki."
            """
        }
    }
}
