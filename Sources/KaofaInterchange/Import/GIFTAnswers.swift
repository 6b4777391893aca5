/// The answers of a GIFT question, the text between its braces: `{=对 ~错 #反馈 ####总体反馈}`, `{T}`, `{}`.
/// Full-width `＝ ～ ＃ ％` (and the wave dash `〜`) count as their ASCII counterparts here, where they cannot be text.
struct GIFTAnswers {
    struct Item {
        /// `=` (true) or `~`.
        var right: Bool
        /// `%50%`, when written.
        var weight: Double?
        var text: String
        var feedback: String
        var line: Int
    }

    enum Kind: Equatable {
        case essay
        case truth(Bool, feedback: Bool)
        case items
    }

    var kind: Kind
    var items: [Item] = []
    /// After `####`.
    var general: String?

    struct Problem: Error {
        var message: String
        var line: Int
        /// A question type kaofa has no counterpart for (numeric, matching), rather than a mistake.
        var unsupported = false
    }

    static func parse(_ raw: [Unicode.Scalar], lines: [Int], fallbackLine: Int) -> Result<GIFTAnswers, Problem> {
        let scalars = raw.map(fold)
        func line(_ index: Int) -> Int { lines.isEmpty ? fallbackLine : lines[min(max(0, index), lines.count - 1)] }
        func text(_ range: Range<Int>) -> String {
            ImportText.trimmed(GIFTQuestionReader.unescape(String(String.UnicodeScalarView(scalars[range]))))
        }
        /// Index of the first unescaped `####`, or the end.
        var generalStart = scalars.count
        var i = 0
        while i + 3 < scalars.count {
            if scalars[i] == "\\" { i += 2; continue }
            if scalars[i...(i + 3)].allSatisfy({ $0 == "#" }) { generalStart = i; break }
            i += 1
        }
        var answers = GIFTAnswers(kind: .items)
        if generalStart < scalars.count {
            let general = ImportText.trimmed(GIFTQuestionReader.unescape(String(String.UnicodeScalarView(raw[(generalStart + 4)...]))))
            answers.general = general.isEmpty ? nil : general
        }
        let body = 0..<generalStart
        let whole = text(body)
        if whole.isEmpty {
            answers.kind = .essay
            return .success(answers)
        }
        if scalars[body].first(where: { !ImportText.isSpace($0) }) == "#" {
            return .failure(Problem(message: "{#…} 是数字题，kaofa 没有对应的题型", line: line(0), unsupported: true))
        }
        // True/false: the whole answer (before any `#` feedback) is T, F, TRUE, FALSE or 对/错.
        let firstHash = firstUnescaped("#", in: scalars, range: body) ?? generalStart
        if firstUnescaped("=", in: scalars, range: body) == nil, firstUnescaped("~", in: scalars, range: body) == nil {
            let word = text(0..<firstHash)
            guard let value = ImportValues.truthValue(word) else {
                return .failure(Problem(message: "答案“\(ImportText.excerpt(word))”既不是选项（= 或 ~ 开头）也不是判断（T 或 F）", line: line(0)))
            }
            answers.kind = .truth(value, feedback: firstHash < generalStart && !text((firstHash + 1)..<generalStart).isEmpty)
            return .success(answers)
        }
        // Items start at each unescaped `=` or `~`.
        var starts: [Int] = []
        i = 0
        while i < generalStart {
            if scalars[i] == "\\" { i += 2; continue }
            if scalars[i] == "=" || scalars[i] == "~" { starts.append(i) }
            i += 1
        }
        let lead = text(0..<(starts.first ?? generalStart))
        if !lead.isEmpty {
            return .failure(Problem(message: "答案开头的“\(ImportText.excerpt(lead))”不属于任何答案（每个答案以 = 或 ~ 开始）", line: line(0)))
        }
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1] : generalStart
            var textStart = start + 1
            var weight: Double?
            if textStart < end, scalars[textStart] == "%", let close = scalars[(textStart + 1)..<end].firstIndex(of: "%") {
                guard let value = Double(String(String.UnicodeScalarView(scalars[(textStart + 1)..<close]))) else {
                    return .failure(Problem(message: "分数“\(String(String.UnicodeScalarView(scalars[textStart...close])))”不是数字", line: line(start)))
                }
                weight = value
                textStart = close + 1
            }
            let hash = firstUnescaped("#", in: scalars, range: textStart..<end) ?? end
            let answer = text(textStart..<hash)
            if answer.contains("->") {
                return .failure(Problem(message: "答案中有 ->，这是配对题，kaofa 没有对应的题型", line: line(start), unsupported: true))
            }
            if answer.isEmpty {
                return .failure(Problem(message: "第 \(index + 1) 个答案是空的", line: line(start)))
            }
            answers.items.append(Item(right: scalars[start] == "=", weight: weight, text: answer,
                                      feedback: hash < end ? text((hash + 1)..<end) : "", line: line(start)))
        }
        return .success(answers)
    }

    /// The first unescaped `target` in `range`.
    static func firstUnescaped(_ target: Unicode.Scalar, in scalars: [Unicode.Scalar], range: Range<Int>) -> Int? {
        var i = range.lowerBound
        while i < range.upperBound {
            if scalars[i] == "\\" { i += 2; continue }
            if scalars[i] == target { return i }
            i += 1
        }
        return nil
    }

    /// Full-width markers as ASCII.
    static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar {
        case "＝": "="
        case "～", "〜": "~"
        case "＃": "#"
        case "％": "%"
        default: scalar
        }
    }
}
