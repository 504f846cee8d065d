/// Record cards as HTML, kept between requests. A card shows a stored record (never changed),
/// names from the directory and the record's scores, so it is keyed by the record, whether its
/// text is shown, and the directory and scores revisions it was drawn at: a rename or a rescore,
/// from any process, makes new keys, and old cards are never served again. Drawing a card — its
/// evidence read and decoded, the sentences it quotes found — was most of the home page's cost.
actor CardCache {
    struct Key: Hashable, Sendable {
        var id: String
        var readable: Bool
        var directory: Int64
        var scores: Int64
    }

    /// How many cards it holds before it starts again empty (about 2 KB each).
    let capacity: Int
    private var cards: [Key: String] = [:]

    init(capacity: Int = 20_000) {
        self.capacity = max(1, capacity)
    }

    /// The cards of `keys`, nil where none is kept.
    func cards(_ keys: [Key]) -> [String?] {
        keys.map { cards[$0] }
    }

    /// Keeps `html` as the card of `key`. Full, it forgets every card first: cards of old
    /// revisions go with the rest, and the memory it takes stays bounded.
    func keep(_ html: String, for key: Key) {
        if cards.count >= capacity, cards[key] == nil { cards.removeAll(keepingCapacity: true) }
        cards[key] = html
    }

    /// How many cards it holds.
    var count: Int { cards.count }
}
