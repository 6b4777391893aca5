import KaofaCore

/// Imports an Aiken file (Moodle's simplest format: single-choice questions) into a bank file.
///
/// A question is its text, its options (`A. 甲`, `A) 甲`, and as a Chinese keyboard gives them `A．`, `A、`, `Ａ.`),
/// and an answer line, `ANSWER: B` (also `ANSWER：B`, `答案：B`), which ends it. Aiken has one answer per question;
/// an answer of several letters (`ANSWER: AC`) is read as 多选 and said so. The text may take several lines, and a
/// question number a teacher left in front of it (`1.`) is taken off and said so. A question without options or
/// without an answer line is reported and not imported.
public enum AikenImporter {
    public static func run(_ bytes: [UInt8], sourcePath: String, outputPath: String, options: ImportOptions,
                           existingBanks: [(path: String, bytes: [UInt8])], catalog: LawCatalog) -> Result<ImportReport, Diagnostic> {
        let decoded: QuestionText.Decoded
        switch QuestionText.decode(bytes, path: sourcePath, kind: "Aiken") {
        case let .success(text): decoded = text
        case let .failure(diagnostic): return .failure(diagnostic)
        }
        var report = ImportReport(sourcePath: sourcePath, outputPath: outputPath, sourceSummary: "Aiken，\(decoded.encoding) 编码",
                                  sourceNotes: decoded.notes)
        let source = SourceFile(path: sourcePath, text: decoded.text)
        var parser = AikenParser(path: sourcePath)
        for number in 1...max(1, source.lineCount) { parser.consume(ImportText.trimmed(source.lineText(number) ?? ""), line: number) }
        parser.close(at: source.lineCount + 1)
        report.diagnostics += parser.diagnostics
        let finish = FormatImport(sourcePath: sourcePath, outputPath: outputPath, options: options, existingBanks: existingBanks,
                                  catalog: catalog, kind: "Aiken 文件",
                                  emptyHelp: "Aiken 文件中每道题是一行题目、几行选项（A. B. C. …）和一行 ANSWER: 正确选项的字母")
        finish.finish(parser.questions, dropped: parser.dropped, report: &report)
        report.sources.append(source)
        return .success(report)
    }
}

/// Reads an Aiken file line by line.
struct AikenParser {
    let path: String
    var questions: [FormatQuestion] = []
    var dropped: [ClosedRange<Int>] = []
    var diagnostics: [Diagnostic] = []
    /// The question being read: its first line, its text lines and its options (by label, A is 0).
    private var current: (line: Int, stem: [String], options: [(label: Int, text: String, line: Int)], last: Int)?

    init(path: String) { self.path = path }

    private func at(_ line: Int) -> SourceRange {
        SourceRange.line(line, of: path)
    }

    mutating func consume(_ text: String, line: Int) {
        guard !text.isEmpty else { return }
        if let answer = Self.answer(text) {
            guard let question = current, !question.options.isEmpty else {
                let what = current == nil ? "前面没有题目" : "前面的题目没有选项"
                diagnostics.append(Diagnostic(.invalidQuestionSyntax, "第 \(line) 行的答案“\(ImportText.excerpt(text))”\(what)，没有导入", at: at(line),
                    notes: [.help("Aiken 的每道题：一行题目，几行选项 A. B. C. …，最后一行 ANSWER: 字母")]))
                if let question = current { drop(question, through: line) }
                current = nil
                return
            }
            finish(question, answer: answer, answerLine: line)
            current = nil
            return
        }
        if let options = TextLineReading.options(text), current != nil || options.count > 1 {
            if current == nil { current = (line, [], [], line) }
            current!.options += options.map { ($0.label, $0.text, line) }
            current!.last = line
            return
        }
        if var question = current {
            if question.options.isEmpty {
                question.stem.append(text)
                question.last = line
                current = question
                return
            }
            // Text after the options and before an answer line: the question before has no answer line.
            diagnostics.append(Diagnostic(.invalidQuestionSyntax, "第 \(question.line) 行的题没有答案行（ANSWER: 字母），没有导入", at: at(question.line),
                notes: [.help("在选项之后加一行 ANSWER: 正确选项的字母，例如 ANSWER: B")]))
            drop(question, through: question.last)
        }
        current = (line, [text], [], line)
    }

