internal import Foundation
internal import EthosIO
internal import Mustache

/// The formats a report is written in.
public enum ReportFormat: String, Sendable, CaseIterable {
    case markdown = "md", html, json, csv
}

/// Renders reports: JSON and CSV directly, Markdown and HTML through Mustache templates that a
/// company can replace (`--template DIR` with `report.md.mustache` and `report.html.mustache`).
public struct ReportRenderer: Sendable {
    private let markdown: MustacheTemplate
    private let html: MustacheTemplate

    /// The built-in templates, or those in `directory` where it has them.
    public init(templateDirectory directory: String? = nil) throws(ReportError) {
        if let directory {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
                throw ReportError("No template folder at '\(directory)'; --template takes a folder holding report.md.mustache "
                                  + "and/or report.html.mustache.")
            }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            guard names.contains("report.md.mustache") || names.contains("report.html.mustache") else {
                throw ReportError("The template folder '\(directory)' holds neither report.md.mustache nor report.html.mustache.")
            }
        }
        func load(_ name: String) throws(ReportError) -> MustacheTemplate {
            var text = EmbeddedFiles.files.first { $0.path == "Templates/\(name)" }?.contents ?? ""
            var path = "Templates/\(name)"
            if let directory {
                let custom = (directory as NSString).appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: custom) {
                    guard let read = try? String(contentsOfFile: custom, encoding: .utf8) else {
                        throw ReportError("Cannot read the template '\(custom)'; save it as UTF-8.")
                    }
                    (text, path) = (read, custom)
                }
            }
            do { return try MustacheTemplate(string: text) } catch let error as MustacheTemplate.ParserError {
                throw ReportError("\(path):\(error.context.lineNumber):\(error.context.columnNumber): error: \(Self.describe(error.error))",
                                  isLocated: true)
            } catch {
                throw ReportError("\(path): error: not a valid Mustache template (\(error)).", isLocated: true)
            }
        }
        markdown = try load("report.md.mustache")
        html = try load("report.html.mustache")
    }

    /// A Mustache parser error in words.
    static func describe(_ error: any Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .expectedSectionEnd: "A section ({{#name}} or {{^name}}) is not closed; add its {{/name}}."
        case .sectionCloseNameIncorrect: "This {{/name}} does not close the section open here; check the names match."
        case .unfinishedName: "A tag is not finished; close it with }}."
        case .invalidSetDelimiter: "The delimiter tag is malformed; write it like {{=<% %>=}}."
        default: "Not valid Mustache (\(error))."
        }
    }

    /// The report in `format`. `pageHeader`, HTML the caller vouches for, goes at the top of
    /// an HTML report's body: `ethos serve` puts its navigation there.
    public func render(_ report: Report, format: ReportFormat, pageHeader: String? = nil) throws(ReportError) -> String {
        switch format {
        case .json: return try Self.json(report)
        case .csv: return ReportCSV.render(report)
        case .markdown: return markdown.render(MarkdownText.escapedModel(ReportViewModel.make(report, charts: false)))
        case .html:
            var model = ReportViewModel.make(report, charts: true)
            if let pageHeader { model["pageHeader"] = pageHeader }
            return html.render(model)
        }
    }

    /// The report as JSON (docs/report.schema.json).
    public static func json(_ report: Report) throws(ReportError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n" } catch {
            throw ReportError("The report could not be written as JSON: \(error).")
        }
    }
}

/// A report that cannot be made or written.
public struct ReportError: Error, Sendable, CustomStringConvertible {
    /// The message.
    public var message: String
    /// Whether the message starts with the template's location: `path:line:column: error: …`.
    public var isLocated = false
    /// Creates an error.
    public init(_ message: String, isLocated: Bool = false) {
        self.message = message
        self.isLocated = isLocated
    }
    /// The message.
    public var description: String { message }
}

/// Tidy CSV: one figure per row.
enum ReportCSV {
    static let header = "subject,principle,period,metric,value,records,people,suppressed"

