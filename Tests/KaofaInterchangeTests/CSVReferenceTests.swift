import Testing
@testable import KaofaInterchange
@testable import KaofaCore

/// The CSV reader scans for the bytes that end a field and makes each field's string in one step; this is the reader it
/// replaced, one byte at a time, kept as the reference it must agree with on any text.
enum ReferenceCSV {
    static func parse(utf8 bytes: [UInt8], delimiter: Character = ",") throws(TabularError) -> Table {
        let separator = delimiter.asciiValue ?? UInt8(ascii: ",")
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var rows: [TableRow] = []
        var cells: [String] = []
        var field: [UInt8] = []
        var fieldStarted = false, inQuotes = false
        var line = 1, recordLine = 1, quoteLine = 1
        let n = bytes.count
        var i = 0

        func endField() {
            cells.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldStarted = false
        }
        func endRecord() {
            endField()
            rows.append(TableRow(number: rows.count + 1, line: recordLine, cells: cells))
            cells = []
        }

        while i < n {
            let byte = bytes[i]
            if inQuotes {
                if byte == quote {
                    if i + 1 < n, bytes[i + 1] == quote {
                        field.append(quote)
                        i += 2
                    } else {
                        inQuotes = false
                        i += 1
                    }
                    continue
                }
                if byte == cr || byte == lf {
                    // A line break inside a cell is one `\n`, whatever the file's line endings.
                    if byte == cr, i + 1 < n, bytes[i + 1] == lf { i += 1 }
                    field.append(lf)
                    line += 1
                    i += 1
                    continue
                }
                field.append(byte)
                i += 1
                continue
            }
            switch byte {
            case quote where !fieldStarted:
                inQuotes = true
                fieldStarted = true
                quoteLine = line
            case separator:
                endField()
            case cr, lf:
                if byte == cr, i + 1 < n, bytes[i + 1] == lf { i += 1 }
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(byte)
                fieldStarted = true
            }
            i += 1
        }
        if inQuotes { throw .unterminatedQuote(line: quoteLine) }
        if fieldStarted || !cells.isEmpty { endRecord() }
        return Table(rows: rows)
    }

}

@Suite("CSV reader against the byte-at-a-time reference")
struct CSVReferenceTests {
    @Test("random text of quotes, separators, line endings and UTF-8 reads exactly as the reference reads it")
    func random() {
        let alphabet: [String] = ["a", "题", "\"", "\"\"", ",", "\t", "\n", "\r", "\r\n", " ", "'=1", "x\"y"]
        var generator = SplitMix64(seed: 11)
        for round in 0..<3_000 {
            let length = generator.bounded(30)
            let text = (0..<length).map { _ in alphabet[generator.bounded(alphabet.count)] }.joined()
            let bytes = Array(text.utf8)
            for delimiter: Character in [",", "\t"] {
                let expected = Result { () throws(TabularError) in try ReferenceCSV.parse(utf8: bytes, delimiter: delimiter) }
                let actual = Result { () throws(TabularError) in try CSVReader.parse(utf8: bytes, delimiter: delimiter) }
                #expect(actual == expected, "round \(round): \(text.debugDescription)")
                // Read in parts of a few bytes: parts that start inside a quoted field, or after a quote that is a
                // character, must not change what is read.
                for partSize in [1, 2, 3, 7] {
                    let inParts = Result { () throws(TabularError) in try CSVReader.parse(utf8: bytes, delimiter: delimiter, partSize: partSize) }
                    #expect(inParts == expected, "round \(round), parts of \(partSize): \(text.debugDescription)")
                }
            }
        }
    }

    @Test("long text with quoted line breaks and stray quotes reads the same in parts of any size, and the parts are used")
    func parts() throws {
        let alphabet: [String] = ["a", "题目", "\"x\ny\"", "\"\"", ",", "\n", "\r\n", "\"引,号\"", "5\"寸", "\"a\"\"b\""]
        var generator = SplitMix64(seed: 29)
        for round in 0..<200 {
            let text = (0..<(200 + generator.bounded(400))).map { _ in alphabet[generator.bounded(alphabet.count)] }.joined()
            let bytes = Array(text.utf8)
            let expected = Result { () throws(TabularError) in try ReferenceCSV.parse(utf8: bytes, delimiter: ",") }
            for partSize in [16, 50, 129] {
                let inParts = Result { () throws(TabularError) in try CSVReader.parse(utf8: bytes, delimiter: ",", partSize: partSize) }
                #expect(inParts == expected, "round \(round), parts of \(partSize)")
            }
        }
        // Rows of a well-formed file split where records end: the parts are found where they should be.
        let rows = (1...400).map { "\($0),\"第\($0)题\n续行\",\"含\"\"引号\"\"\"" }.joined(separator: "\r\n")
        let bytes = Array(rows.utf8)
        let starts = CSVReader.partStarts(bytes, partSize: 500)
        #expect(starts.count > 10)
        for start in starts.dropFirst() {
            #expect(bytes[start - 1] == UInt8(ascii: "\n") && bytes[start] != "续".utf8.first!)
        }
        let table = try CSVReader.parse(utf8: bytes, delimiter: ",", partSize: 500)
        #expect(table == (try ReferenceCSV.parse(utf8: bytes, delimiter: ",")))
        #expect(table.rows.count == 400 && table.rows[399].line == 799)
    }
}
