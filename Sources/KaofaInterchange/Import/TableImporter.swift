import KaofaCore

/// What the command line says about an import beyond the file itself.
public struct ImportOptions: Sendable {
    /// The law of every question without one of its own (`law:` in the front matter).
    public var law: String?
    /// The audiences of every question without their own (`audience:` in the front matter).
    public var audience: [String]
    /// The prefix of the ids given to questions whose 编号 is empty, invalid or taken (`Q` when nil).
    public var idPrefix: String?
    /// Called with the bank's UTF-8 bytes as soon as they are written, before they are checked: a caller that saves
    /// the bank can start writing the file meanwhile. The report's `bankBytes` are the same bytes.
    public var bankReady: (@Sendable ([UInt8]) -> Void)?

    public init(law: String? = nil, audience: [String] = [], idPrefix: String? = nil,
                bankReady: (@Sendable ([UInt8]) -> Void)? = nil) {
        self.law = law
        self.audience = audience
        self.idPrefix = idPrefix
        self.bankReady = bankReady
    }
}

/// Imports a table of questions (kaofa's template columns or an exam platform's) into a bank file.
///
/// Every row is accounted for: imported (with its id and type), or dropped with the reason; every value that was not
/// imported or was changed is a diagnostic at its row and column. The written text is then compiled with the banks
/// already beside it, exactly as `kaofa check` would, so the report says which questions need a teacher's attention;
/// and each compiled question is compared with its row, so that nothing is changed by the way the text was written.
public enum TableImporter {
    /// - Parameters:
    ///   - source: the table and how it was read; `sourcePath` names it in diagnostics.
    ///   - outputPath: the bank file to be written, as diagnostics should name it.
    ///   - existingBanks: the other bank files of the output's directory (ids are not reused, duplicates are found).
    /// (The table is consumed: its rows are let go once read, before the bank is written and checked.)
    public static func run(_ source: consuming LoadedTable, sourcePath: String, outputPath: String, options: ImportOptions,
                           existingBanks: [(path: String, bytes: [UInt8])], catalog: LawCatalog) -> ImportReport {
        var report = ImportReport(sourcePath: sourcePath, outputPath: outputPath, sourceSummary: source.summary, sourceNotes: source.notes)
        guard let mapping = ColumnMapping.find(in: source.table) else {
            report.diagnostics.append(Diagnostic(.noImportHeader, "在表格的前 20 行中找不到表头：没有一行同时有“题干”列和另一个 kaofa 认识的列",
                at: .wholeFile(sourcePath), notes: [
                    .help("第一行写表头，例如：编号,题型,题干,选项A,选项B,选项C,选项D,答案,解析,难度,法律,条文,知识点,对象（kaofa template 可以生成模板）"),
                    .note("也认识学习通等平台的表头：题目类型、题目、正确答案、答案解析、难易度 等"),
                ]))
            return report
        }
        report.mapping = mapping
        if !source.outsideCells.isEmpty {
            let what = source.outsideCells.map(\.rawValue).joined(separator: "和")
            report.diagnostics.append(Diagnostic(.importValueDropped, "工作表中有\(what)，kaofa 只导入单元格中的文字，它们没有导入",
                at: .wholeFile(sourcePath),
                notes: [.help("题目中的图片请另存为图片文件，在题库的题干中用 ![说明](图片/图1.png) 引用（见 docs/bank-format.md 4.8 节）")]))
        }
        var dataRows = source.table.rows.filter { $0.number > mapping.headerRow }
        let sheet = source.sheet
        _ = consume source
        report.diagnostics += unusedColumns(mapping, rows: dataRows, path: sourcePath)

        let difficultyCells = mapping.index(of: .difficulty).map { index in dataRows.map { $0[index] } } ?? []
        let reader = RowReader(mapping: mapping, path: sourcePath, fivePointDifficulty: ImportValues.isFivePointScale(difficultyCells))
        // Rows are independent: read in chunks on all cores, then taken in row order (the report is the same).
        var chunks = stride(from: 0, to: dataRows.count, by: 1024).map { dataRows[$0..<min($0 + 1024, dataRows.count)] }
        var read = ParallelMap.map(chunks) { chunk in
            var diagnostics: [Diagnostic] = []
            let rows = chunk.map { row -> (number: Int, blank: Bool, question: ImportedQuestion?) in
                row.isBlank ? (row.number, true, nil) : (row.number, false, reader.read(row, diagnostics: &diagnostics))
            }
            return (rows: rows, diagnostics: diagnostics)
        }
        // The table's rows are not needed any more: their memory is reused by what follows instead of new pages.
        chunks = []
        dataRows = []
        report.diagnostics += read.flatMap(\.diagnostics)
        // The questions are moved out of the chunks (last first, then put back in order), not copied: a copy would
        // retain every string of every question, and letting the chunks go would release them all again.
        var questions: [ImportedQuestion] = []
        questions.reserveCapacity(read.reduce(0) { $0 + $1.rows.count })
        for chunk in read.indices.reversed() {
            while let row = read[chunk].rows.popLast() {
                if row.blank {
                    report.blankRows += 1
                } else if let question = row.question {
                    questions.append(question)
                } else {
                    report.rows.append(.init(number: row.number, outcome: .dropped))
                }
            }
        }
        questions.reverse()
        let assembly = ImportAssembly(
            sourcePath: sourcePath, outputPath: outputPath, options: options, existingBanks: existingBanks, catalog: catalog,
            sourceKind: "表格", comment: "由 kaofa import 从 \(ImportAssembly.displayName(sourcePath))" + (sheet.map { "（工作表“\($0)”）导入" } ?? " 导入"),
            idPosition: { reader.position(row: $0, column: .id) }, stemPosition: { reader.position(row: $0, column: .stem) })
        assembly.finish(consume questions, report: &report)
        return report
    }

