public import EthosPluginAPI
public import EthosRules

/// `rules`: each principle's `rules`, compiled once against the run's fact schema. A rule that
/// fires is evidence with the rule's score as strength and its `because` as reason.
public struct RulesPlugin: EvidenceProvider, ExplainsRules {
    public let id = "rules"
    public let version = "1.0.0"
    public let summary = "Each principle's rules: conditions in Ethos's subset of CEL with a score and a reason."

    /// The compiled rules.
    public let rules: RuleSet

    /// Creates the plugin from compiled rules.
    public init(rules: RuleSet) {
        self.rules = rules
    }

    public func evidence(for _: Record, context: RecordContext) -> [Evidence] {
        // Only the rules that fired are read: copying every rule's strings costs more than the check.
        let statuses = rules.evaluate(context.facts)
        var evidence: [Evidence] = []
        for index in statuses.indices where statuses[index] == .fired {
            if evidence.isEmpty { evidence.reserveCapacity(4) }
            let rule = rules.rules[index]
            evidence.append(Evidence(principle: rule.principle, strength: rule.score, confidence: 1, reason: rule.because, rule: rule.id))
        }
        return evidence
    }

    /// Every rule's outcome on the record, with its trace.
    public func explain(context: RecordContext) -> [RuleExplanation] {
        rules.explain(context.facts)
    }
}

/// Makes ``RulesPlugin``, compiling every principle's rules against the run's facts.
public struct RulesPluginFactory: PluginFactory {
    public let id = "rules"
    /// Rules read every other plugin's facts, so the rules plugin is made last.
    public var readsFacts: Bool { true }

    public init() {}

    public func make(_ settings: PluginSettings) throws(PluginSetupError) -> any Plugin {
        let definitions = settings.principles.flatMap { principle in
            principle.rules.map { RuleDefinition(principle: principle.id, id: $0.id, when: $0.when, score: $0.score, because: $0.because) }
        }
        let (rules, failures) = RuleSet.compile(definitions, schema: settings.factSchema)
        if let failure = failures.first {
            throw PluginSetupError("Rule '\(failure.rule.id)' of '\(failure.rule.principle)' does not compile: \(failure.error.message)")
        }
        return RulesPlugin(rules: rules)
    }
}
