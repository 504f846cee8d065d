public import EthosPluginAPI
/// Everything that can be wrong with a principles file or a settings file.
///
/// Each case carries the context its message needs; all wording lives in ``message``, so every
/// message reads the same way: a full sentence that quotes the bad value and says what to do.
public enum Issue: Hashable, Sendable {
    // MARK: Files

    /// The file could not be read at all.
    case unreadableFile(reason: String)
    /// A path given on the command line or in settings does not exist.
    case missingPath(String)
    /// A directory holds no `*.yaml` or `*.yml` file.
    case noPrincipleFiles(directory: String)
    /// The file is bigger than the loader accepts.
    case fileTooLarge(bytes: Int, limit: Int)
    /// The file is not UTF-8; the location points at the first bad byte.
    case invalidUTF8(byte: UInt8)
    /// The file holds nothing but blank lines and comments.
    case emptyFile
    /// libyaml could not scan or parse the file.
    case yamlSyntax(problem: String, context: String?)
    /// The file has more than one YAML document (`---`).
    case multipleDocuments
    /// The document, with its aliases expanded, is larger than the loader walks.
    case documentTooLarge(nodeLimit: Int)
    /// A mapping key is an alias or a collection, which the formats never need.
    case complexKey
    /// So many problems that the rest of the file was not checked.
    case tooManyProblems(limit: Int)

    // MARK: Structure

    /// A key the format does not have.
    case unknownKey(String, in: String, suggestion: String?)
    /// A required key is absent.
    case missingKey(String, in: String)
    /// A value of the wrong kind, such as a list where text belongs.
    case wrongType(String, expected: ValueKind, found: ValueKind)
    /// A required text or list is empty.
    case emptyValue(String)
    /// A number outside its allowed range.
    case outOfRange(String, value: String, allowed: String)
    /// A value not among a closed set of choices.
    case invalidChoice(String, value: String, allowed: [String], suggestion: String?)
    /// An id that is not kebab-case.
    case invalidID(String, kind: String)
    /// `version:` other than 1.
    case unsupportedVersion(String)
    /// A text that must be one line has several.
    case notOneLine(String, advice: String)
    /// A rule's condition has a syntax or type error; the message comes from the rules engine.
    case invalidExpression(String)

    // MARK: Records

    /// A JSON syntax error in a record.
    case jsonSyntax(String)
    /// A date that is neither `YYYY-MM-DD` nor RFC 3339.
    case invalidDate(String)
    /// A date after today.
    case futureDate(String)
    /// A record whose author and subject are the same person.
    case selfRecord(String)
    /// A text over the length limit.
    case textTooLong(count: Int, limit: Int)
    /// A NUL character in a record's value.
    case nulCharacter(String)
    /// Minutes on a feedback record.
    case minutesOnFeedback
    case mentoringWithoutMinutes
    /// A line of JSON Lines over the length limit.
    case lineTooLong(bytes: Int, limit: Int)

    // MARK: People and imports

    /// A CSV syntax problem.
    case csvSyntax(String)
    /// A CSV row with the wrong number of fields.
    case wrongFieldCount(found: Int, expected: Int)
    /// A handle that is not lowercase letters, digits, `.`, `_` or `-`.
    case invalidHandle(String)
    /// A handle given twice in one file.
    case duplicateHandle(String, firstAt: SourceLocation)
    /// A manager who is not a known person.
    case unknownManager(String, of: String, suggestion: String?)
    /// Managers that lead back to the first person.
    case managementCycle([String])

    // MARK: Cross-references

    /// Two principles share an id.
    case duplicatePrincipleID(String, firstDefinedAt: SourceLocation)
    /// Two rules of one principle share an id.
    case duplicateRuleID(String, principle: String, firstDefinedAt: SourceLocation)
    /// A `plugins:` entry for a plugin Ethos does not have.
    case unknownPlugin(String, suggestion: String?, known: [String])
    /// A plugin that cannot be set up from its settings.
    case pluginSetup(String)
    /// A plugin fact not named after its plugin.
    case factOutsideNamespace(String, plugin: String)
    /// A YAML plugin fact with no measure, or several.
    case oneMeasure(String)
    /// A regular expression that does not compile (or, for a capture, has no group).
    case invalidPattern(String, needsGroup: Bool)
    /// Two plugins with one id.
    case duplicatePluginID(String, firstDefinedAt: String)
    /// A plugin example whose fact differs from what it expects.
    case exampleFactMismatch(String, expected: String, actual: String)
    /// An id that names no loaded principle.
    case unknownPrinciple(String, suggestion: String?)

