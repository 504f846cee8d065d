/// SplitMix64: a small, fast random number generator that gives the same sequence for the same
/// seed on every machine — for synthetic data that must be reproducible (`ethos demo`, the
/// benchmark generator). Not for anything secret.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's state; the seed to start with.
    public var state: UInt64

    /// Creates a generator from `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