    /// Ends the file: a question still open has no answer line.
    mutating func close(at line: Int) {
        guard let question = current else { return }
        diagnostics.append(Diagnostic(.invalidQuestionSyntax, "第 \(question.line) 行的题没有答案行（ANSWER: 字母），没有导入", at: at(question.line),
            notes: [.help("在选项之后加一行 ANSWER: 正确选项的字母，例如 ANSWER: B")]))
        drop(question, through: question.last)
        current = nil
    }

    private mutating func drop(_ question: (line: Int, stem: [String], options: [(label: Int, text: String, line: Int)], last: Int), through last: Int) {
        dropped.append(question.line...max(question.line, last))
    }

    private mutating func finish(_ read: (line: Int, stem: [String], options: [(label: Int, text: String, line: Int)], last: Int),
                                 answer: String, answerLine: Int) {
        var question = FormatQuestion(line: read.line, lastLine: answerLine, type: .single, stem: read.stem.joined(separator: "\n"))
        if question.stem.isEmpty {
            diagnostics.append(Diagnostic(.invalidQuestionSyntax, "第 \(read.line) 行的选项前面没有题目，没有导入", at: at(read.line),
                notes: [.help("每道题以一行题目开始，下面是选项")]))
            dropped.append(read.line...answerLine)
            return
        }
        if let number = TextLineReading.questionNumber(read.stem[0]) {
            question.stem = ([number.rest] + read.stem.dropFirst()).joined(separator: "\n")
            question.changed("题目前面的题号“\(number.number)”已去掉（kaofa 自己编排题号）")
        }
        for option in read.options {
            if question.options.count <= option.label { question.options += Array(repeating: "", count: option.label + 1 - question.options.count) }
            if !question.options[option.label].isEmpty {
                question.dropped("选项 \(ImportColumn.letter(option.label)) 写了两次，第二个“\(ImportText.excerpt(option.text))”没有导入", line: option.line)
                continue
            }
            question.options[option.label] = option.text
        }
        var letters = ImportValues.choiceLetters(answer)
        if letters == nil, let index = question.options.firstIndex(where: { !$0.isEmpty && ImportText.trimmed($0) == answer }) {
            letters = [index]
            question.changed("答案“\(ImportText.excerpt(answer))”是选项 \(ImportColumn.letter(index)) 的内容，已写成 \(ImportColumn.letter(index))", line: answerLine)
        }
        guard let letters else {
            diagnostics.append(Diagnostic(.invalidQuestionSyntax, "第 \(read.line) 行的题：答案“\(ImportText.excerpt(answer))”不是选项字母，这道题没有导入",
                at: at(answerLine), notes: [.help("答案行写正确选项的字母，例如 ANSWER: B")]))
            dropped.append(read.line...answerLine)
            return
        }
        if letters.count > 1 {
            question.type = .multiple
            question.changed("答案有 \(letters.count) 个字母（Aiken 格式每题只有一个答案），按多项选择题导入", line: answerLine)
        }
        question.key = .choice(letters)
        questions.append(question)
    }

    /// The answer after `ANSWER:` / `ANSWER：` / `答案：` / `正确答案：` / `【答案】`, or nil when the line is no answer line.
    static func answer(_ line: String) -> String? {
        let folded = ImportText.foldWidth(line)
        for marker in ["ANSWER:", "ANSWER :", "答案:", "正确答案:", "【答案】", "参考答案:"] {
            if folded.uppercased().hasPrefix(marker) {
                return ImportText.trimmed(String(folded.dropFirst(marker.count)))
            }
        }
        return nil
    }
}
