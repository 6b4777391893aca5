import KaofaCore

/// Reads one `<question>` element at a time; remembers the current category.
struct MoodleQuestionReader {
    enum Outcome {
        case question(FormatQuestion)
        /// A question that cannot be imported, and why.
        case dropped(Diagnostic)
        /// Not a question (a category, a description), with what to say about it.
        case other(Diagnostic?)
    }

    let path: String
    let catalog: LawCatalog
    /// Categories, names and tags: what Moodle XML and GIFT have alike.
    private(set) var hints: QuestionHints

    init(path: String, catalog: LawCatalog) {
        self.path = path
        self.catalog = catalog
        hints = QuestionHints(path: path, catalog: catalog)
    }

    func at(_ line: Int) -> SourceRange {
        SourceRange.line(line, of: path)
    }

    /// Moodle's question types kaofa has no counterpart for, by their names in Moodle's Chinese interface.
    static let unsupportedTypes: [String: String] = [
        "matching": "配对题", "randomsamatch": "随机简答配对题", "numerical": "数字题", "calculated": "计算题",
        "calculatedsimple": "简单计算题", "calculatedmulti": "计算型多选题", "ddwtos": "拖放到文本", "ddimageortext": "拖放到图片",
        "ddmarker": "拖放标记", "gapselect": "选择缺失的单词", "ordering": "排序题", "random": "随机题", "multianswer": "完形填空题",
    ]

    mutating func read(_ node: XMLTreeNode) -> Outcome {
        let type = node.attributes["type"] ?? ""
        switch type {
        case "category":
            category(node)
            return .other(nil)
        case "description":
            return .other(Diagnostic(.unusedTextLine, "第 \(node.line) 行是说明文字（description），不是题目，没有导入", at: at(node.line)))
        case "multichoice", "multichoiceset": return choice(node, allOrNothing: type == "multichoiceset")
        case "truefalse": return trueFalse(node)
        case "shortanswer": return shortAnswer(node)
        case "cloze", "multianswer": return cloze(node)
        case "essay": return essay(node)
        default:
            let name = Self.unsupportedTypes[type].map { "Moodle 的“\($0)”（\(type)）" } ?? "“\(type)”类型"
            return .dropped(Diagnostic(.unknownImportType, "第 \(node.line) 行的题是 \(name)，kaofa 没有对应的题型，这道题没有导入", at: at(node.line),
                notes: [.help("kaofa 能导入 Moodle 的多项选择题、判断题、简答题（填空）、只有简答空的完形填空题和作文题（简答）；这道题请在题库中手工录入")]))
        }
    }

    private mutating func category(_ node: XMLTreeNode) {
        // kaofa's own categories name a bank file, not a topic: kaofa wrote every question's attributes as tags.
        let written = node.value("info")?.hasPrefix(MoodleXMLExport.categoryInfoPrefix) == true
        hints.enterCategory(written ? "" : node.value("category") ?? "", line: node.line)
    }

    // MARK: - What every type has

    /// The stem, id, 解析, 分值, tags and feedback of any question.
    private mutating func common(_ node: XMLTreeNode, type: QuestionType) -> FormatQuestion {
        let stem = richText(node.child("questiontext"))
        var question = FormatQuestion(line: node.line, lastLine: node.lastLine, type: type, stem: stem.text)
        report(stem, what: "题干", line: node.child("questiontext")?.line ?? node.line, into: &question)
        if let idNode = node.child("idnumber"), let id = node.value("idnumber"), !id.isEmpty {
            question.id = (id, idNode.line)
        }
        if let name = node.value("name") { hints.name(name, of: &question) }
        let feedback = richText(node.child("generalfeedback"))
        question.explanation = feedback.text
        report(feedback, what: "解析", line: node.child("generalfeedback")?.line ?? node.line, into: &question)

        if let gradeNode = node.child("defaultgrade"), let grade = Double(ImportText.trimmed(gradeNode.text)), grade != 1 {
            if grade > 0 {
                question.setAttribute(.points, BankTableExport.number((grade * 10_000).rounded() / 10_000))
            } else {
                question.dropped("默认分数 \(ImportText.trimmed(gradeNode.text)) 没有导入（kaofa 的分值要大于 0）", line: gradeNode.line)
            }
        }
        hints.apply(tags: (node.child("tags")?.children("tag") ?? []).map { (ImportText.trimmed($0.child("text")?.text ?? $0.text), $0.line) },
                    to: &question)

        var feedbacks: [String] = []
        for (element, name) in [("correctfeedback", "答对时"), ("partiallycorrectfeedback", "部分答对时"), ("incorrectfeedback", "答错时")] {
            if let text = node.child(element).map({ richText($0).text }), !text.isEmpty { feedbacks.append(name) }
        }
        if !feedbacks.isEmpty { question.dropped(feedbacks.joined(separator: "、") + "的反馈没有导入（题库中只有解析）") }
        let given = node.children("hint").filter { !richText($0).text.isEmpty }
        if !given.isEmpty { question.dropped("\(given.count) 条提示（hint）没有导入", line: given[0].line) }

        hints.applyCategory(to: &question)
        return question
    }

