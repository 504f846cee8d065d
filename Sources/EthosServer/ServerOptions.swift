/// How `ethos serve` listens and whom it trusts: what its command-line flags set.
public struct ServerOptions: Sendable {
    /// The address to listen on; loopback unless told otherwise.
    public var host: String
    public var port: Int
    /// Whether people reach the server over HTTPS (directly or through a proxy that terminates
    /// TLS): session cookies are then marked Secure.
    public var behindHTTPS: Bool
    /// The header a trusted single-sign-on proxy sets to the signed-in person's email, and the
    /// addresses such a proxy connects from; the header is ignored from anywhere else.
    public var trustedHeader: String?
    public var trustedProxies: [AddressRange]
    /// How long a session lasts without being used.
    public var sessionLifetime: Int64

    public init(host: String = "127.0.0.1", port: Int = 8080, behindHTTPS: Bool = false, trustedHeader: String? = nil,
                trustedProxies: [AddressRange] = [], sessionLifetime: Int64 = 8 * 3_600) {
        self.host = host
        self.port = port
        self.behindHTTPS = behindHTTPS
        self.trustedHeader = trustedHeader
        self.trustedProxies = trustedProxies
        self.sessionLifetime = sessionLifetime
    }
}
