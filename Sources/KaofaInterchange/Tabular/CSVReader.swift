import Foundation
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
    /// spans; only a quoted field that holds a doubled quote or a line break is put together piece by piece.
    public static func parse(utf8 bytes: [UInt8], delimiter: Character = ",") throws(TabularError) -> Table {
        let separator = delimiter.asciiValue ?? UInt8(ascii: ",")
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var rows: [TableRow] = []
        var cells: [String] = []
        var line = 1, recordLine = 1
        let result: TabularError? = bytes.withUnsafeBufferPointer { buffer -> TabularError? in
            let n = buffer.count
            var i = 0
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
                if i == n { return nil }
            }
        }
        if let result { throw result }
        return Table(rows: rows)
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
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case let .valid(encoded): offset += encoded.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
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
