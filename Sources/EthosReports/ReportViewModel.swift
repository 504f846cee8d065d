internal import EthosCore
internal import Foundation

/// The values the Markdown and HTML templates see: every figure already formatted, suppressed
/// figures as "—" with their note, and (for HTML) the charts as inline SVG. docs/reports.md
/// lists every key, for companies that write their own templates.
enum ReportViewModel {
    static func make(_ report: Report, charts: Bool) -> [String: Any] {
        let scopeTitle: String
        switch report.scope.kind {
        case "team": scopeTitle = "Team \(report.scope.team ?? "")"
        case "person": scopeTitle = report.scope.person.map(report.name) ?? "Person"
        default: scopeTitle = "Organisation"
        }
        var model: [String: Any] = [
            "title": "Principle alignment — \(scopeTitle)",
            "scope": scopeTitle,
            "period": report.period.label,
            "periodFrom": String(report.period.from.prefix(10)),
            "periodTo": lastDay(report.period.to),
            "previous": report.previousPeriod.map { "\($0.from.prefix(10)) to \(lastDay($0.to))" } ?? "",
            "hasPrevious": report.previousPeriod != nil,
            "generatedAt": String(report.generatedAt.prefix(16)).replacingOccurrences(of: "T", with: " "),
            "records": report.records.map(String.init) ?? "—",
            "k": report.minimumGroupSize,
            "principlesHash": String(report.principlesHash.prefix(12)),
            "viewer": report.viewer.map(report.name) ?? "",
            "hasViewer": report.viewer != nil,
            "unsupportedLanguage": Format.count(report.unsupportedLanguage),
            "hasUnsupportedLanguage": (report.unsupportedLanguage.value ?? 0) > 0,
            "isPerson": report.scope.kind == "person",
            "isGroup": report.scope.kind != "person",
            "summary": ReportSummary.sentences(report).map { ["sentence": $0] },
        ]
        model["principles"] = report.principles.map { principle -> [String: Any] in
            [
                "id": principle.id, "name": principle.name,
                "evidenced": Format.count(principle.evidenced), "aligned": Format.count(principle.aligned),
                "misaligned": Format.count(principle.misaligned),
                "meanAlignment": Format.figure(principle.meanAlignment, signed: true),
                "coverage": Format.figure(principle.coverage, percent: true),
                "suppressed": principle.evidenced.suppressed,
                "note": principle.evidenced.note ?? "",
                "changeEvidenced": principle.change?.evidenced.map { ($0 > 0 ? "+" : "") + String($0) } ?? "—",
                "changeAlignment": principle.change?.meanAlignment.map { String(format: "%+.2f", $0) } ?? "—",
                "changeCoverage": principle.change?.coverage.map { String(format: "%+.0f pts", $0 * 100) } ?? "—",
                // With their direction in words and arrows, for a reader who does not parse signs.
                "changeEvidencedText": direction(principle.change?.evidenced.map(Double.init), format: { String(format: "%+.0f", $0) }),
                "changeAlignmentText": direction(principle.change?.meanAlignment, format: { String(format: "%+.2f", $0) }, flat: 0.005),
                "changeCoverageText": direction(principle.change?.coverage, format: { String(format: "%+.0f pts", $0 * 100) }, flat: 0.005),
                "barelyEvidenced": principle.barelyEvidenced,
                "quotes": principle.quotes.map { quote -> [String: Any] in
                    ["text": quote.text, "from": quote.from ?? "", "hasFrom": quote.from != nil, "to": quote.to ?? "", "hasTo": quote.to != nil,
                     "date": quote.date, "aligned": quote.direction == "aligned", "direction": quote.direction,
                     "attribution": Self.attribution(quote)]
                },
                "hasQuotes": !principle.quotes.isEmpty,
            ]
        }
        model["barelyEvidenced"] = report.principles.filter(\.barelyEvidenced).map { ["name": $0.name] }
        model["hasBarelyEvidenced"] = report.principles.contains(where: \.barelyEvidenced)
        model["trendGranularity"] = report.trend.granularity
        model["trendHeader"] = report.principles.map { ["name": $0.name] }
        model["trend"] = report.trend.buckets.map { bucket -> [String: Any] in
            ["label": bucket.label,
             "cells": bucket.principles.enumerated().map { position, point in
                 ["evidenced": Format.count(point.evidenced), "meanAlignment": Format.figure(point.meanAlignment, signed: true),
                  "label": position < report.principles.count ? report.principles[position].name : point.id]
             }]
        }
        let participation = report.participation
        model["participation"] = [
            "given": Format.count(participation.feedbackGiven), "received": Format.count(participation.feedbackReceived),
            "people": participation.people, "shareReceiving": Format.figure(participation.shareReceiving, percent: true),
            "distinctGivers": Format.count(participation.distinctGivers),
            "receivedNothingCount": participation.receivedNothing.count,
            "receivedNothing": participation.receivedNothing.map(report.name).joined(separator: ", "),
            "hasReceivedNothing": !participation.receivedNothing.isEmpty,
            "teams": participation.teams.map { ["team": Self.groupName($0.team, teams: $0.teams), "received": Format.count($0.received),
                                                "note": $0.received.note ?? ""] },
            "hasTeams": !participation.teams.isEmpty,
        ] as [String: Any]
        let network = report.network
        model["network"] = [
            "crossTeamShare": Format.figure(network.crossTeamShare, percent: true), "reciprocity": Format.figure(network.reciprocity, percent: true),
            "gini": Format.figure(network.gini), "topFivePercentShare": Format.figure(network.topFivePercentShare, percent: true),
            "newConnections": Format.count(network.newConnections),
        ]
        let mentoring = report.mentoring
        model["mentoring"] = [
            "sessions": Format.count(mentoring.sessions), "hours": Format.figure(mentoring.hours, digits: 1),
            "pairs": Format.count(mentoring.pairs), "paidForward": Format.count(mentoring.paidForward),
            "chains": mentoring.chains.map { ["chain": $0.map(report.name).joined(separator: " → ")] }, "hasChains": !mentoring.chains.isEmpty,
        ] as [String: Any]
        if let heatmap = report.heatmap {
            model["hasHeatmap"] = true
            model["heatmapHeader"] = report.principles.map { ["name": $0.name] }
            model["heatmap"] = heatmap.rows.map { row -> [String: Any] in
                ["team": Self.groupName(row.team, teams: row.teams), "cells": row.cells.enumerated().map { position, cell in
                    ["value": Format.figure(cell, signed: true), "note": cell.note ?? "",
                     "label": position < report.principles.count ? report.principles[position].name : ""]
                }]
            }
        }
        if let person = report.person {
            model["hasPerson"] = true
            func rows(_ counts: [Report.PrincipleCount]) -> [[String: Any]] {
                counts.map { count in
                    ["name": report.principles.first { $0.id == count.id }?.name ?? count.id, "aligned": count.aligned,
                     "misaligned": count.misaligned, "meanAlignment": count.meanAlignment.map { String(format: "%+.2f", $0) } ?? "–"]
                }
            }
            model["person"] = [
                "handle": person.handle, "name": report.name(person.handle),
                "received": rows(person.received), "given": rows(person.given),
                // The older combined table, for templates written before the split.
                "rows": zip(person.given, person.received).map { given, received -> [String: Any] in
                    ["name": report.principles.first { $0.id == given.id }?.name ?? given.id,
                     "givenAligned": given.aligned, "givenMisaligned": given.misaligned,
                     "receivedAligned": received.aligned, "receivedMisaligned": received.misaligned]
                },
            ] as [String: Any]
        }
        model["hasSuppressed"] = hasSuppressed(report)
        if charts {
            model["heatmapSVG"] = report.heatmap.map { Charts.heatmap($0, names: report.principles.map(\.name)) } ?? ""
            model["trendSVG"] = Charts.trend(report.trend, names: report.principles.map(\.name), minimumRecords: report.minimumGroupSize)
            model["participationSVG"] = Charts.bars(report.participation.teams)
        }
        return model
    }

