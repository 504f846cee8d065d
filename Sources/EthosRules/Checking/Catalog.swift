/// The functions and macros rules may call, for type checking and did-you-mean suggestions.
enum Catalog {
    /// Functions called as `f(x)`.
    static let globalFunctions = ["size", "matches", "int", "double", "string", "bool", "timestamp", "duration", "has"]
    /// Functions and macros called as `x.f(…)`.
    static let methods = ["size", "contains", "startsWith", "endsWith", "matches", "all", "exists", "exists_one", "map", "filter"]
    /// CEL functions Ethos does not support, with what to do instead.
    static let unsupported: [String: String] = [
        "type": "type() is not supported in Ethos rules; compare values directly.",
        "dyn": "dyn() is not needed in Ethos rules; values already carry their types.",
        "uint": "Unsigned integers are not supported in Ethos rules; use int().",
        "bytes": "Bytes are not supported in Ethos rules; use strings.",
        "getFullYear": "Timestamp accessors such as getFullYear() are not supported yet; compare timestamps directly, e.g. record.date >= timestamp(\"2026-01-01T00:00:00Z\").",
        "getMonth": "Timestamp accessors such as getMonth() are not supported yet; compare timestamps directly.",
        "getDayOfWeek": "Timestamp accessors such as getDayOfWeek() are not supported yet; compare timestamps directly.",
        "getHours": "Timestamp and duration accessors such as getHours() are not supported yet; compare with duration(\"1h\").",
        "lowerAscii": "lowerAscii() is not supported; use a case-insensitive pattern such as text.matches(\"(?i)word\").",
    ]

    static var allNames: [String] { Array(Set(globalFunctions + methods)).sorted() }
}
