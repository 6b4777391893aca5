/// Checks a question's options and answer against its type, and fills in `options` and `answer`.
struct AnswerChecker {
    /// The question's type (only what the checks need, so the whole question is not copied).
    let type: QuestionType
    let syntax: QuestionSyntax

    func check(into question: inout Question, diagnostics: inout [Diagnostic]) {
        question.options = syntax.options.map { QuestionOption(label: $0.label, text: $0.text.text, pinned: $0.pinned) }
        question.source.optionRanges = syntax.options.map(\.labelRange)
        switch type {
        case .single, .multiple, .indefinite:
            checkOptions(diagnostics: &diagnostics)
            question.answer = choiceAnswer(diagnostics: &diagnostics)
        case .trueFalse:
            rejectOptions(diagnostics: &diagnostics)
            question.answer = trueFalseAnswer(diagnostics: &diagnostics)
        case .fillBlank:
            rejectOptions(diagnostics: &diagnostics)
            question.answer = blankAnswer(diagnostics: &diagnostics)
        case .shortAnswer:
            rejectOptions(diagnostics: &diagnostics)
            question.answer = writtenAnswer(diagnostics: &diagnostics)
        case .caseAnalysis:
            rejectOptions(diagnostics: &diagnostics)
        }
    }

    private var typeName: String { type.chineseName }

    // MARK: Options

    private func checkOptions(diagnostics: inout [Diagnostic]) {
        let options = syntax.options
        if options.count < 2 {
            diagnostics.append(Diagnostic(.tooFewOptions, "\(typeName)只有 \(options.count) 个选项，至少需要两个",
                at: options.first?.labelRange ?? syntax.numberRange,
                notes: [.help("每个选项单独一行，以 A. B. C. D. 开头")]))
        }
        // Hashes of the normalised texts so far, with their options' indices.
        var seenTexts: [(UInt64, Int)] = []
        var reportedSequence = false
        for (index, option) in options.enumerated() {
            let expectedByte = UInt8(ascii: "A") + UInt8(min(index, 25))
            if option.label.utf8.first != expectedByte || option.label.utf8.count != 1, !reportedSequence {
                let expected = String(Character(Unicode.Scalar(expectedByte)))
                reportedSequence = true
                diagnostics.append(Diagnostic(.optionLabelOutOfSequence, "这里应是选项 \(expected)，却写成了 \(option.label)",
                    at: option.labelRange, notes: [.help("选项字母应从 A 开始依次排列，不重复、不跳过")]))
            }
            let text = option.text.text
            if text.unicodeScalars.allSatisfy(Lexicon.isSpace) {
                diagnostics.append(Diagnostic(.emptyOption, "选项 \(option.label) 没有内容", at: option.labelRange,
                    notes: [.help("在字母后面写出选项内容，或删除这一行")]))
                continue
            }
            // Compare normalised texts by hash; a hash collision is confirmed on the texts themselves.
            let key = TextNormalizer.hash(text)
            if let firstIndex = seenTexts.first(where: {
                $0.0 == key && TextNormalizer.normalize(options[$0.1].text.text) == TextNormalizer.normalize(text)
            })?.1 {
                let first = options[firstIndex]
                diagnostics.append(Diagnostic(.repeatedOptionText, "选项 \(option.label) 与选项 \(first.label) 内容相同",
                    at: option.text.range, notes: [.note("选项 \(first.label) 在这里", at: first.text.range),
                                                   .help("修改其中一个选项，使每个选项都不同")]))
            } else {
                seenTexts.append((key, index))
            }
        }
    }

    private func rejectOptions(diagnostics: inout [Diagnostic]) {
        guard let first = syntax.options.first else { return }
        let hint = type == .trueFalse ? "判断题不写选项，答案写“答案：正确”或“答案：错误”" : "如果这是选择题，请把它放在选择题的标题之下"
        diagnostics.append(Diagnostic(.optionsNotAllowed, "\(typeName)不应有选项", at: first.labelRange, notes: [.help(hint)]))
    }

    // MARK: Answers

    private func missingAnswer(_ example: String, diagnostics: inout [Diagnostic]) {
        diagnostics.append(Diagnostic(.missingAnswer, "第 \(syntax.number) 题缺少答案", at: syntax.numberRange,
            notes: [.help(type.isChoice ? "在选项之后加一行答案，例如 \(example)" : "在题干之后加一行答案，例如 \(example)")]))
    }

