import KaofaCore

/// Imports a GIFT file (Moodle's text format for questions) into a bank file.
///
/// Questions are separated by blank lines. `::标题::` is the id when it is a valid kaofa id; `// [id:XF-0001] [tag:宪法]`
/// comments (as Moodle writes them) give the id and tags; `$CATEGORY:` lines are categories. In the answers, `{=对 ~错}`
/// is 单选; weighted answers `{~%50%甲 ~%50%乙 ~%-100%丙}` are 多选 (the positive ones are correct); `{T}`, `{F}`,
/// `{TRUE}`, `{FALSE}` (and `{对}`, `{错}`) are 判断; `{=答案一 =答案二}` without wrong answers is 填空; `{}` is 简答. `#反馈`
/// after an answer is reported as not imported, `####总体反馈` is 解析. Answers in the middle of the text leave a
/// blank there. Escapes `\~ \= \# \{ \} \:` and `[html]`/`[markdown]` formats are read; the full-width `｛｝＝～＃％` and
/// `：：` a Chinese keyboard gives are read as their ASCII counterparts.
public enum GIFTImporter {
    public static func run(_ bytes: [UInt8], sourcePath: String, outputPath: String, options: ImportOptions,
                           existingBanks: [(path: String, bytes: [UInt8])], catalog: LawCatalog) -> Result<ImportReport, Diagnostic> {
        let text: String, summary: String, notes: [String]
        switch QuestionText.decode(bytes, path: sourcePath, kind: "GIFT") {
        case let .success(decoded): (text, summary, notes) = (decoded.text, "GIFT，\(decoded.encoding) 编码", decoded.notes)
        case let .failure(diagnostic): return .failure(diagnostic)
        }
        var report = ImportReport(sourcePath: sourcePath, outputPath: outputPath, sourceSummary: summary, sourceNotes: notes)
        let source = SourceFile(path: sourcePath, text: text)
        let lines = (1...max(1, source.lineCount)).map { (number: $0, text: source.lineText($0) ?? "") }
        var reader = GIFTQuestionReader(path: sourcePath, catalog: catalog)
        var questions: [FormatQuestion] = []
        var dropped: [ClosedRange<Int>] = []
        for block in QuestionText.blocks(lines, separateLine: { $0.hasPrefix("$CATEGORY:") || $0.hasPrefix("$CATEGORY：") }) {
            switch reader.read(block) {
            case let .question(question): questions.append(question)
            case let .dropped(diagnostic):
                report.diagnostics.append(diagnostic)
                let first = block.first { !ImportText.trimmed($0.text).hasPrefix("//") }?.number ?? block[0].number
                dropped.append(first...block[block.count - 1].number)
            case let .other(diagnostic):
                if let diagnostic { report.diagnostics.append(diagnostic) }
            }
        }
        report.fileNotes = reader.hints.notes()
        let finish = FormatImport(sourcePath: sourcePath, outputPath: outputPath, options: options, existingBanks: existingBanks,
                                  catalog: catalog, kind: "GIFT 文件",
                                  emptyHelp: "GIFT 文件中每道题是一段文字，答案写在 {…} 中，例如 宪法是国家的根本法。{T}；题与题之间空一行")
        finish.finish(questions, dropped: dropped, report: &report)
        report.sources.append(source)
        return .success(report)
    }
}

/// Reads one GIFT question (a block of lines between blank lines).
struct GIFTQuestionReader {
    let path: String
    let catalog: LawCatalog
    private(set) var hints: QuestionHints

    init(path: String, catalog: LawCatalog) {
        self.path = path
        self.catalog = catalog
        hints = QuestionHints(path: path, catalog: catalog)
    }

    func at(_ line: Int) -> SourceRange {
        SourceRange.line(line, of: path)
    }

    /// The block's text as scalars, with the line of each.
    private struct Text {
        var scalars: [Unicode.Scalar] = []
        var lines: [Int] = []

        func line(at index: Int) -> Int { lines.isEmpty ? 1 : lines[min(max(0, index), lines.count - 1)] }

        func string(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }

        /// The first unescaped `target` at or after `from`.
        func find(_ target: Unicode.Scalar, from: Int, end: Int? = nil) -> Int? {
            var i = from
            let end = end ?? scalars.count
            while i < end {
                if scalars[i] == "\\" { i += 2; continue }
                if scalars[i] == target { return i }
                i += 1
            }
            return nil
        }
    }

