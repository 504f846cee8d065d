public import EthosPluginAPI
internal import Foundation

/// Finds links to public repositories, pull (merge) requests and issues in a record's text: work
/// shared with, or contributed to, a community outside the company.
public struct OpenSourceLinksPlugin: FactProvider, EvidenceProvider {
    public let id = "opensource"
    public let version = "1.0.0"
    public let summary = "Links to public repositories, pull requests and issues, as evidence of community contribution."
    public var facts: [FactDeclaration] {
        [
            FactDeclaration("opensource.links", .int, "How many links to public repositories, pull requests or issues the text has."),
            FactDeclaration("opensource.contributions", .int, "How many of them are pull or merge requests."),
            FactDeclaration("opensource.repositories", .list(.string), "The repositories linked, as host/owner/name, each once."),
        ]
    }

    /// The principle the evidence is for.
    public let principle: String
    private let pattern: NSRegularExpression

    /// A link: the repository, whether it is a pull request, issue or the repository itself, and where.
    struct Link: Hashable {
        enum Kind { case repository, contribution, issue }
        var repository: String
        var kind: Kind
        var span: TextSpan
    }

    public init(hosts: [String], principle: String) throws(PluginSetupError) {
        let alternatives = hosts.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|")
        let segment = "[A-Za-z0-9_.-]+"
        let source = "https?://(?:www\\.)?(\(alternatives))/(\(segment))/(\(segment))"
            + "(?:/(?:-/)?(pull|pulls|merge_requests|issues)/([0-9]+))?"
        do { pattern = try NSRegularExpression(pattern: source) } catch {
            throw PluginSetupError("The 'hosts' of plugin 'opensource' do not make a valid pattern: \(error.localizedDescription)")
        }
        self.principle = principle
    }

    func links(in text: String) -> [Link] {
        pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            guard let whole = Range(match.range, in: text), let host = Range(match.range(at: 1), in: text),
                  let owner = Range(match.range(at: 2), in: text), var name = Range(match.range(at: 3), in: text) else { return nil }
            var repository = String(text[name])
            if repository.hasSuffix(".git") { repository.removeLast(4) }
            // A sentence's full stop is not part of the name.
            while repository.hasSuffix(".") { repository.removeLast(); name = name.lowerBound..<text.index(before: name.upperBound) }
            let kind: Link.Kind = switch Range(match.range(at: 4), in: text).map({ String(text[$0]) }) {
            case "issues": .issue
            case nil: .repository
            default: .contribution
            }
            let start = text.unicodeScalars.distance(from: text.startIndex, to: whole.lowerBound)
            let end = start + text.unicodeScalars.distance(from: whole.lowerBound, to: whole.upperBound)
            return Link(repository: "\(text[host].lowercased())/\(text[owner])/\(repository)", kind: kind,
                        span: TextSpan(start: start, end: end, text: String(text[whole])))
        }
    }

    public func facts(for record: Record, context _: RecordContext) -> [String: FactValue] {
        let found = links(in: record.text)
        var seen: Set<String> = []
        let repositories = found.map(\.repository).filter { seen.insert($0).inserted }
        return [
            "opensource.links": .int(Int64(found.count)),
            "opensource.contributions": .int(Int64(found.filter { $0.kind == .contribution }.count)),
            "opensource.repositories": .list(repositories.map(FactValue.string)),
        ]
    }

    public func evidence(for record: Record, context: RecordContext) -> [Evidence] {
        guard context.principles[id: principle] != nil else { return [] }
        let found = links(in: record.text)
        guard !found.isEmpty else { return [] }
        let contributions = found.filter { $0.kind == .contribution }
        if !contributions.isEmpty {
            return [Evidence(principle: principle, strength: 0.7, confidence: 0.9,
                             reason: "Links \(contributions.count == 1 ? "a pull request" : "\(contributions.count) pull requests") to a public project.",
                             spans: contributions.map(\.span))]
        }
        return [Evidence(principle: principle, strength: 0.5, confidence: 0.8,
                         reason: "Links public repositories or issues: work shared with the wider community.", spans: found.map(\.span))]
    }
}

/// Makes the plugin from its `ethos.yaml` options.
public struct OpenSourceLinksFactory: PluginFactory {
    public let id = "opensource"
    public var options: [PluginOption] {
        [
            PluginOption("hosts", .list(.string), default: .list(["github.com", "gitlab.com", "codeberg.org", "bitbucket.org"]),
                         "The code hosts whose links count."),
            PluginOption("principle", .string, default: .string("community-contribution"), "The principle the evidence is for."),
        ]
    }

    public init() {}

    public func make(_ settings: PluginSettings) throws(PluginSetupError) -> any Plugin {
        var hosts: [String] = []
        if case let .list(values)? = settings.options["hosts"] {
            for case let .string(host) in values { hosts.append(host) }
        }
        guard !hosts.isEmpty else { throw PluginSetupError("Plugin 'opensource' needs at least one host in 'hosts'.") }
        var principle = "community-contribution"
        if case let .string(value)? = settings.options["principle"] { principle = value }
        return try OpenSourceLinksPlugin(hosts: hosts, principle: principle)
    }
}
