import KaofaCore

/// What one line of a pasted Word bank starts with: a question number, options, an answer or explanation marker, a
/// section heading, an answer-key heading or key entries. Markers may be full-width (`１．`, `Ａ、`, `（Ｂ）`, `答案：`).
enum TextLineReading {
    enum NumberStyle: Equatable { case dotted, parenthesized }

    /// `1.` `1、` `1．` `１、` (dotted) or `（1）` `(1)` (parenthesized) at the start, and the text after it. `3.5万元` is not
    /// a number: a dot directly followed by a digit is a decimal point.
    static func questionNumber(_ line: String) -> (number: Int, style: NumberStyle, rest: String)? {
        let scalars = Array(line.unicodeScalars)
        var i = 0
        let parenthesized = i < scalars.count && (scalars[i] == "(" || scalars[i] == "（")
        if parenthesized { i += 1 }
        var number = 0, digits = 0
        while i < scalars.count, let digit = digit(scalars[i]), digits < 4 {
            number = number * 10 + digit
            digits += 1
            i += 1
        }
        guard digits > 0, i < scalars.count else { return nil }
        let mark = scalars[i]
        if parenthesized {
            guard mark == ")" || mark == "）" else { return nil }
        } else {
            guard mark == "." || mark == "．" || mark == "、" else { return nil }
            if mark == ".", i + 1 < scalars.count, digit(scalars[i + 1]) != nil { return nil }
        }
        let rest = String(String.UnicodeScalarView(scalars[(i + 1)...]))
        return (number, parenthesized ? .parenthesized : .dotted, ImportText.trimmed(rest))
    }

    /// The options on a line that starts with one: `A. 甲`, or several separated by white space, `A．甲  B．乙  C、丙`.
    /// Labels are 0 for A; each option after the first must carry the next letter.
    static func options(_ line: String) -> [(label: Int, text: String)]? {
        let scalars = Array(line.unicodeScalars)
        guard let first = optionMarker(scalars, at: 0) else { return nil }
        var options: [(label: Int, text: String)] = []
        var label = first.label, start = first.end
        var i = first.end, previousSpace = false
        while i < scalars.count {
            if previousSpace, let next = optionMarker(scalars, at: i), next.label == label + 1 {
                options.append((label, ImportText.trimmed(String(String.UnicodeScalarView(scalars[start..<i])))))
                label = next.label
                start = next.end
                i = next.end
                previousSpace = false
                continue
            }
            previousSpace = ImportText.isSpace(scalars[i])
            i += 1
        }
        options.append((label, ImportText.trimmed(String(String.UnicodeScalarView(scalars[start...])))))
        return options
    }

    /// `A.` `A、` `A．` `A)` `（A）` `(A)` at `i`, with letters A–H half- or full-width.
    private static func optionMarker(_ scalars: [Unicode.Scalar], at i: Int) -> (label: Int, end: Int)? {
        guard i < scalars.count else { return nil }
        if scalars[i] == "(" || scalars[i] == "（" {
            guard i + 2 < scalars.count, let label = letter(scalars[i + 1]), scalars[i + 2] == ")" || scalars[i + 2] == "）" else { return nil }
            return (label, i + 3)
        }
        guard let label = letter(scalars[i]), i + 1 < scalars.count else { return nil }
        let mark = scalars[i + 1]
        guard ".．、)）".unicodeScalars.contains(mark) else { return nil }
        if mark == ".", i + 2 < scalars.count, digit(scalars[i + 2]) != nil { return nil }
        return (label, i + 2)
    }

    enum Field { case answer, explanation }

    /// Field markers, longest first: `答案解析：` is an explanation, not an answer.
    private static let fieldMarkers: [(String, Field)] = [
        ("【参考答案】", .answer), ("【答案解析】", .explanation), ("【正确答案】", .answer), ("【答案】", .answer), ("【解析】", .explanation),
        ("【分析】", .explanation), ("答案解析", .explanation), ("参考答案", .answer), ("正确答案", .answer), ("标准答案", .answer),
        ("试题解析", .explanation), ("答案", .answer), ("解析", .explanation), ("分析", .explanation),
    ]

    /// `答案：B`, `【答案】B`, `解析：…`: the field and the text after the marker. Plain-word markers need a colon.
    static func field(_ line: String) -> (field: Field, rest: String)? {
        for (marker, field) in fieldMarkers where line.hasPrefix(marker) {
            var rest = Substring(line.unicodeScalars.dropFirst(marker.unicodeScalars.count))
            if !marker.hasPrefix("【") {
                guard let colon = rest.unicodeScalars.first, colon == ":" || colon == "：" else { continue }
                rest = Substring(rest.unicodeScalars.dropFirst())
            }
            return (field, ImportText.trimmed(String(rest)))
        }
        return nil
    }

