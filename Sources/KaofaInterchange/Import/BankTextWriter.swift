import KaofaCore

/// Writes imported questions as a bank file in kaofa's own format, exactly as `kaofa fmt` would write it: a front
/// matter with the defaults given on the command line, one section per type in kaofa's type order (questions in
/// row order within it), `1.` numbers restarting in each section, the attribute block in fmt's order.
struct BankTextWriter {
    /// Where a question landed in the text.
    struct Placement: Sendable {
        var row: Int
        var firstLine: Int
        var lastLine: Int
    }

    var law: String?
    var audience: [String]
    var idPrefix: String?
    /// A comment written before the first section (where the questions came from).
    var comment: String?

    func write(_ questions: [ImportedQuestion]) -> (text: String, placements: [Placement]) {
        var blocks: [[String]] = []
        var frontMatter: [String] = []
        if let law { frontMatter.append("law: \(law)") }
        if !audience.isEmpty { frontMatter.append("audience: " + audience.joined(separator: ", ")) }
        if let idPrefix { frontMatter.append("id-prefix: \(idPrefix)") }
        if !frontMatter.isEmpty { blocks.append(["---"] + frontMatter + ["---"]) }
        if let comment { blocks.append(["<!-- " + comment.replacingOccurrences(of: "--", with: "—") + " -->"]) }

        var placements: [Placement] = []
        var line = blocks.reduce(0) { $0 + $1.count + 1 } + 1
        var sectionNumber = 0
        for type in QuestionType.allCases {
            let members = questions.filter { $0.type == type }
            guard !members.isEmpty else { continue }
            sectionNumber += 1
            blocks.append(["## \(ChineseNumber.format(sectionNumber))、\(type.chineseName)"])
            line += 2
            for (index, question) in members.enumerated() {
                let lines = Self.lines(question, number: index + 1)
                placements.append(Placement(row: question.row, firstLine: line, lastLine: line + lines.count - 1))
                blocks.append(lines)
                line += lines.count + 1
            }
        }
        return (blocks.map { $0.joined(separator: "\n") }.joined(separator: "\n\n") + "\n", placements)
    }

    static func lines(_ question: ImportedQuestion, number: Int) -> [String] {
        var first = "\(number). \(question.stem[0])"
        let attributes = attributeBlock(question)
        if !attributes.isEmpty { first += " " + attributes }
        var lines = [first] + question.stem.dropFirst()
        for (index, text) in question.options.enumerated() {
            lines.append("\(ImportColumn.letter(index)). \(text)")
        }
        switch question.answer {
        case .none: break
        case let .line(text, _): lines.append("答案：" + text)
        case let .reference(reference):
            if let head = reference.first { lines.append("参考答案：" + head) }
            lines += reference.dropFirst()
        }
        if let head = question.explanation.first {
            lines.append("解析：" + head)
            lines += question.explanation.dropFirst()
        }
        return lines
    }

    /// `{#XF-0001 法律=宪法 难度=易 条文=第二条 知识点=… 对象=领导干部,村两委}`.
    static func attributeBlock(_ question: ImportedQuestion) -> String {
        var parts: [String] = []
        if let id = question.id { parts.append("#" + id) }
        for (key, value) in question.attributes {
            // A value that starts with a quotation mark would be read as a quoted value: quote it.
            let written = value.hasPrefix("“") ? "\"\(value)\"" : BankTextRules.attributeValue(value)
            parts.append(key.chineseName + "=" + written)
        }
        return parts.isEmpty ? "" : "{" + parts.joined(separator: " ") + "}"
    }
}
