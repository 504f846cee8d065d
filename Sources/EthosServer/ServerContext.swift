public import Hummingbird
internal import EthosRecording
public import NIOCore

/// Each request's context: Hummingbird's, the connection's address, and who is calling.
public struct ServerContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// Who is calling, once ``Authentication`` has looked.
    var caller: Caller = .nobody

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The largest request body read: feedback is at most 10,000 characters, and a directory
    /// import of a few thousand people fits well within it.
    public var maxUploadSize: Int { ServerLimits.bodyBytes }

    /// The connection's address as text, for rate limits and the trusted proxy check.
    var address: String { remoteAddress?.ipAddress ?? "unknown" }

    /// The signed-in person, or a redirect to sign in (for pages).
    func signedIn() throws -> Viewer {
        guard let viewer = caller.viewer else { throw SignInRedirect() }
        return viewer
    }
}

/// Sizes the server refuses to go past.
enum ServerLimits {
    /// A request body: 1 MiB.
    static let bodyBytes = 1 << 20
}

/// Who is calling.
enum Caller: Sendable {
    /// Not signed in.
    case nobody
    /// A signed-in person, and their session (whose form token every change must carry).
    case person(Viewer, SessionRecord)
    /// An integration, by its API token.
    case token(APIToken)

    var viewer: Viewer? {
        if case let .person(viewer, _) = self { return viewer }
        return nil
    }

    var session: SessionRecord? {
        if case let .person(_, session) = self { return session }
        return nil
    }
}