    /// A change with its direction: "▲ +12 up", "▼ -0.08 down", "no change"; "—" when hidden.
    static func direction(_ value: Double?, format: (Double) -> String, flat: Double = 0.5) -> String {
        guard let value else { return "—" }
        if abs(value) < flat { return "no change" }
        return value > 0 ? "▲ \(format(value)) up" : "▼ \(format(value)) down"
    }

    /// Who a quote is by and about, by name, and when: "Ana Lima about Ravi Rao, 2026-10-02";
    /// just the date when the report names no one.
    static func attribution(_ quote: Report.Quote) -> String {
        switch (quote.fromName, quote.toName) {
        case let (from?, to?): "\(from) about \(to), \(quote.date)"
        case let (nil, to?): "about \(to), \(quote.date)"
        default: quote.date
        }
    }

    /// A row's name: the team's, or "other teams (a, b)" naming the teams merged.
    static func groupName(_ name: String, teams: [String]) -> String {
        teams.count > 1 ? "\(name) (\(teams.joined(separator: ", ")))" : name
    }

    /// The last day of a period that ends (exclusively) at `end`.
    static func lastDay(_ end: String) -> String {
        guard let instant = FactTimestamp(parsing: end), let before = FactTimestamp(seconds: instant.seconds - 1) else { return String(end.prefix(10)) }
        return String(before.description.prefix(10))
    }

    static func hasSuppressed(_ report: Report) -> Bool {
        report.principles.contains { $0.evidenced.suppressed || $0.meanAlignment.suppressed }
            || report.participation.teams.contains { $0.received.suppressed }
            || (report.heatmap?.rows.contains { $0.cells.contains(where: \.suppressed) } ?? false)
    }
}
