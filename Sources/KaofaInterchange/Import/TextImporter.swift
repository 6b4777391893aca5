import KaofaCore

/// Imports a bank pasted from Word (plain text) into a bank file: numbered questions (`1.` `1、` `（1）`), options
/// (`A.` `A、` `（A）`, one or several on a line), `答案：`/`【答案】` and `解析：` lines, section headings (`一、单选题`),
/// answers written in the stem's brackets (`（ B ）`, `（√）`), and answer keys listed at the end (`1-5 ABCDA`, `1.A 2.B`).
/// A question's type is its section's, or else follows from its answer (A → 单选, AB → 多选, 正确/错误 → 判断, blanks → 填空,
/// otherwise 简答). Every line that belongs to no question is reported.
public enum TextImporter {
    /// Decodes `bytes` (UTF-8, GB18030 or UTF-16 with a byte-order mark) and imports the text.
    public static func run(_ bytes: [UInt8], sourcePath: String, outputPath: String, options: ImportOptions,
                           existingBanks: [(path: String, bytes: [UInt8])], catalog: LawCatalog) -> Result<ImportReport, Diagnostic> {
        if let nul = SourceDecoder.firstNUL(bytes) {
            let line = CSVReader.lineNumber(bytes, offset: nul)
            return .failure(Diagnostic(.unreadableImportFile, "这不是文本文件（第 \(line) 行含有 NUL 字节），无法作为文本读取",
                at: SourceRange.line(line, of: sourcePath),
                notes: [.help("Word 文档（.docx、.doc）请先在 Word 或 WPS 中“另存为”纯文本（.txt），编码选 UTF-8")]))
        }
        let decoded: (utf8: [UInt8], encoding: TextEncoding)
        do throws(TabularError) {
            decoded = try CSVReader.decode(bytes)
        } catch {
            return .failure(Diagnostic(.unreadableImportFile, error.description, at: .wholeFile(sourcePath),
                notes: [.help("在记事本中“另存为”，编码选择 UTF-8")]))
        }
        return run(text: String(decoding: decoded.utf8, as: UTF8.self), summary: "文本，\(decoded.encoding.rawValue) 编码",
                   notes: decoded.encoding == .gb18030 ? ["文件是 GB18030（GBK）编码，已转换为 UTF-8"] : [],
                   sourcePath: sourcePath, outputPath: outputPath, options: options, existingBanks: existingBanks, catalog: catalog)
    }

    /// Imports the lines of `text` (decoded, or read from a Word document: `kind` names the source in messages),
    /// `summary` and `notes` saying how it was read, `diagnostics` what reading it found, `marked` the text a Word
    /// document sets apart by colour per line.
    static func run(text: String, kind: String = "文本", summary: String, notes: [String], diagnostics: [Diagnostic] = [],
                    marked: [Int: [String]] = [:], sourcePath: String,
                    outputPath: String, options: ImportOptions, existingBanks: [(path: String, bytes: [UInt8])],
                    catalog: LawCatalog) -> Result<ImportReport, Diagnostic> {
        var report = ImportReport(sourcePath: sourcePath, outputPath: outputPath, sourceSummary: summary, sourceNotes: notes)
        report.diagnostics = diagnostics
        let source = SourceFile(path: sourcePath, text: text)
        var parser = TextBankParser(path: sourcePath, lines: (1...max(1, source.lineCount)).map { source.lineText($0) ?? "" }, marked: marked)
        parser.run()
        report.diagnostics += parser.diagnostics

        var questions: [ImportedQuestion] = []
        for question in parser.questions {
            if let imported = convert(question, path: sourcePath, diagnostics: &report.diagnostics) {
                questions.append(imported)
            } else {
                report.rows.append(.init(number: question.line, outcome: .dropped))
            }
        }
        let position = { (line: Int) in SourceRange.line(line, of: sourcePath) }
        let assembly = ImportAssembly(sourcePath: sourcePath, outputPath: outputPath, options: options, existingBanks: existingBanks,
                                      catalog: catalog, sourceKind: kind,
                                      comment: "由 kaofa import 从 \(ImportAssembly.displayName(sourcePath)) 导入",
                                      idPosition: position, stemPosition: position)
        assembly.finish(consume questions, report: &report)
        // The text's own lines are shown under its diagnostics.
        report.sources.append(source)
        return .success(report)
    }

