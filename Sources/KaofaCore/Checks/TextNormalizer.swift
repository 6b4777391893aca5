/// Normalises question text for comparison: full-width forms folded to half width, ASCII lower-cased,
/// white space, punctuation and Markdown emphasis removed. `（　）` and `( )` compare equal, as do
/// `A．` and `A.`; 中华人民共和国宪法 and “中华人民共和国宪法” compare equal.
public enum TextNormalizer {
    /// Calls `body` with each normalised scalar of `text`.
    @inline(__always)
    static func forEachNormalized(_ text: String, _ body: (UInt32) -> Void) {
        var text = text
        text.withUTF8 { utf8 in
            var i = 0
            let n = utf8.count
            while i < n {
                let b0 = UInt32(utf8[i])
                var v: UInt32
                if b0 < 0x80 {
                    v = b0
                    i += 1
                } else if b0 < 0xE0 {
                    v = (b0 & 0x1F) << 6 | UInt32(utf8[i + 1] & 0x3F)
                    i += 2
                } else if b0 < 0xF0 {
                    v = (b0 & 0x0F) << 12 | UInt32(utf8[i + 1] & 0x3F) << 6 | UInt32(utf8[i + 2] & 0x3F)
                    i += 3
                    // Kana, CJK ideographs and Hangul (most of a Chinese text) are kept as they are.
                    if v >= 0x3040 && v < 0xFE10 {
                        body(v)
                        continue
                    }
                } else {
                    v = (b0 & 0x07) << 18 | UInt32(utf8[i + 1] & 0x3F) << 12 | UInt32(utf8[i + 2] & 0x3F) << 6
                        | UInt32(utf8[i + 3] & 0x3F)
                    i += 4
                }
                if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }  // full-width ASCII
                if v < 0x80 {
                    if v >= 0x41 && v <= 0x5A { v += 0x20 }
                    let isAlphanumeric = (v >= 0x30 && v <= 0x39) || (v >= 0x61 && v <= 0x7A)
                    if !isAlphanumeric { continue }
                } else if isPunctuationOrSpace(v) {
                    continue
                }
                body(v)
            }
        }
    }

    /// Appends the normalised scalars of `text` to `output`.
    public static func append(_ text: String, to output: inout [UInt32]) {
        forEachNormalized(text) { output.append($0) }
    }

    /// A 64-bit FNV-1a hash of the normalised text, without building it.
    public static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        forEachNormalized(text) { h = (h ^ UInt64($0)) &* 0x100_0000_01B3 }
        return h
    }

    @inline(__always)
    static func isPunctuationOrSpace(_ v: UInt32) -> Bool {
        (v >= 0x80 && v <= 0xBF) || v == 0xD7 || v == 0xF7
            || (v >= 0x2000 && v <= 0x206F) || (v >= 0x2190 && v <= 0x21FF) || (v >= 0x2200 && v <= 0x22FF)
            || (v >= 0x2500 && v <= 0x27BF) || (v >= 0x3000 && v <= 0x303F) || (v >= 0xFE10 && v <= 0xFE1F)
            || (v >= 0xFE30 && v <= 0xFE6F) || (v >= 0xFF00 && v <= 0xFF0F) || (v >= 0xFF1A && v <= 0xFF20)
            || (v >= 0xFF3B && v <= 0xFF40) || (v >= 0xFF5B && v <= 0xFF65) || v == 0xFEFF
    }

    public static func normalize(_ text: String) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(text.utf8.count / 2)
        append(text, to: &out)
        return out
    }

    /// A string key for equality comparisons (option texts).
    public static func comparisonKey(_ text: String) -> String {
        String(String.UnicodeScalarView(normalize(text).compactMap(Unicode.Scalar.init)))
    }
}
