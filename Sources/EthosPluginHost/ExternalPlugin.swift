public import EthosCore
internal import Foundation
internal import EthosIO

/// An external plugin: a process speaking the Ethos plugin protocol (newline-delimited JSON on
/// standard input and output; see `docs/plugin-protocol.md`), started once per run on first use
/// and reused for every batch.
///
/// Before a batch is scored, ``prepare(_:)`` sends its records and keeps the answers; scoring a
/// record then reads them. A fault (crash, hang, malformed or mismatched answer, flood) stops the
/// process for the rest of the run; a required plugin's fault is thrown, an optional one's is
/// kept in ``fault`` and the plugin gives nothing from then on.
public final class ExternalPlugin: FactProvider, EvidenceProvider, @unchecked Sendable {
    /// The protocol version this host speaks.
    public static let protocolVersion = 1

    public let manifest: ExternalPluginManifest
    public let required: Bool
    private let options: [String: FactValue]
    private let principles: PrincipleSet
    private let declared: [String: FactType]
    private let lock = NSLock()
    // Guarded by `lock`.
    private var process: PluginProcess?
    private var failure: PluginFault?
    private var results: [Record: Answer] = [:]
    private var batchNumber = 0

    struct Answer {
        var facts: [String: FactValue]
        var evidence: [Evidence]
    }

    public var id: String { manifest.id }
    public var version: String { manifest.version }
    public var summary: String { manifest.summary }
    public var facts: [FactDeclaration] { manifest.facts }