    /// A parsed question as an `ImportedQuestion`, or nil (with the reason) when it cannot be one.
    static func convert(_ question: TextBankParser.Question, path: String, diagnostics: inout [Diagnostic]) -> ImportedQuestion? {
        func at(_ line: Int) -> SourceRange { SourceRange.line(line, of: path) }
        let line = question.line
        var findings: [(Int, QuestionContent.Finding)] = []
        let (stem, stemJoins) = QuestionContent.bankLines(question.stem, what: "题干")
        findings += stemJoins.map { (line, .changed(.stem, $0)) }
        guard !stem.isEmpty else {
            diagnostics.append(Diagnostic(.importRowWithoutStem, "第 \(line) 行的第 \(question.number) 题没有题干，没有导入", at: at(line),
                notes: [.help("在题号后面写出题目内容")]))
            return nil
        }
        var options: [String] = []
        for option in question.options {
            if options.count <= option.label { options += Array(repeating: "", count: option.label + 1 - options.count) }
            options[option.label] = option.text
        }
        if let trailing = question.trailingAnswer {
            findings.append((trailing.line, .changed(.answer, question.answer?.line == trailing.line
                ? "答案“\(trailing.answer)”写在第 \(trailing.line) 行的末尾，已移到答案行"
                : "第 \(trailing.line) 行末尾的答案“\(trailing.answer)”没有使用，用了答案行的“\(question.answer?.text ?? "")”")))
        }
        var answer = question.answer?.text ?? ""
        var answerLine = question.answer?.line ?? line
        var finalStem = stem
        // An answer in the stem's brackets is taken out of the stem (it must not be printed on papers).
        let choiceLike = !options.isEmpty && question.sectionType.map { $0.isChoice } ?? true
        if question.sectionType != .caseAnalysis, let inline = TextLineReading.inlineAnswer(stem, choice: choiceLike) {
            finalStem = inline.stem
            if answer.isEmpty {
                answer = inline.answer
                findings.append((line, .changed(.answer, "答案“\(inline.answer)”写在题干的括号中，已移到答案行")))
            } else if ImportValues.choiceLetters(answer) != ImportValues.choiceLetters(inline.answer)
                        || ImportValues.truthValue(answer) != ImportValues.truthValue(inline.answer) {
                findings.append((line, .changed(.answer, "题干括号中的“\(inline.answer)”与答案“\(answer)”不同；括号中的已去掉，用了答案行的")))
            } else {
                findings.append((line, .changed(.stem, "题干括号中的答案“\(inline.answer)”已去掉（答案行也有）")))
            }
        }
        if answer.isEmpty, question.keyAnswer == nil, !question.markedOptions.isEmpty, question.markedOptions.count < options.count {
            // A Word bank that marks the right options (in colour, bold …), with no answer written anywhere.
            answer = question.markedOptions.sorted().map { ImportColumn.letter($0) }.joined()
            findings.append((line, .changed(.answer, "没有写答案，按文档中标成彩色、突出显示、加粗或加下划线的选项给出答案 \(answer)；请核对")))
        }
        if answer.isEmpty, let key = question.keyAnswer {
            answer = key.answer
            answerLine = key.line
        } else if let key = question.keyAnswer, !answer.isEmpty,
                  ImportValues.choiceLetters(answer) != ImportValues.choiceLetters(key.answer) || ImportValues.truthValue(answer) != ImportValues.truthValue(key.answer) {
            findings.append((key.line, .changed(.answer, "答案表中第 \(question.number) 题的答案是“\(key.answer)”，题目下写的是“\(answer)”；用了题目下的")))
        }

        let type: QuestionType
        switch question.sectionType {
        case .caseAnalysis?:
            diagnostics.append(Diagnostic(.unknownImportType, "第 \(line) 行的第 \(question.number) 题是案例分析题，从文本导入时无法分出它的材料和小题，没有导入",
                at: at(line), notes: [.help("案例分析题请按题库格式直接写在题库文件中（见 docs/bank-format.md 4.6 节），或把各小题作为单独的题目导入")]))
            return nil
        case let known?: type = known
        case nil: type = QuestionContent.inferType(options: options, answer: answer, stem: finalStem)
        }

        let (explanation, explanationJoins) = QuestionContent.bankLines(question.explanation, what: "解析")
        findings += explanationJoins.map { (question.explanationLine ?? line, .changed(.explanation, $0)) }
        let (reference, referenceJoins) = QuestionContent.bankLines(question.answerLines, what: "参考答案")
        if type == .shortAnswer { findings += referenceJoins.map { (answerLine, .changed(.answer, $0)) } }
        var imported = ImportedQuestion(row: line, id: nil, type: type, stem: finalStem, options: [], answer: .none,
                                        explanation: explanation, attributes: [])
        findings += QuestionContent.fillAnswer(type == .shortAnswer ? question.answerLines.joined(separator: "\n") : answer,
                                               options: options, reference: reference, into: &imported)
            .map { ($0.column == .answer ? answerLine : line, $0) }
        for (findingLine, finding) in findings {
            diagnostics.append(Diagnostic(finding.dropped ? .importValueDropped : .importValueChanged, "第 \(line) 行的题：" + finding.message, at: at(findingLine)))
        }
        return imported
    }
}

