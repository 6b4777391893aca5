import KaofaCore

/// What the command line says about an import beyond the file itself.
public struct ImportOptions: Sendable {
    /// The law of every question without one of its own (`law:` in the front matter).
    public var law: String?
    /// The audiences of every question without their own (`audience:` in the front matter).
    public var audience: [String]
    /// The prefix of the ids given to questions whose 编号 is empty, invalid or taken (`Q` when nil).
    public var idPrefix: String?

    public init(law: String? = nil, audience: [String] = [], idPrefix: String? = nil) {
        self.law = law
        self.audience = audience
        self.idPrefix = idPrefix
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
    public static func run(_ source: LoadedTable, sourcePath: String, outputPath: String, options: ImportOptions,
                           existingBanks: [(path: String, bytes: [UInt8])], catalog: LawCatalog) -> ImportReport {
        var report = ImportReport(sourcePath: sourcePath, outputPath: outputPath, source: source)
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
        let dataRows = source.table.rows.filter { $0.number > mapping.headerRow }
        report.diagnostics += unusedColumns(mapping, rows: dataRows, path: sourcePath)

        let difficultyCells = mapping.index(of: .difficulty).map { index in dataRows.map { $0[index] } } ?? []
        let reader = RowReader(mapping: mapping, path: sourcePath, fivePointDifficulty: ImportValues.isFivePointScale(difficultyCells))
        var questions: [ImportedQuestion] = []
        for row in dataRows {
            if row.isBlank {
                report.blankRows += 1
                continue
            }
            if let question = reader.read(row, diagnostics: &report.diagnostics) {
                questions.append(question)
            } else {
                report.rows.append(.init(number: row.number, outcome: .dropped))
            }
        }
        guard !questions.isEmpty else {
            report.diagnostics.append(Diagnostic(.noQuestions, "表格中没有可以导入的题目，没有写出题库", at: .wholeFile(sourcePath),
                notes: [.help("表头之下每行一道题，至少要填写题干")]))
            report.finish()
            return report
        }

        // Ids: kept from 编号 unless taken (by another bank or an earlier row), else given out with the prefix.
        let existing = BankCompiler.compile(raw: existingBanks, catalog: catalog, keepSyntax: false).0.questions
        var taken: [String: String] = [:]
        for question in existing {
            for id in ([question.id] + question.parts.map(\.id)).compactMap({ $0 }) { taken[id] = "已被 \(question.source.file) 使用" }
        }
        for index in questions.indices {
            guard let id = questions[index].id else { continue }
            if let owner = taken[id] {
                report.diagnostics.append(Diagnostic(.importValueChanged, "第 \(questions[index].row) 行：编号“\(id)”\(owner)，已改用新编号",
                    at: reader.position(row: questions[index].row, column: .id),
                    notes: [.note("同一个编号在题库中只能用于一道题，组卷和成绩统计都靠编号认题")]))
                questions[index].id = nil
            } else {
                taken[id] = "与第 \(questions[index].row) 行重复"
            }
        }
        var allocator = BankFormatter.IDAllocator(existingIDs: taken.keys.sorted())
        for index in questions.indices where questions[index].id == nil {
            questions[index].id = allocator.allocate(prefix: options.idPrefix ?? "Q")
            report.generatedIDs += 1
        }

        let writer = BankTextWriter(law: options.law, audience: options.audience, idPrefix: options.idPrefix,
                                    comment: "由 kaofa import 从 \(displayName(sourcePath))" + (source.sheet.map { "（工作表“\($0)”）导入" } ?? " 导入"))
        let ordered = QuestionType.allCases.flatMap { type in questions.filter { $0.type == type } }
        let (text, placements) = writer.write(ordered)
        report.bankText = text
        report.placements = placements
        for question in questions {
            report.rows.append(.init(number: question.row, outcome: .imported(id: question.id!, type: question.type)))
        }

        // Check the written bank as `kaofa check` would, together with the banks beside it.
        let (bank, sources) = BankCompiler.compile(raw: existingBanks + [(outputPath, Array(text.utf8))], catalog: catalog, keepSyntax: false)
        report.sources = sources
        report.bankDiagnostics = bank.diagnostics.filter { diagnostic in
            diagnostic.range.file == outputPath || diagnostic.notes.contains { $0.range?.file == outputPath }
        }
        let compiled = bank.questions.filter { $0.source.file == outputPath }
        report.diagnostics += verify(ordered, compiled: compiled, reader: reader, outputPath: outputPath,
                                     bankDiagnostics: report.bankDiagnostics, placements: placements)
        report.finish()
        return report
    }

    /// The file name of a path, for the comment in the written bank.
    static func displayName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
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

    /// Compares each compiled question with the row it was written from.
    static func verify(_ written: [ImportedQuestion], compiled: [Question], reader: RowReader, outputPath: String,
                       bankDiagnostics: [Diagnostic], placements: [BankTextWriter.Placement]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let errorLines = bankDiagnostics.filter { $0.severity == .error && $0.range.file == outputPath }.map(\.range.start.line)
        func hasError(_ placement: BankTextWriter.Placement) -> Bool {
            errorLines.contains { (placement.firstLine...placement.lastLine).contains($0) }
        }
        for (index, question) in written.enumerated() {
            var problems: [String] = []
            if index >= compiled.count {
                problems.append("这道题没有被读出")
            } else {
                // Compared byte for byte: `==` on Chinese strings normalises both sides, and is no stricter.
                func same(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }
                let result = compiled[index]
                if !same(result.id ?? "", question.id ?? "") { problems.append("编号") }
                if result.type != question.type { problems.append("题型") }
                if !same(result.stem, question.stem.joined(separator: "\n")) { problems.append("题干") }
                let options = question.type.isChoice ? question.options : []
                if result.options.count != options.count
                    || zip(result.options, options).enumerated().contains(where: { index, pair in
                        !same(pair.0.text, pair.1) || !same(pair.0.label, ImportColumn.letter(index))
                    }) {
                    problems.append("选项")
                }
                if !same(result.explanation ?? "", question.explanation.joined(separator: "\n")) { problems.append("解析") }
                if case let .line(_, expected?) = question.answer, result.answer != expected, !hasError(placements[index]) {
                    problems.append("答案")
                }
            }
            guard !problems.isEmpty else { continue }
            diagnostics.append(Diagnostic(.importMismatch,
                "第 \(question.row) 行：写进题库后读回的\(problems.joined(separator: "、"))与表格中的不一致",
                at: reader.position(row: question.row, column: .stem),
                notes: [.note("题库第 \(placements[index].firstLine) 行起是这道题"),
                        .help("对照表格修改题库中的这道题；这可能是 kaofa 的缺陷，请把这一行报告给开发者")]))
        }
        if compiled.count > written.count {
            diagnostics.append(Diagnostic(.importMismatch, "写出的题库中多出 \(compiled.count - written.count) 道表格中没有的题",
                at: .wholeFile(reader.path), notes: [.help("这是 kaofa 的缺陷，请把表格报告给开发者")]))
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