    mutating func read(_ block: [(number: Int, text: String)]) -> MoodleQuestionReader.Outcome {
        var tags: [(text: String, line: Int)] = []
        var commentID: (String, Int)?
        var text = Text()
        for (number, line) in block {
            let trimmed = ImportText.trimmed(line)
            if trimmed.hasPrefix("//") {
                // Moodle writes `// [id:XF-0001] [tag:宪法]` before a question.
                for (key, value) in Self.bracketed(trimmed) {
                    if key == "id" { commentID = (value, number) } else if key == "tag" { tags.append((value, number)) }
                }
                continue
            }
            if trimmed.hasPrefix("$CATEGORY:") || trimmed.hasPrefix("$CATEGORY：") {
                hints.enterCategory(String(trimmed.unicodeScalars.dropFirst(10)), line: number)
                return .other(nil)
            }
            if !text.scalars.isEmpty {
                text.scalars.append("\n")
                text.lines.append(number)
            }
            for scalar in trimmed.unicodeScalars {
                // Braces typed full-width are braces.
                text.scalars.append(scalar == "｛" ? "{" : scalar == "｝" ? "}" : scalar)
                text.lines.append(number)
            }
        }
        guard !text.scalars.isEmpty else { return .other(nil) }
        let first = text.line(at: 0)

        // ::title::
        var i = 0
        var title: (String, Int)?
        if Self.isDoubleColon(text.scalars, at: 0) {
            var j = 2
            while j < text.scalars.count, !Self.isDoubleColon(text.scalars, at: j) { j += text.scalars[j] == "\\" ? 2 : 1 }
            guard j < text.scalars.count else {
                return .dropped(Diagnostic(.invalidQuestionSyntax, "第 \(first) 行的题：标题以 :: 开始，却没有结束的 ::，这道题没有导入", at: at(first),
                    notes: [.help("写成 ::标题:: 题目内容{答案}；标题中的冒号写成 \\:")]))
            }
            title = (Self.unescape(text.string(2..<j)), first)
            i = j + 2
        }
        // [html] [moodle] [plain] [markdown]
        while i < text.scalars.count, ImportText.isSpace(text.scalars[i]) { i += 1 }
        var format = "moodle"
        if i < text.scalars.count, text.scalars[i] == "[", let close = text.find("]", from: i) {
            let name = text.string((i + 1)..<close).lowercased()
            if ["html", "moodle", "plain", "markdown"].contains(name) {
                format = name
                i = close + 1
            }
        }
        guard let open = text.find("{", from: i) else {
            return .other(Diagnostic(.unusedTextLine, "第 \(first) 行“\(ImportText.excerpt(text.string(i..<text.scalars.count)))”没有答案（{…}），不是题目，没有导入",
                at: at(first), notes: [.note("GIFT 中没有 {…} 的一段文字是说明文字；是题目时在题目内容后面写上 {答案}")]))
        }
        guard let close = text.find("}", from: open + 1) else {
            return .dropped(Diagnostic(.invalidQuestionSyntax, "第 \(text.line(at: open)) 行的 { 没有对应的 }，这道题没有导入", at: at(text.line(at: open)),
                notes: [.help("答案写在一对大括号中，例如 {=人民 ~政党}；答案中的大括号写成 \\{ \\}")]))
        }
        if text.find("{", from: close + 1) != nil {
            let line = text.line(at: text.find("{", from: close + 1)!)
            return .dropped(Diagnostic(.invalidQuestionSyntax, "第 \(line) 行：一道题有不止一处答案 {…}，这道题没有导入", at: at(line),
                notes: [.help("一道题只写一处 {…}；几个空的填空题请分成几道题，或导入后在题库中改成填空题")]))
        }
        let before = Self.content(text.string(i..<open), format: format)
        let after = Self.content(text.string((close + 1)..<text.scalars.count), format: format)
        let answerLine = text.line(at: open)
        var question = FormatQuestion(line: first, lastLine: text.line(at: text.scalars.count - 1), type: .shortAnswer, stem: before)
        if let commentID { question.id = commentID }
        if let title { hints.name(title.0, of: &question, line: title.1) }

        let parsed: GIFTAnswers
        switch GIFTAnswers.parse(Array(text.scalars[(open + 1)..<close]), lines: Array(text.lines[(open + 1)..<close]), fallbackLine: answerLine) {
        case let .success(answers): parsed = answers
        case let .failure(problem):
            return .dropped(Diagnostic(problem.unsupported ? .unknownImportType : .invalidQuestionSyntax,
                "第 \(first) 行的题：\(problem.message)，这道题没有导入", at: at(problem.line),
                notes: [.help(problem.unsupported ? "kaofa 能从 GIFT 导入单选、多选、判断、填空（简答）和简答（问答）题；这道题请在题库中手工录入"
                                                  : "答案的写法：{=对的 ~错的}、{T}、{F}、{=答案}、{}；答案中的 ~ = # { } 写成 \\~ \\= \\# \\{ \\}")]))
        }
        question.explanation = parsed.general.map { Self.content($0, format: format) } ?? ""
        let feedback = parsed.items.enumerated().filter { !$0.element.feedback.isEmpty }
        switch parsed.kind {
        case let .truth(value, hasFeedback):
            question.type = .trueFalse
            question.key = .truth(value)
            if hasFeedback { question.dropped("判断题的答对、答错反馈（# 之后的内容）没有导入", line: answerLine) }
            question.stem = Self.joined(before, after, blank: "")
        case .essay:
            question.type = .shortAnswer
            question.stem = Self.joined(before, after, blank: "")
        case .items where parsed.items.allSatisfy(\.right):
            // Only right answers: a short answer, each of them an accepted form.
            question.type = .fillBlank
            var forms: [String] = []
            for item in parsed.items {
                if let weight = item.weight, weight < 100 {
                    question.dropped("答案“\(ImportText.excerpt(item.text))”得 \(BankTableExport.number(weight))% 的分，kaofa 的填空题只认完全正确的答案，它没有导入", line: item.line)
                } else if !forms.contains(item.text) {
                    forms.append(item.text)
                }
            }
            question.key = .blanks([forms])
            question.stem = Self.joined(before, after, blank: "____")
            if Question.blankCount(in: question.stem) == 0 {
                question.stem += "____"
                question.changed("题干中没有空，已在题干末尾加上 ____", line: answerLine)
            }
            if !feedback.isEmpty {
                question.dropped(feedback.map { "答案“\(ImportText.excerpt($0.element.text, limit: 10))”" }.joined(separator: "、") + " 的反馈没有导入", line: feedback[0].element.line)
            }
        case .items:
            question.options = parsed.items.map { Self.content($0.text, format: format) }
            let weighted = parsed.items.contains { $0.weight != nil }
            let correct = parsed.items.indices.filter { parsed.items[$0].right ? (parsed.items[$0].weight ?? 100) > 0 : (parsed.items[$0].weight ?? 0) > 0 }
            if !weighted && correct.count == 1 {
                question.type = .single
            } else {
                question.type = correct.count == 1 ? .indefinite : .multiple
                if correct.count == 1 { question.changed("答案有分数但只有一个正确选项，按不定项选择题导入", line: answerLine) }
            }
            if correct.isEmpty { question.dropped("没有正确的选项（= 或分数为正的 ~%…%），这道题没有答案", line: answerLine) }
            question.key = .choice(correct)
            question.stem = Self.joined(before, after, blank: "  ")
            if !feedback.isEmpty {
                question.dropped(feedback.map { "选项 \(ImportColumn.letter($0.offset))" }.joined(separator: "、") + " 的反馈没有导入（题库中只有整道题的解析）",
                                 line: feedback[0].element.line)
            }
        }
        hints.apply(tags: tags, to: &question)
        hints.applyCategory(to: &question)
        return .question(question)
    }

