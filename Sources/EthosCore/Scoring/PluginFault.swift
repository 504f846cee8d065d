internal import EthosPluginAPI

/// A fault in an external plugin: which plugin, what went wrong, and the tail of its standard error.
public struct PluginFault: Error, Hashable, Sendable, CustomStringConvertible {
    /// The plugin's id.
    public var plugin: String
    /// What went wrong.
    public var problem: String
    /// The last lines the plugin wrote to standard error.
    public var standardError: String
    /// Whether the plugin is required, so its fault fails the command.
    public var required: Bool = false

    /// Creates a fault.
    public init(plugin: String, problem: String, standardError: String, required: Bool = false) {
        self.plugin = plugin
        self.problem = problem
        self.standardError = standardError
        self.required = required
    }

    public var description: String {
        var text = "plugin '\(plugin)' was stopped: \(problem)"
        if !standardError.isEmpty {
            text += "\n  its standard error ended with:\n" + standardError.split(separator: "\n", omittingEmptySubsequences: false)
                .suffix(10).map { "    | " + $0 }.joined(separator: "\n")
        }
        return text
    }
}
