/// Writes CSV per RFC 4180 in the form Excel and WPS open without asking: UTF-8 with a byte-order mark (without it,
/// Excel on Chinese Windows reads the file as GBK), records ending in CRLF, and a field quoted when it holds a comma,
/// a quote, a line break or white space at either end. The same rows always give the same bytes.
public enum CSVWriter {
    /// The file for `rows`. `byteOrderMark: false` leaves out the UTF-8 byte-order mark (for programs that do not
    /// expect one).
    public static func write(_ rows: [[String]], byteOrderMark: Bool = true) -> [UInt8] {
        var out: [UInt8] = byteOrderMark ? [0xEF, 0xBB, 0xBF] : []
        for row in rows {
            for (index, cell) in row.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                append(cell, to: &out)
            }
            out += [0x0D, 0x0A]
        }
        return out
    }

    static func append(_ cell: String, to out: inout [UInt8]) {
        let bytes = Array(cell.utf8)
        let needsQuotes = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            || bytes.first.map(isSpace) == true || bytes.last.map(isSpace) == true
        guard needsQuotes else {
            out += bytes
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}
