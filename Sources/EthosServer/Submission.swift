internal import EthosCore
internal import EthosRecording

/// A record someone submits through a page or the API, checked field by field before the
/// recorder validates, scores and stores it: what is wrong is said next to the field.
struct Submission: Sendable {
    var kind: RecordKind = .feedback
    var from: String
    var to: String
    var text: String
    var minutes: Int?
    var principles: [String] = []
    var tags: [String] = []
    var visibility: Visibility
    var anonymous = false
    var date: FactTimestamp?

    /// A field's problem: the field's name as the form and the API call it, and the message.
    struct FieldError: Error, Sendable {
        var field: String
        var message: String
    }

    /// Every problem, field by field; empty when the recorder may have it.
    func problems(directory: Directory, principles known: PrincipleSet) -> [FieldError] {
        var problems: [FieldError] = []
        if to.isEmpty {
            problems.append(FieldError(field: "to", message: kind == .feedback ? "Choose the colleague the feedback is about."
                                                                                 : "Choose who the session was with."))
        } else if directory.person(to) == nil {
            let suggestion = Suggestions.closest(to: to, in: directory.people.map(\.handle)).map { " Did you mean '\($0)'?" } ?? ""
            problems.append(FieldError(field: "to", message: "No one in the directory has the handle '\(to)'." + suggestion))
        } else if to == from {
            problems.append(FieldError(field: "to", message: kind == .feedback ? "Feedback is about someone else: choose a colleague, not yourself."
                                                                                 : "A mentoring session is between two people."))
        }
        if !from.isEmpty, directory.person(from) == nil {
            problems.append(FieldError(field: "from", message: "No one in the directory has the handle '\(from)'."))
        }
        if text.allSatisfy(\.isWhitespace) {
            problems.append(FieldError(field: "text", message: kind == .feedback ? "Write the feedback: the text is empty."
                                                                                 : "Write what the session covered: the notes are empty."))
        } else if text.count > RecordDecoder.defaultTextLimit {
            problems.append(FieldError(field: "text", message: "The text is \(text.count) characters; at most \(RecordDecoder.defaultTextLimit) are kept."))
        }
        if kind == .mentoring, !(1...1_440).contains(minutes ?? 0) {
            problems.append(FieldError(field: "minutes", message: "Give the session's length in minutes, from 1 to 1440."))
        }
        let ids = Set(known.ids)
        for principle in self.principles where !ids.contains(principle) {
            problems.append(FieldError(field: "principles", message: "There is no principle '\(principle)'."))
        }
        return problems
    }

    /// Every problem of a submission, in field order.
    struct Problems: Error, Sendable {
        var all: [FieldError]
        var duplicate = false

        init(_ all: [FieldError], duplicate: Bool = false) {
            self.all = all
            self.duplicate = duplicate
        }

        /// Each field's first message, by field name, and all of them as `message`: what a form shows.
        var model: [String: String] {
            var model: [String: String] = [:]
            for problem in all where model[problem.field] == nil { model[problem.field] = problem.message }
            model["message"] = all.count == 1 ? all[0].message : "Please correct the \(all.count) problems below."
            return model
        }
    }

    var record: Record {
        Record(kind: kind, from: from, to: to, date: date, text: text, minutes: minutes, principles: principles, tags: tags,
               visibility: visibility, anonymous: anonymous)
    }
}

extension Platform {
    /// Checks, scores and stores `submission`; the record and its scores as stored, or the problems.
    /// `caller` is the signed-in person, whose copy of the directory is used rather than read again.
    func store(_ submission: Submission, caller: Viewer?) async throws -> Result<StoredForm, Submission.Problems> {
        let directory = try await self.directory(caller)
        let problems = submission.problems(directory: directory, principles: principles)
        if !problems.isEmpty { return .failure(Submission.Problems(problems)) }
        var recorder = recorder()
        recorder.people = { handles in Dictionary(handles.compactMap { directory.person($0).map { ($0.handle, $0) } }) { first, _ in first } }
        switch try await recorder.recordOne(submission.record, createPeople: false) {
        case let .stored(stored):
            return .success(stored)
        case let .duplicate(id):
            return .failure(Submission.Problems([Submission.FieldError(field: "text", message: "This record is already stored (\(id)); nothing was added.")],
                                                duplicate: true))
        case let .rejected(reason):
            return .failure(Submission.Problems([Submission.FieldError(field: "text", message: reason)]))
        }
    }
}

extension Platform {
    /// Asks `responder` for feedback about `subject` on `viewer`'s behalf: the request, or the
    /// field at fault. The one rule the page and the API share.
    func ask(_ responder: String, about subject: String, message: String, viewer: Viewer) async throws -> Result<FeedbackRequest, Submission.FieldError> {
        if viewer.directory.person(responder) == nil {
            return .failure(Submission.FieldError(field: "responder", message: "No one in the directory has the handle '\(responder)'."))
        }
        if !viewer.mayRequestFeedback(about: subject) {
            return .failure(Submission.FieldError(field: "subject", message: "You may ask for feedback about yourself or someone you manage."))
        }
        if responder == subject {
            return .failure(Submission.FieldError(field: "responder", message: "Ask someone other than the person the feedback is about."))
        }
        if message.count > 2_000 {
            return .failure(Submission.FieldError(field: "message", message: "The message is longer than 2,000 characters."))
        }
        let asked = FeedbackRequest(id: "q-" + String(Secret.token().prefix(16)), requester: viewer.handle, responder: responder,
                                    subject: subject, message: message, created: now)
        try await store.createRequest(asked)
        return .success(asked)
    }
}
