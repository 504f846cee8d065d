/// A lexical token of an expression, with its range in Unicode scalars.
struct Token: Equatable {
    enum Kind: Equatable {
        case identifier(String)
        case int(Int64)
        /// 9223372036854775808, which is valid only after a unary minus.
        case intMagnitudeOfMin
        case double(Double)
        case string(String)
        case punctuation(String)
        case end
    }

    var kind: Kind
    var range: Range<Int>
}
