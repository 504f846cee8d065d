internal import EthosCore
internal import EthosRecording
internal import Foundation
internal import Hummingbird

/// Giving feedback, logging mentoring, asking for feedback, one record, and the home page.
struct RecordPages {
    let platform: Platform
    let pages: PageRenderer

    func add(to router: Router<ServerContext>) {
        router.get("/") { _, context in try await home(context) }
        router.get("feedback/new") { request, context in
            let viewer = try context.signedIn()
            var values: [String: String] = [:]
            values["to"] = request.query["to"]
            if let id = request.query["request"], let asked = try await platform.store.request(id: id), asked.responder == viewer.handle,
               asked.status == .open {
                values["to"] = asked.subject
                values["request"] = asked.id
            }
            return try await feedbackForm(context, viewer, values: values)
        }
        router.post("feedback") { request, context in
            let viewer = try context.signedIn()
            let form = try await FormGuard.form(request, context)
            let visibility = form["visibility"].flatMap(Visibility.init(rawValue:)) ?? platform.configuration.defaultVisibility
            let submission = Submission(from: viewer.handle, to: Self.handle(form["to"]), text: form.raw("text") ?? "",
                                        principles: form.all("principle"), tags: Self.list(form["tags"]), visibility: visibility,
                                        anonymous: form.isOn("anonymous"))
            var asked: FeedbackRequest?
            if let id = form["request"], let found = try await platform.store.request(id: id), found.responder == viewer.handle,
               found.status == .open, found.subject == submission.to { asked = found }
            switch try await platform.store(submission, caller: viewer) {
            case let .success(stored):
                if let asked { _ = try await platform.store.closeRequest(id: asked.id, status: .answered, recordID: stored.record.id) }
                return recorded(stored, context, viewer)
            case let .failure(problem):
                var values = ["to": form["to"] ?? "", "text": form.raw("text") ?? "", "tags": form["tags"] ?? "", "request": asked?.id ?? ""]
                values["visibility"] = visibility.rawValue
                values["anonymous"] = submission.anonymous ? "on" : nil
                return try await feedbackForm(context, viewer, values: values, chosen: Set(submission.principles), error: problem)
            }
        }
        router.get("mentoring/new") { _, context in try await mentoringForm(context, try context.signedIn(), values: [:]) }
        router.post("mentoring") { request, context in
            let viewer = try context.signedIn()
            let form = try await FormGuard.form(request, context)
            let other = Self.handle(form["with"]), mentor = form["role"] != "mentee"
            var submission = Submission(kind: .mentoring, from: mentor ? viewer.handle : other, to: mentor ? other : viewer.handle,
                                        text: form.raw("notes") ?? "", minutes: form["minutes"].flatMap { Int($0) },
                                        tags: Self.list(form["topics"]), visibility: platform.configuration.defaultVisibility)
            if other.isEmpty { submission.to = ""; submission.from = viewer.handle }
            switch try await platform.store(submission, caller: viewer) {
            case let .success(stored):
                return recorded(stored, context, viewer)
            case var .failure(problem):
                for index in problem.all.indices where ["to", "from"].contains(problem.all[index].field) { problem.all[index].field = "with" }
                let values = ["with": form["with"] ?? "", "role": mentor ? "mentor" : "mentee", "minutes": form["minutes"] ?? "",
                              "notes": form.raw("notes") ?? "", "topics": form["topics"] ?? ""]
                return try await mentoringForm(context, viewer, values: values, error: problem)
            }
        }
        router.get("records/:id") { _, context in
            let viewer = try context.signedIn()
            let id = try context.parameters.require("id")
            // A record the viewer may not read answers as one that does not exist.
            guard let record = try await platform.store.record(id: id), viewer.mayRead(record) else { throw Problem.notFound("No record you may read") }
            let card = RecordCard(record, scores: try await platform.store.scores(of: id), viewer: viewer, principles: platform.principles)
            return pages.page("record", title: card.title, context: context, platform: platform, values: ["record": card.html])
        }
        router.get("requests/new") { _, context in try await requestForm(context, try context.signedIn(), values: [:]) }
        router.post("requests") { request, context in
            let viewer = try context.signedIn()
            let form = try await FormGuard.form(request, context)
            let responder = Self.handle(form["responder"]), subject = form["subject"] ?? viewer.handle
            let values = ["responder": form["responder"] ?? "", "subject": subject, "message": form.raw("message") ?? ""]
            switch try await platform.ask(responder, about: subject, message: form.raw("message") ?? "", viewer: viewer) {
            case .success: return Response.seeOther("/?asked=\(responder)")
            case let .failure(problem): return try await requestForm(context, viewer, values: values, error: Submission.Problems([problem]))
            }
        }
        router.post("requests/:id/decline") { request, context in
            let viewer = try context.signedIn()
            _ = try await FormGuard.form(request, context)
            let id = try context.parameters.require("id")
            guard let asked = try await platform.store.request(id: id), asked.responder == viewer.handle else { throw Problem.notFound("No request to you") }
            _ = try await platform.store.closeRequest(id: id, status: .declined, recordID: nil)
            return Response.seeOther("/")
        }
    }

    /// The handle in "Name (handle)" as a search list fills it in, or the text as typed.
    static func handle(_ value: String?) -> String {
        guard let value else { return "" }
        if value.hasSuffix(")"), let open = value.lastIndex(of: "(") {
            return String(value[value.index(after: open)..<value.index(before: value.endIndex)]).trimmingCharacters(in: .whitespaces)
        }
        return value
    }

