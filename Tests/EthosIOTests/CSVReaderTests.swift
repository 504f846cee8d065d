import EthosIO
import Testing

@Suite("CSV reader")
struct CSVReaderTests {
    func rows(_ text: String) throws -> [CSVReader.Row] {
        var reader = CSVReader(bytes: Array(text.utf8))
        var rows: [CSVReader.Row] = []
        while let row = try reader.next() { rows.append(row) }
        return rows
    }

    @Test("reads quoted fields with commas, doubled quotes and line breaks, numbering rows by their first line")
    func quoting() throws {
        let read = try rows("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",\n3,,last")
        #expect(read.map(\.fields) == [["a", "b", "c"], ["1", "x, y", "say \"hi\""], ["2", "two\nlines", ""], ["3", "", "last"]])
        #expect(read.map(\.line) == [1, 2, 3, 5])
    }

    @Test("an unclosed quote is an error at its row")
    func unclosed() {
        var reader = CSVReader(bytes: Array("a\n\"open\n".utf8))
        #expect(throws: CSVReader.Failure.self) {
            while try reader.next() != nil {}
        }
    }

    @Test("reads from chunks that split rows anywhere")
    func chunks() throws {
        let bytes = Array("h1,h2\n\"a,b\",c\nd,e\n".utf8)
        var offset = 0
        var reader = CSVReader { () -> [UInt8] in
            defer { offset += 3 }
            return offset < bytes.count ? Array(bytes[offset..<min(bytes.count, offset + 3)]) : []
        }
        var fields: [[String]] = []
        while let row = try reader.next() { fields.append(row.fields) }
        #expect(fields == [["h1", "h2"], ["a,b", "c"], ["d", "e"]])
    }

    @Test("a byte-order mark at the start is skipped, however the chunks split it")
    func byteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("handle,team\nana,platform\n".utf8)
        for size in [1, 2, 3, 64] {
            var offset = 0
            var reader = CSVReader {
                defer { offset = min(bytes.count, offset + size) }
                return Array(bytes[offset..<min(bytes.count, offset + size)])
            }
            #expect(try reader.next()?.fields == ["handle", "team"], "chunks of \(size)")
            #expect(try reader.next()?.fields == ["ana", "platform"])
        }
        // Only at the start: the same bytes later are content.
        var later = CSVReader(bytes: Array("a\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("b\n".utf8))
        _ = try later.next()
        #expect(try later.next()?.fields == ["\u{FEFF}b"])
    }

    @Test("a row with an over-long field or bytes that are not UTF-8 comes back with its problem, and the rows after it are read")
    func badRowsSkipped() throws {
        let long = String(repeating: "x", count: 40)
        let bytes = Array("a,b\n1,\(long)\n2,\"\(long)\nstill the same \"\"field\"\"\",x\n3,ok\n".utf8) + [0x34, 0x2C, 0xFF, 0x0A]
            + Array("5,end\n".utf8)
        var delivered = false
        var reader = CSVReader(maxFieldBytes: 16) {
            defer { delivered = true }
            return delivered ? [] : bytes
        }
        var rows: [CSVReader.Row] = []
        while let row = try reader.next() { rows.append(row) }
        #expect(rows.map(\.line) == [1, 2, 3, 5, 6, 7])
        #expect(rows.map(\.problem) == [nil, "A field is longer than 16 bytes.", "A field is longer than 16 bytes.", nil,
                                        "The row is not valid UTF-8; save the file as UTF-8.", nil])
        #expect(rows.map(\.fields) == [["a", "b"], [], [], ["3", "ok"], [], ["5", "end"]])
    }
}

