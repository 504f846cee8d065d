// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// Everything in `Plugins/` but the registry stub: the Swift plugins there are compiled in by the
/// CompilePluginFolders build plugin (so a new folder needs no edit here), and the rest are YAML
/// and external plugins read at run time. Excluded so SwiftPM does not warn about them.
let pluginsFolderEntries: [String] = {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Plugins").path
    return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0 != "Registry.swift" }.sorted()
}()


/// Checks every target opts into: existential `any` spelled out, and imports internal unless
/// a module re-exports a dependency's types on purpose (`public import`).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Ethos",
    platforms: [.macOS(.v14)],
    products: [
        // One product per module a program imports (README, "Embedding Ethos").
        .library(name: "EthosPluginAPI", targets: ["EthosPluginAPI"]),
        .library(name: "EthosCore", targets: ["EthosCore"]),
        .library(name: "EthosPlugins", targets: ["EthosPlugins"]),
        .library(name: "EthosPluginHost", targets: ["EthosPluginHost"]),
        .library(name: "EthosRecording", targets: ["EthosRecording"]),
        .library(name: "EthosStore", targets: ["EthosStore"]),
        .library(name: "EthosPostgres", targets: ["EthosPostgres"]),
        .library(name: "EthosReports", targets: ["EthosReports"]),
        .executable(name: "ethos", targets: ["ethos"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // Text analysis: tokens with negation scope, the Porter2 stemmer, BM25.
        .target(
            name: "EthosText",
            swiftSettings: strictSettings
        ),
        // The small, stable module plugin authors depend on: value types and plugin protocols.
        .target(
            name: "EthosPluginAPI",
            dependencies: ["EthosText"],
            swiftSettings: strictSettings
        ),
        // Reading text formats with located results: a strict JSON parser with positions, a
        // streaming CSV reader, a line reader; each skips a leading UTF-8 byte-order mark.
        .target(
            name: "EthosIO",
            dependencies: ["EthosPluginAPI"],  // for its did-you-mean suggestions
            swiftSettings: strictSettings
        ),
        // The rules engine: Ethos's subset of CEL, type-checked against a fact schema, compiled once.
        .target(
            name: "EthosRules",
            dependencies: ["EthosText", "EthosPluginAPI"],
            swiftSettings: strictSettings,
            // ICU's C API for bounded regular expressions (BoundedRegex): the toolchain's own
            // copy, which Foundation already loads; nothing to install.
            linkerSettings: [.linkedLibrary("_FoundationICU", .when(platforms: [.linux]))]
        ),
        // The built-in plugins: tags, keywords, sentiment (VADER), similarity (BM25) and rules.
        .target(
            name: "EthosPlugins",
            dependencies: ["EthosText", "EthosPluginAPI", "EthosRules"],
            exclude: ["Embedded"],
            swiftSettings: strictSettings,
            plugins: ["EmbedFolder"]
        ),
        // The model, principles and their diagnostics, settings, and the scorer over the plugin
        // factories it is given. Reads only what it is handed: no database, no network.
        .target(
            name: "EthosCore",
            dependencies: ["EthosText", "EthosIO", "EthosPluginAPI", "EthosRules", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        // The workspace's plugins read at run time: YAML plugins, external plugins (processes
        // speaking the plugin protocol), and `ethos.yaml`, whose `plugins:` section configures them.
        .target(
            name: "EthosPluginHost",
            dependencies: ["EthosCore", "EthosIO", "EthosText", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        // The one recording pipeline (identity, duplicates, history facts, scoring, writing) and
        // the store contract every backend implements.
        .target(
            name: "EthosRecording",
            dependencies: ["EthosCore", "EthosIO", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        // What every store backend shares: how evidence, verdicts and lists are encoded in
        // columns, and the anonymity key file. Package access only: not an API.
        .target(
            name: "EthosStoreSupport",
            dependencies: ["EthosCore", "EthosRecording"],
            swiftSettings: strictSettings
        ),
        // The SQLite store (GRDB): the embedded default behind the store contract.
        .target(
            name: "EthosStore",
            dependencies: [
                "EthosCore",
                "EthosRecording",
                "EthosStoreSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for reading report rows by column without decoding through GRDB's Row.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            exclude: ["Embedded"],
            swiftSettings: strictSettings,
            plugins: ["EmbedFolder"]
        ),
        // The PostgreSQL store (PostgresNIO), for companies that outgrow one file or run several
        // servers: its connection settings, schema and the store contract.
        .target(
            name: "EthosPostgres",
            dependencies: [
                "EthosCore",
                "EthosRecording",
                "EthosStoreSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Embedded"],
            swiftSettings: strictSettings,
            plugins: ["EmbedFolder"]
        ),
        // Principle-alignment reports: figures with privacy enforced, rendered as Markdown, HTML, JSON and CSV.
        .target(
            name: "EthosReports",
            dependencies: ["EthosCore", "EthosIO", .product(name: "Mustache", package: "swift-mustache")],
            exclude: ["Embedded"],
            swiftSettings: strictSettings,
            plugins: ["EmbedFolder"]
        ),
        // The workspace's Swift plugins: every `Plugins/<Name>/` folder's sources, compiled in by the
        // CompilePluginFolders build plugin on each build (no edit to this file needed). They see only
        // the plugin API. See docs/plugins.md.
        .target(
            name: "EthosCustomPlugins",
            dependencies: ["EthosPluginAPI", "EthosText"],
            path: "Plugins",
            exclude: pluginsFolderEntries,
            sources: ["Registry.swift"],
            swiftSettings: strictSettings,
            plugins: ["CompilePluginFolders"]
        ),
        // The example Swift plugin (Examples/Plugins/OpenSourceLinks): built and tested with the
        // package, never compiled into `ethos` (copy it into Plugins/ to use it).
        .target(
            name: "ExampleOpenSourceLinks",
            dependencies: ["EthosPluginAPI"],
            path: "Examples/Plugins/OpenSourceLinks",
            exclude: ["Tests"],
            swiftSettings: strictSettings
        ),
        // Every compiled-in plugin module (built-in and custom), listed by a generated `PluginRegistry`.
        .target(
            name: "EthosPluginRegistry",
            dependencies: ["EthosPluginAPI", "EthosPlugins", "EthosCustomPlugins"],
            swiftSettings: strictSettings,
            plugins: ["RegisterPlugins"]
        ),
        // `ethos serve`: the web pages and the HTTP API on Hummingbird, with accounts, sessions and
        // the same visibility and small-group rules as the command line.
        .target(
            name: "EthosServer",
            dependencies: [
                "EthosCore",
                "EthosIO",
                "EthosRecording",
                "EthosStore",
                "EthosReports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            exclude: ["Embedded"],
            swiftSettings: strictSettings,
            plugins: ["EmbedFolder"]
        ),
        // The command-line interface as a library, so tests can drive commands and renderers directly.
        .target(
            name: "EthosCLI",
            dependencies: [
                "EthosCore",
                "EthosIO",
                "EthosPlugins",
                "EthosPluginHost",
                "EthosPluginRegistry",
                "EthosRecording",
                "EthosStore",
                "EthosPostgres",
                "EthosReports",
                "EthosServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["Templates", "Embedded"],
            swiftSettings: strictSettings,
            plugins: ["EmbedWorkspaceTemplate", "EmbedFolder"]
        ),
        // Embeds the workspace template (the shipped Principles/) into EthosCLI at build time.
        .executableTarget(name: "ethos-embed", path: "Sources/ethos-embed"),
        .plugin(
            name: "EmbedFolder",
            capability: .buildTool(),
            dependencies: ["ethos-embed"],
            path: "Sources/BuildPlugins/EmbedFolder"
        ),
        .plugin(
            name: "CompilePluginFolders",
            capability: .buildTool(),
            dependencies: ["ethos-embed"],
            path: "Sources/BuildPlugins/CompilePluginFolders"
        ),
        .plugin(
            name: "RegisterPlugins",
            capability: .buildTool(),
            dependencies: ["ethos-embed"],
            path: "Sources/BuildPlugins/RegisterPlugins"
        ),
        .plugin(
            name: "EmbedWorkspaceTemplate",
            capability: .buildTool(),
            dependencies: ["ethos-embed"],
            path: "Sources/BuildPlugins/EmbedWorkspaceTemplate"
        ),
        // The thin `ethos` executable.
        .executableTarget(
            name: "ethos",
            dependencies: ["EthosCLI"],
            swiftSettings: strictSettings
        ),
        // The benchmark suite: `swift run -c release ethos-bench` (see docs/performance.md).
        .executableTarget(
            name: "ethos-bench",
            dependencies: [
                "EthosCore", "EthosPlugins", "EthosPluginHost", "EthosRecording", "EthosStore", "EthosReports", "EthosPostgres",
                .product(name: "GRDB", package: "GRDB.swift"),
                // PostgreSQL's COPY, the peer of an import into PostgreSQL (--store postgres).
                .product(name: "PostgresNIO", package: "postgres-nio"),
                // SQLite's C API, for the practical limit: rows written again with prepared statements.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // Helpers shared by the test targets.
        .target(
            name: "EthosTestSupport",
            dependencies: ["EthosRecording", "EthosPlugins", "EthosPostgres", .product(name: "PostgresNIO", package: "postgres-nio")],
            path: "Tests/EthosTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EthosCoreTests",
            dependencies: ["EthosCore", "EthosPlugins", "EthosTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EthosRulesTests",
            dependencies: ["EthosRules", "EthosCore", "EthosPlugins"],
            exclude: ["Conformance"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EthosPluginsTests",
            dependencies: ["EthosPlugins", "EthosText", "EthosTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EthosStoreTests",
            dependencies: ["EthosStore", "EthosStoreSupport", "EthosPostgres", "EthosPlugins", "EthosRecording", "EthosTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EthosPostgresTests",
            dependencies: ["EthosPostgres", "EthosTestSupport", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EthosPluginHostTests",
            dependencies: ["EthosPluginHost", "EthosPlugins"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EthosIOTests",
            dependencies: ["EthosIO"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EthosRecordingTests",
            dependencies: ["EthosRecording", "EthosPlugins", "EthosStore", "EthosTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EthosReportsTests",
            dependencies: ["EthosReports", "EthosStore", "EthosTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EthosCLITests",
            dependencies: ["EthosCLI", "ethos", "EthosCore", "EthosPlugins", "EthosPluginHost", "EthosTestSupport", "ExampleOpenSourceLinks", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EthosServerTests",
            dependencies: ["EthosServer", "EthosStore", "EthosPlugins", "EthosTestSupport",
                           .product(name: "HummingbirdTesting", package: "hummingbird"),
                           .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ExampleOpenSourceLinksTests",
            dependencies: ["ExampleOpenSourceLinks", "EthosPluginAPI", "EthosText"],
            path: "Examples/Plugins/OpenSourceLinks/Tests",
            swiftSettings: strictSettings
        ),
        // The tests of the workspace's Swift plugins: every `Plugins/<Name>/Tests/` folder.
        .testTarget(
            name: "EthosCustomPluginsTests",
            dependencies: ["EthosCustomPlugins", "EthosPluginAPI", "EthosText"],
            swiftSettings: strictSettings,
            plugins: ["CompilePluginFolders"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
