/// Byte-level helpers the parser uses on validated UTF-8. Working on bytes rather than `Character`s keeps
/// `kaofa check` fast on banks of 100,000 questions.
extension SourceFile {
    /// Decodes the scalar starting at `i`; returns it and its length in bytes. `i` must be a scalar boundary.
    @inline(__always)
    func scalar(at i: Int) -> (Unicode.Scalar, Int) {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 { return (Unicode.Scalar(b0)!, 1) }
        if b0 < 0xE0 {
            let v = (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
            return (Unicode.Scalar(v) ?? "\u{FFFD}", 2)
        }
        if b0 < 0xF0 {
            let v = (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
            return (Unicode.Scalar(v) ?? "\u{FFFD}", 3)
        }
        let v = (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
            | UInt32(bytes[i + 3] & 0x3F)
        return (Unicode.Scalar(v) ?? "\u{FFFD}", 4)
    }

    /// Offset of the scalar boundary before `i`.
    @inline(__always)
    func previousBoundary(before i: Int) -> Int {
        var j = i - 1
        while j > 0 && bytes[j] & 0xC0 == 0x80 { j -= 1 }
        return j
    }

    /// The first offset in `start..<end` that is not white space.
    func skipSpace(from start: Int, to end: Int) -> Int {
        var i = start
        while i < end {
            let (s, n) = scalar(at: i)
            guard Lexicon.isSpace(s) else { break }
            i += n
        }
        return i
    }

    /// The offset just after the last non-space scalar in `start..<end`.
    func trimTrailingSpace(from start: Int, to end: Int) -> Int {
        var e = end
        while e > start {
            let p = previousBoundary(before: e)
            guard p >= start, Lexicon.isSpace(scalar(at: p).0) else { break }
            e = p
        }
        return e
    }

    func string(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// True when the bytes at `i` spell `prefix` (a UTF-8 byte sequence) before `end`.
    @inline(__always)
    func hasPrefix(_ prefix: [UInt8], at i: Int, end: Int) -> Bool {
        guard end - i >= prefix.count else { return false }
        for k in 0..<prefix.count where bytes[i + k] != prefix[k] { return false }
        return true
    }
}

/// The characters and words of the bank language.
enum Lexicon {
    @inline(__always)
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x20, 0x09, 0x0B, 0x0C, 0x3000, 0xA0, 0x200B, 0xFEFF: true
        default: false
        }
    }

    /// ASCII or full-width digit value.
    @inline(__always)
    static func digit(_ s: Unicode.Scalar) -> Int? {
        switch s.value {
        case 0x30...0x39: Int(s.value - 0x30)
        case 0xFF10...0xFF19: Int(s.value - 0xFF10)
        default: nil
        }
    }

    /// Option letter A–H, ASCII or full-width, normalised to ASCII.
    @inline(__always)
    static func optionLetter(_ s: Unicode.Scalar) -> String? {
        switch s.value {
        case 0x41...0x48: String(Character(s))
        case 0xFF21...0xFF28: String(Character(Unicode.Scalar(s.value - 0xFF21 + 0x41)!))
        default: nil
        }
    }

    static func isOpenParen(_ s: Unicode.Scalar) -> Bool { s == "(" || s == "（" }
    static func isCloseParen(_ s: Unicode.Scalar) -> Bool { s == ")" || s == "）" }
    static func isOpenBrace(_ s: Unicode.Scalar) -> Bool { s == "{" || s == "｛" }
    static func isCloseBrace(_ s: Unicode.Scalar) -> Bool { s == "}" || s == "｝" }
    /// `.` `．` `、` after a question number.
    static func isNumberMark(_ s: Unicode.Scalar) -> Bool { s == "." || s == "．" || s == "、" }
    /// `.` `．` `、` `)` `）` after an option letter.
    static func isOptionMark(_ s: Unicode.Scalar) -> Bool {
        s == "." || s == "．" || s == "、" || s == ")" || s == "）"
    }

    /// Separators between list items in attribute and front-matter values.
    static func isListSeparator(_ s: Unicode.Scalar) -> Bool { s == "," || s == "，" || s == "、" || s == ";" || s == "；" }

    /// Field markers, longest first so that `答案解析：` is not read as `答案`.
    static let fieldMarkers: [(String, FieldKind)] = ([
        ("【参考答案】", .reference), ("【评分要点】", .rubric), ("【答案】", .answer), ("【解析】", .explanation),
        ("【材料】", .material), ("【案例材料】", .material),
        ("参考答案：", .reference), ("参考答案:", .reference),
        ("评分要点：", .rubric), ("评分要点:", .rubric), ("评分标准：", .rubric), ("评分标准:", .rubric),
        ("答案解析：", .explanation), ("答案解析:", .explanation),
        ("正确答案：", .answer), ("正确答案:", .answer),
        ("答案：", .answer), ("答案:", .answer),
        ("解析：", .explanation), ("解析:", .explanation),
        ("案例材料：", .material), ("案例材料:", .material), ("材料：", .material), ("材料:", .material),
        ("案情：", .material), ("案情:", .material),
    ] as [(String, FieldKind)]).sorted { $0.0.utf8.count > $1.0.utf8.count }

    static let fieldMarkerBytes: [([UInt8], FieldKind)] = fieldMarkers.map { (Array($0.0.utf8), $0.1) }

    /// First bytes of all field markers, for a quick reject.
    static let fieldMarkerLeadBytes: Set<[UInt8]> = Set(fieldMarkerBytes.map { Array($0.0.prefix(3)) })

    static let pinnedWords: Set<String> = ["固定", "fixed", "pin", "pinned", "不打乱"]
}

/// The labelled fields a question can have.
enum FieldKind: Sendable {
    case answer, explanation, reference, rubric, material
}
