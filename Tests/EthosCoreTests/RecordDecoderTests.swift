import EthosCore
import Testing

@Suite("Records in JSON")
struct RecordDecoderTests {
    let decoder = RecordDecoder(knownPrinciples: ["journey-of-experiences", "community-contribution"],
                                now: FactTimestamp(parsing: "2026-11-26T00:00:00Z"))

    func problems(_ json: String) -> [String] {
        switch decoder.decode(json: json, file: "r.json") {
        case .success: return []
        case let .failure(error): return error.diagnostics.map(\.formatted)
        }
    }

    @Test("reads every field")
    func everyField() throws {
        let record = try decoder.decode(json: """
            {"id": "ext-123", "kind": "mentoring", "from": "ana", "to": "ravi", "date": "2026-11-20",
             "text": "We paired on the parser.", "minutes": 45, "principles": ["journey-of-experiences"],
             "tags": ["design-review"], "visibility": "recipient", "anonymous": false}
            """, file: "r.json").get()
        #expect(record == Record(id: "ext-123", kind: .mentoring, from: "ana", to: "ravi",
                                 date: FactTimestamp(parsing: "2026-11-20", allowDate: true), text: "We paired on the parser.",
                                 minutes: 45, principles: ["journey-of-experiences"], tags: ["design-review"],
                                 visibility: .recipient, anonymous: false))
    }

    @Test("applies defaults to optional fields and takes numeric ids and RFC 3339 dates")
    func defaults() throws {
        let record = try decoder.decode(json: #"{"id": 42, "kind": "feedback", "from": "a", "to": "b", "text": "t", "date": "2026-11-20T09:30:00+01:00"}"#,
                                        file: "r.json").get()
        #expect(record.id == "42")
        #expect(record.visibility == .recipient)
        #expect(!record.anonymous)
        var shared = decoder
        shared.defaultVisibility = .public
        #expect(try shared.decode(json: #"{"kind": "feedback", "from": "a", "to": "b", "text": "t"}"#, file: "r.json").get().visibility == .public)
        #expect(record.date?.description == "2026-11-20T08:30:00Z")
    }

    @Test("reports every problem with its line and column")
    func problemsLocated() {
        #expect(problems("""
            {"kind": "feedbak", "from": "ana", "to": "ana", "text": "  ",
             "date": "20/11/2026", "minutes": 30, "principles": ["journey-of-experience"],
             "visibilty": "public", "anonymous": "no"}
            """) == [
                "r.json:1:10: error: 'kind' 'feedbak' is not one of 'feedback', 'mentoring'; did you mean 'feedback'?",
                "r.json:1:42: error: The record is from 'ana' to 'ana'; feedback and mentoring are about someone else.",
                "r.json:1:57: error: 'text' must not be empty.",
                "r.json:2:10: error: The date '20/11/2026' is not a date; use YYYY-MM-DD or RFC 3339, like 2026-11-20 or 2026-11-20T09:30:00Z.",
                "r.json:2:53: error: No principle has the id 'journey-of-experience'; did you mean 'journey-of-experiences'?",
                "r.json:3:2: error: Unknown key 'visibilty' in a record; did you mean 'visibility'?",
                "r.json:3:38: error: 'anonymous' must be a boolean, not text.",
            ])
    }

    @Test("rejects future dates, long texts and minutes on feedback")
    func limits() {
        let long = String(repeating: "x", count: RecordDecoder.defaultTextLimit + 1)
        #expect(problems(#"{"kind": "feedback", "from": "a", "to": "b", "text": "\#(long)", "date": "2027-01-01", "minutes": 5}"#) == [
            "r.json:1:54: error: The text is 10001 characters long; the limit is 10000. Shorten it or split it into several records.",
            "r.json:1:10067: error: The date '2027-01-01' is in the future; record what has already happened.",
            "r.json:1:10092: error: Only mentoring records have minutes; remove 'minutes' or set 'kind' to \"mentoring\".",
        ])
        #expect(problems(#"{"kind": "mentoring", "from": "a", "to": "b", "text": "t", "minutes": 0}"#) == [
            "r.json:1:71: error: 'minutes' is 0, but must be from 1 to 1440 (24 hours).",
        ])
    }

    @Test("reports JSON syntax errors at their position", arguments: [
        (#"{"kind": "feedback",}"#, "r.json:1:21: error: JSON syntax error: Expected a key in double quotes."),
        ("{\"kind\": \"feed\nback\"}", "r.json:1:15: error: JSON syntax error: Control characters (such as a line break) must be escaped inside text, e.g. as \\n."),
        (#"{"kind": "a", "kind": "b"}"#, "r.json:1:15: error: JSON syntax error: The key 'kind' appears twice in one object."),
        ("[1, 2]", "r.json:1:1: error: A record must be an object, not a list."),
        ("", "r.json:1:1: error: JSON syntax error: Expected a JSON value, but the text ended."),
        (#"{"a": tru}"#, "r.json:1:7: error: JSON syntax error: Expected a JSON value; did you mean 'true'?"),
        (String(repeating: "[", count: 100), "r.json:1:65: error: JSON syntax error: The JSON is nested more than 64 levels deep."),
    ])
    func syntax(json: String, expected: String) {
        #expect(problems(json) == [expected])
    }

    @Test("an anonymous record hides its author from rules")
    func anonymousAuthor() throws {
        let record = Record(kind: .feedback, from: "ana", to: "ravi", text: "t", anonymous: true)
        let facts = RecordFactSource(record: record, author: Person(handle: "ana", team: "platform"))
        #expect(facts.fact(named: "author.handle") == nil)
        #expect(facts.fact(named: "author.team") == nil)
        #expect(facts.fact(named: "subject.handle") == .string("ravi"))
        let trace = try CompiledExpression("has(author.handle)", schema: RecordFacts.schema).explain(facts)
        #expect(trace.result == .success(.bool(false)))
        #expect(trace.factsRead == [FactReading(name: "author.handle", value: nil)])
    }
}
