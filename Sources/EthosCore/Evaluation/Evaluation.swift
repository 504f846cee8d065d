/// How well the scorer's verdicts agree with verdicts people gave: `ethos principles evaluate`.
///
/// Every figure stands beside the trivial baseline that always answers `not-evidenced`, so a
/// company can see how much the principles add over saying nothing.
public struct Evaluation: Sendable {
    /// The figures for one principle, or for every principle together.
    public struct Figures: Sendable, Equatable {
        /// How many labelled verdicts were compared.
        public var count: Int
        /// `confusion[expected][actual]`: how many records labelled `expected` were scored `actual`.
        public var confusion: [Verdict: [Verdict: Int]]

        /// Creates empty figures.
        public init() {
            count = 0
            confusion = [:]
        }

        mutating func add(expected: Verdict, actual: Verdict) {
            count += 1
            confusion[expected, default: [:]][actual, default: 0] += 1
        }

        /// How many records labelled `expected` were scored `actual`.
        public func count(expected: Verdict, actual: Verdict) -> Int { confusion[expected]?[actual] ?? 0 }

        /// How many verdicts were right.
        public var correct: Int { Verdict.allCases.reduce(0) { $0 + count(expected: $1, actual: $1) } }

        /// The share of verdicts that were right; 0 with nothing compared.
        public var accuracy: Double { Self.share(correct, of: count) }

        /// The accuracy of always answering `not-evidenced`.
        public var baselineAccuracy: Double { Self.share(labelled(.notEvidenced), of: count) }

        /// How many records were labelled `verdict`.
        public func labelled(_ verdict: Verdict) -> Int { Verdict.allCases.reduce(0) { $0 + count(expected: verdict, actual: $1) } }

        /// How many records were scored `verdict`.
        public func scored(_ verdict: Verdict) -> Int { Verdict.allCases.reduce(0) { $0 + count(expected: $1, actual: verdict) } }

        /// Of the records scored `verdict`, the share labelled so; `nil` when none was scored so.
        public func precision(_ verdict: Verdict) -> Double? {
            scored(verdict) == 0 ? nil : Self.share(count(expected: verdict, actual: verdict), of: scored(verdict))
        }

        /// Of the records labelled `verdict`, the share scored so; `nil` when none was labelled so.
        public func recall(_ verdict: Verdict) -> Double? {
            labelled(verdict) == 0 ? nil : Self.share(count(expected: verdict, actual: verdict), of: labelled(verdict))
        }

        private static func share(_ part: Int, of whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }
    }

    /// One verdict that disagreed with its label.
    public struct Miss: Sendable, Equatable {
        /// The record's id, or its line.
        public var record: String
        /// The line the record starts on.
        public var line: Int
        /// The principle.
        public var principle: String
        /// The label.
        public var expected: Verdict
        /// The verdict scored.
        public var actual: Verdict
        /// The alignment and relevance scored.
        public var alignment: Double, relevance: Double
    }

    /// Figures per principle, in the scorer's order; principles no record labels are left out.
    public var principles: [(id: String, figures: Figures)] {
        order.compactMap { id in byPrinciple[id].map { (id, $0) } }
    }
    /// Every principle's verdicts together.
    public private(set) var overall = Figures()
    /// The verdicts that disagreed with their labels, in file order.
    public private(set) var misses: [Miss] = []
    /// How many records were evaluated.
    public private(set) var records = 0

    private var order: [String]
    private var byPrinciple: [String: Figures] = [:]

    /// Starts an evaluation of principles in `order`.
    public init(principles order: [String]) {
        self.order = order
    }

    /// Adds one record's scores.
    public mutating func add(_ labelled: LabelledRecord, _ score: RecordScore) {
        add(labelled, score.principles)
    }

    /// Adds one record's scores, one per principle.
    public mutating func add(_ labelled: LabelledRecord, _ scores: [PrincipleScore]) {
        records += 1
        for id in order {
            guard let expected = labelled.expected[id] else { continue }
            let result = scores.first { $0.principle == id }
            let actual = result?.verdict ?? .notEvidenced
            byPrinciple[id, default: Figures()].add(expected: expected, actual: actual)
            overall.add(expected: expected, actual: actual)
            if actual != expected {
                misses.append(Miss(record: labelled.record.id ?? String(labelled.line), line: labelled.line, principle: id,
                                   expected: expected, actual: actual, alignment: result?.alignment ?? 0,
                                   relevance: result?.relevance ?? 0))
            }
        }
    }
}

extension Evaluation {
    /// Whether any principle's accuracy, or the overall one, is below `floor` (a share from 0 to 1).
    public func belowAccuracy(_ floor: Double) -> Bool {
        overall.accuracy < floor || principles.contains { $0.figures.accuracy < floor }
    }
}
