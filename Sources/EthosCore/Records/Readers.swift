/// Who may read a record's text: the one rule reports, listings and `explain` share.
public struct Readers: Sendable {
    /// Who is reading.
    public enum Reader: Sendable, Equatable {
        /// Anyone: only public records.
        case anyone
        /// This person: public records, theirs, and those their place in the directory opens.
        case person(String)
        /// People-operations, who read every record's text and are told so.
        case admin
    }

    /// The reader.
    public let reader: Reader
    /// Each person's manager, from the directory.
    private let managerOf: [String: String]

    /// Readers for `reader`, with the management chains of `directory`.
    public init(_ reader: Reader, directory: [Person]) {
        self.reader = reader
        managerOf = Dictionary(directory.compactMap { person in person.manager.map { (person.handle, $0) } }) { first, _ in first }
    }

    /// Whether the reader may read a record of `visibility` by `author` (nil when anonymous) about
    /// `subject`: public to anyone; `recipient` to its subject, the subject's managers up the
    /// chain and its author; `manager` to the subject's managers and its author, not the subject;
    /// `private` to its author only.
    public func mayRead(_ visibility: Visibility, author: String?, subject: String) -> Bool {
        switch reader {
        case .admin: return true
        case .anyone: return visibility == .public
        case let .person(viewer):
            switch visibility {
            case .public: return true
            case .recipient: return viewer == subject || viewer == author || manages(viewer, subject)
            case .manager: return viewer == author || manages(viewer, subject)
            case .private: return viewer == author
            }
        }
    }

    /// Whether `manager` is `person`'s manager, directly or further up.
    public func manages(_ manager: String, _ person: String) -> Bool {
        var seen: Set<String> = [person]
        var current = managerOf[person]
        while let next = current, seen.insert(next).inserted {
            if next == manager { return true }
            current = managerOf[next]
        }
        return false
    }
}