    /// The text before and after the answers, with a blank where the answers were when there is text after them
    /// (`……属于{=人民 ~政党}。`); a blank already written around them (`（{…}）`) is kept.
    static func joined(_ before: String, _ after: String, blank: String) -> String {
        let head = before.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        let tail = after.replacingOccurrences(of: "^\\s+", with: "", options: .regularExpression)
        guard !tail.isEmpty, !blank.isEmpty else { return head + (tail.isEmpty ? "" : tail) }
        let bracketed = (head.hasSuffix("（") && tail.hasPrefix("）")) || (head.hasSuffix("(") && tail.hasPrefix(")"))
        if bracketed { return head + "  " + tail }
        return head + (blank == "  " ? "（  ）" : blank) + tail
    }

    /// GIFT text as bank text: escapes removed, HTML converted for `[html]`.
    static func content(_ raw: String, format: String) -> String {
        let text = unescape(raw)
        return format == "html" ? HTMLToText.convert(text).text : text
    }

    /// `\~ \= \# \{ \} \: \\` are the characters; `\n` is a line break.
    static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var out = String.UnicodeScalarView()
        var escaped = false
        for scalar in text.unicodeScalars {
            if escaped {
                if scalar == "n" { out.append("\n") } else {
                    if !"~=#{}:\\".unicodeScalars.contains(scalar) { out.append("\\") }
                    out.append(scalar)
                }
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else {
                out.append(scalar)
            }
        }
        if escaped { out.append("\\") }
        return String(out)
    }

    /// `::` or `：：` (or one of each) at `i`.
    static func isDoubleColon(_ scalars: [Unicode.Scalar], at i: Int) -> Bool {
        i + 1 < scalars.count && (scalars[i] == ":" || scalars[i] == "：") && (scalars[i + 1] == ":" || scalars[i + 1] == "：")
            && (i == 0 || scalars[i - 1] != "\\")
    }

    /// `[id:XF-0001]` and `[tag:宪法]` in a comment.
    static func bracketed(_ comment: String) -> [(String, String)] {
        var found: [(String, String)] = []
        var rest = Substring(comment)
        while let open = rest.firstIndex(of: "["), let close = rest[open...].firstIndex(of: "]") {
            let inside = rest[rest.index(after: open)..<close]
            if let colon = inside.firstIndex(where: { $0 == ":" || $0 == "：" }) {
                let key = inside[..<colon].lowercased()
                let value = ImportText.trimmed(String(inside[inside.index(after: colon)...]))
                if (key == "id" || key == "tag") && !value.isEmpty { found.append((key, value)) }
            }
            rest = rest[rest.index(after: close)...]
        }
        return found
    }
}
