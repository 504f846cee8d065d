internal import Foundation

/// Inline SVG charts for the HTML report: no scripts, no external files, a text alternative on
/// every chart, and colours that keep their contrast in print and for colour-blind readers (a
/// blue–orange diverging scale).
enum Charts {
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// The colour of an alignment from -1 (orange) through 0 (light grey) to 1 (blue).
    static func colour(_ value: Double) -> String {
        let t = max(-1, min(1, value))
        let (low, mid, high) = ((230.0, 97.0, 1.0), (240.0, 240.0, 240.0), (33.0, 102.0, 172.0))
        let (from, to, amount) = t < 0 ? (mid, low, -t) : (mid, high, t)
        let mix = { (a: Double, b: Double) in Int((a + (b - a) * amount).rounded()) }
        return String(format: "#%02x%02x%02x", mix(from.0, to.0), mix(from.1, to.1), mix(from.2, to.2))
    }

    static func heatmap(_ heatmap: Report.Heatmap, names: [String]) -> String {
        let cellWidth = 150, cellHeight = 36, labelWidth = 150, header = 40
        let width = labelWidth + cellWidth * names.count, height = header + cellHeight * heatmap.rows.count
        var parts = ["<svg viewBox=\"0 0 \(width) \(height)\" style=\"max-width: \(width)px\" role=\"img\" aria-labelledby=\"heatmap-title\" class=\"chart\">",
                     "<title id=\"heatmap-title\">Mean alignment by team and principle, from -1 (breached) to +1 (lived); the table below gives the same figures.</title>"]
        for (index, name) in names.enumerated() {
            parts.append("<text x=\"\(labelWidth + index * cellWidth + cellWidth / 2)\" y=\"26\" text-anchor=\"middle\" class=\"axis\">\(escape(name))</text>")
        }
        for (row, line) in heatmap.rows.enumerated() {
            let y = header + row * cellHeight
            parts.append("<text x=\"\(labelWidth - 8)\" y=\"\(y + 23)\" text-anchor=\"end\" class=\"axis\">\(escape(line.team))</text>")
            for (column, cell) in line.cells.enumerated() {
                let x = labelWidth + column * cellWidth
                let fill = cell.value.map(colour) ?? "#ffffff"
                let label = cell.suppressed ? "—" : cell.value.map { String(format: "%+.2f", $0) } ?? "–"
                let ink = (cell.value.map { abs($0) > 0.55 } ?? false) ? "#ffffff" : "#1a1a1a"
                let pattern = cell.suppressed ? " class=\"suppressed\"" : ""
                parts.append("<rect x=\"\(x + 2)\" y=\"\(y + 2)\" width=\"\(cellWidth - 4)\" height=\"\(cellHeight - 4)\" fill=\"\(fill)\" stroke=\"#8a8a8a\"\(pattern)><title>\(escape(line.team)), \(escape(names[column])): \(cell.note ?? label)</title></rect>")
                parts.append("<text x=\"\(x + cellWidth / 2)\" y=\"\(y + 23)\" text-anchor=\"middle\" fill=\"\(ink)\" class=\"value\">\(label)</text>")
            }
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// The trend lines. A line joins only neighbouring buckets that both have a figure: an empty
    /// or hidden week is a gap, not a line drawn across it. A point resting on fewer than twice
    /// the smallest group's records is drawn hollow, so a reader sees which points are thin.
    /// At most six date labels, short ("1 Oct", "Oct 2026"), so they never overlap.
    static func trend(_ trend: Report.Trend, names: [String], minimumRecords: Int = 5) -> String {
        let width = 640, height = 276, left = 44, right = 36, top = 16, bottom = 60
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let buckets = trend.buckets
        let palette = ["#2166ac", "#e66101", "#1b7837", "#762a83", "#b35806", "#4d4d4d"]
        let dashes = ["", "6 4", "2 3", "8 3 2 3", "", "4 4"]
        var parts = ["<svg viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"trend-title\" class=\"chart\">",
                     "<title id=\"trend-title\">Mean alignment per \(trend.granularity) for each principle, from -1 to +1; gaps are \(trend.granularity)s "
                        + "with no figure, hollow points rest on few records; the table below gives the same figures.</title>"]
        func y(_ value: Double) -> Int { top + Int((1 - (value + 1) / 2) * Double(plotHeight)) }
        func x(_ index: Int) -> Int { left + (buckets.count <= 1 ? plotWidth / 2 : index * plotWidth / (buckets.count - 1)) }
        for tick in [-1.0, -0.5, 0, 0.5, 1] {
            parts.append("<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y(tick))\" y2=\"\(y(tick))\" class=\"grid\"/>")
            parts.append("<text x=\"\(left - 6)\" y=\"\(y(tick) + 4)\" text-anchor=\"end\" class=\"axis\">\(String(format: "%+.1f", tick))</text>")
        }
        let step = max(1, (buckets.count + 5) / 6)
        for (index, bucket) in buckets.enumerated() where index % step == 0 {
            parts.append("<text x=\"\(x(index))\" y=\"\(height - bottom + 18)\" text-anchor=\"middle\" class=\"axis\">"
                + "\(escape(shortLabel(bucket.start, weekly: trend.granularity == "week")))</text>")
        }
        for (series, name) in names.enumerated() {
            let colour = palette[series % palette.count]
            let values: [(value: Double, records: Int)?] = buckets.map { bucket in
                guard series < bucket.principles.count, let value = bucket.principles[series].meanAlignment.value else { return nil }
                return (value, bucket.principles[series].evidenced.records)
            }
            // Runs of neighbouring buckets with figures, each its own line.
            var run: [String] = []
            func endRun() {
                if run.count > 1 {
                    parts.append("<polyline points=\"\(run.joined(separator: " "))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2.5\" "
                        + "stroke-dasharray=\"\(dashes[series % dashes.count])\"><title>\(escape(name))</title></polyline>")
                }
                run = []
            }
            for (index, point) in values.enumerated() {
                guard let point else { endRun(); continue }
                run.append("\(x(index)),\(y(point.value))")
            }
            endRun()
            for (index, point) in values.enumerated() {
                guard let point else { continue }
                let thin = point.records < 2 * minimumRecords
                parts.append("<circle cx=\"\(x(index))\" cy=\"\(y(point.value))\" r=\"\(thin ? 3.5 : 3)\" fill=\"\(thin ? "#fff" : colour)\" "
                    + "stroke=\"\(colour)\" stroke-width=\"1.5\"><title>\(escape(name)), \(escape(buckets[index].label)): "
                    + "\(String(format: "%+.2f", point.value)) on \(point.records) records</title></circle>")
            }
            parts.append("<text x=\"\(left + series * 220)\" y=\"\(height - 24)\" fill=\"\(colour)\" class=\"legend\">— \(escape(name))</text>")
        }
        parts.append("<text x=\"\(left)\" y=\"\(height - 6)\" class=\"axis\">○ hollow: fewer than \(2 * minimumRecords) records; a gap: no figure</text>")
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// "1 Oct" for a week, "Oct 2026" for a month, from a bucket's RFC 3339 start.
    static func shortLabel(_ start: String, weekly: Bool) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let parts = start.prefix(10).split(separator: "-")
        guard parts.count == 3, let month = Int(parts[1]), (1...12).contains(month), let day = Int(parts[2]) else { return String(start.prefix(10)) }
        return weekly ? "\(day) \(months[month - 1])" : "\(months[month - 1]) \(parts[0])"
    }

    static func bars(_ teams: [Report.TeamBar]) -> String {
        guard !teams.isEmpty else { return "" }
        let rowHeight = 28, labelWidth = 140, width = 640, height = rowHeight * teams.count + 8
        let maximum = max(1, teams.compactMap(\.received.value).max() ?? 1)
        var parts = ["<svg viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"bars-title\" class=\"chart\">",
                     "<title id=\"bars-title\">Feedback received per team; the table below gives the same figures.</title>"]
        for (index, team) in teams.enumerated() {
            let y = 4 + index * rowHeight
            parts.append("<text x=\"\(labelWidth - 8)\" y=\"\(y + 18)\" text-anchor=\"end\" class=\"axis\">\(escape(team.team))</text>")
            if let value = team.received.value {
                let length = Int(Double(width - labelWidth - 60) * value / maximum)
                parts.append("<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(max(1, length))\" height=\"\(rowHeight - 8)\" fill=\"#2166ac\"/>")
                parts.append("<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 18)\" class=\"value\">\(Int(value))</text>")
            } else {
                parts.append("<text x=\"\(labelWidth + 6)\" y=\"\(y + 18)\" class=\"value\">— \(escape(team.received.note ?? ""))</text>")
            }
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}