    /// The text of an element with a `format` and a `<text>` child, and its embedded files.
    private func richText(_ element: XMLTreeNode?) -> HTMLToText.Result {
        guard let element else { return HTMLToText.Result(text: "") }
        let raw = element.child("text")?.text ?? ""
        var result: HTMLToText.Result
        switch element.attributes["format"] ?? "html" {
        case "plain_text", "markdown":
            result = HTMLToText.Result(text: ImportText.lines(raw).joined(separator: "\n"))
        case "moodle_auto_format":
            // Line breaks are paragraphs; HTML in it is HTML.
            result = HTMLToText.convert(raw.contains(where: { $0 == "\n" || $0 == "\r\n" })
                ? raw.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).joined(separator: "<br>") : raw)
        default:
            result = HTMLToText.convert(raw)
        }
        for file in element.children("file") {
            let name = file.attributes["name"] ?? "（没有名称）"
            if !result.images.contains(where: { $0.hasSuffix("/" + name) || $0 == name }) { result.images.append(name) }
        }
        return result
    }

    /// Reports what the text of `what` lost: pictures, link targets, scripts and media.
    private func report(_ text: HTMLToText.Result, what: String, line: Int, into question: inout FormatQuestion) {
        if !text.images.isEmpty {
            question.dropped("\(what)中的图片 " + text.images.map { ImportText.excerpt($0, limit: 60) }.joined(separator: "、")
                             + " 没有导入（题库中的图片另存为文件，在题干中用 ![说明](图片/图1.png) 引用）", line: line)
        }
        if !text.links.isEmpty { question.dropped("\(what)中的链接地址 " + text.links.joined(separator: "、") + " 没有导入（链接的文字已导入）", line: line) }
        if !text.omitted.isEmpty { question.dropped("\(what)中的" + text.omitted.joined(separator: "、") + "没有导入", line: line) }
    }

    private func fraction(_ answer: XMLTreeNode) -> Double {
        Double(ImportText.trimmed(answer.attributes["fraction"] ?? "0")) ?? 0
    }

    /// Reports the feedback given to answers (`选项 B 的反馈`), which the bank has no place for.
    private func answerFeedback(_ answers: [XMLTreeNode], names: [String], into question: inout FormatQuestion) {
        let given = zip(answers, names).filter { !richText($0.0.child("feedback")).text.isEmpty }
        guard let first = given.first else { return }
        question.dropped(given.map(\.1).joined(separator: "、") + " 的反馈没有导入（题库中只有整道题的解析）", line: first.0.line)
    }

    // MARK: - Types

    private mutating func choice(_ node: XMLTreeNode, allOrNothing: Bool) -> Outcome {
        let single = !allOrNothing && ["true", "1"].contains(node.value("single")?.lowercased() ?? "true")
        var question = common(node, type: single ? .single : .multiple)
        let answers = node.children("answer")
        let fractions = answers.map(fraction)
        question.options = answers.map { answer in
            let text = richText(answer)
            report(text, what: "选项", line: answer.line, into: &question)
            return text.text
        }
        answerFeedback(answers, names: (0..<answers.count).map { "选项 " + ImportColumn.letter($0) }, into: &question)
        if single {
            let correct = fractions.indices.filter { fractions[$0] >= 99.999 }
            for index in fractions.indices where fractions[index] > 0 && fractions[index] < 99.999 {
                question.changed("选项 \(ImportColumn.letter(index)) 在 Moodle 中得 \(BankTableExport.number(fractions[index]))% 的分；kaofa 的单选题只有一个正确答案，它按错误选项导入", line: answers[index].line)
            }
            if correct.isEmpty { question.dropped("没有得满分（100%）的选项，这道题没有答案") }
            question.key = .choice(correct)
        } else {
            let correct = fractions.indices.filter { fractions[$0] > 0 }
            if correct.count == 1, question.type == .multiple {
                question.type = .indefinite
                question.changed("只有一个正确选项，按不定项选择题导入")
            }
            if correct.isEmpty { question.dropped("没有得分为正的选项，这道题没有答案") }
            question.key = .choice(correct)
        }
        if let shuffle = node.child("shuffleanswers"), ["false", "0"].contains(ImportText.trimmed(shuffle.text).lowercased()) {
            question.dropped("Moodle 中设为不打乱选项，这个设置没有导入（kaofa 由组卷蓝图决定是否打乱，选项可以标 {固定}）", line: shuffle.line)
        }
        return .question(question)
    }

    private mutating func trueFalse(_ node: XMLTreeNode) -> Outcome {
        var question = common(node, type: .trueFalse)
        let answers = node.children("answer")
        answerFeedback(answers, names: answers.map { ImportValues.truthValue($0.value("text") ?? $0.text) == false ? "“错误”" : "“正确”" }, into: &question)
        if let right = answers.firstIndex(where: { fraction($0) >= 99.999 }) {
            // Moodle writes `true` and `false`; the first answer is “true” whatever its text.
            let text = ImportText.trimmed(answers[right].child("text")?.text ?? "")
            question.key = .truth(ImportValues.truthValue(text) ?? (right == 0))
        } else {
            question.dropped("没有得满分（100%）的答案，这道题没有答案")
        }
        return .question(question)
    }

    private mutating func shortAnswer(_ node: XMLTreeNode) -> Outcome {
        var question = common(node, type: .fillBlank)
        let answers = node.children("answer")
        var forms: [String] = []
        for answer in answers {
            let text = ImportText.trimmed(answer.child("text")?.text ?? "")
            guard !text.isEmpty else { continue }
            let grade = fraction(answer)
            guard grade >= 99.999 else {
                question.dropped("答案“\(ImportText.excerpt(text))”在 Moodle 中得 \(BankTableExport.number(grade))% 的分，kaofa 的填空题只认完全正确的答案，它没有导入", line: answer.line)
                continue
            }
            let (form, wildcard) = Self.unescapedWildcard(text)
            if wildcard { question.changed("答案“\(ImportText.excerpt(text))”中的 * 在 Moodle 中是通配符，在题库中是字符 *", line: answer.line) }
            forms.append(form)
        }
        answerFeedback(answers, names: answers.map { "答案“\(ImportText.excerpt(ImportText.trimmed($0.child("text")?.text ?? ""), limit: 10))”" }, into: &question)
        if let usecase = node.child("usecase"), ImportText.trimmed(usecase.text) == "1" {
            question.dropped("Moodle 中设为区分大小写，这个设置没有导入", line: usecase.line)
        }
        if forms.isEmpty { question.dropped("没有得满分（100%）的答案，这道题没有答案") }
        question.key = .blanks([forms])
        if Question.blankCount(in: question.stem) == 0 {
            question.stem += "____"
            question.changed("题干中没有空（Moodle 的简答题在题干下面作答），已在题干末尾加上 ____")
        }
        return .question(question)
    }

    /// `5\*` → `5*`; an unescaped `*` (a wildcard) is kept as the character, and said so.
    static func unescapedWildcard(_ text: String) -> (String, Bool) {
        var out = ""
        var wildcard = false
        var escaped = false
        for character in text {
            if escaped {
                if character != "*" { out.append("\\") }
                out.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                if character == "*" { wildcard = true }
                out.append(character)
            }
        }
        if escaped { out.append("\\") }
        return (out, wildcard)
    }

    private mutating func cloze(_ node: XMLTreeNode) -> Outcome {
        var question = common(node, type: .fillBlank)
        let parsed = MoodleClozeReading.read(question.stem)
        if let unsupported = parsed.unsupported {
            return .dropped(Diagnostic(.unknownImportType,
                "第 \(node.line) 行的完形填空题中有“\(unsupported)”类型的空，kaofa 的填空题只有填写文字的空，这道题没有导入", at: at(node.line),
                notes: [.help("只有简答（SHORTANSWER）空的完形填空题可以导入为填空题；其他的请在题库中手工录入，或拆成几道选择题")]))
        }
        guard !parsed.blanks.isEmpty else {
            return .dropped(Diagnostic(.unknownImportType, "第 \(node.line) 行的完形填空题中找不到 {1:SHORTANSWER:=…} 这样的空，这道题没有导入",
                at: at(node.line), notes: [.help("检查题目文字中空的写法")]))
        }
        question.stem = parsed.stem
        for message in parsed.dropped { question.dropped(message) }
        question.key = .blanks(parsed.blanks)
        return .question(question)
    }

    private mutating func essay(_ node: XMLTreeNode) -> Outcome {
        var question = common(node, type: .shortAnswer)
        let info = richText(node.child("graderinfo"))
        report(info, what: "阅卷人须知", line: node.child("graderinfo")?.line ?? node.line, into: &question)
        // kaofa writes `参考答案：` paragraphs, then `评分要点：` and a list; anything else is the reference as a whole.
        var lines = ImportText.lines(info.text)
        var rubric: [String] = []
        if lines.first == "参考答案：" {
            lines.removeFirst()
            if let mark = lines.firstIndex(of: "评分要点：") {
                rubric = Array(lines[(mark + 1)...])
                lines.removeSubrange(mark...)
            }
        }
        question.key = .written(reference: lines.joined(separator: "\n"), rubric: rubric)
        if lines.isEmpty { question.dropped("阅卷人须知（graderinfo）是空的，这道题没有参考答案") }
        if let template = node.child("responsetemplate"), !richText(template).text.isEmpty {
            question.dropped("作答模板（responsetemplate）没有导入", line: template.line)
        }
        return .question(question)
    }
}
