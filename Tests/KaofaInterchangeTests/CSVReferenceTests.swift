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
            }
        }
    }
}