    /// Reads `ABD`, `A、B、D`, `A,B`, full-width and lower-case letters. Nil when anything else is there.
    static func choiceLetters(_ text: String) -> [String]? {
        var letters: [String] = []
        for scalar in text.unicodeScalars {
            if Lexicon.isSpace(scalar) || Lexicon.isListSeparator(scalar) || scalar == "/" { continue }
            var value = scalar.value
            if (0xFF21...0xFF3A).contains(value) { value = value - 0xFF21 + 0x41 }
            if (0xFF41...0xFF5A).contains(value) { value = value - 0xFF41 + 0x41 }
            if (0x61...0x7A).contains(value) { value -= 0x20 }
            guard (0x41...0x5A).contains(value) else { return nil }
            let letter = String(Character(Unicode.Scalar(value)!))
            if !letters.contains(letter) { letters.append(letter) }
        }
        return letters
    }

    private func choiceAnswer(diagnostics: inout [Diagnostic]) -> Answer {
        guard let field = syntax.answer, !field.value.text.isEmpty else {
            missingAnswer(type == .single ? "答案：A" : "答案：ABD", diagnostics: &diagnostics)
            return .missing
        }
        guard let letters = Self.choiceLetters(field.value.text), !letters.isEmpty else {
            diagnostics.append(Diagnostic(.invalidChoiceAnswer, "选择题的答案应是选项字母，这里写的是“\(field.value.text)”",
                at: field.value.range, notes: [.help("写成 答案：A 或 答案：ABD")]))
            return .missing
        }
        let labels = syntax.options.map(\.label)
        var valid = true
        for letter in letters where !labels.contains(letter) {
            valid = false
            let help = labels.isEmpty ? "本题还没有选项：在答案之前写出选项 A. B. C. D."
                : "本题的选项是 " + labels.joined(separator: "、") + "；把答案改为其中的字母，或补上选项 \(letter)"
            diagnostics.append(Diagnostic(.answerLabelWithoutOption, "答案中的“\(letter)”没有对应的选项",
                at: letterRange(letter, in: field) ?? field.value.range, notes: [.help(help)]))
        }
        switch type {
        case .single where letters.count != 1:
            valid = false
            diagnostics.append(Diagnostic(.singleAnswerCount, "单项选择题只能有一个答案，这里有 \(letters.count) 个",
                at: field.value.range, notes: [.help("只保留一个正确选项；如果确有多个正确答案，请把本题移到“多项选择题”或“不定项选择题”之下")]))
        case .multiple where letters.count < 2:
            valid = false
            diagnostics.append(Diagnostic(.multipleAnswerCount, "多项选择题至少要有两个正确答案，这里只有 \(letters.count) 个",
                at: field.value.range, notes: [.help("补全正确答案；如果只有一个正确答案，请把本题移到“单项选择题”或“不定项选择题”之下")]))
        default: break
        }
        return valid ? .choice(letters.sorted()) : .missing
    }

    /// The column range of a letter inside the answer value, for a precise caret.
    private func letterRange(_ letter: String, in field: FieldSyntax) -> SourceRange? {
        var column = field.value.range.start.column
        for scalar in field.value.text.unicodeScalars {
            var value = scalar.value
            if (0xFF21...0xFF3A).contains(value) { value = value - 0xFF21 + 0x41 }
            if (0x61...0x7A).contains(value) { value -= 0x20 }
            if value == letter.unicodeScalars.first!.value {
                var range = field.value.range
                range.start.column = column
                range.end = SourcePosition(line: range.start.line, column: column + 1)
                return range
            }
            column += 1
        }
        return nil
    }

    static func truthValue(_ text: String) -> Bool? {
        switch text.trimmingSpaces().trimmingCharacters(in: "。.") {
        case "正确", "对", "√", "✓", "✔", "是", "T", "t", "true", "True", "TRUE", "Y": true
        case "错误", "错", "×", "✗", "✘", "X", "x", "否", "F", "f", "false", "False", "FALSE", "N": false
        default: nil
        }
    }

