import EthosPlugins
import EthosCore
import Foundation
import Testing

@Suite("The shipped principles")
struct ShippedPrinciplesTests {
    let load = PrinciplesLoader.builtins().load(paths: [repositoryRoot.appendingPathComponent("Principles").path])

    @Test("load without any diagnostic")
    func loadCleanly() throws {
        #expect(load.diagnostics.map(\.formatted) == [])
        let principles = try load.get()
        #expect(principles.ids == ["community-contribution", "journey-of-experiences"])
        #expect(load.fileCount == 2)
    }

    @Test("carry the company's exact wording for Journey of Experiences")
    func journeyOfExperiences() throws {
        let principle = try #require(try load.get()[id: "journey-of-experiences"])
        #expect(principle.name == "Journey of Experiences")
        #expect(principle.tenets == [
            "Each person is on a journey of constant growth.",
            "We provide everyone opportunity for their best journey.",
            "We are humble in accepting feedback and act with integrity.",
        ])
        #expect(principle.weight == 1)
        #expect(Set(principle.rules.map(\.id)).isSuperset(of: ["sustained-mentoring", "asks-for-feedback", "dismissive-about-feedback"]))
        #expect(principle.rules[0].when == #"record.kind == "mentoring" && record.minutes >= 30 && keywords.aligned > 0 && keywords.misaligned == 0"#)
        #expect(principle.signals.contains { $0.weight < 0 }, "misalignment signals are needed for polarity")
        #expect(!principle.examples.aligned.isEmpty && !principle.examples.misaligned.isEmpty && !principle.examples.unrelated.isEmpty)
    }

    @Test("carry the company's exact wording for Community Contribution")
    func communityContribution() throws {
        let principle = try #require(try load.get()[id: "community-contribution"])
        #expect(principle.name == "Community Contribution")
        #expect(principle.tenets == [
            "We are part of a wider community.",
            "We stand on the shoulders of other giants.",
            "Everyone contributes; therefore, everyone can influence.",
            "We want to contribute to communities, facilitate external contributions and encourage community participation.",
        ])
        let mentoring = try #require(principle.examples.aligned.first { $0.kind == .mentoring })
        #expect(mentoring.minutes == 60)
    }

    @Test("reference the JSON Schema for editors")
    func referenceSchema() throws {
        for name in ["journey-of-experiences", "community-contribution"] {
            let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Principles/\(name).yaml"), encoding: .utf8)
            #expect(text.hasPrefix("# yaml-language-server: $schema=schema.json\n"))
        }
    }
}

@Suite("Scoring on many threads")
struct ConcurrentScoringTests {
    @Test("one scorer on eight threads gives every record the score another scorer gives it on one thread")
    func concurrentEqualsSequential() throws {
        let principles = try PrinciplesLoader.builtins().load(paths: [repositoryRoot.appendingPathComponent("Principles").path]).get()
        let words = ["asked", "feedback", "mentored", "upstream", "shared", "runbook", "refused", "review", "credit", "kept",
                     "zorblax", "quuxified", "frobnicating", "open-sourced", "newcomers", "documented", "ignored", "pairing"]
        var random = SplitMix64(seed: 7)
        let records = (0..<400).map { index in
            let text = (0..<12).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ")
            return Record(from: "p\(index % 9)", to: "p\(index % 7 + 9)", text: text + " \(index)zz\(index).")
        }
        let shared = try Scorer(principles: principles, factories: BuiltinPlugins.factories)
        let results = ResultSlots(count: records.count)
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for index in stride(from: worker, to: records.count, by: 8) { results.set(index, shared.score(records[index])) }
        }
        let fresh = try Scorer(principles: principles, factories: BuiltinPlugins.factories)
        for (index, record) in records.enumerated() {
            let alone = fresh.score(record)
            #expect(results.get(index)?.principles == alone.principles, "record \(index)")
        }
    }

    final class ResultSlots: @unchecked Sendable {
        // @unchecked: every slot is written by one thread, under the lock, and read after all threads end.
        private var slots: [RecordScore?]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ score: RecordScore) { lock.withLock { slots[index] = score } }
        func get(_ index: Int) -> RecordScore? { lock.withLock { slots[index] } }
    }
}
