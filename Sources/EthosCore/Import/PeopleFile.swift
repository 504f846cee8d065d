internal import Yams
internal import EthosIO

/// Reads a people file — CSV with a header row, or YAML (a list of mappings, or `people:` with
/// one) — with the columns or keys `handle, name, email, team, manager, role, joined`, and checks
/// it against the people already known: every problem located, by row for CSV and by line and
/// column for YAML.
public enum PeopleFile {
    /// The columns and keys.
    public static let columns = ["handle", "name", "email", "team", "manager", "role", "joined"]

    /// Reads and validates `source`; `existing` are the people already stored. Returns the people
    /// to upsert, or every problem.
    public static func read(_ source: SourceFile, existing: [Person]) -> Result<[Person], DiagnosticsError> {
        let lower = source.path.lowercased()
        let (read, problems) = lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") ? readYAML(source) : readCSV(source)
        // A file updates only what it has: a column it lacks (CSV) or a key a person's entry lacks
        // (YAML) keeps its stored value; an empty cell clears it.
        let stored = Dictionary(existing.map { ($0.handle, $0) }) { first, _ in first }
        let people = read.map { fields, location in (fields.person(over: stored[fields.values["handle"] ?? ""]), location) }
        // Every problem at once: those of reading, and those of the rows that could be read.
        switch validate(people, existing: existing) {
        case let .success(valid): return problems.isEmpty ? .success(valid) : .failure(DiagnosticsError(problems))
        case let .failure(error): return .failure(DiagnosticsError(problems + error.diagnostics))
        }
    }

    static func readCSV(_ source: SourceFile) -> ([(Fields, SourceLocation)], [Diagnostic]) {
        var reader = CSVReader(bytes: source.bytes)
        var problems: [Diagnostic] = []
        var people: [(Fields, SourceLocation)] = []
        do {
            guard let header = try reader.next() else {
                return ([], [Diagnostic(.emptyFile, at: .start(of: source.path))])
            }
            let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            for (index, name) in names.enumerated() where !columns.contains(name) {
                problems.append(Diagnostic(.unknownKey(name, in: "the header", suggestion: Suggestions.closest(to: name, in: columns)),
                                           at: SourceLocation(file: source.path, line: header.line, column: index + 1)))
            }
            guard names.contains("handle") else {
                problems.append(Diagnostic(.missingKey("handle", in: "the header"), at: SourceLocation(file: source.path, line: header.line, column: 1)))
                return ([], problems)
            }
            while let row = try reader.next() {
                if let problem = row.problem {
                    problems.append(Diagnostic(.csvSyntax(problem), at: SourceLocation(file: source.path, line: row.line, column: 1)))
                    continue
                }
                if row.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
                if row.fields.count != names.count {
                    problems.append(Diagnostic(.wrongFieldCount(found: row.fields.count, expected: names.count),
                                               at: SourceLocation(file: source.path, line: row.line, column: 1)))
                    continue
                }
                var values: [String: String] = [:]
                for (name, value) in zip(names, row.fields) {
                    let trimmed = CSVFormulaGuard.unguarded(value.trimmingCharacters(in: .whitespaces))
                    if !trimmed.isEmpty { values[name] = trimmed }
                }
                people.append((Fields(values: values, present: Set(names)), SourceLocation(file: source.path, line: row.line, column: 1)))
            }
        } catch {
            problems.append(Diagnostic(.csvSyntax(error.message), at: SourceLocation(file: source.path, line: error.line, column: 1)))
        }
        return (people, problems)
    }

    static func readYAML(_ source: SourceFile) -> ([(Fields, SourceLocation)], [Diagnostic]) {
        let document: YAMLDocument
        switch YAMLDocument.compose(source.bytes, file: source.path, limits: .default) {
        case let .success(composed): document = composed
        case let .failure(diagnostic): return ([], [diagnostic])
        }
        var reader = YAMLReader(file: source.path, limits: .default)
        var list = document.root
        if case .mapping = document.root, let entries = reader.mapping(document.root, what: "a people file", allowed: ["people"], required: ["people"]),
           let node = entries["people"] {
            list = node
        }
        var people: [(Fields, SourceLocation)] = []
        for item in reader.list(list, what: "the people") ?? [] {
            guard let entries = reader.mapping(item, what: "a person", allowed: columns, required: ["handle"]) else { continue }
            var values: [String: String] = [:], present: Set<String> = []
            for column in columns {
                guard let node = entries[column] else { continue }
                present.insert(column)
                if let text = reader.text(node, what: "'\(column)'", allowEmpty: true), !text.isEmpty { values[column] = text }
            }
            people.append((Fields(values: values, present: present), entries.location))
        }
        return (people, reader.diagnostics)
    }

    /// One person's fields as a file gives them: the values, and which columns or keys it has.
    struct Fields {
        var values: [String: String]
        var present: Set<String>

        /// The person: these fields where the file has them, the stored person's elsewhere.
        func person(over stored: Person?) -> Person {
            func value(_ column: String, _ old: String?) -> String? { present.contains(column) ? values[column] : old }
            return Person(handle: values["handle"] ?? "", name: value("name", stored?.name), email: value("email", stored?.email),
                          team: value("team", stored?.team), manager: value("manager", stored?.manager), role: value("role", stored?.role),
                          joined: value("joined", stored?.joined))
        }
    }

    /// Handles: lowercase letters, digits, `.`, `_` and `-`, starting with a letter or digit.
    public static func isValidHandle(_ handle: String) -> Bool {
        guard let first = handle.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic || ("0"..."9").contains(first) else {
            return false
        }
        return handle.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }

    static func validate(_ people: [(Person, SourceLocation)], existing: [Person]) -> Result<[Person], DiagnosticsError> {
        var problems: [Diagnostic] = []
        var firstSeen: [String: SourceLocation] = [:]
        for (person, location) in people {
            if !isValidHandle(person.handle) {
                problems.append(Diagnostic(.invalidHandle(person.handle), at: location))
            } else if let first = firstSeen[person.handle] {
                problems.append(Diagnostic(.duplicateHandle(person.handle, firstAt: first), at: location))
            } else {
                firstSeen[person.handle] = location
            }
            if let joined = person.joined, FactTimestamp(parsing: joined, allowDate: true) == nil {
                problems.append(Diagnostic(.invalidDate(joined), at: location))
            }
        }
        var managers: [String: String?] = Dictionary(existing.map { ($0.handle, $0.manager) }) { first, _ in first }
        for (person, _) in people { managers[person.handle] = person.manager }
        for (person, location) in people {
            guard let manager = person.manager else { continue }
            if managers[manager] == nil {
                problems.append(Diagnostic(.unknownManager(manager, of: person.handle,
                                                           suggestion: Suggestions.closest(to: manager, in: managers.keys)), at: location))
            }
        }
        // A cycle: following managers from someone leads back to them.
        for (person, location) in people {
            var seen: Set<String> = [person.handle]
            var chain = [person.handle]
            var current = person.manager
            while let handle = current, managers[handle] != nil {
                chain.append(handle)
                if !seen.insert(handle).inserted {
                    if handle == person.handle { problems.append(Diagnostic(.managementCycle(chain), at: location)) }
                    break
                }
                current = managers[handle] ?? nil
            }
        }
        return problems.isEmpty ? .success(people.map(\.0)) : .failure(DiagnosticsError(problems))
    }
}