/// The line-by-line reading of a pasted bank.
struct TextBankParser {
    struct Question {
        var line: Int
        var number: Int
        var sectionType: QuestionType?
        /// The section (counted from 1 at each type heading) the question is in; 0 before the first heading.
        var section: Int
        var stem: [String]
        var options: [(label: Int, text: String)] = []
        var answer: (text: String, line: Int)?
        /// All lines of the answer (a written answer may have several).
        var answerLines: [String] = []
        var explanation: [String] = []
        var explanationLine: Int?
        var keyAnswer: (answer: String, line: Int)?
        /// An answer written at the end of the question's stem or option line (`……人权。 答案：对`).
        var trailingAnswer: (answer: String, line: Int)?
        /// Options set apart by colour, highlighting, bold or underline in a Word document (banks that mark the right
        /// options so).
        var markedOptions: [Int] = []
    }

    enum Field { case stem, options, answer, explanation }

    let path: String
    /// The text's lines, trimmed, and the question number each starts with.
    private let lines: [String]
    private let numbers: [(number: Int, style: TextLineReading.NumberStyle)?]
    var questions: [Question] = []
    var diagnostics: [Diagnostic] = []
    private var current: Question?
    private var field: Field = .stem
    private var sectionType: QuestionType?
    private var section = 0
    private var sectionChanged = false
    private var style: TextLineReading.NumberStyle?
    /// In the answer key at the end; its own section headings count separately.
    private var inKey = false
    private var keySection = 0
    private var keyEntries: [(entry: TextLineReading.KeyEntry, section: Int, line: Int)] = []

    /// Per line (from 1): text a Word document sets apart by colour or highlighting.
    private let marked: [Int: [String]]

    init(path: String, lines: [String], marked: [Int: [String]] = [:]) {
        self.path = path
        self.marked = marked
        self.lines = lines.map(ImportText.trimmed)
        numbers = self.lines.map { line in TextLineReading.questionNumber(line).map { ($0.number, $0.style) } }
    }

    mutating func run() {
        for index in lines.indices { consume(index) }
        finish()
    }

    private func at(_ line: Int) -> SourceRange {
        SourceRange.line(line, of: path)
    }