    static func render(_ report: Report) -> String {
        let subject = report.scope.person ?? report.scope.team ?? "organisation"
        var rows = [header]
        func add(_ subject: String, _ principle: String, _ period: String, _ metric: String, _ figure: Report.Figure) {
            // A suppressed figure writes no value and no count.
            let value = figure.suppressed ? "" : figure.value.map { Format.number($0, digits: 4) } ?? ""
            let (records, people) = figure.suppressed ? ("", "") : (String(figure.records), String(figure.people))
            rows.append([subject, principle, period, metric, value, records, people, figure.suppressed ? "true" : "false"]
                .map(CSVWriter.field).joined(separator: ","))
        }
        let period = report.period.label
        for principle in report.principles {
            add(subject, principle.id, period, "evidenced", principle.evidenced)
            add(subject, principle.id, period, "aligned", principle.aligned)
            add(subject, principle.id, period, "misaligned", principle.misaligned)
            add(subject, principle.id, period, "mean_alignment", principle.meanAlignment)
            add(subject, principle.id, period, "coverage", principle.coverage)
        }
        add(subject, "", period, "unsupported_language", report.unsupportedLanguage)
        for bucket in report.trend.buckets {
            for point in bucket.principles {
                add(subject, point.id, bucket.label, "evidenced", point.evidenced)
                add(subject, point.id, bucket.label, "mean_alignment", point.meanAlignment)
            }
        }
        let participation = report.participation
        add(subject, "", period, "feedback_given", participation.feedbackGiven)
        add(subject, "", period, "feedback_received", participation.feedbackReceived)
        add(subject, "", period, "share_receiving", participation.shareReceiving)
        add(subject, "", period, "distinct_givers", participation.distinctGivers)
        for bar in participation.teams { add(ReportViewModel.groupName(bar.team, teams: bar.teams), "", period, "feedback_received", bar.received) }
        let network = report.network
        add(subject, "", period, "cross_team_share", network.crossTeamShare)
        add(subject, "", period, "reciprocity", network.reciprocity)
        add(subject, "", period, "gini", network.gini)
        add(subject, "", period, "top_5_percent_share", network.topFivePercentShare)
        add(subject, "", period, "new_connections", network.newConnections)
        let mentoring = report.mentoring
        add(subject, "", period, "mentoring_sessions", mentoring.sessions)
        add(subject, "", period, "mentoring_hours", mentoring.hours)
        add(subject, "", period, "mentoring_pairs", mentoring.pairs)
        add(subject, "", period, "paid_forward", mentoring.paidForward)
        if let heatmap = report.heatmap {
            for row in heatmap.rows {
                for (principle, cell) in zip(heatmap.principles, row.cells) { add(ReportViewModel.groupName(row.team, teams: row.teams), principle, period, "mean_alignment", cell) }
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}

/// Numbers as reports show them.
enum Format {
    static func number(_ value: Double, digits: Int) -> String {
        let scale = pow(10, Double(digits))
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        return String(rounded)
    }

    static func figure(_ figure: Report.Figure, percent: Bool = false, signed: Bool = false, digits: Int = 2) -> String {
        if figure.suppressed { return "—" }
        guard let value = figure.value else { return "–" }
        if percent { return "\(Int((value * 100).rounded()))%" }
        let text = String(format: "%.\(digits)f", value)
        return signed && value > 0 ? "+" + text : text
    }

    static func count(_ figure: Report.Figure) -> String {
        if figure.suppressed { return "—" }
        return figure.value.map { String(Int($0.rounded())) } ?? "0"
    }
}

extension Report.PrincipleFigures {
    /// One line: "412 records evidence it (380 aligned, 32 misaligned), mean alignment +0.41".
    public var summary: String {
        "\(Format.count(evidenced)) records evidence it (\(Format.count(aligned)) aligned, \(Format.count(misaligned)) misaligned), "
            + "mean alignment \(Format.figure(meanAlignment, signed: true))"
    }
}