    static func list(_ value: String?) -> [String] {
        (value ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private func home(_ context: ServerContext) async throws -> Response {
        let viewer = try context.signedIn()
        // Read before the scores it keys: cards drawn from scores a rescore replaced meanwhile
        // are kept under the old revision, which no later page asks for.
        let scoresRevision = if let read = context.caller.session?.revisions?.scores { read } else { try await platform.store.scoresRevision() }
        func cards(_ filter: RecordFilter) async throws -> String {
            let records = try await platform.store.records(filter).filter(viewer.mayRead)
            let keys = records.map { CardCache.Key(id: $0.id, readable: true, directory: viewer.directory.revision, scores: scoresRevision) }
            var cards = await platform.cardCache.cards(keys)
            let missing = cards.indices.filter { cards[$0] == nil }
            if !missing.isEmpty {
                let scores = try await platform.store.scores(of: missing.map { records[$0].id })
                for index in missing {
                    let html = RecordCard(records[index], scores: scores[records[index].id] ?? [], viewer: viewer, principles: platform.principles,
                                          readable: true).html
                    cards[index] = html
                    await platform.cardCache.keep(html, for: keys[index])
                }
            }
            return cards.map { $0 ?? "" }.joined()
        }
        let received = try await cards(RecordFilter(to: viewer.handle, limit: Self.homeRecords))
        let given = try await cards(RecordFilter(from: viewer.handle, limit: Self.homeRecords))
        let open = try await platform.store.openRequests(involving: viewer.handle)
        let asked = open.filter { $0.responder == viewer.handle }.map { asked -> [String: Any] in
            ["id": asked.id, "requester": viewer.name(of: asked.requester), "subject": viewer.name(of: asked.subject),
             "aboutThemselves": asked.subject == asked.requester, "message": asked.message]
        }
        let mine = open.filter { $0.requester == viewer.handle }.map { asked -> [String: Any] in
            ["responder": viewer.name(of: asked.responder), "subject": viewer.name(of: asked.subject), "message": asked.message]
        }
        return pages.page("home", title: "Home", context: context, platform: platform, current: "/", values: [
            "name": viewer.name, "received": received, "given": given, "asked": asked, "mine": mine,
            "hasAsked": !asked.isEmpty, "hasMine": !mine.isEmpty, "hasReceived": !received.isEmpty, "hasGiven": !given.isEmpty,
        ])
    }

    /// How many records of each kind the home page shows.
    static let homeRecords = 20

    private func recorded(_ stored: StoredForm, _ context: ServerContext, _ viewer: Viewer) -> Response {
        // The author sees what they just wrote, even when its visibility would hide it from them later (anonymous).
        let card = RecordCard(stored.record, scores: stored.scores, viewer: viewer, principles: platform.principles, readable: true)
        return pages.page("recorded", title: "Recorded", context: context, platform: platform, values: ["record": card.html])
    }

    private func feedbackForm(_ context: ServerContext, _ viewer: Viewer, values: [String: String], chosen: Set<String> = [],
                              error: Submission.Problems? = nil) async throws -> Response {
        let visibility = values["visibility"].flatMap(Visibility.init(rawValue:)) ?? platform.configuration.defaultVisibility
        var model: [String: Any] = values
        model["people"] = RecordView.people(viewer.directory.people, except: viewer.handle)
        model["principles"] = platform.principles.principles.map { ["id": $0.id, "name": $0.name, "checked": chosen.contains($0.id)] }
        model["visibilities"] = RecordView.visibilityChoices(selected: visibility)
        model["anonymousChecked"] = values["anonymous"] != nil
        if let error { model["error"] = error.model }
        return pages.page("feedback", title: "Give feedback", context: context, platform: platform, current: "/feedback/new", values: model,
                          status: error == nil ? .ok : .badRequest)
    }

    private func mentoringForm(_ context: ServerContext, _ viewer: Viewer, values: [String: String],
                               error: Submission.Problems? = nil) async throws -> Response {
        var model: [String: Any] = values
        model["people"] = RecordView.people(viewer.directory.people, except: viewer.handle)
        model["menteeChecked"] = values["role"] == "mentee"
        if let error { model["error"] = error.model }
        return pages.page("mentoring", title: "Log mentoring", context: context, platform: platform, current: "/mentoring/new", values: model,
                          status: error == nil ? .ok : .badRequest)
    }

    private func requestForm(_ context: ServerContext, _ viewer: Viewer, values: [String: String],
                             error: Submission.Problems? = nil) async throws -> Response {
        var model: [String: Any] = values
        model["people"] = RecordView.people(viewer.directory.people, except: viewer.handle)
        model["subjects"] = ([viewer.person] + viewer.reports).map { person -> [String: Any] in
            ["handle": person.handle, "label": person.handle == viewer.handle ? "Me" : (person.name ?? person.handle),
             "selected": person.handle == (values["subject"] ?? viewer.handle)]
        }
        model["canAskAboutOthers"] = viewer.isManager
        if let error { model["error"] = error.model }
        return pages.page("request", title: "Ask for feedback", context: context, platform: platform, current: "/requests/new", values: model,
                          status: error == nil ? .ok : .badRequest)
    }
}

/// Thrown by a page that needs a signed-in person: a redirect to the sign-in page, back here after.
struct SignInRedirect: HTTPResponseError {
    var status: HTTPResponse.Status { .seeOther }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let next = request.uri.path.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=?+"))) ?? "/"
        return Response.seeOther("/sign-in" + (request.uri.path == "/" ? "" : "?next=\(next)"))
    }
}
