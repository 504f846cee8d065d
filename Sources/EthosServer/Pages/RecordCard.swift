internal import EthosCore

/// A stored record as the pages show it, for one viewer: names for handles, an anonymous
/// author as "Anonymous" (never their handle, whoever reads), the text only when the viewer
/// may read it, and each verdict with the evidence behind it.
///
/// Written as HTML here rather than by a template: the home page shows forty cards, and
/// looking their fields up one by one through Mustache's untyped context was a third of the
/// page's cost.
struct RecordCard {
    struct VerdictLine {
        var principle: String
        var verdict: Verdict
        /// Reasons with the sentence each quotes; nil when the viewer may not read the text.
        var evidence: [(reason: String, sentence: String?)]?
    }

    var id: String
    var date: String
    var kind: String
    var from: String
    var to: String
    var visibility: Visibility
    /// The text, when the viewer may read it.
    var text: String?
    var languageNote: String?
    var minutes: Int?
    var tags: [String]
    var verdicts: [VerdictLine]

    /// The card of `record`; `readable` overrides the viewer's reading rights (the author of an
    /// anonymous record sees it once, as it is recorded).
    init(_ record: StoredRecord, scores: [StoredScore], viewer: Viewer, principles: PrincipleSet, readable: Bool? = nil) {
        let readable = readable ?? viewer.mayRead(record)
        id = record.id
        date = String(record.date.description.prefix(10))
        kind = record.kind == .feedback ? "Feedback" : "Mentoring"
        from = record.anonymous ? "Anonymous" : viewer.name(of: record.author ?? "")
        to = viewer.name(of: record.subject)
        visibility = record.visibility
        text = readable ? record.text : nil
        languageNote = readable && !record.languageSupported ? TextLanguage.note : nil
        minutes = record.minutes
        tags = record.tags
        // Evidence quotes the text: shown only to those who may read it.
        let sentences = readable ? EvidenceSentences(record.text) : nil
        verdicts = scores.filter { $0.verdict != .notEvidenced }.map { score in
            let evidence = sentences.map { sentences in
                score.evidence.filter { $0.principle != nil }.prefix(4).map { ($0.reason, sentences.sentence(of: $0)) }
            }
            return VerdictLine(principle: principles[id: score.principle]?.name ?? score.principle, verdict: score.verdict, evidence: evidence)
        }
    }

    var title: String { "\(kind) for \(to)" }

    /// The card as HTML, everything people wrote escaped.
    var html: String {
        var html = HTMLWriter()
        html.raw(#"<article class="card" aria-label=""#)
        html.text("\(kind) from \(from) to \(to), \(date)")
        html.raw(#""><p class="meta">"#)
        html.text(kind)
        html.raw(" from <strong>")
        html.text(from)
        html.raw("</strong> to <strong>")
        html.text(to)
        html.raw("</strong> · ")
        html.text(date)
        if let minutes { html.text(" · \(minutes) minutes") }
        if !tags.isEmpty { html.raw(" · "); html.text(tags.joined(separator: ", ")) }
        html.raw("</p>\n")
        if let text {
            html.raw("<blockquote>"); html.text(text); html.raw("</blockquote>\n")
        } else {
            html.raw(#"<p class="hint">Only some people may read this text.</p>"#)
        }
        if let languageNote { html.raw(#"<p class="hint">"#); html.text(languageNote); html.raw("</p>\n") }
        if verdicts.isEmpty { html.raw(#"<p class="hint">No principle is evidenced.</p>"#) }
        html.raw(#"<ul class="verdicts">"#)
        for verdict in verdicts {
            html.raw(#"<li><span class="badge "#)
            html.text(verdict.verdict.rawValue)
            html.raw(#"">"#)
            html.text(RecordView.verdictLabel(verdict.verdict))
            html.raw("</span> ")
            html.text(verdict.principle)
            if let evidence = verdict.evidence, !evidence.isEmpty {
                html.raw("<details><summary>Why</summary><ul>")
                for item in evidence {
                    html.raw("<li>")
                    html.text(item.reason)
                    if let sentence = item.sentence { html.raw(" — in “"); html.text(sentence); html.raw("”") }
                    html.raw("</li>")
                }
                html.raw("</ul></details>")
            }
            html.raw("</li>\n")
        }
        html.raw("</ul>\n")
        html.raw(#"<p class="hint">Who may read it: "#)
        html.text(RecordView.visibilityLabel(visibility))
        html.raw(#" · <a href="/records/"#)
        html.text(id)
        html.raw(#"">"#)
        html.text(id)
        html.raw("</a></p>\n</article>\n")
        return html.result
    }
}

/// HTML built piece by piece: markup as it is, text escaped.
struct HTMLWriter {
    private(set) var result = ""

    init() { result.reserveCapacity(2_048) }

    /// `markup` as it is: a literal, which costs no copy.
    mutating func raw(_ markup: String) {
        result += markup
    }

    mutating func text(_ text: String) {
        result += HTML.escape(text)
    }
}
