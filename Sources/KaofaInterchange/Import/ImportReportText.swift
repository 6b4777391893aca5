import KaofaCore

/// The import report as text for the terminal: how the table was read, one line per row (imported as which id and
/// type, or not imported) followed by the diagnostics about that row, and a closing summary that says whether the
/// written bank passes `kaofa check` and which rows need a teacher's attention.
public struct ImportReportText: Sendable {
    public var colors: Bool

    public init(colors: Bool = false) {
        self.colors = colors
    }

    public func render(_ report: ImportReport) -> String {
        let sources = Dictionary(report.sources.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let formatter = DiagnosticFormatter(colors: colors) { file, line in sources[file]?.lineText(line) }
        var out = header(report)

        // Diagnostics by row; those about the table as a whole (header, columns) come first.
        var byRow: [Int: [Diagnostic]] = [:]
        var general: [Diagnostic] = []
        let headerRow = report.mapping?.headerRow ?? 0
        let rowNumbers = Set(report.rows.map(\.number))
        for diagnostic in report.diagnostics {
            var line = diagnostic.range.start.line
            if diagnostic.range.file == report.sourcePath, let row = report.row(ofSourceLine: line) { line = row }
            if diagnostic.range.file == report.sourcePath, line > headerRow, rowNumbers.contains(line) {
                byRow[line, default: []].append(diagnostic)
            } else {
                general.append(diagnostic)
            }
        }
        var bankGeneral: [Diagnostic] = []
        for diagnostic in report.bankDiagnostics where diagnostic.code != .missingLaw {
            if let row = report.row(of: diagnostic) {
                var noted = diagnostic
                noted.notes.append(.note("这道题来自 \(report.sourcePath) 第 \(row) 行"))
                byRow[row, default: []].append(noted)
            } else {
                bankGeneral.append(diagnostic)
            }
        }
        // “Nothing to import” closes the list of rows rather than opening it.
        out += formatter.format(general.filter { $0.code != .noQuestions })
        out += formatter.format(report.fileNotes)
        for row in report.rows {
            switch row.outcome {
            case let .imported(id, type): out += "第 \(row.number) 行：导入为 \(id)（\(type.chineseName)）\n"
            case .dropped: out += "第 \(row.number) 行：没有导入\n"
            }
            out += formatter.format(byRow[row.number] ?? [])
        }
        out += formatter.format(bankGeneral + general.filter { $0.code == .noQuestions })
        return out + summary(report)
    }

    private func header(_ report: ImportReport) -> String {
        var out = "读取 \(report.sourcePath)（\(report.sourceSummary)）\n"
        for note in report.sourceNotes { out += "  \(note)\n" }
        guard let mapping = report.mapping else { return out }
        var parts: [String] = []
        for entry in mapping.entries {
            guard let column = entry.column else { continue }
            let letter = SpreadsheetML.columnName(entry.index + 1)
            let meaning = column == .sequence ? "题号（不导入，kaofa 自己编排题号）" : column.templateName
            parts.append(entry.header == column.templateName && column != .sequence ? "\(letter) \(entry.header)" : "\(letter) \(entry.header) → \(meaning)")
        }
        out += "  表头在第 \(mapping.headerRow) 行；认出的列：" + parts.joined(separator: "，") + "\n"
        return out
    }

    private func summary(_ report: ImportReport) -> String {
        var out = ""
        guard report.bankBytes != nil || !report.rows.isEmpty else { return "没有导入任何题目，没有写出题库\n" }
        if report.bankBytes == nil {
            out += "没有导入任何题目，没有写出 \(report.outputPath)\n"
        } else {
            let types = report.importedByType.map { "\($0.type.chineseName) \($0.count)" }.joined(separator: "，")
            out += "导入 \(report.importedCount) 道题（\(types)），写出 \(report.outputPath)"
            out += report.generatedIDs > 0 ? "；其中 \(report.generatedIDs) 道题的编号是新给的\n" : "\n"
        }
        let dropped = report.droppedRows
        if !dropped.isEmpty { out += "没有导入的行：\(RowList.describe(dropped, limit: 30))，共 \(dropped.count) 行，原因见上\n" }
        if report.blankRows > 0 { out += "跳过了 \(report.blankRows) 个空行\n" }
        guard report.bankBytes != nil else { return out }

        let withoutLaw = report.rowsWithoutLaw
        if !withoutLaw.isEmpty {
            let scope = withoutLaw.count == report.importedCount ? "全部 \(withoutLaw.count) 道题" : "\(withoutLaw.count) 道题（\(RowList.describe(withoutLaw))）"
            out += "\(scope)没有所属法律法规：kaofa check 会逐题给出警告 W0408，组卷蓝图按法律配额抽题时用不到这些题。"
            out += "导入时用 --law 指定法律，或在“法律”列填写后重新导入，或在题库的文件头写 law: 法律名称\n"
        }
        let errors = report.bankDiagnostics.errorCount, warnings = report.bankDiagnostics.warningCount
        var check = "kaofa check \(report.outputPath)："
        if errors == 0 && warnings == 0 {
            check += "未发现问题"
        } else {
            check += "发现 " + [errors > 0 ? "\(errors) 个错误" : nil, warnings > 0 ? "\(warnings) 个警告" : nil].compactMap { $0 }.joined(separator: "、")
            check += errors > 0 ? "，题库还不能通过检查" : "，没有错误"
        }
        out += check + "\n"
        let attention = report.rowsNeedingAttention
        if !attention.isEmpty {
            var ids: [Int: String] = [:]
            for row in report.rows { if case let .imported(id, _) = row.outcome { ids[row.number] = id } }
            let listed = attention.prefix(30).map { "第 \($0) 行（\(ids[$0] ?? "")）" }.joined(separator: "、")
            out += "需要老师处理的题：\(listed)\(attention.count > 30 ? " 等" : "")，共 \(attention.count) 道，修改办法见上\n"
        }
        return out
    }
}
