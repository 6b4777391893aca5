/// Text helpers for imported cells.
enum ImportText {
    /// Full-width ASCII (`Ａ`, `１`, `，`) as half-width, the ideographic space as a space.
    static func foldWidth(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: out.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000: out.append(" ")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.value == 0x200B || scalar.value == 0xFEFF
    }

    /// Without white space (including the ideographic space) at either end.
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[first...last])
    }

    /// The lines of a cell, each trimmed, blank lines left out (the bank format has no blank lines inside a question).
    static func lines(_ text: String) -> [String] {
        text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            .map { trimmed(String($0)) }
            .filter { !$0.isEmpty }
    }

    /// Text shortened for a message: at most `limit` characters, with `…` when cut.
    static func excerpt(_ text: String, limit: Int = 20) -> String {
        let flat = lines(text).joined(separator: " ")
        return flat.count > limit ? String(flat.prefix(limit)) + "…" : flat
    }
}
