package import EthosCore
internal import Foundation

/// A record's verdicts, compact, on the record's own row (`records.verdicts`), so a report reads a
/// period from one covering index instead of joining every score.
///
/// The blob holds, for each principle of its layout in order, one byte (0 not evidenced,
/// 1 aligned, 2 misaligned) and the alignment as a little-endian IEEE 754 double: 9 bytes a
/// principle. The layout (`records.verdict_layout`, a row of `verdict_layouts`) names the
/// principles, so the blob stays readable after principles are added, removed or reordered.
/// The `scores` table remains the record of each verdict with its relevance and provenance; this
/// is a copy kept in step with it by every write.
package enum VerdictSummary {
    package static let bytesPerPrinciple = 9

    package static func encode(_ verdicts: some Collection<(verdict: Verdict, alignment: Double)>) -> [UInt8] {
        // Built as bytes: appending to Data a field at a time cost ten times as much.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(verdicts.count * bytesPerPrinciple)
        for item in verdicts {
            bytes.append(code(item.verdict))
            withUnsafeBytes(of: item.alignment.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    package static func code(_ verdict: Verdict) -> UInt8 {
        switch verdict {
        case .notEvidenced: 0
        case .aligned: 1
        case .misaligned: 2
        }
    }

    /// Decodes a summary's `bytes` into `verdicts`, placing each principle at `positions[i]`
    /// (-1: not asked for).
    package static func decode(_ bytes: UnsafeRawBufferPointer, positions: [Int], into verdicts: inout [PrincipleVerdict]) {
        let count = min(positions.count, bytes.count / bytesPerPrinciple)
        for index in 0..<count where positions[index] >= 0 {
            let offset = index * bytesPerPrinciple
            let verdict: Verdict = switch bytes[offset] {
            case 1: .aligned
            case 2: .misaligned
            default: .notEvidenced
            }
            let bits = bytes.loadUnaligned(fromByteOffset: offset + 1, as: UInt64.self)
            verdicts[positions[index]] = PrincipleVerdict(verdict: verdict, alignment: Double(bitPattern: UInt64(littleEndian: bits)))
        }
    }
}
