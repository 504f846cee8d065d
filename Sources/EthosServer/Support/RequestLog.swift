internal import Foundation
internal import Hummingbird
internal import HTTPTypes
internal import Logging
internal import Prometheus

/// The server's metrics, exposed at `/metrics` in Prometheus's text format: requests by route,
/// method and status, and their latency.
public final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()

    public init() {}

    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        let labels = [("route", route), ("method", method), ("status", String(status))]
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "ethos", metricName: "http_requests", unitName: "total",
                                                              helpText: "HTTP requests answered"), labels: labels).increment()
        registry.makeDurationHistogram(descriptor: MetricNameDescriptor(namespace: "ethos", metricName: "http_request_duration",
                                                                        unitName: "seconds", helpText: "Time to answer an HTTP request"),
                                       labels: [("route", route), ("method", method)], buckets: Self.buckets).record(duration)
    }

    /// The exposition text.
    func text() -> String { registry.emitToString() }

    private static let buckets: [Duration] = [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                                              .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5)]
}

/// One log line a request, with its id and latency, and the headers every answer carries. The
/// route is logged, never the path: an invitation's path holds its secret.
struct RequestLog: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        let elapsed = ContinuousClock.now - start
        let route = context.endpointPath ?? "(no route)"
        metrics.recordRequest(route: route, method: request.method.rawValue, status: response.status.code, duration: elapsed)
        context.logger.info("\(request.method.rawValue) \(route) \(response.status.code)", metadata: [
            "latency_ms": "\(String(format: "%.2f", Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1_000))",
        ])
        response.headers[.init("X-Request-ID")!] = context.id
        Self.secure(&response.headers)
        return response
    }

    /// Headers that keep pages from being framed, sniffed or leaking where they were opened.
    static func secure(_ headers: inout HTTPFields) {
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        headers[.init("X-Frame-Options")!] = "DENY"
        headers[.init("Referrer-Policy")!] = "same-origin"
        if headers[.contentSecurityPolicy] == nil {
            headers[.contentSecurityPolicy] = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        }
    }
}
