/// The API's OpenAPI 3.1 document (`Embedded/openapi.json`), served at `/api/v1/openapi.json`;
/// a test checks it against the router's routes, so the two cannot drift.
enum OpenAPIDocument {
    static let text: String = EmbeddedFiles.files.first { $0.path == "openapi.json" }?.contents ?? "{}"
}
