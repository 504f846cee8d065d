internal import EthosIO
/// A record with the verdicts a person expects for it: one line of a file that
/// `ethos principles evaluate` measures the principles against.
///
/// ```json
/// {"kind": "feedback", "from": "ana", "to": "ravi", "text": "…",
///  "expected": {"journey-of-experiences": "aligned", "community-contribution": "not-evidenced"}}
/// ```
///
/// A principle left out of `expected` is not measured on that record.
public struct LabelledRecord: Sendable {
    /// The record, as `ethos score --input` reads it.
    public var record: Record
    /// The expected verdict for each labelled principle.
    public var expected: [String: Verdict]
    /// The line the record starts on.
    public var line: Int

    /// Creates a labelled record.
    public init(record: Record, expected: [String: Verdict], line: Int) {
        self.record = record
        self.expected = expected
        self.line = line
    }
}

extension RecordDecoder {
    /// The key that holds a labelled record's expected verdicts.
    public static let expectedKey = "expected"

    /// Decodes one labelled record: a record's JSON form with an `expected` object of principle
    /// ids and verdicts. Every problem is located, the labels' included.
    public func decodeLabelled(json text: String, file: String, firstLine: Int = 1) -> Result<LabelledRecord, DiagnosticsError> {
        let document: JSONValue.Located
        do {
            document = try JSONParser.parse(text, firstLine: firstLine)
        } catch {
            return .failure(DiagnosticsError([Diagnostic(.jsonSyntax(error.message), at: location(error.position, file))]))
        }
        var problems: [Diagnostic] = []
        let record = decode(document, file: file, problems: &problems, extraKeys: [Self.expectedKey])
        let expected = labels(in: document, file: file, problems: &problems)
        guard let record, let expected, problems.isEmpty else { return .failure(DiagnosticsError(problems)) }
        return .success(LabelledRecord(record: record, expected: expected, line: firstLine))
    }

    private func labels(in document: JSONValue.Located, file: String, problems: inout [Diagnostic]) -> [String: Verdict]? {
        guard case let .object(members) = document.value else { return nil }
        guard let labels = members.first(where: { $0.key == Self.expectedKey })?.value else {
            problems.append(Diagnostic(.missingKey(Self.expectedKey, in: "a labelled record"), at: location(document.position, file)))
            return nil
        }
        guard case let .object(entries) = labels.value, !entries.isEmpty else {
            let issue: Issue = if case .object = labels.value { .emptyValue("'expected'") } else {
                .wrongType("'expected'", expected: .object, found: Self.kind(of: labels.value))
            }
            problems.append(Diagnostic(issue, at: location(labels.position, file)))
            return nil
        }
        var expected: [String: Verdict] = [:]
        let allowed = Verdict.allCases.map(\.rawValue)
        for entry in entries {
            if let known = knownPrinciples, !known.contains(entry.key) {
                problems.append(Diagnostic(.unknownPrinciple(entry.key, suggestion: Suggestions.closest(to: entry.key, in: known)),
                                           at: location(entry.keyPosition, file)))
                continue
            }
            guard case let .string(value) = entry.value.value else {
                problems.append(Diagnostic(.wrongType("'expected.\(entry.key)'", expected: .text, found: Self.kind(of: entry.value.value)),
                                           at: location(entry.value.position, file)))
                continue
            }
            guard let verdict = Verdict(rawValue: value) else {
                problems.append(Diagnostic(.invalidChoice("'expected.\(entry.key)'", value: value, allowed: allowed,
                                                          suggestion: Suggestions.closest(to: value, in: allowed)),
                                           at: location(entry.value.position, file)))
                continue
            }
            expected[entry.key] = verdict
        }
        return expected
    }
}
