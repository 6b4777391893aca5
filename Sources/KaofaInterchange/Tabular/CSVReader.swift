import Foundation
import KaofaCore
#if canImport(CoreFoundation)
import CoreFoundation
#endif

/// Reads CSV files as Excel and WPS write them: RFC 4180 (fields in double quotes may hold the delimiter, line breaks
/// and doubled quotes `""`), records ending in CRLF, LF or CR, with or without a UTF-8 byte-order mark.
///
/// The encoding is detected, never guessed from the locale: valid UTF-8 is UTF-8; a UTF-16 byte-order mark means
/// UTF-16 (Excel's “Unicode 文本”); anything else is decoded as GB18030, the superset of GBK that Excel's plain
/// “CSV（逗号分隔）” uses on Chinese Windows. Text that is none of these is refused with the line where it fails.
///
/// The reader is lenient where spreadsheet programs are: a quote inside an unquoted field is kept as a character,
/// and text after a closing quote joins the field. A blank line is a row whose cells are all empty, so row numbers
/// stay the ones a spreadsheet shows.
public enum CSVReader {
    /// A decoded and parsed CSV file.
    public struct Document: Sendable {
        public var table: Table
        /// The encoding the bytes were in.
        public var encoding: TextEncoding
        /// The delimiter used: `,` or, for tab-separated text, a tab.
        public var delimiter: Character
    }

    /// Decodes and parses `bytes`. With no `delimiter`, a first line that has tabs and no commas makes the file
    /// tab-separated (what Excel writes as “Unicode 文本”); otherwise it is comma-separated.
    public static func read(_ bytes: [UInt8], delimiter: Character? = nil) throws(TabularError) -> Document {
        let (text, encoding) = try decode(bytes)
        let separator = delimiter ?? detectDelimiter(text)
        let table = try parse(utf8: text, delimiter: separator)
        return Document(table: table, encoding: encoding, delimiter: separator)
    }

