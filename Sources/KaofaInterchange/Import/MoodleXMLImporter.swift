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
        func at(_ line: Int) -> SourceRange { SourceRange.line(line, of: path) }
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
