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

    /// White space, including the ideographic space, no-break spaces and zero-width spaces. A switch on the scalar's
    /// value: Unicode property lookups cost more than everything else done to a cell.
    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: true
        default: false
        }
    }

    /// Without white space (including the ideographic space) at either end.
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        // Most cells need nothing trimmed: their first and last scalars decide it without a walk through the text.
        if let first = scalars.first, let last = scalars.last, !isSpace(first), !isSpace(last) { return text }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return text }
        return String(scalars[first...last])
    }

    /// The lines of a cell, each trimmed, blank lines left out (the bank format has no blank lines inside a question).
    /// Split on the UTF-8 bytes of CR and LF (comparing `Character`s would normalise every one).
    static func lines(_ text: String) -> [String] {
        guard hasLineBreak(text) else {
            let line = trimmed(text)
            return line.isEmpty ? [] : [line]
        }
        let bytes = Array(text.utf8)
        var result: [String] = []
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x0A || bytes[index] == 0x0D {
            if index > start {
                let line = trimmed(String(decoding: bytes[start..<index], as: UTF8.self))
                if !line.isEmpty { result.append(line) }
            }
            start = index + 1
        }
        return result
    }

    /// True when the text has a CR or LF byte (scanned in the string's own storage where it has one).
    static func hasLineBreak(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in bytes.contains { $0 == 0x0A || $0 == 0x0D } }
            ?? text.utf8.contains { $0 == 0x0A || $0 == 0x0D }
    }

    /// Text shortened for a message: at most `limit` characters, with `…` when cut.
    static func excerpt(_ text: String, limit: Int = 20) -> String {
        let flat = lines(text).joined(separator: " ")
        return flat.count > limit ? String(flat.prefix(limit)) + "…" : flat
    }
}