    /// The UTF-8 bytes of the text in `bytes` (without a byte-order mark) and the encoding it was in.
    public static func decode(_ bytes: [UInt8]) throws(TabularError) -> (utf8: [UInt8], encoding: TextEncoding) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            let rest = Array(bytes.dropFirst(3))
            if let invalid = firstInvalidUTF8(rest) { throw .undecodableText(line: lineNumber(rest, offset: invalid)) }
            return (rest, .utf8)
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let little = bytes[0] == 0xFF
            guard let text = String(data: Data(bytes.dropFirst(2)), encoding: little ? .utf16LittleEndian : .utf16BigEndian) else {
                throw .undecodableText(line: 1)
            }
            return (Array(text.utf8), little ? .utf16LittleEndian : .utf16BigEndian)
        }
        guard let invalid = firstInvalidUTF8(bytes) else { return (bytes, .utf8) }
        guard let text = String(data: Data(bytes), encoding: gb18030) else {
            throw .undecodableText(line: lineNumber(bytes, offset: invalid))
        }
        return (Array(text.utf8), .gb18030)
    }

    /// GB18030-2000 as a Foundation encoding. `CFStringEncodings` is not exported on Linux, so the constant is
    /// spelled out: kCFStringEncodingGB_18030_2000 is 0x0632 on every platform.
    static let gb18030 = String.Encoding(rawValue: CFStringConvertEncodingToNSStringEncoding(CFStringEncoding(0x0632)))

    /// Parses UTF-8 CSV text (without a byte-order mark) into rows.
    ///
    /// A field is found by scanning for the bytes that can end it, and becomes a string in one step from the bytes it
    /// spans; only a quoted field that holds a doubled quote or a line break is put together piece by piece. Large
    /// text is read in parts on all cores (see `parse(utf8:delimiter:partSize:)`).
    public static func parse(utf8 bytes: [UInt8], delimiter: Character = ",") throws(TabularError) -> Table {
        try parse(utf8: bytes, delimiter: delimiter, partSize: partSize)
    }

    /// About this many bytes a part when large text is read in parts.
    static let partSize = 4 << 20

    /// The same, reading text of at least two parts of about `partSize` bytes in parts (tests vary it: the table is
    /// the same whatever the parts). A part after the first starts after a line break where the quotes before it
    /// are even in number — outside any quoted field, if every quote in the text is a field's — and is read from
    /// the start of a record. Its rows are used only if the part before it ended a record exactly where it starts,
    /// which makes them the rows a reading of the whole text gives there; otherwise the text is read in one piece.
    static func parse(utf8 bytes: [UInt8], delimiter: Character, partSize: Int) throws(TabularError) -> Table {
        let separator = delimiter.asciiValue ?? UInt8(ascii: ",")
        let starts = partStarts(bytes, partSize: partSize)
        if starts.count > 1 {
            let parts = ParallelMap.map(starts.indices.map { starts[$0]..<($0 + 1 < starts.count ? starts[$0 + 1] : bytes.count) }) {
                records(bytes, from: $0.lowerBound, limit: $0.upperBound, separator: separator)
            }
            if parts.allSatisfy({ $0.error == nil }), parts.dropLast().indices.allSatisfy({ parts[$0].end == starts[$0 + 1] }) {
                var rows: [TableRow] = []
                rows.reserveCapacity(parts.reduce(0) { $0 + $1.rows.count })
                var lines = 0
                for part in parts {
                    let records = rows.count
                    for var row in part.rows {
                        row.number += records
                        row.line += lines
                        rows.append(row)
                    }
                    lines += part.lines
                }
                return Table(rows: rows)
            }
        }
        let whole = records(bytes, from: 0, limit: bytes.count, separator: separator)
        if let error = whole.error { throw error }
        return Table(rows: whole.rows)
    }

    /// Where the parts of the text start: 0, then about every `partSize` bytes the byte after the first line break
    /// that has an even number of quotes before it (counted part by part on all cores).
    static func partStarts(_ bytes: [UInt8], partSize: Int) -> [Int] {
        guard partSize > 0, bytes.count / 2 >= partSize else { return [0] }
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let targets = Array(stride(from: partSize, to: bytes.count - partSize / 2, by: partSize))
        // The quotes in each stretch between targets, then their running parity at each target.
        let bounds = [0] + targets + [bytes.count]
        let counts = ParallelMap.map(Array(bounds.indices.dropLast())) { index in
            bytes.withUnsafeBufferPointer { buffer in
                var count = 0
                for k in bounds[index]..<bounds[index + 1] where buffer[k] == quote { count += 1 }
                return count
            }
        }
        var starts = [0]
        var quotes = 0
        for (index, target) in targets.enumerated() {
            quotes += counts[index]
            guard target > starts.last! else { continue }
            var parity = quotes & 1
            var k = target
            while k < bytes.count {
                let byte = bytes[k]
                if byte == quote { parity ^= 1 }
                if parity == 0, byte == lf || (byte == cr && (k + 1 == bytes.count || bytes[k + 1] != lf)) {
                    if k + 1 < bytes.count { starts.append(k + 1) }
                    break
                }
                k += 1
            }
        }
        return starts
    }

    /// The records of the text from `from`, read from the start of a record, up to the first record that ends at
    /// `limit` or later: rows numbered from 1 and lines counted from 1 within the part, where reading stopped, and
    /// how many lines were read.
    private static func records(_ bytes: [UInt8], from: Int, limit: Int, separator: UInt8)
        -> (rows: [TableRow], end: Int, lines: Int, error: TabularError?) {
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var rows: [TableRow] = []
        var cells: [String] = []
        var line = 1, recordLine = 1
        var i = from
        let error: TabularError? = bytes.withUnsafeBufferPointer { buffer -> TabularError? in
            let n = buffer.count
            /// The first index at or after `from` holding the separator, CR or LF (or `n`).
            func fieldEnd(from: Int) -> Int {
                var k = from
                while k < n {
                    let byte = buffer[k]
                    if byte == separator || byte == lf || byte == cr { return k }
                    k += 1
                }
                return n
            }
            func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self) }
            while true {
                if i == n {
                    // The end of the text where a field would start: after a separator, the record's last field is empty.
                    if !cells.isEmpty {
                        cells.append("")
                        rows.append(TableRow(number: rows.count + 1, line: recordLine, cells: cells))
                    }
                    return nil
                }
                if buffer[i] == quote {
                    // A quoted field: up to the closing quote, `""` for a quote, a line break inside is one `\n`
                    // whatever the file's line endings; text after the closing quote joins the field.
                    let quoteLine = line
                    i += 1
                    var field: [UInt8] = []
                    var simple = true
                    let start = i
                    while true {
                        var j = i
                        while j < n, buffer[j] != quote, buffer[j] != cr, buffer[j] != lf { j += 1 }
                        if !simple || j == n || buffer[j] != quote || (j + 1 < n && buffer[j + 1] == quote) {
                            if simple {
                                simple = false
                                field.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<i]))
                            }
                            field.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[i..<j]))
                        }
                        guard j < n else { return .unterminatedQuote(line: quoteLine) }
                        if buffer[j] == quote {
                            if j + 1 < n, buffer[j + 1] == quote {
                                field.append(quote)
                                i = j + 2
                                continue
                            }
                            let closing = j
                            i = j + 1
                            let end = fieldEnd(from: i)
                            if simple && end == i {
                                cells.append(text(start..<closing))
                            } else {
                                if simple { field.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<closing])) }
                                field.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[i..<end]))
                                cells.append(String(decoding: field, as: UTF8.self))
                            }
                            i = end
                            break
                        }
                        // A line break inside the quotes.
                        if buffer[j] == cr, j + 1 < n, buffer[j + 1] == lf { i = j + 2 } else { i = j + 1 }
                        field.append(lf)
                        line += 1
                    }
                } else {
                    let end = fieldEnd(from: i)
                    cells.append(text(i..<end))
                    i = end
                }
                if i == n {
                    rows.append(TableRow(number: rows.count + 1, line: recordLine, cells: cells))
                    return nil
                }
                if buffer[i] == separator {
                    i += 1
                    continue
                }
                // The end of the record: CRLF, LF or CR.
                if buffer[i] == cr, i + 1 < n, buffer[i + 1] == lf { i += 1 }
                i += 1
                rows.append(TableRow(number: rows.count + 1, line: recordLine, cells: cells))
                cells = []
                line += 1
                recordLine = line
                if i == n || i >= limit { return nil }
            }
        }
        return (rows, i, line - 1, error)
    }

    /// Tab when the first line has tabs and no commas, else comma.
    static func detectDelimiter(_ bytes: [UInt8]) -> Character {
        var commas = 0, tabs = 0
        for byte in bytes {
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            if byte == UInt8(ascii: ",") { commas += 1 }
            if byte == UInt8(ascii: "\t") { tabs += 1 }
        }
        return tabs > 0 && commas == 0 ? "\t" : ","
    }

    /// The offset of the first byte that does not begin a valid UTF-8 sequence, or nil when all of it is valid.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        let offset = SourceDecoder.firstInvalidUTF8(bytes)
        return offset == bytes.count ? nil : offset
    }

    /// The 1-based line holding byte `offset`.
    static func lineNumber(_ bytes: [UInt8], offset: Int) -> Int {
        var line = 1, i = 0
        while i < offset && i < bytes.count {
            if bytes[i] == UInt8(ascii: "\n") || (bytes[i] == UInt8(ascii: "\r") && (i + 1 >= bytes.count || bytes[i + 1] != UInt8(ascii: "\n"))) {
                line += 1
            }
            i += 1
        }
        return line
    }
}