    // MARK: Advice

    /// A signal term given twice in one principle.
    case duplicateTerm(String, principle: String)
    /// A principle without signals or rules can only be evidenced by explicit tags.
    case noSignalsOrRules(principle: String)
    /// A principle without examples cannot be checked by `ethos principles test`.
    case noExamples(principle: String)

    /// The severity this issue has unless a caller says otherwise.
    public var defaultSeverity: Diagnostic.Severity {
        switch self {
        case .duplicateTerm, .noSignalsOrRules, .noExamples: .warning
        default: .error
        }
    }

    /// The message: one or two full sentences.
    public var message: String {
        switch self {
        case let .unreadableFile(reason):
            "Cannot read the file: \(reason)."
        case let .missingPath(path):
            "No file or directory at '\(path)'; check the path, or run 'ethos init' to create a workspace."
        case let .noPrincipleFiles(directory):
            "No principles in '\(directory)': add a '.yaml' file per principle, or run 'ethos init'."
        case let .fileTooLarge(bytes, limit):
            "The file is \(bytes) bytes, over the limit of \(limit) bytes for a YAML file; split it into smaller files."
        case let .invalidUTF8(byte):
            "The file is not valid UTF-8 (byte 0x\(String(byte, radix: 16, uppercase: true))); save it as UTF-8."
        case .emptyFile:
            "The file is empty; write a principle in it or delete it."
        case let .yamlSyntax(problem, context):
            "YAML syntax error: \(problem)\(context.map { " \($0)" } ?? "")."
        case .multipleDocuments:
            "The file holds more than one YAML document; put each principle in its own file or list them under 'principles:'."
        case let .documentTooLarge(limit):
            "The document expands to more than \(limit) values (are aliases nested inside each other?); write it out plainly."
        case .complexKey:
            "A mapping key must be plain text, not an alias or a collection."
        case let .tooManyProblems(limit):
            "Too many problems (\(limit)); fix these and check again to see the rest."
        case let .unknownKey(key, context, suggestion):
            "Unknown key '\(key)' in \(context)" + didYouMean(suggestion, else: ".")
        case let .missingKey(key, context):
            "Missing required key '\(key)' in \(context)."
        case let .wrongType(what, expected, found):
            "\(capitalized(what)) must be \(expected.phrase), not \(found.phrase)."
        case let .emptyValue(what):
            "\(capitalized(what)) must not be empty."
        case let .outOfRange(what, value, allowed):
            "\(capitalized(what)) is \(value), but must be \(allowed)."
        case let .invalidChoice(what, value, allowed, suggestion):
            "\(capitalized(what)) '\(value)' is not one of \(allowed.map { "'\($0)'" }.joined(separator: ", "))"
                + didYouMean(suggestion, else: ".")
        case let .invalidID(id, kind):
            "The \(kind) id '\(id)' is not kebab-case; use lowercase letters, digits and single hyphens, like '\(IDSyntax.suggestion(for: id))'."
        case let .unsupportedVersion(value):
            "Format version \(value) is not supported; this Ethos reads version 1."
        case let .invalidExpression(message):
            message
        case let .notOneLine(what, advice):
            "\(capitalized(what)) must be one line; \(advice)."
        case let .jsonSyntax(message):
            "JSON syntax error: \(message)"
        case let .invalidDate(value):
            "The date '\(value)' is not a date; use YYYY-MM-DD or RFC 3339, like 2026-11-20 or 2026-11-20T09:30:00Z."
        case let .futureDate(value):
            "The date '\(value)' is in the future; record what has already happened."
        case let .selfRecord(handle):
            "The record is from '\(handle)' to '\(handle)'; feedback and mentoring are about someone else."
        case let .textTooLong(count, limit):
            "The text is \(count) characters long; the limit is \(limit). Shorten it or split it into several records."
        case let .nulCharacter(what):
            "\(what) holds a NUL character (byte 0), which no value may hold; remove it."
        case let .lineTooLong(bytes, limit):
            "The line is more than \(limit) bytes long (\(bytes) read); a record is one line of JSON well under that."
        case .minutesOnFeedback:
            "Only mentoring records have minutes; remove 'minutes' or set 'kind' to \"mentoring\"."
        case .mentoringWithoutMinutes:
            "A mentoring record needs 'minutes' (from 1 to 1440), as 'ethos mentoring log --minutes' does."
        case let .csvSyntax(message):
            "CSV syntax error: \(message)"
        case let .wrongFieldCount(found, expected):
            "The row has \(found) field\(found == 1 ? "" : "s"), but the header has \(expected); quote fields that contain commas."
        case let .invalidHandle(handle):
            handle.isEmpty ? "The handle is empty; every person needs one."
                : "The handle '\(handle)' may only use lowercase letters, digits, '.', '_' and '-'."
        case let .duplicateHandle(handle, first):
            "The handle '\(handle)' is already used at \(first); each person appears once."
        case let .unknownManager(manager, person, suggestion):
            "The manager '\(manager)' of '\(person)' is not a known person" + didYouMean(suggestion, else: "; add them to the file or import them first.")
        case let .managementCycle(chain):
            "The management chain goes round in a circle: \(chain.joined(separator: " → ")); every chain must end with someone who has no manager."
        case let .duplicatePrincipleID(id, first):
            "Principle id '\(id)' is already used at \(first); ids must be unique across all files."
        case let .duplicateRuleID(id, principle, first):
            "Rule id '\(id)' is already used in principle '\(principle)' at \(first); give each rule its own id."
        case let .unknownPlugin(id, suggestion, known):
            "No plugin has the id '\(id)'" + didYouMean(suggestion, else: "; the plugins are \(known.map { "'\($0)'" }.joined(separator: ", ")).")
        case let .pluginSetup(message):
            message
        case let .factOutsideNamespace(name, plugin):
            "The fact '\(name)' is not named after its plugin; name it '\(plugin).\(name.split(separator: ".").last.map { $0.replacingOccurrences(of: "-", with: "_") } ?? "value")' (a plugin's id with '_' for '-', then identifiers)."
        case let .oneMeasure(name):
            "The fact '\(name)' needs exactly one of 'count', 'any' and 'capture'."
        case let .invalidPattern(pattern, needsGroup):
            needsGroup ? "The pattern \"\(pattern)\" is not a valid regular expression with a capture group, such as \"at the (\\w+) meetup\"."
                : "The pattern \"\(pattern)\" is not a valid regular expression; check its brackets and escapes."
        case let .exampleFactMismatch(name, expected, actual):
            "The example expects \(name) = \(expected.isEmpty ? "(absent)" : expected), but the plugin gave \(actual)."
        case let .duplicatePluginID(id, first):
            "A plugin with the id '\(id)' is already defined by \(first); every plugin needs its own id."
        case let .unknownPrinciple(id, suggestion):
            "No principle has the id '\(id)'" + didYouMean(suggestion, else: "; 'ethos principles list' shows the ids.")
        case let .duplicateTerm(term, principle):
            "The term '\(term)' appears more than once in the signals of '\(principle)'; keep one."
        case let .noSignalsOrRules(principle):
            "Principle '\(principle)' has no signals and no rules, so only explicit tags can evidence it; add 'signals' or 'rules'."
        case let .noExamples(principle):
            "Principle '\(principle)' has no examples, so 'ethos principles test' cannot check it; add 'examples'."
        }
    }

    private func didYouMean(_ suggestion: String?, else ending: String) -> String {
        suggestion.map { "; did you mean '\($0)'?" } ?? ending
    }

    private func capitalized(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }
}

/// The kind of a YAML value, as named in diagnostics.
public enum ValueKind: String, Hashable, Sendable {
    case text, number, integer, boolean, null, list, mapping, object

    /// The kind with its article: "a list", "an integer".
    public var phrase: String {
        switch self {
        case .text: "text"
        case .null: "empty"
        case .integer: "an integer"
        case .object: "an object"
        default: "a \(rawValue)"
        }
    }
}
