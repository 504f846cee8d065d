internal import EthosCore
internal import EthosRecording
internal import Hummingbird

/// The principles, readable by everyone signed in; and the people directory, managed by
/// people-operations: import from CSV, invite, deactivate and reactivate.
struct DirectoryPages {
    let platform: Platform
    let pages: PageRenderer

    func add(to router: Router<ServerContext>) {
        router.get("principles") { _, context in
            _ = try context.signedIn()
            let principles = platform.principles.principles.map { principle -> [String: Any] in
                ["id": principle.id, "name": principle.name, "statement": principle.statement, "tenets": principle.tenets,
                 "aligned": principle.examples.aligned.prefix(3).map(\.text), "misaligned": principle.examples.misaligned.prefix(3).map(\.text),
                 "hasExamples": !principle.examples.aligned.isEmpty || !principle.examples.misaligned.isEmpty,
                 "hasAligned": !principle.examples.aligned.isEmpty, "hasMisaligned": !principle.examples.misaligned.isEmpty]
            }
            return pages.page("principles", title: "Principles", context: context, platform: platform, current: "/principles",
                              values: ["principles": principles])
        }
        router.get("people") { request, context in
            let viewer = try admin(context)
            return try await peoplePage(context, viewer, notice: Self.notice(request.query, viewer))
        }
        router.post("people/import") { request, context in
            let viewer = try admin(context)
            let form = try await FormGuard.form(request, context)
            let csv = form.raw("csv") ?? ""
            let existing = try await platform.store.people(team: nil)
            switch PeopleFile.read(SourceFile(path: "people.csv", bytes: Array(csv.utf8)), existing: existing) {
            case let .success(people):
                try await platform.store.upsert(people)
                return Response.seeOther("/people?imported=\(people.count)")
            case let .failure(error):
                let problems = error.diagnostics.map { $0.formatted }
                return try await peoplePage(context, viewer, csv: csv, errors: problems)
            }
        }
        router.post("people/:handle/invite") { request, context in
            let viewer = try admin(context)
            _ = try await FormGuard.form(request, context)
            let handle = try context.parameters.require("handle")
            guard viewer.directory.person(handle) != nil else { throw Problem.notFound("No such person") }
            let link = try await platform.invite(handle, base: Self.base(request, platform))
            return try await peoplePage(context, viewer, invitation: ["handle": handle, "link": link])
        }
        router.post("people/:handle/deactivate") { request, context in try await setActive(false, request, context) }
        router.post("people/:handle/reactivate") { request, context in try await setActive(true, request, context) }
    }

    private func admin(_ context: ServerContext) throws -> Viewer {
        let viewer = try context.signedIn()
        guard viewer.isAdmin else { throw Problem.forbidden("The people directory is managed by people-operations (the admins of ethos.yaml).") }
        return viewer
    }

    private func setActive(_ active: Bool, _ request: Request, _ context: ServerContext) async throws -> Response {
        let viewer = try admin(context)
        _ = try await FormGuard.form(request, context)
        let handle = try context.parameters.require("handle")
        guard viewer.directory.person(handle) != nil else { throw Problem.notFound("No such person") }
        guard active || handle != viewer.handle else {
            return try await peoplePage(context, viewer, errors: ["You cannot deactivate your own account."])
        }
        try await platform.store.setDeactivated(handle, !active, now: platform.now)
        return Response.seeOther("/people?\(active ? "reactivated" : "deactivated")=\(handle.formEncoded)")
    }

    private func peoplePage(_ context: ServerContext, _ viewer: Viewer, notice: String? = nil, csv: String = "", errors: [String] = [],
                            invitation: [String: String]? = nil) async throws -> Response {
        var people: [[String: Any]] = []
        let accounts = try await platform.store.accounts()
        for person in viewer.directory.people {
            let account = accounts[person.handle]
            let status = account == nil ? "Not invited" : account!.deactivated ? "Deactivated" : account!.passwordHash == nil ? "Invited" : "Active"
            people.append(["handle": person.handle, "name": person.name ?? "", "team": person.team ?? "", "manager": person.manager ?? "",
                           "email": person.email ?? "", "status": status, "deactivated": account?.deactivated == true,
                           "isSelf": person.handle == viewer.handle])
        }
        var values: [String: Any] = ["people": people, "csv": csv, "errors": errors, "hasErrors": !errors.isEmpty,
                                     "columns": PeopleFile.columns.joined(separator: ",")]
        if let notice { values["notice"] = notice }
        if let invitation { values["invitation"] = invitation }
        return pages.page("people", title: "People", context: context, platform: platform, current: "/people", values: values,
                          status: errors.isEmpty ? .ok : .badRequest)
    }

    /// What the page says after a change, from its address: only these fixed sentences, so a
    /// link cannot make the page say anything else.
    static func notice(_ query: FormFields, _ viewer: Viewer) -> String? {
        if let count = query["imported"].flatMap(Int.init) { return "Imported \(count) \(count == 1 ? "person" : "people")." }
        if let handle = query["deactivated"], viewer.directory.person(handle) != nil { return "\(handle) can no longer sign in; their records stay." }
        if let handle = query["reactivated"], viewer.directory.person(handle) != nil { return "\(handle) can sign in again." }
        return nil
    }

    /// The server's own address as the browser used it, for links people open.
    static func base(_ request: Request, _ platform: Platform) -> String {
        let host = request.head.authority ?? "\(platform.options.host):\(platform.options.port)"
        return (platform.options.behindHTTPS ? "https://" : "http://") + host
    }
}

extension Platform {
    /// A new invitation for `handle`, replacing any earlier one: the link to give them.
    func invite(_ handle: String, base: String) async throws -> String {
        try await Accounts.invite(handle, store: store, base: base, now: now)
    }
}

extension String {
    /// Percent-encoded for a query string.
    var formEncoded: String {
        addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}
