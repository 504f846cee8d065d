internal import Foundation
#if canImport(_FoundationICU)
internal import _FoundationICU
#endif

/// A regular expression run by ICU with a bound on every search: ICU's own time limit, in steps
/// of its match engine ("on the order of milliseconds"), so a pattern that backtracks
/// catastrophically — `(a+)+$` over forty `a`s and a `b` takes ICU seconds, a thousand minutes —
/// stops with ``Timeout`` instead. Rules' `matches()` (where Ethos's linear byte matcher does not
/// answer) and YAML plugins' patterns go through it.
///
/// The bound needs ICU's C API, which the Swift toolchain ships on Linux as `_FoundationICU`;
/// where that module is not there (Apple platforms), searches go through `NSRegularExpression`
/// and are not bounded (docs/rules.md says so).
package final class BoundedRegex: @unchecked Sendable {
    // @unchecked: the compiled pattern is never matched against itself — every search clones it
    // (ICU shares the compiled form between clones) — and it is closed only in deinit.

    /// ICU's limit for one search, in its match-engine steps: 200 took about 35 ms on the
    /// machine in docs/performance.md, where every pattern the shipped principles and example
    /// plugins use answers in microseconds.
    package static let stepLimit: Int32 = 200

    /// A search stopped at the step limit.
    package struct Timeout: Error, Sendable {}

    /// A match, as offsets in UTF-16 code units, with the first capture group's when it took part.
    package struct Match: Sendable {
        package var range: Range<Int>
        package var group: Range<Int>?
    }

    /// How many capture groups the pattern has.
    package let captureGroups: Int

    #if canImport(_FoundationICU)
    private let compiled: OpaquePointer

    /// Compiles `pattern`; throws when ICU cannot read it. An empty pattern matches everywhere.
    package init(_ pattern: String) throws {
        var status = U_ZERO_ERROR
        var parseError = UParseError()
        let units = Array((pattern.isEmpty ? "(?:)" : pattern).utf16)
        let opened = units.withUnsafeBufferPointer { swift_uregex_open($0.baseAddress, Int32($0.count), 0, &parseError, &status) }
        guard status.rawValue <= U_ZERO_ERROR.rawValue, let opened else {
            if let opened { swift_uregex_close(opened) }
            throw CocoaError(.formatting)
        }
        compiled = opened
        captureGroups = Int(swift_uregex_groupCount(opened, &status))
    }

    deinit { swift_uregex_close(compiled) }

    /// Runs `body` with a clone of the pattern set to `text` and limited to ``stepLimit``.
    private func searching<T>(_ text: String, _ body: (OpaquePointer, inout UErrorCode) -> T) throws(Timeout) -> T {
        let units = Array(text.utf16)
        var status = U_ZERO_ERROR
        guard let matcher = swift_uregex_clone(compiled, &status) else { throw Timeout() }
        defer { swift_uregex_close(matcher) }
        swift_uregex_setTimeLimit(matcher, Self.stepLimit, &status)
        let result = units.withUnsafeBufferPointer { buffer -> T in
            swift_uregex_setText(matcher, buffer.baseAddress, Int32(buffer.count), &status)
            return body(matcher, &status)
        }
        if status == U_REGEX_TIME_OUT || status == U_REGEX_STACK_OVERFLOW { throw Timeout() }
        return result
    }

    /// Whether the pattern matches somewhere in `text`.
    package func firstMatch(in text: String) throws(Timeout) -> Bool {
        try searching(text) { matcher, status in swift_uregex_find(matcher, 0, &status) != 0 }
    }

    /// Every match in `text`, in order.
    package func matches(in text: String) throws(Timeout) -> [Match] {
        try searching(text) { matcher, status in
            var found: [Match] = []
            while swift_uregex_findNext(matcher, &status) != 0, status.rawValue <= U_ZERO_ERROR.rawValue {
                let start = Int(swift_uregex_start(matcher, 0, &status)), end = Int(swift_uregex_end(matcher, 0, &status))
                var group: Range<Int>?
                if captureGroups >= 1 {
                    let groupStart = Int(swift_uregex_start(matcher, 1, &status)), groupEnd = Int(swift_uregex_end(matcher, 1, &status))
                    if groupStart >= 0, groupEnd >= groupStart { group = groupStart..<groupEnd }
                }
                found.append(Match(range: start..<end, group: group))
            }
            return found
        }
    }
    #else
    private let regex: NSRegularExpression

    /// Compiles `pattern`; throws when ICU cannot read it. An empty pattern matches everywhere.
    package init(_ pattern: String) throws {
        regex = try NSRegularExpression(pattern: pattern.isEmpty ? "(?:)" : pattern)
        captureGroups = regex.numberOfCaptureGroups
    }

    package func firstMatch(in text: String) throws(Timeout) -> Bool {
        regex.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) != nil
    }

    package func matches(in text: String) throws(Timeout) -> [Match] {
        regex.matches(in: text, range: NSRange(location: 0, length: text.utf16.count)).map { match in
            let group = match.numberOfRanges > 1 && match.range(at: 1).location != NSNotFound
                ? match.range(at: 1).location..<(match.range(at: 1).location + match.range(at: 1).length) : nil
            return Match(range: match.range.location..<(match.range.location + match.range.length), group: group)
        }
    }
    #endif

    /// The text of `range` (UTF-16 offsets) in `text`.
    package static func text(_ range: Range<Int>, in text: String) -> String {
        let units = Array(text.utf16)
        return String(decoding: units[range.clamped(to: 0..<units.count)], as: UTF16.self)
    }
}
