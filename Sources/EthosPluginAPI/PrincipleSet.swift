/// A loaded, valid set of principles in a deterministic order: files by path, then principles in
/// the order each file lists them.
public struct PrincipleSet: Hashable, Sendable {
    /// The principles, in order.
    public let principles: [Principle]
    private let indexByID: [String: Int]

    /// Creates a set; the caller guarantees ids are unique (the loader checks it). A later
    /// principle with a repeated id is ignored.
    public init(_ principles: [Principle]) {
        var seen: [String: Int] = [:]
        var unique: [Principle] = []
        for principle in principles where seen[principle.id] == nil {
            seen[principle.id] = unique.count
            unique.append(principle)
        }
        self.principles = unique
        self.indexByID = seen
    }

    /// The principle with `id`, if any.
    public subscript(id id: String) -> Principle? {
        indexByID[id].map { principles[$0] }
    }

    /// The position of the principle with `id`, if any: cheaper than ``subscript(id:)`` when
    /// only its presence or position matters.
    public func position(of id: String) -> Int? {
        // A company has a handful of principles: comparing ids (often the very same string)
        // costs less than hashing one.
        guard principles.count <= 8 else { return indexByID[id] }
        return principles.firstIndex { $0.id == id }
    }

    /// The ids, in order.
    public var ids: [String] { principles.map(\.id) }

    /// The number of principles.
    public var count: Int { principles.count }

    /// Whether the set has no principles.
    public var isEmpty: Bool { principles.isEmpty }
}

extension PrincipleSet: RandomAccessCollection {
    /// The first index.
    public var startIndex: Int { principles.startIndex }
    /// One past the last index.
    public var endIndex: Int { principles.endIndex }
    /// The principle at `position`.
    public subscript(position: Int) -> Principle { principles[position] }
}
