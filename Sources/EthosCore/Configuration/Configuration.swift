/// Workspace settings from `ethos.yaml`. Every setting is optional; paths are relative to the
/// directory that holds the settings file.
public struct Configuration: Hashable, Sendable {
    /// The principles directory (`paths.principles`), resolved against the settings file.
    public var principlesDirectory: String?
    /// The custom plugins directory (`paths.plugins`), resolved against the settings file.
    public var pluginsDirectory: String?
    /// The thresholds, plugin weights and plugin options (`scoring:` and `plugins:`).
    public var scoring: ScoringSettings
    /// The smallest group a report may describe (`privacy.minimum-group-size`, default 5, never below 3).
    public var minimumGroupSize: Int = 5
    /// Who may read new feedback that does not say (`privacy.default-visibility`): by default its
    /// subject and their managers, never everyone.
    public var defaultVisibility: Visibility = .recipient
    /// Whether organisation and team reports name who wrote a quote and whom it is about
    /// (`privacy.name-people-in-quotes`, default no).
    public var namePeopleInQuotes = false
    /// The people-operations team (`admins:`, a list of handles): on `ethos serve` they read the
    /// organisation's report and every record's text, and manage the people directory.
    public var admins: [String] = []
    /// The file the settings came from, if any.
    public var source: String?

    /// Creates settings.
    public init(principlesDirectory: String? = nil, pluginsDirectory: String? = nil, scoring: ScoringSettings = ScoringSettings(),
                source: String? = nil) {
        self.principlesDirectory = principlesDirectory
        self.pluginsDirectory = pluginsDirectory
        self.scoring = scoring
        self.source = source
    }

    /// The default principles directory when neither a flag nor the settings name one.
    public static let defaultPrinciplesDirectory = "Principles"
    /// The default plugins directory.
    public static let defaultPluginsDirectory = "Plugins"
    /// The settings file looked for in the current directory.
    public static let defaultFileName = "ethos.yaml"
}
