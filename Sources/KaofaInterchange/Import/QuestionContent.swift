import KaofaCore

/// Reading a question's content the same way whatever it came from (a table row, a pasted text): its type when none
/// is given, its answer against its options, its lines as the bank file can hold them.
enum QuestionContent {
    /// Something about one field of a question: content not imported (`dropped`), or changed.
    struct Finding: Sendable {
        var dropped: Bool
        var column: ImportColumn
        var message: String

        static func dropped(_ column: ImportColumn, _ message: String) -> Finding { Finding(dropped: true, column: column, message: message) }
        static func changed(_ column: ImportColumn, _ message: String) -> Finding { Finding(dropped: false, column: column, message: message) }
    }

    /// The lines of a stem or a field as the bank file can hold them: a line that would be read as a new question,
    /// option or field is joined to the line before. Returns the lines and a message for each join.
    static func bankLines(_ lines: [String], what: String) -> (lines: [String], joined: [String]) {
        var result: [String] = []
        var joined: [String] = []
        for (index, line) in lines.enumerated() {
            if index > 0, BankTextRules.startsNewElement(line), !result.isEmpty {
                joined.append("\(what)第 \(index + 1) 行以“\(ImportText.excerpt(line, limit: 6))”开头，在题库中会被读成新的题目、选项或栏目，已并入上一行")
                result[result.count - 1] += " " + line
            } else {
                result.append(line)
            }
        }
        return (result, joined)
    }

    /// Whether an attribute value can be written in the attribute block `{…}`: braces and ASCII quotation marks cannot.
    static func fitsAttributeBlock(_ value: String) -> Bool {
        !value.unicodeScalars.contains { $0 == "{" || $0 == "}" || $0 == "｛" || $0 == "｝" || $0 == "\"" }
    }

    /// The type of a question given none: from its options and answer.
    static func inferType(options: [String], answer: String, stem: [String]) -> QuestionType {
        if !options.isEmpty {
            if let letters = ImportValues.choiceLetters(answer), letters.count > 1 { return .multiple }
            return .single
        }
        if ImportValues.truthValue(answer) != nil { return .trueFalse }
        if !answer.isEmpty, Question.blankCount(in: stem.joined(separator: "\n")) > 0 { return .fillBlank }
        return .shortAnswer
    }

    /// Sets the options and the answer of `question` (its type decided) from the answer text and the options read;
    /// `reference` is the answer's lines for a written answer (简答). Returns what was not imported or was changed.
    static func fillAnswer(_ text: String, options: [String], reference: [String],
                           into question: inout ImportedQuestion) -> [Finding] {
        var findings: [Finding] = []
        let type = question.type
        let oneLine = ImportText.lines(text).joined(separator: " ")
        switch type {
        case .single, .multiple, .indefinite:
            question.options = options
            guard !text.isEmpty else { return findings }
            if let letters = ImportValues.choiceLetters(text) {
                let labels = letters.map(ImportColumn.letter)
                let valid = letters.allSatisfy { $0 < options.count && !options[$0].isEmpty }
                question.answer = .line(labels.joined(), expected: valid ? .choice(labels) : nil)
            } else if let letters = optionLetters(matching: text, in: options) {
                let labels = letters.map(ImportColumn.letter)
                findings.append(.changed(.answer, "答案“\(ImportText.excerpt(text))”是选项 \(labels.joined(separator: "、")) 的内容，已写成 \(labels.joined())"))
                question.answer = .line(labels.joined(), expected: .choice(labels))
            } else {
                question.answer = .line(oneLine, expected: nil)
            }
        case .trueFalse:
            var value = ImportValues.truthValue(text)
            let optionValues = options.map(ImportValues.truthValue)
            if value == nil, let letters = ImportValues.choiceLetters(text), letters.count == 1, letters[0] < options.count {
                value = optionValues[letters[0]]
            }
            if !options.isEmpty, optionValues.contains(nil) || options.count > 2 {
                findings.append(.dropped(.option(0), "判断题不用选项，选项 " + (0..<options.count).map(ImportColumn.letter).joined(separator: "、") + " 没有导入"))
            }
            if let value {
                question.answer = .line(value ? "正确" : "错误", expected: .trueFalse(value))
            } else if !text.isEmpty {
                question.answer = .line(oneLine, expected: nil)
            }
        case .fillBlank, .shortAnswer, .caseAnalysis:
            if !options.isEmpty {
                findings.append(.dropped(.option(0), "\(type.chineseName)不用选项，选项 " + (0..<options.count).map(ImportColumn.letter).joined(separator: "、") + " 没有导入"))
            }
            guard !text.isEmpty else { return findings }
            if type == .fillBlank {
                let lines = ImportText.lines(text)
                if lines.count > 1 { findings.append(.changed(.answer, "填空题的答案有 \(lines.count) 行，已用“；”连成一行（每个空一个答案）")) }
                question.answer = .line(BankTextRules.canonicalAnswer(lines.joined(separator: "；"), type: .fillBlank), expected: nil)
            } else {
                question.answer = .reference(reference)
            }
        }
        return findings
    }

    /// The options whose text is the answer (`人民` for `A. 人民`), for answers written as text; nil unless every
    /// part of the answer is an option's text.
    private static func optionLetters(matching answer: String, in options: [String]) -> [Int]? {
        func key(_ text: String) -> String { ImportText.trimmed(ImportText.foldWidth(text)) }
        func option(_ text: String) -> Int? { options.firstIndex { !$0.isEmpty && key($0) == key(text) } }
        if let whole = option(answer) { return [whole] }
        let parts = answer.split(whereSeparator: { "；;|｜\n".contains($0) }).map(String.init)
        guard parts.count > 1 else { return nil }
        var letters: [Int] = []
        for part in parts {
            guard let index = option(part) else { return nil }
            if !letters.contains(index) { letters.append(index) }
        }
        return letters.sorted()
    }
}