    private mutating func unused(_ text: String, line: Int, why: String) {
        diagnostics.append(Diagnostic(.unusedTextLine, "第 \(line) 行“\(ImportText.excerpt(text))”\(why)，没有导入", at: at(line)))
    }

    private mutating func close() {
        if let question = current { questions.append(question) }
        current = nil
        field = .stem
    }

    private mutating func consume(_ index: Int) {
        let text = lines[index], line = index + 1
        guard !text.isEmpty else { return }
        if TextLineReading.isKeyHeading(text) {
            close()
            inKey = true
            return
        }
        if let type = TextLineReading.sectionType(text) {
            close()
            if inKey {
                keySection += 1
            } else {
                section += 1
                sectionType = type
                sectionChanged = true
            }
            return
        }
        // `答案：1.ABC 2.对 3.C` after a part is a key, not the answer of its last question.
        if let (fieldKind, rest) = TextLineReading.field(text), fieldKind == .answer, !inKey,
           let entries = TextLineReading.keyEntries(rest, text: true), entries.count > 1 {
            close()
            keyEntries += entries.map { ($0, section, line) }
            return
        }
        if let entries = TextLineReading.keyEntries(text, text: inKey), inKey || entries.count > 1 || text.contains(where: { "-~～—–至".contains($0) }) {
            // Under a key heading, the key's own section headings tell which part an answer belongs to; a key line in the
            // body (after each part) belongs to the part it follows.
            close()
            keyEntries += entries.map { ($0, inKey ? keySection : section, line) }
            return
        }
        if inKey {
            unused(text, line: line, why: "在答案表中，但无法识别为答案")
            return
        }
        if let (fieldKind, rest) = TextLineReading.field(text), current != nil {
            switch fieldKind {
            case .answer:
                field = .answer
                // An answer line wins over an answer written at the end of the question's line.
                if let trailing = current!.trailingAnswer, current!.answer?.line == trailing.line {
                    current!.answer = nil
                    current!.answerLines = []
                }
                if current!.answer == nil { current!.answer = (rest, line) }
                if !rest.isEmpty { current!.answerLines.append(rest) }
            case .explanation:
                field = .explanation
                current!.explanationLine = current!.explanationLine ?? line
                if !rest.isEmpty { current!.explanation.append(rest) }
            }
            return
        }
        // `……人权。 答案：对`: the answer at the end of a question's stem or option line is the question's; the rest is
        // read as the line. (In an explanation or a written answer, `……故本题答案：B` is their text.)
        if let split = TextLineReading.trailingAnswer(text), startsQuestion(split.text, at: index) || field == .stem || field == .options {
            consumeLine(split.text, index: index)
            return attachTrailingAnswer(split.answer, line: line)
        }
        consumeLine(text, index: index)
    }

    /// The labels of the options on `line` that are set apart: a marked run that is one of them, with or without its
    /// letter (`人民`, `A．人民`), or several of them (`A．人民  B．政党`).
    private func markedOptions(_ options: [(label: Int, text: String)], line: Int) -> [Int] {
        var labels: [Int] = []
        for segment in marked[line] ?? [] {
            let parts = TextLineReading.options(segment) ?? [(label: -1, text: segment)]
            for part in parts {
                let text = ImportText.trimmed(part.text)
                if let option = options.first(where: { ImportText.trimmed($0.text) == text && (part.label < 0 || part.label == $0.label) }),
                   !labels.contains(option.label) {
                    labels.append(option.label)
                }
            }
        }
        return labels
    }

    /// Whether `text` on line `index` would start a question.
    private func startsQuestion(_ text: String, at index: Int) -> Bool {
        guard let (number, numberStyle, _) = TextLineReading.questionNumber(text) else { return false }
        return startsQuestion(number: number, style: numberStyle, at: index)
    }