    /// Columns whose content is not imported: unknown headers, second columns of one kind, cells under no header.
    static func unusedColumns(_ mapping: ColumnMapping, rows: [TableRow], path: String) -> [Diagnostic] {
        let used = Set(mapping.entries.compactMap { $0.column == nil ? nil : $0.index })
        let width = max(rows.reduce(0) { max($0, $1.cells.count) }, (mapping.entries.map(\.index).max() ?? -1) + 1)
        var diagnostics: [Diagnostic] = []
        for index in 0..<width where !used.contains(index) {
            let filled = rows.filter { !ImportText.trimmed($0[index]).isEmpty }.map(\.number)
            guard !filled.isEmpty else { continue }
            let entry = mapping.entries.first { $0.index == index }
            let letter = SpreadsheetML.columnName(index + 1)
            let name = entry.map { "第 \(letter) 列“\($0.header)”" } ?? "第 \(letter) 列（没有表头）"
            var notes: [DiagnosticNote] = []
            let message: String
            if let first = entry?.duplicateOf {
                message = "\(name)与第 \(SpreadsheetML.columnName(first + 1)) 列重复，其中的内容没有导入（\(RowList.describe(filled))有内容）"
                notes.append(.help("同一种内容只能有一列；把需要的内容合并到第 \(SpreadsheetML.columnName(first + 1)) 列"))
            } else {
                message = "\(name)不是 kaofa 认识的列，其中的内容没有导入（\(RowList.describe(filled))有内容）"
                notes.append(.help("kaofa 的列：" + ImportColumn.template.map(\.templateName).joined(separator: "、") + "，以及 分值、标签"))
                if entry == nil { notes.append(.note("这一列没有表头；如果是题目内容，请在表头行写上列名")) }
            }
            diagnostics.append(Diagnostic(.unknownImportColumn, message,
                at: SourceRange(file: path, start: .init(line: mapping.headerRow, column: index + 1), end: .init(line: mapping.headerRow, column: index + 2)),
                notes: notes))
        }
        return diagnostics
    }
}

/// Row numbers in words: `第 2、5 行`, `第 2–501 行`, runs shortened.
enum RowList {
    static func describe(_ rows: [Int], limit: Int = 12) -> String {
        var runs: [(Int, Int)] = []
        for row in rows.sorted() {
            if let last = runs.last, last.1 + 1 == row { runs[runs.count - 1].1 = row } else { runs.append((row, row)) }
        }
        let shown = runs.prefix(limit).map { $0.0 == $0.1 ? "\($0.0)" : "\($0.0)–\($0.1)" }
        return "第 " + shown.joined(separator: "、") + (runs.count > limit ? " 等" : "") + " 行"
    }
}
