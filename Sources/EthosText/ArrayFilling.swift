extension Array {
    /// `count` copies of `value`, as `init(repeating:count:)` makes them, for arrays made for
    /// every record. That initialiser allocates in the standard library's unspecialised code,
    /// which looks the array's type up in the runtime's metadata cache every time (hundreds of
    /// instructions, more than the rest of a small array costs); growing an empty array
    /// allocates in the caller's specialised code, whose type is looked up once and kept.
    @inlinable
    package init(filling value: Element, count: Int) {
        self = []
        reserveCapacity(count)
        for _ in 0..<count { append(value) }
    }
}
