/// How a plugin is made from its settings in `ethos.yaml`.
///
/// ```yaml
/// plugins:
///   similarity:
///     weight: 0.5
///     k1: 1.4
/// ```
///
/// `enabled` and `weight` are handled by Ethos for every plugin; the rest are the plugin's
/// ``options``, validated against their declared types before ``make(_:)`` runs.
public protocol PluginFactory: Sendable {
    /// The id of the plugins it makes.
    var id: String { get }
    /// The options the plugin accepts beyond `enabled` and `weight`.
    var options: [PluginOption] { get }
    /// Whether the plugin compiles expressions over other plugins' facts. Such plugins are made
    /// after every other, so ``PluginSettings/factSchema`` holds every fact of the run.
    var readsFacts: Bool { get }
    /// Builds the plugin for a run.
    func make(_ settings: PluginSettings) throws(PluginSetupError) -> any Plugin
}

extension PluginFactory {
    /// No options, by default.
    public var options: [PluginOption] { [] }
    /// Most plugins read only the record.
    public var readsFacts: Bool { false }
}

/// An option a plugin accepts, with its type and default.
public struct PluginOption: Hashable, Sendable {
    /// The kebab-case name used in `ethos.yaml`.
    public var name: String
    /// The value's type: `bool`, `int`, `double`, `string` or `list(string)`.
    public var type: FactType
    /// The value when the settings do not give one.
    public var defaultValue: FactValue
    /// What the option does.
    public var summary: String

    /// Declares an option.
    public init(_ name: String, _ type: FactType, default defaultValue: FactValue, _ summary: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.summary = summary
    }
}

/// What a factory gets: the principles and the validated option values.
public struct PluginSettings: Sendable {
    /// The principles of the run.
    public var principles: PrincipleSet
    /// Every declared option's value: from the settings, else its default.
    public var options: [String: FactValue]
    /// Every fact of the run: record facts and every enabled plugin's, for plugins that
    /// compile expressions (the rules plugin).
    public var factSchema: FactSchema

    /// Creates settings.
    public init(principles: PrincipleSet, options: [String: FactValue] = [:], factSchema: FactSchema = FactSchema()) {
        self.principles = principles
        self.options = options
        self.factSchema = factSchema
    }

    /// The value of a `double` option (an `int` is widened).
    public func double(_ name: String) -> Double? {
        switch options[name] {
        case let .double(value)?: value
        case let .int(value)?: Double(value)
        default: nil
        }
    }

    /// The value of an `int` option.
    public func int(_ name: String) -> Int? {
        if case let .int(value)? = options[name] { return Int(value) }
        return nil
    }

    /// The value of a `bool` option.
    public func bool(_ name: String) -> Bool? {
        if case let .bool(value)? = options[name] { return value }
        return nil
    }
}

/// A plugin that cannot be set up, with a message that says what to change.
public struct PluginSetupError: Error, Hashable, Sendable {
    /// The message.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }
}
