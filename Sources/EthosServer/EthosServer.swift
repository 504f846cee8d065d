internal import EthosCore
internal import Foundation
public import Hummingbird
internal import HummingbirdCore
public import Logging
public import NIOCore

/// `ethos serve`: the web pages and the HTTP API over one workspace, on Hummingbird.
///
/// ```swift
/// let server = EthosServer(platform: platform)
/// try await server.run(logger: Logger(label: "ethos"))
/// ```
public struct EthosServer: Sendable {
    public let platform: Platform
    let metrics = ServerMetrics()
    let pages = PageRenderer()

    public init(platform: Platform) {
        self.platform = platform
    }

    /// Every route, behind the request log, problem details and authentication.
    public func router() -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        router.add(middleware: RequestLog(metrics: metrics))
        router.add(middleware: ProblemMiddleware())
        // Health, readiness, metrics and assets need no one signed in.
        router.get("healthz") { _, _ in Response.text("ok\n") }
        router.get("readyz") { _, _ in
            do {
                _ = try await platform.store.latestKey()
                return Response.text("ready\n")
            } catch {
                throw Problem(.serviceUnavailable, "The database cannot be read.", retryAfter: 5)
            }
        }
        router.get("metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: metrics.text())))
        }
        router.get("assets/:name") { _, context in
            let name = try context.parameters.require("name")
            guard let asset = Assets.file(name) else { throw Problem.notFound() }
            return Response(status: .ok, headers: [.contentType: asset.type, .cacheControl: "public, max-age=3600"],
                            body: .init(byteBuffer: ByteBuffer(string: asset.contents)))
        }
        router.add(middleware: Authentication(platform: platform))
        AccountPages(platform: platform, pages: pages).add(to: router)
        RecordPages(platform: platform, pages: pages).add(to: router)
        ReportPages(platform: platform, pages: pages).add(to: router)
        DirectoryPages(platform: platform, pages: pages).add(to: router)
        APIRoutes(platform: platform).add(to: router)
        return router
    }

    /// The application, listening where the options say; `onRunning` learns the bound address
    /// (port 0 picks a free one).
    public func application(logger: Logger, onRunning: @escaping @Sendable (SocketAddress?) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(router: router(), server: .http1(configuration: Self.http1),
                    configuration: .init(address: .hostname(platform.options.host, port: platform.options.port), serverName: "Ethos"),
                    onServerRunning: { channel in await onRunning(channel.localAddress) },
                    logger: logger)
    }

    /// Connections idle for a minute are closed, so idle or stalled clients cannot hold them all;
    /// headers are bounded well below NIO's defaults (80 KiB a field), ample for cookies and tokens.
    static let http1 = HTTP1Channel.Configuration(
        idleTimeout: .seconds(60),
        httpDecoderConfiguration: .init(maxHeaderFieldSize: 16 * 1_024, maxHeaderListSize: 64 * 1_024, maxHeaderFieldCount: 100))

    /// Serves until SIGTERM or SIGINT, then finishes the requests in flight and stops.
    public func run(logger: Logger, onRunning: @escaping @Sendable (SocketAddress?) async -> Void = { _ in }) async throws {
        try await application(logger: logger, onRunning: onRunning).runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}

extension Response {
    static func text(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The pages' style sheet and script (`Embedded/Assets/`).
enum Assets {
    static func file(_ name: String) -> (contents: String, type: String)? {
        guard let file = EmbeddedFiles.files.first(where: { $0.path == "Assets/" + name }) else { return nil }
        return (file.contents, name.hasSuffix(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8")
    }
}
