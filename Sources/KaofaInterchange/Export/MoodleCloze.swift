/// A 填空题 with several blanks as Moodle's embedded-answers (Cloze) question: each blank of the stem becomes
/// `{1:SHORTANSWER:=五~=5}`, every accepted form 100%, each blank worth 1.
enum MoodleCloze {
    /// Where the blanks of a stem are, as `Question.blankCount` finds them (runs of two or more `_`/`＿`, and `（  ）`
    /// or `(  )` with nothing but spaces inside), in unicode-scalar offsets; a parenthesised blank includes its brackets.
    static func blanks(in stem: String) -> [Range<Int>] {
        let scalars = Array(stem.unicodeScalars)
        var blanks: [Range<Int>] = []
        var runStart: Int?
        var parenStart: Int?
        var parenOnlySpaces = true
        for (index, scalar) in scalars.enumerated() {
            if scalar == "_" || scalar == "＿" {
                if runStart == nil { runStart = index }
                continue
            }
            if let start = runStart, index - start >= 2 { blanks.append(start..<index) }
            runStart = nil
            if scalar == "（" || scalar == "(" {
                parenStart = index
                parenOnlySpaces = true
            } else if let start = parenStart, scalar == "）" || scalar == ")" {
                if parenOnlySpaces { blanks.append(start..<(index + 1)) }
                parenStart = nil
            } else if parenStart != nil && !isSpace(scalar) {
                parenStart = nil
            }
        }
        if let start = runStart, scalars.count - start >= 2 { blanks.append(start..<scalars.count) }
        return blanks.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// The question text in HTML with the blanks filled by Cloze fields, or nil when the blanks found are not one per
    /// answer (or overlap) and the stem cannot be written this way.
    static func html(stem: String, answers: [[String]]) -> String? {
        let positions = blanks(in: stem)
        guard positions.count == answers.count,
              zip(positions, positions.dropFirst()).allSatisfy({ $0.upperBound <= $1.lowerBound }) else { return nil }
        let scalars = Array(stem.unicodeScalars)
        var text = ""
        var cursor = 0
        func plain(_ range: Range<Int>) -> String {
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[range])
            return MoodleXMLExport.htmlEscape(String(piece))
        }
        for (range, accepted) in zip(positions, answers) {
            text += plain(cursor..<range.lowerBound)
            let field = "{1:SHORTANSWER:" + accepted.map { "=" + MoodleXMLExport.htmlEscape(escapeField($0)) }.joined(separator: "~") + "}"
            let parenthesised = scalars[range.lowerBound] == "（" || scalars[range.lowerBound] == "("
            text += parenthesised ? String(scalars[range.lowerBound]) + field + String(scalars[range.upperBound - 1]) : field
            cursor = range.upperBound
        }
        text += plain(cursor..<scalars.count)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { "<p>" + $0 + "</p>" }.joined()
    }

    /// Characters that mean something inside a Cloze field are written with a backslash; `*` is the short-answer wildcard.
    static func escapeField(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\}#~/\"*".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// The bank language's white space (as the blank count sees it).
    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0B, 0x0C, 0x3000, 0xA0, 0x200B, 0xFEFF: true
        default: false
        }
    }
}