    /// An answer written at the end of a stem or option line, after the text: `……人权。 答案：对`, `……（  ）【答案】B`,
    /// `D．中国共产党 答案：A`, `……（答案：B）`. Only a choice (letters A–H) or a true/false value is taken; a marker
    /// at the start of the line is `field`'s, and anything else after the marker leaves the line as it is.
    static func trailingAnswer(_ line: String) -> (text: String, answer: String)? {
        let scalars = Array(line.unicodeScalars)
        for (marker, field) in fieldMarkers where field == .answer {
            let mark = Array(marker.unicodeScalars)
            guard scalars.count > mark.count else { continue }
            var start = scalars.count - mark.count
            while start > 0 {
                defer { start -= 1 }
                guard scalars[start] == mark[0], Array(scalars[start..<(start + mark.count)]) == mark else { continue }
                var before = start, after = start + mark.count
                if marker.hasPrefix("【") == false {
                    guard after < scalars.count, scalars[after] == ":" || scalars[after] == "：" else { continue }
                    after += 1
                }
                // `（答案：B）`: the brackets go with the marker.
                var closing = scalars.count
                if before > 0, scalars[before - 1] == "(" || scalars[before - 1] == "（" {
                    guard let last = scalars.lastIndex(where: { !ImportText.isSpace($0) }), scalars[last] == ")" || scalars[last] == "）",
                          last >= after else { continue }
                    before -= 1
                    closing = last
                }
                let text = ImportText.trimmed(String(String.UnicodeScalarView(scalars[..<before])))
                // The marker follows the text: a space, a bracket or the end of a sentence before it.
                guard !text.isEmpty, before == start - 1 || ImportText.isSpace(scalars[start - 1]) || "。.？?！!）)」”".unicodeScalars.contains(scalars[start - 1]) else { continue }
                var answer = ImportText.trimmed(String(String.UnicodeScalarView(scalars[after..<closing])))
                while let last = answer.unicodeScalars.last, "。.".unicodeScalars.contains(last) { answer.unicodeScalars.removeLast() }
                let letters = ImportValues.choiceLetters(answer)
                guard !answer.isEmpty, ImportValues.truthValue(answer) != nil || (letters.map { $0.allSatisfy { $0 < 8 } } ?? false) else { return nil }
                return (text, answer)
            }
        }
        return nil
    }

    /// A heading naming a question type: `一、单项选择题（每题 2 分）`, `## 判断题`, `二、多选题：`.
    static func sectionType(_ line: String) -> QuestionType? {
        var text = Substring(line)
        while text.first == "#" { text = text.dropFirst() }
        while let last = text.last, last == ":" || last == "：" { text = text.dropLast() }
        let trimmed = ImportText.trimmed(String(text))
        guard !trimmed.isEmpty, trimmed.count <= 40 else { return nil }
        return QuestionType.fromHeading(trimmed)
    }

    /// A heading that opens the answer key at the end: `参考答案`, `答案及解析`, `【参考答案】`, `四、参考答案`.
    static func isKeyHeading(_ line: String) -> Bool {
        var text = ImportColumn.normalizedHeader(line.filter { $0 != "#" })
        if let mark = text.firstIndex(where: { $0 == "、" || $0 == "." }),
           text[..<mark].allSatisfy({ ChineseNumber.isNumeral($0) || $0.isNumber }), mark != text.startIndex {
            text = String(text[text.index(after: mark)...])
        }
        return ["答案", "参考答案", "答案及解析", "参考答案及解析", "答案与解析", "参考答案与解析", "答案解析", "标准答案"].contains(text)
            && !line.hasSuffix("：") && !line.hasSuffix(":")
    }

    /// One answer of an answer key: the question number and the answer as written.
    struct KeyEntry: Equatable {
        var number: Int
        var answer: String
    }