    init(manifest: ExternalPluginManifest, required: Bool, options: [String: FactValue], principles: PrincipleSet) {
        self.manifest = manifest
        self.required = required
        self.options = options
        self.principles = principles
        self.declared = Dictionary(manifest.facts.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
    }

    deinit { process?.stop() }

    /// The fault that stopped the plugin, if one did.
    public var fault: PluginFault? {
        lock.withLock { failure }
    }

    /// Sends `records` to the plugin (in batches of the manifest's size) and keeps its answers for
    /// scoring them. Throws only when the plugin is required and faults.
    public func prepare(_ records: [Record], failOnFault: Bool = false) throws(PluginFault) {
        lock.lock()
        defer { lock.unlock() }
        results.removeAll(keepingCapacity: true)
        guard failure == nil else {
            if required || failOnFault, let failure { throw failure }
            return
        }
        var seen: Set<Record> = []
        let unique = records.filter { seen.insert($0).inserted }
        var start = 0
        while start < unique.count {
            let end = min(start + manifest.batchSize, unique.count)
            do {
                try exchange(Array(unique[start..<end]))
            } catch {
                stopAfter(error)
                if required || failOnFault { throw error }
                return
            }
            start = end
        }
    }

    /// Stops the process: the end of the run.
    public func finish() {
        lock.withLock {
            process?.stop()
            process = nil
        }
    }

    public func facts(for record: Record, context _: RecordContext) -> [String: FactValue] {
        answer(for: record)?.facts ?? [:]
    }

    public func evidence(for record: Record, context _: RecordContext) -> [Evidence] {
        answer(for: record)?.evidence ?? []
    }

    /// The prepared answer, or — for a record nobody prepared (one-off scoring) — a batch of one.
    private func answer(for record: Record) -> Answer? {
        lock.lock()
        defer { lock.unlock() }
        if let answer = results[record] { return answer }
        guard failure == nil else { return nil }
        do { try exchange([record]) } catch {
            stopAfter(error)
            return nil
        }
        return results[record]
    }

    private func stopAfter(_ fault: PluginFault) {
        failure = fault
        process?.kill()
        process = nil
        results.removeAll()
    }

    private func fault(_ problem: String) -> PluginFault {
        PluginFault(plugin: id, problem: problem, standardError: process?.standardErrorTail ?? "", required: required)
    }

    // MARK: - The protocol

    private func started() throws(PluginFault) -> PluginProcess {
        if let process { return process }
        let launched: PluginProcess
        do {
            launched = try PluginProcess(command: manifest.command, directory: manifest.directory)
        } catch {
            throw PluginFault(plugin: id, problem: "it could not be started: \(error)", standardError: "", required: required)
        }
        process = launched
        let hello: [String: Any] = [
            "type": "hello", "protocol": Self.protocolVersion, "host": "ethos", "capabilities": ["facts", "evidence"],
            "plugin": id, "options": options.mapValues(Self.json),
            "facts": manifest.facts.map { ["name": $0.name, "type": $0.type.description] },
            "principles": principles.map { ["id": $0.id, "name": $0.name] },
        ]
        try send(hello, to: launched)
        let reply = try receive(from: launched, expecting: "hello")
        guard let version = reply["protocol"]?.int else { throw fault("its hello has no 'protocol' version.") }
        guard version == Self.protocolVersion else {
            throw fault("it speaks protocol version \(version); this Ethos speaks version \(Self.protocolVersion).")
        }
        if let replyID = reply["id"]?.string, replyID != id {
            throw fault("it introduced itself as '\(replyID)', but its manifest says '\(id)'.")
        }
        return launched
    }

    private func exchange(_ records: [Record]) throws(PluginFault) {
        let process = try started()
        batchNumber += 1
        let refs = records.indices.map(String.init)
        process.send(Data(Self.batchJSON(records, number: batchNumber).utf8))
        let reply = try receive(from: process, expecting: "results")
        guard reply["batch"]?.int == batchNumber else {
            throw fault("it answered batch \(reply["batch"]?.int.map(String.init) ?? "(none)") when asked for batch \(batchNumber).")
        }
        guard let answers = reply["results"]?.array else { throw fault("its results have no 'results' list.") }
        var byRef: [String: Answer] = [:]
        for entry in answers {
            guard let ref = entry["ref"]?.string, refs.indices.contains(Int(ref) ?? -1) else {
                throw fault("it answered for a record it was not sent (ref \(entry["ref"]?.string ?? "missing")).")
            }
            guard byRef[ref] == nil else { throw fault("it answered twice for ref \(ref).") }
            byRef[ref] = try answer(from: entry)
        }
        guard byRef.count == refs.count else {
            let missing = refs.filter { byRef[$0] == nil }
            throw fault("it did not answer for \(missing.count) of the \(refs.count) records sent (refs \(missing.prefix(5).joined(separator: ", "))).")
        }
        for (ref, record) in zip(refs, records) { results[record] = byRef[ref] }
    }

    private func answer(from entry: JSONValue) throws(PluginFault) -> Answer {
        var facts: [String: FactValue] = [:]
        for (name, raw) in entry["facts"]?.members ?? [] {
            guard let type = declared[name] else { throw fault("it returned the fact '\(name)', which its manifest does not declare.") }
            guard let value = Self.value(raw, as: type) else {
                throw fault("it returned \(raw.kindName) for '\(name)', which is declared as \(type).")
            }
            facts[name] = value
        }
        var evidence: [Evidence] = []
        for item in entry["evidence"]?.array ?? [] {
            guard let principle = item["principle"]?.string, principles[id: principle] != nil else {
                throw fault("it gave evidence for an unknown principle '\(item["principle"]?.string ?? "")'.")
            }
            guard let strength = item["strength"]?.double, strength.isFinite,
                  let reason = item["reason"]?.string, !reason.isEmpty else {
                throw fault("its evidence needs a number 'strength' and a 'reason'.")
            }
            let confidence = item["confidence"]?.double ?? 1
            evidence.append(Evidence(principle: principle, strength: strength, confidence: confidence.isFinite ? confidence : 0,
                                     reason: reason))
        }
        return Answer(facts: facts, evidence: evidence)
    }

    private func send(_ message: [String: Any], to process: PluginProcess) throws(PluginFault) {
        guard let data = try? JSONSerialization.data(withJSONObject: message, options: [.sortedKeys]) else {
            throw fault("a message to it could not be encoded.")
        }
        process.send(data)
    }

    private func receive(from process: PluginProcess, expecting type: String) throws(PluginFault) -> JSONValue {
        let line: Data
        do { line = try process.receive(timeout: manifest.timeout) } catch {
            switch error {
            case let .exited(status): throw fault("it exited (status \(status)) before answering.")
            case let .timedOut(seconds): throw fault("it did not answer within its timeout of \(Self.seconds(seconds)).")
            case let .flooded(limit): throw fault("it wrote more than \(limit / (1 << 20)) MiB without a complete answer.")
            case let .launch(reason): throw fault(reason)
            }
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let message = try? JSONParser.parse(text).value, case .object = message else {
            throw fault("it wrote a line that is not a JSON object: \(text.prefix(120))")
        }
        if message["type"]?.string == "error" {
            throw fault("it reported an error: \(message["message"]?.string ?? "(no message)")")
        }
        guard message["type"]?.string == type else {
            throw fault("it sent a '\(message["type"]?.string ?? "untyped")' message where a '\(type)' message was expected.")
        }
        return message
    }

    // MARK: - JSON

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    /// A `batch` message, written directly: records are most of the traffic, and a general JSON
    /// serializer spends most of its time sorting keys and bridging values.
    static func batchJSON(_ records: [Record], number: Int) -> String {
        var out = "{\"type\":\"batch\",\"batch\":\(number),\"records\":["
        out.reserveCapacity(records.count * 300)
        for (index, record) in records.enumerated() {
            if index > 0 { out += "," }
            out += "{\"ref\":\"\(index)\",\"kind\":\"\(record.kind.rawValue)\",\"to\":"
            out += ValueText.jsonString(record.to)
            // An anonymous record's author never leaves the host.
            if !record.anonymous { out += ",\"from\":" + ValueText.jsonString(record.from) }
            if let id = record.id { out += ",\"id\":" + ValueText.jsonString(id) }
            if let date = record.date { out += ",\"date\":" + ValueText.jsonString(date.description) }
            if let minutes = record.minutes { out += ",\"minutes\":\(minutes)" }
            out += ",\"text\":" + ValueText.jsonString(record.text)
            out += ",\"principles\":[" + record.principles.map(ValueText.jsonString).joined(separator: ",") + "]"
            out += ",\"tags\":[" + record.tags.map(ValueText.jsonString).joined(separator: ",") + "]"
            out += ",\"visibility\":\"\(record.visibility.rawValue)\",\"anonymous\":\(record.anonymous)}"
        }
        return out + "]}"
    }

    static func json(_ value: FactValue) -> Any {
        switch value {
        case .null: NSNull()
        case let .bool(flag): flag
        case let .int(number): number
        case let .double(number): number
        case let .string(text): text
        case let .list(items): items.map(json)
        default: "\(value)"
        }
    }

    static func value(_ raw: JSONValue, as type: FactType) -> FactValue? {
        switch (type, raw) {
        case let (.bool, .bool(flag)): return .bool(flag)
        case let (.int, .number(_, text)): return Int64(text).map(FactValue.int)
        case let (.double, .number(number, _)): return number.isFinite ? .double(number) : nil
        case let (.string, .string(text)): return .string(text)
        case let (.list(element), .array(items)):
            var values: [FactValue] = []
            for item in items {
                guard let value = value(item.value, as: element) else { return nil }
                values.append(value)
            }
            return .list(values)
        default: return nil
        }
    }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.first { $0.key == key }?.value.value
    }

    var members: [(String, JSONValue)] {
        guard case let .object(members) = self else { return [] }
        return members.map { ($0.key, $0.value.value) }
    }

    var string: String? {
        if case let .string(text) = self { return text }
        return nil
    }

    var int: Int? {
        if case let .number(_, text) = self { return Int(text) }
        return nil
    }

    var double: Double? {
        if case let .number(number, _) = self { return number }
        return nil
    }

    var array: [JSONValue]? {
        if case let .array(items) = self { return items.map(\.value) }
        return nil
    }
}

/// Makes an ``ExternalPlugin`` from its manifest and `ethos.yaml` settings (`required` among them).
struct ExternalPluginFactory: PluginFactory {
    let manifest: ExternalPluginManifest

    var id: String { manifest.id }
    var options: [PluginOption] {
        manifest.options + [PluginOption("required", .bool, default: .bool(manifest.required),
                                         "Whether a fault fails the command instead of being skipped.")]
    }

    func make(_ settings: PluginSettings) throws(PluginSetupError) -> any Plugin {
        var options = settings.options
        let required = settings.bool("required") ?? manifest.required
        options["required"] = nil
        return ExternalPlugin(manifest: manifest, required: required, options: options, principles: settings.principles)
    }
}

extension ExternalPlugin: PreparesBatches {}
