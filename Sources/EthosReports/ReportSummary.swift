internal import Foundation

/// The report in a few plain sentences, for the top of the Markdown and HTML reports: how much
/// evidence it rests on, what rose and what fell against the previous period, which team is
/// lowest, and which principle is barely evidenced. Only figures the report shows are used, so
/// the summary reveals nothing the report hides.
enum ReportSummary {
    /// A change in mean alignment worth a sentence.
    static let notable = 0.05

    static func sentences(_ report: Report) -> [String] {
        var sentences: [String] = []
        let isPerson = report.scope.kind == "person"
        if let records = report.records {
            var evidence = "This report rests on \(count(records, "record"))"
            if isPerson {
                let received = report.participation.feedbackReceived.value.map { Int($0) } ?? 0
                let given = report.participation.feedbackGiven.value.map { Int($0) } ?? 0
                evidence += ": \(count(received, "piece")) of feedback received and \(given) given"
            }
            sentences.append(evidence + ".")
        } else {
            sentences.append("Too few records or people are behind this report to show its totals; the figures below that are shown rest on enough.")
        }
        if report.previousPeriod != nil {
            let moves = report.principles.compactMap { principle -> (name: String, now: Double, change: Double)? in
                guard let change = principle.change?.meanAlignment, let now = principle.meanAlignment.value else { return nil }
                // As the tables show it, to two places, so the sentence and the table agree.
                return (principle.name, now, (change * 100).rounded() / 100)
            }
            let rises = moves.filter { $0.change >= notable }.sorted { $0.change > $1.change }
            let falls = moves.filter { $0.change <= -notable }.sorted { $0.change < $1.change }
            if let rise = rises.first {
                sentences.append("\(rise.name) rose the most: mean alignment \(signed(rise.now)), \(signed(rise.change)) on the previous period.")
            }
            if let fall = falls.first {
                sentences.append("\(fall.name) fell the most: mean alignment \(signed(fall.now)), \(signed(fall.change)) on the previous period.")
            }
            if rises.isEmpty, falls.isEmpty, !moves.isEmpty {
                sentences.append("No principle's mean alignment moved by \(String(format: "%.2f", notable)) or more on the previous period.")
            }
        }
        if report.scope.kind == "organisation", let heatmap = report.heatmap {
            var lowest: (team: String, principle: String, value: Double)?
            for row in heatmap.rows where row.team != "organisation" {
                for (position, cell) in row.cells.enumerated() where position < report.principles.count {
                    guard let value = cell.value, !cell.suppressed, value < (lowest?.value ?? .infinity) else { continue }
                    lowest = (ReportViewModel.groupName(row.team, teams: row.teams), report.principles[position].name, value)
                }
            }
            if let lowest {
                sentences.append("The lowest team figure: \(lowest.team) on \(lowest.principle), mean alignment \(signed(lowest.value)).")
            }
        }
        if let unread = report.unsupportedLanguage.value, unread > 0, !report.unsupportedLanguage.suppressed {
            let share = report.records.map { total in total > 0 ? String(format: " (%.0f%%)", unread / Double(total) * 100) : "" } ?? ""
            sentences.append("\(count(Int(unread), "record"))\(share) \(unread == 1 ? "is" : "are") in a language Ethos does not read: "
                + "no principle could be read from \(unread == 1 ? "it" : "them"), so every principle's coverage is lower than what was said.")
        }
        let barely = report.principles.filter { $0.barelyEvidenced && !$0.evidenced.suppressed }.map(\.name)
        if !barely.isEmpty {
            sentences.append("\(barely.joined(separator: " and ")) \(barely.count == 1 ? "is" : "are") barely evidenced: "
                + "few records speak to \(barely.count == 1 ? "it" : "them"), so \(barely.count == 1 ? "its figures are" : "their figures are") weak.")
        }
        return sentences
    }

    private static func signed(_ value: Double) -> String { String(format: "%+.2f", value) }

    private static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
}