    /// A line of an answer key: `1-5 ABCDA`, `1～5：ABCDA`, `6-7 AB ACD`, `1.A 2.B 3.AC`, `11、对 12、错`, `13-15 √×√`; nil when
    /// the line is anything else (every character must belong to an entry). With `text`, a single question's answer may
    /// also be words (`4.民主集中制 5.人民`), up to the next number.
    static func keyEntries(_ line: String, text allowText: Bool = false) -> [KeyEntry]? {
        let scalars = Array(ImportText.foldWidth(line).unicodeScalars)
        var entries: [KeyEntry] = []
        var i = 0
        func skip(_ set: String) { while i < scalars.count, set.unicodeScalars.contains(scalars[i]) || ImportText.isSpace(scalars[i]) { i += 1 } }
        func number() -> Int? {
            var value = 0, digits = 0
            while i < scalars.count, let d = digit(scalars[i]), digits < 4 { value = value * 10 + d; digits += 1; i += 1 }
            return digits > 0 ? value : nil
        }
        /// One answer token: letters, or a truth word.
        func token() -> String? {
            let start = i
            while i < scalars.count, letter(scalars[i]) != nil || "abcdefgh".unicodeScalars.contains(scalars[i]) { i += 1 }
            if i > start { return String(String.UnicodeScalarView(scalars[start..<i])).uppercased() }
            // A run of one-character truth marks, `√×√` or `对错对` (one question each in a range).
            while i < scalars.count, "√×✓✗对错".unicodeScalars.contains(scalars[i]),
                  !(scalars[i] == "错" && i + 1 < scalars.count && scalars[i + 1] == "误") { i += 1 }
            if i > start { return String(String.UnicodeScalarView(scalars[start..<i])) }
            for word in ["正确", "错误"] {
                let w = Array(word.unicodeScalars)
                if i + w.count <= scalars.count, Array(scalars[i..<(i + w.count)]) == w { i += w.count; return word }
            }
            return nil
        }
        skip("")
        while i < scalars.count {
            guard let first = number() else { return nil }
            skip("")
            var last = first
            if i < scalars.count, "-~～—–至".unicodeScalars.contains(scalars[i]) {
                i += 1
                skip("")
                guard let end = number(), end > first, end - first < 100 else { return nil }
                last = end
            }
            skip(".、:：)）")
            var tokens: [String] = []
            while i < scalars.count, digit(scalars[i]) == nil {
                let start = i
                if let answer = token(), i == scalars.count || ImportText.isSpace(scalars[i]) || ",，;；".unicodeScalars.contains(scalars[i]) {
                    tokens.append(answer)
                } else if allowText, first == last, tokens.isEmpty {
                    // Words up to white space before the next `N.`, or the end of the line.
                    i = start
                    var end = i
                    while end < scalars.count, !(ImportText.isSpace(scalars[end]) && startsEntry(scalars, at: end)) { end += 1 }
                    tokens.append(ImportText.trimmed(String(String.UnicodeScalarView(scalars[start..<end]))))
                    i = end
                } else {
                    return nil
                }
                skip(",，;；")
            }
            let count = last - first + 1
            if tokens.count == count {
                for (offset, answer) in tokens.enumerated() { entries.append(KeyEntry(number: first + offset, answer: answer)) }
            } else if tokens.count == 1, count > 1 {
                // `ABCDA` or `√×√`: one character a question.
                let characters = tokens[0].map(String.init)
                guard characters.count == count else { return nil }
                for (offset, answer) in characters.enumerated() { entries.append(KeyEntry(number: first + offset, answer: answer)) }
            } else {
                return nil
            }
        }
        return entries.isEmpty ? nil : entries
    }

    /// White space and then `N.` / `N、` / `N：` (the next entry of a key) at `i`.
    private static func startsEntry(_ scalars: [Unicode.Scalar], at i: Int) -> Bool {
        var j = i
        while j < scalars.count, ImportText.isSpace(scalars[j]) { j += 1 }
        let digitsStart = j
        while j < scalars.count, digit(scalars[j]) != nil { j += 1 }
        return j > digitsStart && j < scalars.count && ".．、:：-~～".unicodeScalars.contains(scalars[j])
    }

    static func digit(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x30...0x39: Int(scalar.value - 0x30)
        case 0xFF10...0xFF19: Int(scalar.value - 0xFF10)
        default: nil
        }
    }

    /// A–H, half- or full-width, as 0…7.
    static func letter(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x41...0x48: Int(scalar.value - 0x41)
        case 0xFF21...0xFF28: Int(scalar.value - 0xFF21)
        default: nil
        }
    }

    /// An answer written in the stem's brackets: `……属于（ A ）。` for a choice, `……。（√）` for true/false. Returns the
    /// stem with the answer taken out (a choice keeps empty brackets `（  ）`) and the answer.
    static func inlineAnswer(_ stem: [String], choice: Bool) -> (stem: [String], answer: String)? {
        guard let lastLine = stem.indices.last else { return nil }
        for index in stride(from: lastLine, through: 0, by: -1) {
            let scalars = Array(stem[index].unicodeScalars)
            guard let close = scalars.lastIndex(where: { $0 == ")" || $0 == "）" }),
                  let open = scalars[..<close].lastIndex(where: { $0 == "(" || $0 == "（" }) else { continue }
            let inner = ImportText.trimmed(String(String.UnicodeScalarView(scalars[(open + 1)..<close])))
            var line = stem
            if choice {
                guard !inner.isEmpty, let letters = ImportValues.choiceLetters(inner), letters.allSatisfy({ $0 < 8 }) else { continue }
                let replaced = String(String.UnicodeScalarView(scalars[...open])) + "  " + String(String.UnicodeScalarView(scalars[close...]))
                line[index] = replaced
                return (line, inner)
            }
            // True/false: the brackets end the stem.
            guard index == lastLine, ImportValues.truthValue(inner) != nil,
                  scalars[(close + 1)...].allSatisfy({ ImportText.isSpace($0) || "。.".unicodeScalars.contains($0) }) else { return nil }
            line[index] = ImportText.trimmed(String(String.UnicodeScalarView(scalars[..<open])) + String(String.UnicodeScalarView(scalars[(close + 1)...])))
            return (line, inner)
        }
        return nil
    }
}
