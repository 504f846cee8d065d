internal import EthosCore
internal import Foundation

/// A record as the API returns it. `from` is absent for an anonymous record, `text` null when
/// the caller may not read it.
struct RecordResource: Codable, Sendable {
    var id: String
    var kind: String
    var from: String?
    var to: String
    var date: String
    var text: String?
    var minutes: Int?
    var principles: [String]
    var tags: [String]
    var visibility: String
    var anonymous: Bool
    var verdicts: [VerdictResource]

    init(_ record: StoredRecord, scores: [StoredScore], readable: Bool, evidence: Bool) {
        id = record.id
        kind = record.kind.rawValue
        from = record.anonymous ? nil : record.author
        to = record.subject
        date = record.date.description
        text = readable ? record.text : nil
        minutes = record.minutes
        principles = record.principles
        tags = record.tags
        visibility = record.visibility.rawValue
        anonymous = record.anonymous
        let sentences = readable && evidence ? EvidenceSentences(record.text) : nil
        verdicts = scores.map { VerdictResource($0, sentences: sentences) }
    }

    private enum CodingKeys: String, CodingKey {
        case id, kind, from, to, date, text, minutes, principles, tags, visibility, anonymous, verdicts
    }

    /// `text` is written as null when it is hidden, rather than left out.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(date, forKey: .date)
        try container.encode(text, forKey: .text)
        try container.encodeIfPresent(minutes, forKey: .minutes)
        try container.encode(principles, forKey: .principles)
        try container.encode(tags, forKey: .tags)
        try container.encode(visibility, forKey: .visibility)
        try container.encode(anonymous, forKey: .anonymous)
        try container.encode(verdicts, forKey: .verdicts)
    }
}

/// One principle's verdict, with its evidence when asked for and readable.
struct VerdictResource: Codable, Sendable {
    var principle: String
    var verdict: String
    var alignment: Double
    var relevance: Double
    var evidence: [EvidenceResource]?

    init(_ score: StoredScore, sentences: EvidenceSentences?) {
        principle = score.principle
        verdict = score.verdict.rawValue
        alignment = score.alignment
        relevance = score.relevance
        evidence = sentences.map { sentences in score.evidence.map { EvidenceResource($0, sentences: sentences) } }
    }

    init(_ score: PrincipleScore, sentences: EvidenceSentences) {
        principle = score.principle
        verdict = score.verdict.rawValue
        alignment = score.alignment
        relevance = score.relevance
        evidence = score.evidence.map { EvidenceResource($0, sentences: sentences) }
    }
}

struct EvidenceResource: Codable, Sendable {
    var plugin: String
    var strength: Double
    var confidence: Double
    var reason: String
    var sentence: String?
    var tone: Bool?

    init(_ evidence: Evidence, sentences: EvidenceSentences) {
        plugin = evidence.plugin
        strength = evidence.strength
        confidence = evidence.confidence
        reason = evidence.reason
        sentence = sentences.sentence(of: evidence)
        tone = evidence.principle == nil ? true : nil
    }
}

/// What `POST /api/v1/records` takes.
struct RecordInput: Codable, Sendable {
    var kind: String?
    var from: String?
    var to: String
    var text: String?
    var minutes: Int?
    var principles: [String]?
    var tags: [String]?
    var visibility: String?
    var anonymous: Bool?
    var date: String?
}

/// What `POST /api/v1/score` takes.
struct ScoreInput: Codable, Sendable {
    var text: String
    var kind: String?
    var minutes: Int?
}

struct ScoreResult: Codable, Sendable {
    var verdicts: [VerdictResource]
    var notes: [String]
}

struct RecordPage: Codable, Sendable {
    var records: [RecordResource]
    /// The cursor of the next page, absent on the last.
    var next: String?
}

struct PersonResource: Codable, Sendable {
    var handle: String
    var name: String?
    var team: String?
    var manager: String?
    /// Shown to people-operations only.
    var email: String?
}

struct RequestResource: Codable, Sendable {
    var id: String
    var requester: String
    var responder: String
    var subject: String
    var message: String
    var status: String
    var created: String
}

struct RequestInput: Codable, Sendable {
    var responder: String
    var subject: String?
    var message: String?
}
