/// The small pieces of SpreadsheetML (the XML inside .xlsx files) the reader and the writer share: cell references,
/// XML escaping and the `_xHHHH_` escapes Excel uses for characters XML cannot hold.
enum SpreadsheetML {
    /// The letters of a 1-based column number: 1 → `A`, 27 → `AA`.
    static func columnName(_ column: Int) -> String {
        var n = column
        var letters: [Character] = []
        while n > 0 {
            let remainder = (n - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(ascii: "A") + UInt8(remainder))))
            n = (n - 1) / 26
        }
        return String(letters.reversed())
    }

    /// The 1-based column and row of a reference such as `AB12` (the `$` of absolute references is ignored), or nil
    /// when it is not one. The row is nil for a bare column (`AB`).
    static func cellReference(_ text: String) -> (column: Int, row: Int?)? {
        var column = 0, row = 0, letters = 0, digits = 0
        for byte in text.utf8 where byte != UInt8(ascii: "$") {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where digits == 0:
                column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
                letters += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z") where digits == 0:
                column = column * 26 + Int(byte - UInt8(ascii: "a")) + 1
                letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                row = row * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            default:
                return nil
            }
            // Excel's last column is XFD (16,384) and its last row 1,048,576.
            if letters > 3 || digits > 7 { return nil }
        }
        guard letters > 0 else { return nil }
        return (column, digits > 0 ? row : nil)
    }

    /// Escapes text for element content or an attribute value. Characters XML 1.0 cannot hold (control characters
    /// other than tab and line feed, and the carriage return, which XML readers turn into a line feed) are written
    /// as `_xHHHH_`, and a literal `_xHHHH_` is protected as `_x005F_xHHHH_`, as Excel does.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "_" where isEscape(scalars, at: i):
                out += "_x005F_"
            default:
                let value = scalar.value
                if (value < 0x20 && value != 0x09 && value != 0x0A) || value == 0xFFFE || value == 0xFFFF {
                    out += "_x" + hex4(value) + "_"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
            i += 1
        }
        return out
    }

    /// Undoes the `_xHHHH_` escapes of cell text.
    static func unescapeCellText(_ text: String) -> String {
        guard mayHoldEscape(text) else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if isEscape(scalars, at: i), let value = UInt32(String(String.UnicodeScalarView(scalars[(i + 2)..<(i + 6)])), radix: 16),
               let scalar = Unicode.Scalar(value) {
                out.append(scalar)
                i += 7
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }

    /// Whether `_x` occurs in `text`: a byte scan (this runs once per cell; Foundation's substring search costs
    /// more than the rest of reading the cell).
    private static func mayHoldEscape(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if previous == UInt8(ascii: "_"), byte == UInt8(ascii: "x") { return true }
            previous = byte
        }
        return false
    }

    /// True when `_xHHHH_` (four hex digits) starts at `i`.
    private static func isEscape(_ scalars: [Unicode.Scalar], at i: Int) -> Bool {
        guard i + 6 < scalars.count, scalars[i] == "_", scalars[i + 1] == "x", scalars[i + 6] == "_" else { return false }
        return scalars[(i + 2)..<(i + 6)].allSatisfy { $0.properties.isASCIIHexDigit }
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