    private func trueFalseAnswer(diagnostics: inout [Diagnostic]) -> Answer {
        guard let field = syntax.answer, !field.value.text.isEmpty else {
            missingAnswer("答案：正确", diagnostics: &diagnostics)
            return .missing
        }
        // Option letters are not truth values: `答案：A` under 判断题 is more likely a misplaced choice question.
        guard let value = Self.truthValue(field.value.text) else {
            diagnostics.append(Diagnostic(.invalidTrueFalseAnswer, "判断题的答案应是“正确”或“错误”，这里写的是“\(field.value.text)”",
                at: field.value.range, notes: [.help("写成 答案：正确 或 答案：错误（也可以写 对/错、√/×）")]))
            return .missing
        }
        return .trueFalse(value)
    }

    /// Splits `人民；全国人民代表大会常务委员会/全国人大常委会` into blanks and their alternatives.
    static func blanks(_ text: String) -> [[String]] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "；" || $0 == ";" || $0 == "|" || $0 == "｜" })
            .map { blank in
                blank.split(whereSeparator: { $0 == "/" || $0 == "／" }).map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
            }
    }

    private func blankAnswer(diagnostics: inout [Diagnostic]) -> Answer {
        let count = Question.blankCount(in: syntax.stemText)
        if count == 0 {
            diagnostics.append(Diagnostic(.fillBlankWithoutBlanks, "填空题的题干中没有空", at: syntax.stem.first?.range ?? syntax.numberRange,
                notes: [.help("用两条以上的下划线 ____ 或空括号（  ）表示要填的空")]))
        }
        guard let field = syntax.answer, !field.value.text.isEmpty else {
            let blanks = max(1, Question.blankCount(in: syntax.stemText))
            missingAnswer("答案：" + (1...blanks).map { "第\(ChineseNumber.format($0))空的答案" }.joined(separator: "；"), diagnostics: &diagnostics)
            return .missing
        }
        let blanks = Self.blanks(field.value.text)
        if blanks.contains(where: \.isEmpty) {
            diagnostics.append(Diagnostic(.blankAnswerCountMismatch, "填空题答案中有空白的一项", at: field.value.range,
                notes: [.help("每个空一个答案，用“；”分隔，不要连写两个分隔符")]))
            return .missing
        }
        if count > 0, blanks.count != count {
            diagnostics.append(Diagnostic(.blankAnswerCountMismatch, "题干有 \(count) 个空，答案却有 \(blanks.count) 个",
                at: field.value.range, notes: [.help("每个空一个答案，用“；”分隔；同一个空的几种写法用“/”分隔")]))
            return .missing
        }
        return count == 0 ? .missing : .blanks(blanks)
    }

    private func writtenAnswer(diagnostics: inout [Diagnostic]) -> Answer {
        let reference = syntax.reference?.value.text ?? syntax.answer?.value.text ?? ""
        guard !reference.trimmingSpaces().isEmpty else {
            diagnostics.append(Diagnostic(.missingAnswer, "第 \(syntax.number) 题缺少参考答案", at: syntax.numberRange,
                notes: [.help("加一行“参考答案：……”，可以再加“评分要点：”逐条列出得分点")]))
            return .missing
        }
        let rubric = (syntax.rubric?.lines ?? []).map(\.text).map(Self.stripListMarker).filter { !$0.isEmpty }
        return .written(reference: reference, rubric: rubric)
    }

    /// `- 要点`, `• 要点`, `1. 要点`, `（1）要点` → `要点`.
    static func stripListMarker(_ line: String) -> String {
        var text = Substring(line.trimmingSpaces())
        if let first = text.first, "-•·*".contains(first) { return String(text.dropFirst()).trimmingSpaces() }
        var digits = text.prefix(while: { $0.isNumber })
        if !digits.isEmpty, let mark = text.dropFirst(digits.count).first, ".．、)）".contains(mark) {
            text = text.dropFirst(digits.count + 1)
            return String(text).trimmingSpaces()
        }
        if let first = text.first, first == "（" || first == "(" {
            digits = text.dropFirst().prefix(while: { $0.isNumber || ChineseNumber.isNumeral($0) })
            if let close = text.dropFirst(digits.count + 1).first, close == "）" || close == ")" {
                return String(text.dropFirst(digits.count + 2)).trimmingSpaces()
            }
        }
        return String(text)
    }
}
