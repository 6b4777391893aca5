import KaofaCore

/// Compiled questions written in kaofa's template columns (编号, 题型, 题干, 选项A … 选项H, 答案, 解析, 难度, 法律, 条文,
/// 知识点, 对象), the form `kaofa import` reads back unchanged, for `kaofa export --to xlsx|csv`.
///
/// Nothing is left out silently: a question the columns cannot hold (案例分析, more than 8 options, a cell past Excel's
/// limit) is not written and is reported as W0812; a question written without something it has (评分要点, 分值, 标签,
/// 互斥, {固定}) or with something a cell shows only as markup (pictures, tables) is reported as W0813.
public struct BankTableExport: BankExport {
    /// The header row, then one row per exported question, as plain text (formula protection is applied on writing CSV).
    public var rows: [[String]]
    /// The ids of the exported questions, in row order (nil for a question without an id).
    public var exportedIDs: [String?]
    /// W0812 and W0813, in the order of the questions.
    public var diagnostics: [Diagnostic]


    /// Excel refuses a cell longer than this (UTF-16 units).
    static let excelCellLimit = 32_767

    /// Lays out `questions` (a compiled bank that passed `kaofa check`) in the template columns for `format`.
    public init(_ questions: [Question], catalog: LawCatalog, format: TableFormat) {
        rows = [ImportTemplate.header]
        exportedIDs = []
        diagnostics = []
        for question in questions {
            let position = question.source.numberRange
            let name = question.id.map { "题目 \($0) " } ?? "第 \(question.number) 题"
            if let reason = Self.whyNotHeld(question) {
                diagnostics.append(Diagnostic(.exportQuestionOmitted, "\(name)没有导出：\(reason)", at: position,
                    notes: [.help("这道题留在题库中；需要在其他系统中使用时，请在那里手工录入")]))
                continue
            }
            let row = Self.row(question, catalog: catalog)
            if format == .xlsx, let index = row.firstIndex(where: { $0.utf16.count > Self.excelCellLimit }) {
                diagnostics.append(Diagnostic(.exportQuestionOmitted,
                    "\(name)没有导出：“\(ImportTemplate.header[index])”有 \(row[index].utf16.count) 个字符，超过 Excel 单元格的上限 \(Self.excelCellLimit)",
                    at: position, notes: [.help("导出为 CSV（--to csv）没有这个限制")]))
                continue
            }
            rows.append(row)
            exportedIDs.append(question.id)
            let missing = Self.contentNotHeld(question)
            if !missing.isEmpty {
                diagnostics.append(Diagnostic(.exportContentOmitted, "\(name)已导出，但表格容纳不了：" + missing.joined(separator: "；"), at: position,
                    notes: [.help(missing.allSatisfy(Self.keptAsMarkup)
                        ? "再用 kaofa import 导入时，单元格中的写法原样写回题库；在表格软件中看到的是写法，不是图片或表格"
                        : "再用 kaofa import 导入时，得到的题目缺少列出的内容（图片和表格的写法除外）；题库文件仍是正本，不要用导入的题库覆盖它")]))
            }
        }
    }

    /// Why the template columns cannot hold the question at all, or nil.
    static func whyNotHeld(_ question: Question) -> String? {
        if question.type == .caseAnalysis {
            return "案例分析题有材料和 \(question.parts.count) 道小题，表格的一行写不下"
        }
        if question.options.count > ImportColumn.optionLimit {
            return "有 \(question.options.count) 个选项，表格最多有 \(ImportColumn.optionLimit) 个选项列（选项A–选项H）"
        }
        return nil
    }

    /// What the question has that its row does not hold, in words.
    static func contentNotHeld(_ question: Question) -> [String] {
        var missing: [String] = []
        let pinned = question.options.filter(\.pinned).map(\.label)
        if !pinned.isEmpty { missing.append("选项 \(pinned.joined(separator: "、")) 的 {固定} 标记（打乱选项时保持原位）") }
        if case let .written(_, rubric) = question.answer, !rubric.isEmpty { missing.append("评分要点（\(rubric.count) 点）") }
        if let points = question.points { missing.append("分值=\(BankTableExport.number(points))") }
        if !question.tags.isEmpty { missing.append("标签=" + question.tags.joined(separator: ",")) }
        if !question.enemyGroups.isEmpty { missing.append("互斥=" + question.enemyGroups.joined(separator: ",")) }
        let texts = [question.stem, question.explanation ?? "", Self.answerText(question.answer)] + question.options.map(\.text)
        let images = texts.flatMap(Self.imagePaths)
        if !images.isEmpty {
            missing.append("图片 " + images.joined(separator: "、") + "（单元格中只有图片的写法 ![…](…)，图片文件不在表格中）")
        }
        if texts.contains(where: Self.hasTable) { missing.append("表格（单元格中是以 | 分隔的文字，不是电子表格的表格）") }
        return missing
    }

    /// True for the findings about pictures and tables, whose markup the cell keeps (so they come back on import).
    static func keptAsMarkup(_ finding: String) -> Bool {
        finding.hasPrefix("图片 ") || finding.hasPrefix("表格（")
    }

    /// The question's row, cell for cell under `ImportTemplate.header`.
    static func row(_ question: Question, catalog: LawCatalog) -> [String] {
        var options = question.options.map(\.text)
        options += Array(repeating: "", count: ImportColumn.optionLimit - options.count)
        return [question.id ?? "", question.type.chineseName, question.stem] + options + [
            answerText(question.answer),
            question.explanation ?? "",
            question.difficulty?.rawValue ?? "",
            question.law.flatMap { catalog.law(id: $0)?.name } ?? "",
            ArticleCitation.text(question.articles),
            question.topic ?? "",
            question.audience.map(\.rawValue).joined(separator: ","),
        ]
    }

    /// The 答案 cell as `kaofa import` reads it: `ABD`, `正确`, `五十/50；五/5`, a reference answer.
    static func answerText(_ answer: Answer) -> String {
        switch answer {
        case let .choice(labels): labels.joined()
        case let .trueFalse(value): value ? "正确" : "错误"
        case let .blanks(blanks): blanks.map { $0.joined(separator: "/") }.joined(separator: "；")
        case let .written(reference, _): reference
        case .parts, .missing: ""
        }
    }

    /// The paths of the Markdown images `![…](path)` in `text`.
    static func imagePaths(_ text: String) -> [String] {
        var paths: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "![") {
            rest = rest[start.upperBound...]
            guard let close = rest.range(of: "]("), let end = rest[close.upperBound...].firstIndex(of: ")") else { break }
            paths.append(String(rest[close.upperBound..<end]))
            rest = rest[rest.index(after: end)...]
        }
        return paths
    }

    /// A Markdown table: a line that starts and ends with `|`.
    static func hasTable(_ text: String) -> Bool {
        text.split(separator: "\n").contains { line in
            let trimmed = ImportText.trimmed(String(line))
            return trimmed.count > 1 && trimmed.hasPrefix("|") && trimmed.hasSuffix("|")
        }
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// The CSV file: UTF-8 with a byte-order mark, cells that would read as formulas protected (`FormulaGuard`).
    public func csv() -> [UInt8] {
        CSVWriter.write(rows.map { $0.map(FormulaGuard.protect) })
    }

    /// The workbook: the sheet 题库 (header frozen and bold, widths as in the template) and the 说明 sheet.
    public func xlsx() throws -> [UInt8] {
        try XLSXWriter.write([XLSXSheet(name: "题库", text: rows, columnWidths: ImportTemplate.columnWidths), ImportTemplate.instructionsSheet])
    }
}
