public import EthosCore
internal import Foundation
internal import EthosText

/// A no-code plugin declared in `Plugins/<name>.yaml`: facts from term lists and regular
/// expressions (counts, booleans, captured text) and evidence for principles when a condition
/// over facts holds.
public struct YAMLPlugin: FactProvider, EvidenceProvider {
    /// How a fact is computed from the text.
    public enum Measure: Sendable {
        /// How many matches of the terms and patterns.
        case count
        /// Whether any matches.
        case any
        /// The first capture group of the first pattern that matches.
        case capture
    }

    /// A fact the plugin computes.
    public struct Fact: Sendable {
        public var declaration: FactDeclaration
        public var measure: Measure
        /// Term patterns: stems of the words of each term.
        var terms: [[String]]
        /// Regular expressions, each search bounded (a pattern stopped on a text gives the fact no value there).
        var patterns: [BoundedRegex]
    }

    /// Evidence the plugin gives when a condition holds.
    public struct EvidenceRule: Sendable {
        public var principle: String
        public var condition: CompiledExpression
        public var strength: Double
        public var confidence: Double
        public var reason: String
    }

    public let id: String
    public let version: String
    public let summary: String
    public let definedFacts: [Fact]
    public let evidenceRules: [EvidenceRule]
    /// The file the plugin was read from.
    public let source: String

    public var facts: [FactDeclaration] { definedFacts.map(\.declaration) }

    public func facts(for record: Record, context: RecordContext) -> [String: FactValue] {
        var values: [String: FactValue] = [:]
        let stems = context.text.tokens.map(\.stem)
        for fact in definedFacts {
            // A pattern stopped at its bound on this text leaves the fact without a value, so a
            // rule that reads it says so rather than count what it could not.
            do throws(BoundedRegex.Timeout) {
                switch fact.measure {
                case .count, .any:
                    var count = 0
                    for term in fact.terms { count += Self.occurrences(of: term, in: stems) }
                    for pattern in fact.patterns { count += try pattern.matches(in: record.text).count }
                    values[fact.declaration.name] = fact.measure == .count ? .int(Int64(count)) : .bool(count > 0)
                case .capture:
                    for pattern in fact.patterns {
                        guard let group = try pattern.matches(in: record.text).first?.group else { continue }
                        values[fact.declaration.name] = .string(BoundedRegex.text(group, in: record.text))
                        break
                    }
                }
            } catch {
                values[fact.declaration.name] = nil
            }
        }
        return values
    }

    public func evidence(for _: Record, context: RecordContext) -> [Evidence] {
        evidenceRules.compactMap { rule in
            guard case .success(.bool(true)) = rule.condition.evaluate(context.facts) else { return nil }
            return Evidence(principle: rule.principle, strength: rule.strength, confidence: rule.confidence, reason: rule.reason)
        }
    }

    static func occurrences(of term: [String], in stems: [String]) -> Int {
        guard !term.isEmpty, stems.count >= term.count else { return 0 }
        var count = 0
        for start in 0...(stems.count - term.count) where stems[start..<(start + term.count)].elementsEqual(term) {
            count += 1
        }
        return count
    }
}

/// Makes a ``YAMLPlugin`` once the run's fact schema is known (its conditions may read any fact).
struct YAMLPluginFactory: PluginFactory, DeclaresFactsEarly {
    let declaration: YAMLPluginLoader.Declaration

    var id: String { declaration.id }
    var readsFacts: Bool { true }
    var declaredFacts: [FactDeclaration] { declaration.facts.map(\.declaration) }

    func make(_ settings: PluginSettings) throws(PluginSetupError) -> any Plugin {
        switch YAMLPluginLoader.compile(declaration, schema: settings.factSchema) {
        case let .success(plugin): return plugin
        case let .failure(error): throw PluginSetupError(error.diagnostics.map(\.formatted).joined(separator: "\n"))
        }
    }
}
