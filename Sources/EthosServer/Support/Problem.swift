internal import Foundation
public import Hummingbird

/// An error as the server answers it: problem details (RFC 9457) under `/api`, a short page
/// elsewhere. The detail is written for the caller and never says more than they may know.
public struct Problem: HTTPResponseError {
    public var status: HTTPResponse.Status
    public var detail: String
    /// The request field at fault, for 400 (`text`, `to`, …).
    public var field: String?
    /// For 429 and 503: when to try again, in seconds.
    public var retryAfter: Int64?

    public init(_ status: HTTPResponse.Status, _ detail: String, field: String? = nil, retryAfter: Int64? = nil) {
        self.status = status
        self.detail = detail
        self.field = field
        self.retryAfter = retryAfter
    }

    static func badRequest(_ detail: String, field: String? = nil) -> Problem { Problem(.badRequest, detail, field: field) }
    static let signInRequired = Problem(.unauthorized, "Sign in first, or call with an API token (Authorization: Bearer …).")
    static func forbidden(_ detail: String) -> Problem { Problem(.forbidden, detail) }
    /// The same answer whether the thing does not exist or the caller may not see it.
    static func notFound(_ what: String = "Nothing") -> Problem { Problem(.notFound, "\(what) was found at this address.") }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.cacheControl: "no-store"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        if request.uri.path.hasPrefix("/api/") {
            headers[.contentType] = "application/problem+json"
            var body: [String: Any] = ["type": "about:blank", "title": status.reasonPhrase, "status": status.code, "detail": detail,
                                       "instance": request.uri.path]
            if let field { body["field"] = field }
            let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        headers[.contentType] = "text/html; charset=utf-8"
        let title = "\(status.code) \(status.reasonPhrase)"
        let page = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title)) · Ethos</title><link rel="stylesheet" href="/assets/ethos.css"></head>
            <body><main id="main"><h1>\(HTML.escape(title))</h1><p>\(HTML.escape(detail))</p><p><a href="/">Back to Ethos</a></p></main></body></html>
            """
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
    }
}

/// Turns every error into a ``Problem``: Hummingbird's own (no route, a body too large) keep
/// their status; anything else is a 500 whose cause is logged, never shown.
struct ProblemMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            throw problem
        } catch let error as HTTPError {
            throw Problem(error.status, Self.detail(error.status, error.body))
        } catch let error as any HTTPResponseError {
            throw error  // the server's own answers, such as the redirect to sign in
        } catch {
            context.logger.error("Request failed", metadata: ["error": "\(String(reflecting: error))"])
            throw Problem(.internalServerError, "Something went wrong on the server; it is logged. Try again, or tell people-operations.")
        }
    }

    private static func detail(_ status: HTTPResponse.Status, _ body: String?) -> String {
        switch status {
        case .notFound: "Nothing was found at this address."
        case .contentTooLarge: "The request is larger than \(ServerLimits.bodyBytes / 1_024) KiB."
        case .methodNotAllowed: "This address does not take that method."
        default: body ?? status.reasonPhrase
        }
    }
}

/// Escaping for what people wrote: the pages' templates (``HTMLEscaping``) and the few
/// answers written outside one. Works on UTF-8 bytes and returns a text without `&<>"'`
/// unchanged: Mustache's own escaping, a character at a time, was a quarter of a home page's
/// rendering time.
enum HTML {
    static func escape(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return nil }
            var escaped: [UInt8] = []
            escaped.reserveCapacity(bytes.count + 32)
            for byte in bytes {
                switch byte {
                case 0x26: escaped += Array("&amp;".utf8)
                case 0x3C: escaped += Array("&lt;".utf8)
                case 0x3E: escaped += Array("&gt;".utf8)
                case 0x22: escaped += Array("&quot;".utf8)
                case 0x27: escaped += Array("&#39;".utf8)
                default: escaped.append(byte)
                }
            }
            return String(decoding: escaped, as: UTF8.self)
        } ?? text
    }
}
