/// A JSON value with the line and column where it starts, for located diagnostics.
package indirect enum JSONValue {
    case null
    case bool(Bool)
    /// A number, with its source text so integers keep full 64-bit precision.
    case number(Double, text: String)
    case string(String)
    case array([Located])
    /// Members in order, each with the position of its key.
    case object([(key: String, keyPosition: JSONPosition, value: Located)])

    /// A value and where it starts.
    package struct Located {
        package var value: JSONValue
        package var position: JSONPosition
    }

    /// The name of the value's kind, for messages.
    package var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "text"
        case .array: "a list"
        case .object: "an object"
        }
    }
}

/// A 1-based line and column (in Unicode scalars) in a JSON text.
package struct JSONPosition: Hashable {
    package var line: Int
    package var column: Int
}

/// A JSON syntax error and where it is.
package struct JSONSyntaxError: Error {
    package var message: String
    package var position: JSONPosition
}
