internal import ArgumentParser
internal import EthosCore

/// Who is reading stored texts: `--viewer H` reads as H, `--as-admin` reads every text (and the
/// output says so); without either, only public records' texts are shown.
struct ReaderOptions: ParsableArguments {
    @Option(help: "Show the texts this person may read (public ones, theirs, and their reports' as their manager).")
    var viewer: String?

    @Flag(help: "Run as people-operations: show every record's text, private ones included, and say so.")
    var asAdmin = false

    func validate() throws {
        if viewer != nil && asAdmin { throw ValidationError("Pass --viewer or --as-admin, not both.") }
    }

    /// The readers, the viewer checked against `directory`.
    func readers(_ directory: Directory) throws -> Readers {
        if let viewer {
            try directory.requirePerson(viewer)
            return Readers(.person(viewer), directory: directory.people)
        }
        return Readers(asAdmin ? .admin : .anyone, directory: directory.people)
    }

    /// What the output says about texts it did not show, or that it showed all as an admin.
    func notice(hidden: Int) -> String? {
        if asAdmin { return "Read as people-operations (--as-admin): every record's text is shown." }
        guard hidden > 0 else { return nil }
        let who = viewer.map { "'\($0)' may not read" } ?? "are not public"
        return "\(hidden) text\(hidden == 1 ? "" : "s") hidden: \(hidden == 1 ? "its record's visibility says" : "their records' visibilities say") \(who) "
            + "them; --viewer H reads as H, --as-admin (people-operations) reads every text."
    }
}