    /// The answer written at the end of a question's line, moved to its answer (unless an answer line came first).
    private mutating func attachTrailingAnswer(_ answer: String, line: Int) {
        guard current != nil else { return }
        current!.trailingAnswer = (answer, line)
        guard current!.answer?.text.isEmpty ?? true else { return }
        current!.answer = (answer, line)
        current!.answerLines = [answer]
    }

    /// A line that is not a heading, key or field marker: a question's start, its options, or the text it continues.
    private mutating func consumeLine(_ text: String, index: Int) {
        let line = index + 1
        if let (number, numberStyle, rest) = TextLineReading.questionNumber(text), startsQuestion(number: number, style: numberStyle, at: index) {
            close()
            style = style ?? numberStyle
            sectionChanged = false
            current = Question(line: line, number: number, sectionType: sectionType, section: section, stem: rest.isEmpty ? [] : [rest])
            return
        }
        guard current != nil else {
            unused(text, line: line, why: "不属于任何题目")
            return
        }
        if field == .stem || field == .options, let options = TextLineReading.options(text),
           options[0].label == (current!.options.last.map { $0.label + 1 } ?? 0) {
            current!.options += options
            current!.markedOptions += markedOptions(options, line: line)
            field = .options
            return
        }
        switch field {
        case .stem: current!.stem.append(text)
        case .options:
            // A line after the options that is none of them continues the last option.
            let last = current!.options.count - 1
            current!.options[last].text += " " + text
            diagnostics.append(Diagnostic(.importValueChanged, "第 \(line) 行接在选项 \(ImportColumn.letter(current!.options[last].label)) 之后，已并入这个选项",
                at: at(line)))
        case .answer:
            current!.answerLines.append(text)
            if current!.answer == nil || current!.answer!.text.isEmpty { current!.answer = (text, current!.answer?.line ?? line) }
        case .explanation:
            current!.explanation.append(text)
        }
    }

    /// Whether a numbered line starts a question: the first one does; then only numbers in the style of the first that
    /// continue the sequence (or restart it after a section heading), or that come after a question with options or
    /// an answer and are higher than its number. In an explanation, `1.` under question 5 is text, and so is `2.` under
    /// question 1 when a later line starts with `2.` too (the explanation numbers its points).
    private func startsQuestion(number: Int, style numberStyle: TextLineReading.NumberStyle, at index: Int) -> Bool {
        guard let current else { return style == nil || numberStyle == style }
        guard numberStyle == style else { return false }
        if field == .explanation, number == current.number + 1, numberedAgain(number, style: numberStyle, after: index) { return false }
        if number == current.number + 1 || (sectionChanged && number == 1) { return true }
        return field != .explanation && (current.answer != nil || !current.options.isEmpty) && number > current.number
    }

    /// Whether a later line of the same part starts with the same number.
    private func numberedAgain(_ number: Int, style: TextLineReading.NumberStyle, after index: Int) -> Bool {
        for later in (index + 1)..<lines.count {
            if TextLineReading.sectionType(lines[later]) != nil || TextLineReading.isKeyHeading(lines[later]) { return false }
            if let other = numbers[later], other.number == number, other.style == style { return true }
        }
        return false
    }

    /// Ends the text: the key's answers go to their questions.
    private mutating func finish() {
        close()
        for (entry, keySection, line) in keyEntries {
            let candidates = questions.indices.filter { index in
                questions[index].number == entry.number && (keySection == 0 || questions[index].section == keySection)
            }
            guard candidates.count == 1 else {
                let why = candidates.isEmpty ? "答案表中第 \(entry.number) 题找不到对应的题目" : "答案表中第 \(entry.number) 题对应不止一道题（各部分的题号重新编排时，答案表也要按部分写，并写上各部分的标题）"
                diagnostics.append(Diagnostic(.unusedTextLine, "第 \(line) 行：\(why)，这个答案没有使用", at: at(line)))
                continue
            }
            questions[candidates[0]].keyAnswer = (entry.answer, line)
        }
    }
}
