internal import Foundation
internal import Hummingbird
internal import HTTPTypes
internal import EthosReports
internal import Mustache

/// The web pages' Mustache templates (`Embedded/Pages/`), each filling the layout's blocks.
/// Mustache escapes every `{{value}}`, so what people wrote reaches a page only as text.
struct PageRenderer: Sendable {
    private let library: MustacheLibrary
    /// The reports' built-in templates, parsed once.
    let reports: ReportRenderer

    init() {
        // Every page template starts with {{% CONTENT_TYPE: ETHOS_HTML}}: the same escaping as
        // Mustache's HTML type, faster. The library keeps content types in a registry of its own.
        MustacheContentTypes.register(HTMLEscaping(), named: "ETHOS_HTML")
        var templates: [String: MustacheTemplate] = [:]
        for file in EmbeddedFiles.files where file.path.hasPrefix("Pages/") && file.path.hasSuffix(".mustache") {
            let name = String(file.path.dropFirst("Pages/".count).dropLast(".mustache".count))
            // The templates ship inside the program and are tested: a broken one is a build defect.
            templates[name] = try! MustacheTemplate(string: file.contents)
        }
        library = MustacheLibrary(templates: templates)
        reports = try! ReportRenderer()  // the built-in templates: tested with the package
    }

    /// `template` rendered with `values` and what every page shows: the title, the signed-in
    /// person's navigation, the form token and the version.
    func page(_ template: String, title: String, context: ServerContext, platform: Platform, current: String = "",
              values: [String: Any] = [:], status: HTTPResponse.Status = .ok) -> Response {
        var model = values
        model["title"] = title
        model["version"] = platform.version
        if let viewer = context.caller.viewer, let session = context.caller.session {
            model["csrf"] = session.csrfToken
            model["signedIn"] = ["name": viewer.name, "handle": viewer.handle, "navigation": Self.navigation(viewer, current: current)]
        }
        let html = library.render(model, withTemplate: template) ?? ""
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A template rendered alone, as a piece of a page made elsewhere.
    func fragment(_ template: String, values: [String: Any]) -> String {
        library.render(values, withTemplate: template) ?? ""
    }

    /// The navigation's items, written here rather than by the layout: every signed-in page has
    /// them, and Mustache's look-ups over their list were most of a page's template time.
    static func navigation(_ viewer: Viewer, current: String) -> String {
        var html = HTMLWriter()
        for link in links(viewer) {
            html.raw("<li><a href=\"")
            html.text(link.href)
            html.raw(link.href == current ? "\" aria-current=\"page\">" : "\">")
            html.text(link.label)
            html.raw("</a></li>")
        }
        return html.result
    }

    /// The navigation: what this person may open.
    private static func links(_ viewer: Viewer) -> [(href: String, label: String)] {
        var links: [(String, String)] = [("/", "Home"), ("/feedback/new", "Give feedback"), ("/mentoring/new", "Log mentoring"),
                                         ("/requests/new", "Ask for feedback"), ("/principles", "Principles"), ("/reports/me", "My report")]
        if viewer.isManager || viewer.isAdmin { links.append(("/reports/teams", "Team reports")) }
        if viewer.isAdmin { links += [("/reports/organisation", "Organisation"), ("/people", "People")] }
        return links
    }
}

/// HTML escaping for the page templates.
struct HTMLEscaping: MustacheContentType {
    func escapeText(_ text: String) -> String { HTML.escape(text) }
}

/// The form token (CSRF) every form carries: a signed-in person's is their session's; before
/// signing in it is a random value also set in a cookie, and the two must match.
enum FormGuard {
    static let field = "_csrf"
    static let cookieName = "ethos_form"
    /// The header the pages' scripts send the token in.
    static let header = HTTPField.Name("X-CSRF-Token")!

    /// The token for a page's forms, and a cookie to set when there was none.
    static func token(_ request: Request, _ context: ServerContext, platform: Platform) -> (String, Cookie?) {
        if let session = context.caller.session { return (session.csrfToken, nil) }
        if let existing = request.cookies[cookieName]?.value, existing.count >= 32 { return (existing, nil) }
        let token = Secret.token()
        return (token, Cookie(name: cookieName, value: token, path: "/", secure: platform.options.behindHTTPS, httpOnly: true, sameSite: .strict))
    }

    /// A form's fields, once its token is checked.
    static func form(_ request: Request, _ context: ServerContext) async throws -> FormFields {
        var request = request
        let form = try await request.form(context)
        try check(form[field], request, context)
        return form
    }

    /// Refuses a change whose token does not match.
    static func check(_ sent: String?, _ request: Request, _ context: ServerContext) throws {
        let expected = context.caller.session?.csrfToken ?? request.cookies[cookieName]?.value
        guard let sent, let expected, Secret.equal(sent, expected) else {
            throw Problem.forbidden("This form has expired or did not come from Ethos: reload the page and send it again.")
        }
    }
}

extension Request {
    /// The body as form fields, at most the server's body limit.
    mutating func form(_ context: ServerContext) async throws -> FormFields {
        let buffer = try await collectBody(upTo: context.maxUploadSize)
        return FormFields(String(decoding: buffer.readableBytesView, as: UTF8.self))
    }

    /// The query string's fields.
    var query: FormFields { FormFields(uri.query ?? "") }
}

extension Response {
    /// A redirect after a change (303: the browser follows it with GET).
    static func seeOther(_ location: String, cookies: [Cookie] = []) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }
}
