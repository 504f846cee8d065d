internal import EthosCore
internal import EthosRecording
internal import EthosReports
internal import Foundation
internal import Hummingbird
internal import HTTPTypes

/// JSON over HTTP under `/api/v1`, as `docs/openapi.json` describes it. A person's session
/// (whose changes carry the `X-CSRF-Token` header) reads what their pages show; an API token
/// does what its scopes allow, reading as the public does.
struct APIRoutes {
    let platform: Platform

    /// The scopes a token may have.
    static let scopes = ["feedback:write", "records:read", "people:read", "reports:read", "score"]

    func add(to router: Router<ServerContext>) {
        let api = router.group("api/v1").add(middleware: APIGuard(platform: platform))
        api.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.text)))
        }
        api.post("score") { request, context in
            try require("score", context, orScope: "feedback:write")
            let input = try await decode(ScoreInput.self, request, context)
            let kind = try Self.kind(input.kind)
            guard !input.text.allSatisfy(\.isWhitespace) else { throw Problem.badRequest("The text is empty.", field: "text") }
            guard input.text.count <= RecordDecoder.defaultTextLimit else {
                throw Problem.badRequest("The text is longer than \(RecordDecoder.defaultTextLimit) characters.", field: "text")
            }
            let score = platform.scorer.score(Record(kind: kind, from: "", to: "", text: input.text, minutes: input.minutes))
            let sentences = EvidenceSentences(input.text)
            return try json(ScoreResult(verdicts: score.principles.map { VerdictResource($0, sentences: sentences) },
                                        notes: TextLanguage.isSupported(input.text) ? [] : [TextLanguage.note]), context)
        }
        api.post("records") { request, context in try await createRecord(request, context) }
        api.get("records") { request, context in try await listRecords(request, context) }
        api.get("records/:id") { _, context in
            let (record, readable) = try await visibleRecord(context)
            return try json(RecordResource(record, scores: try await platform.store.scores(of: record.id), readable: readable, evidence: false), context)
        }
        api.get("records/:id/explanation") { _, context in
            let (record, readable) = try await visibleRecord(context)
            guard readable else { throw Problem.notFound("No record you may read") }
            return try json(RecordResource(record, scores: try await platform.store.scores(of: record.id), readable: true, evidence: true), context)
        }
        api.get("people") { _, context in
            try require("people:read", context)
            let admin = context.caller.viewer?.isAdmin == true
            let people = try await platform.directory(context.caller.viewer).people.map {
                PersonResource(handle: $0.handle, name: $0.name, team: $0.team, manager: $0.manager, email: admin ? $0.email : nil)
            }
            return try json(people, context)
        }
        api.get("requests") { _, context in
            guard let viewer = context.caller.viewer else { throw Problem.forbidden("Requests for feedback belong to people: sign in.") }
            let open = try await platform.store.openRequests(involving: viewer.handle)
            let asked = open.filter { $0.responder == viewer.handle }, mine = open.filter { $0.requester == viewer.handle }
            return try json((asked + mine).map(Self.resource), context)
        }
        api.post("requests") { request, context in
            guard let viewer = context.caller.viewer else { throw Problem.forbidden("Requests for feedback belong to people: sign in.") }
            let input = try await decode(RequestInput.self, request, context)
            switch try await platform.ask(input.responder, about: input.subject ?? viewer.handle, message: input.message ?? "", viewer: viewer) {
            case let .success(asked): return try json(Self.resource(asked), context, status: .created)
            case let .failure(problem): throw Problem.badRequest(problem.message, field: problem.field)
            }
        }
        api.get("reports") { request, context in try await report(request, context) }
    }

    // MARK: Records

    private func createRecord(_ request: Request, _ context: ServerContext) async throws -> Response {
        try require("feedback:write", context)
        let input = try await decode(RecordInput.self, request, context)
        let kind = try Self.kind(input.kind)
        let from: String
        if let viewer = context.caller.viewer {
            guard input.from == nil || input.from == viewer.handle else {
                throw Problem.badRequest("A signed-in person records as themselves: leave 'from' out.", field: "from")
            }
            from = viewer.handle
        } else {
            guard let given = input.from, !given.isEmpty else { throw Problem.badRequest("Name the author: 'from' is required with an API token.", field: "from") }
            from = given
        }
        var visibility = platform.configuration.defaultVisibility
        if let text = input.visibility {
            guard let parsed = Visibility(rawValue: text) else {
                throw Problem.badRequest("'visibility' is public, recipient, manager or private, not '\(text)'.", field: "visibility")
            }
            visibility = parsed
        }
        var date: FactTimestamp?
        if let text = input.date {
            guard let parsed = FactTimestamp(parsing: text, allowDate: true) else {
                throw Problem.badRequest("'date' is YYYY-MM-DD or RFC 3339, not '\(text)'.", field: "date")
            }
            date = parsed
        }
        if kind == .feedback, input.minutes != nil { throw Problem.badRequest("Feedback has no minutes; mentoring does.", field: "minutes") }
        let submission = Submission(kind: kind, from: from, to: input.to, text: input.text ?? "", minutes: input.minutes,
                                    principles: input.principles ?? [], tags: input.tags ?? [], visibility: visibility,
                                    anonymous: input.anonymous ?? false, date: date)
        switch try await platform.store(submission, caller: context.caller.viewer) {
        case let .success(stored):
            var response = try json(RecordResource(stored.record, scores: stored.scores, readable: true, evidence: false), context, status: .created)
            response.headers[.location] = "/api/v1/records/\(stored.record.id)"
            return response
        case let .failure(problems):
            if problems.duplicate { throw Problem(.conflict, problems.all[0].message) }
            throw Problem.badRequest(problems.all.map(\.message).joined(separator: " "), field: problems.all[0].field)
        }
    }

    private func listRecords(_ request: Request, _ context: ServerContext) async throws -> Response {
        try require("records:read", context)
        let query = request.query
        let limit = try query["limit"].map { text -> Int in
            guard let value = Int(text), (1...200).contains(value) else { throw Problem.badRequest("'limit' is from 1 to 200.", field: "limit") }
            return value
        } ?? 50
        var filter = RecordFilter(from: query["from"], to: query["to"], team: query["team"], principle: query["principle"])
        // An unknown name in a filter is a mistake, not an empty page.
        let directory = try await platform.directory(context.caller.viewer)
        for field in ["from", "to"] {
            if let handle = query[field], directory.person(handle) == nil {
                throw Problem.badRequest("No one in the directory has the handle '\(handle)'.", field: field)
            }
        }
        if let team = filter.team, !directory.people.contains(where: { $0.team == team }) {
            throw Problem.badRequest("No team is called '\(team)'.", field: "team")
        }
        if let principle = filter.principle, platform.principles[id: principle] == nil {
            throw Problem.badRequest("There is no principle '\(principle)'.", field: "principle")
        }
        if let kind = query["kind"] { filter.kind = try Self.kind(kind, field: "kind") }
        if let verdict = query["verdict"] {
            guard let parsed = Verdict(rawValue: verdict) else {
                throw Problem.badRequest("'verdict' is aligned, misaligned or not-evidenced.", field: "verdict")
            }
            filter.verdict = parsed
        }
        for (name, apply) in [("since", { (date: FactTimestamp) in filter.since = date }), ("until", { filter.until = $0 })] {
            guard let text = query[name] else { continue }
            guard let date = FactTimestamp(parsing: text, allowDate: true) else {
                throw Problem.badRequest("'\(name)' is YYYY-MM-DD or RFC 3339.", field: name)
            }
            apply(date)
        }
        if let cursor = query["cursor"] {
            guard let position = Self.position(cursor) else { throw Problem.badRequest("'cursor' is not one this API gave.", field: "cursor") }
            filter.startAfter = position
        }
        let mayRead = readers(context)
        // Only what the caller may read is listed: pages of the store are read until one of the
        // caller's is full, so a page never hints at records it leaves out.
        var records: [StoredRecord] = [], last: RecordPosition?, exhausted = false
        while records.count <= limit, !exhausted {
            filter.limit = (limit + 1) * 2
            let batch = try await platform.store.keyedRecords(filter)
            exhausted = batch.count < filter.limit!
            for keyed in batch {
                filter.startAfter = RecordPosition(date: keyed.stored.date.seconds, key: keyed.key)
                guard mayRead(keyed.stored) else { continue }
                if records.count == limit { records.append(keyed.stored); break }
                records.append(keyed.stored)
                last = filter.startAfter
            }
        }
        let more = records.count > limit
        if more { records.removeLast() }
        let scores = try await platform.store.scores(of: records.map(\.id))
        let page = RecordPage(records: records.map { RecordResource($0, scores: scores[$0.id] ?? [], readable: true, evidence: false) },
                              next: more ? last.map(Self.cursor) : nil)
        return try json(page, context)
    }

    /// The record the path names, when the caller may see it at all; a record they may not see
    /// answers 404 exactly as one that does not exist.
    private func visibleRecord(_ context: ServerContext) async throws -> (StoredRecord, Bool) {
        try require("records:read", context)
        let id = try context.parameters.require("id")
        guard let record = try await platform.store.record(id: id), readers(context)(record) else { throw Problem.notFound("No record you may read") }
        return (record, true)
    }

    /// Whether the caller may read a record: a person by its visibility; a token the public ones.
    private func readers(_ context: ServerContext) -> (StoredRecord) -> Bool {
        if let viewer = context.caller.viewer { return viewer.mayRead }
        return { $0.visibility == .public }
    }

    static func cursor(_ position: RecordPosition) -> String { "\(position.date).\(position.key)" }

    static func position(_ cursor: String) -> RecordPosition? {
        let parts = cursor.split(separator: ".")
        guard parts.count == 2, let date = Int64(parts[0]), let key = Int64(parts[1]) else { return nil }
        return RecordPosition(date: date, key: key)
    }

    // MARK: Reports

    private func report(_ request: Request, _ context: ServerContext) async throws -> Response {
        try require("reports:read", context)
        let query = request.query
        let viewer = context.caller.viewer
        let scope: ReportRequest.Scope
        switch query["scope"] ?? "organisation" {
        case "organisation":
            if let viewer, !viewer.isAdmin { throw Problem.forbidden("The organisation's report is for people-operations.") }
            scope = .organisation
        case "team":
            guard let team = query["team"] else { throw Problem.badRequest("Name the team: ?team=…", field: "team") }
            if let viewer, !viewer.reportTeams.contains(team) { throw ReportPages.forTeamManagers }
            if viewer == nil, try await !platform.directory(nil).people.contains(where: { $0.team == team }) {
                throw Problem.badRequest("No team is called '\(team)'.", field: "team")
            }
            scope = .team(team)
        case "person":
            guard let viewer else { throw Problem.forbidden("A person's report is theirs: sign in.") }
            scope = .person(viewer.handle)
        case let other:
            throw Problem.badRequest("'scope' is organisation, team or person, not '\(other)'.", field: "scope")
        }
        let choice = try PeriodChoice(query["period"], now: platform.timestamp)
        let report = try await platform.report(scope, period: choice.period, viewer: viewer?.handle)
        return Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: try ReportRenderer.json(report))))
    }

    // MARK: Helpers

    /// Refuses a token without `scope` (or `alternative`); a signed-in person may do what their pages do.
    private func require(_ scope: String, _ context: ServerContext, orScope alternative: String? = nil) throws {
        switch context.caller {
        case .nobody: throw Problem.signInRequired
        case .person: return
        case let .token(token):
            guard token.scopes.contains(scope) || alternative.map(token.scopes.contains) == true else {
                throw Problem.forbidden("The token '\(token.name)' lacks the scope '\(scope)'.")
            }
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: ServerContext) async throws -> T {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        do {
            return try JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
        } catch let DecodingError.keyNotFound(key, _) {
            throw Problem.badRequest("'\(key.stringValue)' is required.", field: key.stringValue)
        } catch let DecodingError.typeMismatch(_, error), let DecodingError.valueNotFound(_, error) {
            let field = error.codingPath.map(\.stringValue).joined(separator: ".")
            throw Problem.badRequest("'\(field)' has the wrong type.", field: field)
        } catch {
            throw Problem.badRequest("The body is not valid JSON for this call.")
        }
    }

    private func json(_ value: some Encodable, _ context: ServerContext, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    static func kind(_ text: String?, field: String = "kind") throws -> RecordKind {
        guard let text else { return .feedback }
        guard let kind = RecordKind(rawValue: text) else { throw Problem.badRequest("'\(field)' is feedback or mentoring, not '\(text)'.", field: field) }
        return kind
    }

    static func resource(_ request: FeedbackRequest) -> RequestResource {
        RequestResource(id: request.id, requester: request.requester, responder: request.responder, subject: request.subject,
                        message: request.message, status: request.status.rawValue,
                        created: FactTimestamp(seconds: request.created)?.description ?? "")
    }
}

/// What every API call passes first: a session's changes carry its form token in
/// `X-CSRF-Token`, and each caller is held to a rate (429 with Retry-After past it).
struct APIGuard: RouterMiddleware {
    let platform: Platform

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        let key: String
        switch context.caller {
        case let .token(token): key = "token:" + token.name
        case let .person(viewer, session):
            key = "person:" + viewer.handle
            if request.method != .get && request.method != .head {
                guard let sent = request.headers[FormGuard.header], Secret.equal(sent, session.csrfToken) else {
                    throw Problem.forbidden("A change made with a session cookie needs the page's form token in the X-CSRF-Token header.")
                }
            }
        case .nobody: key = "address:" + context.address
        }
        if let wait = await platform.apiCalls.count(key, now: platform.now) {
            throw Problem(.tooManyRequests, "Too many calls: wait \(wait) seconds.", retryAfter: wait)
        }
        return try await next(request, context)
    }
}
