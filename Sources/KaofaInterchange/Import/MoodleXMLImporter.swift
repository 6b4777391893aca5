import KaofaCore

/// Imports a Moodle XML question file (Moodle: 题库 → 导出 → Moodle XML 格式) into a bank file.
///
/// multichoice (`<single>` true → 单选; false → 多选, or 不定项 with one correct option; every option with a positive
/// fraction is correct), multichoiceset (all-or-nothing, → 多选), truefalse → 判断, shortanswer → 填空 (answers at 100%
/// are its accepted forms), cloze whose fields are all short answers → 填空, essay → 简答 (the information for graders
/// as 参考答案, with 评分要点 when kaofa wrote it). `<idnumber>` is the id when it is a valid kaofa id; `<generalfeedback>`
/// is 解析; `<defaultgrade>` other than 1 is 分值; tags are the law (a name in the law catalog), kaofa's own
/// `条文:`/`难度:`/`知识点:`/`对象:`/`题型:` tags, and 标签 otherwise; a category's last part is the law, or else the
/// 知识点, of the questions under it that have none.
///
/// Everything else is accounted for at its line: question types kaofa has no counterpart for, pictures, feedback,
/// partial credit, hints and settings kaofa keeps elsewhere.
public enum MoodleXMLImporter {
    public static func run(_ bytes: [UInt8], sourcePath: String, outputPath: String, options: ImportOptions,
                           existingBanks: [(path: String, bytes: [UInt8])], catalog: LawCatalog) -> Result<ImportReport, Diagnostic> {
        var report = ImportReport(sourcePath: sourcePath, outputPath: outputPath, sourceSummary: "Moodle XML", sourceNotes: [])
        var reader = MoodleQuestionReader(path: sourcePath, catalog: catalog)
        var questions: [FormatQuestion] = []
        var dropped: [ClosedRange<Int>] = []
        var found: [Diagnostic] = []
        // Each question is read as soon as it ends, and its elements let go: a file of 100,000 questions is never a tree.
        let parsed = parse(bytes, path: sourcePath) { node in
            guard node.name == "question" else {
                found.append(Diagnostic(.unusedTextLine, "第 \(node.line) 行的 <\(node.name)> 不是题目，没有导入", at: reader.at(node.line)))
                return
            }
            switch reader.read(node) {
            case let .question(question): questions.append(question)
            case let .dropped(diagnostic):
                found.append(diagnostic)
                dropped.append(node.line...node.lastLine)
            case let .other(diagnostic):
                if let diagnostic { found.append(diagnostic) }
            }
        }
        if case let .failure(diagnostic) = parsed { return .failure(diagnostic) }
        report.diagnostics = found
        report.fileNotes = reader.hints.notes()
        let finish = FormatImport(sourcePath: sourcePath, outputPath: outputPath, options: options, existingBanks: existingBanks,
                                  catalog: catalog, kind: "Moodle XML 文件",
                                  emptyHelp: "Moodle XML 文件中每道题是一个 <question type=\"…\"> 元素；kaofa 能导入的题型见 docs/import-export.md")
        finish.finish(questions, dropped: dropped, report: &report)
        // The file's own lines are shown under its diagnostics (a file without any need not be held twice).
        if !report.diagnostics.isEmpty || !report.fileNotes.isEmpty {
            report.sources.append(SourceFile(path: sourcePath, text: String(decoding: bytes, as: UTF8.self)))
        }
        return .success(report)
    }

    /// Reads the file, handing each element inside `<quiz>` to `each` as soon as it ends; or says why the file cannot be
    /// read as Moodle XML (elements already handed over are then of no use).
    static func parse(_ bytes: [UInt8], path: String, each: @escaping (XMLTreeNode) -> Void) -> Result<Void, Diagnostic> {
        func at(_ line: Int) -> SourceRange { SourceRange(file: path, start: .init(line: line, column: 1), end: .init(line: line, column: 1)) }
        let help = DiagnosticNote.help("在 Moodle 的题库中“导出”，格式选“Moodle XML 格式”，再导入导出的 .xml 文件")
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return .failure(Diagnostic(.unreadableImportFile, "这是 zip 压缩包（可能是 Excel 文件或 QTI 题目包），不是 Moodle XML 文件", at: .wholeFile(path),
                notes: [.help("Excel 文件用 --from xlsx 导入；QTI 题目包 kaofa 只能导出，不能导入")]))
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return .failure(Diagnostic(.unreadableImportFile, "文件是空的", at: .wholeFile(path), notes: [help]))
        }
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
        // Without a declaration of another encoding the file must be UTF-8; Moodle writes nothing else.
        let declaration = head.prefix { $0 != ">" }.lowercased()
        let declaresOther = declaration.hasPrefix("<?xml") && declaration.contains("encoding") && !declaration.contains("utf-8")
        if !declaresOther, !bytes.starts(with: [0xFF, 0xFE]), !bytes.starts(with: [0xFE, 0xFF]), let offset = CSVReader.firstInvalidUTF8(bytes) {
            let line = CSVReader.lineNumber(bytes, offset: offset)
            return .failure(Diagnostic(.unreadableImportFile, "第 \(line) 行不是有效的 UTF-8 文本（文件可能是 GBK 编码，或已损坏），无法作为 Moodle XML 读取",
                at: at(line), notes: [.help("在记事本中“另存为”，编码选择 UTF-8；Moodle 导出的文件都是 UTF-8")]))
        }
        if head.contains("<!DOCTYPE") || head.contains("<!ENTITY") {
            return .failure(Diagnostic(.unreadableImportFile, "文件中有 DOCTYPE 或实体声明，Moodle XML 文件不会有这些内容，kaofa 不读取这样的文件",
                at: at(1), notes: [help]))
        }
        let builder = XMLTreeBuilder()
        builder.eachChildOfRoot = { node in if builder.root?.name == "quiz" { each(node) } }
        do throws(TabularError) {
            try XMLEvents.parse(bytes, part: path, into: builder)
        } catch {
            if case let .malformedXML(_, line, reason) = error {
                let what = reason.hasPrefix("含有 DOCTYPE") ? "文件中有 DOCTYPE 或实体声明，Moodle XML 文件不会有这些内容" : reason == "XML 格式不正确" ? reason : "XML 格式不正确（\(reason)）"
                let encoding = reason.contains("编码")
                return .failure(Diagnostic(.unreadableImportFile, "第 \(line) 行：\(what)，无法作为 Moodle XML 读取", at: at(line),
                    notes: encoding ? [.help("在记事本中“另存为”，编码选择 UTF-8（文件开头的 encoding=\"…\" 也改成 UTF-8）")]
                        : [.note("常见的原因：文件被截断，或手工编辑时漏掉了结束标记、把 < 或 & 直接写进了文字"), help]))
            }
            return .failure(Diagnostic(.unreadableImportFile, "无法作为 Moodle XML 读取：\(error.description)", at: .wholeFile(path), notes: [help]))
        }
        guard let root = builder.root else {
            return .failure(Diagnostic(.unreadableImportFile, "文件中没有 XML 内容", at: .wholeFile(path), notes: [help]))
        }
        guard root.name == "quiz" else {
            return .failure(Diagnostic(.unreadableImportFile, "这不是 Moodle XML 题目文件：最外层的元素是 <\(root.name)>，应当是 <quiz>", at: at(root.line),
                notes: [help]))
        }
        return .success(())
    }
}

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
        SourceRange(file: path, start: .init(line: line, column: 1), end: .init(line: line, column: 1))
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
