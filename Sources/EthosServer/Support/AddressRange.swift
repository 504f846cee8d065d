internal import Foundation

/// An IPv4 or IPv6 address range in CIDR notation (`10.0.0.0/8`, `::1/128`, or one address):
/// the addresses a trusted single-sign-on proxy may connect from.
public struct AddressRange: Sendable, Equatable, CustomStringConvertible {
    /// The network's bytes (4 or 16) and how many leading bits must match.
    let bytes: [UInt8]
    let prefix: Int

    /// Parses `text`; nil when it is not an address or range.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let bytes = Self.bytes(String(parts[0])) else { return nil }
        let prefix = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
        guard let prefix, (0...bytes.count * 8).contains(prefix) else { return nil }
        self.bytes = bytes
        self.prefix = prefix
    }

    /// Whether `address` (text, as a socket reports it) is in the range. An IPv4 address
    /// mapped into IPv6 (`::ffff:10.0.0.1`) counts as the IPv4 address.
    public func contains(_ address: String) -> Bool {
        guard var other = Self.bytes(address) else { return false }
        if other.count == 16, bytes.count == 4, other.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff] { other = Array(other.suffix(4)) }
        guard other.count == bytes.count else { return false }
        for bit in 0..<prefix {
            let mask = UInt8(0x80) >> (bit % 8)
            if other[bit / 8] & mask != bytes[bit / 8] & mask { return false }
        }
        return true
    }

    public var description: String {
        (bytes.count == 4 ? bytes.map(String.init).joined(separator: ".")
            : stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":"))
            + "/\(prefix)"
    }

    /// The bytes of an IPv4 or IPv6 address, through the system's parser.
    static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}
