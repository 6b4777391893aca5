import KaofaCore

/// A question read from a table row or from pasted text, in the form it will be written to the bank: every text split into the
/// lines the bank file will hold.
struct ImportedQuestion: Sendable {
    /// The row it came from (its number as a spreadsheet shows it), or the line of its number in a text.
    var row: Int
    /// A valid id from the 编号 column; nil until one is given out.
    var id: String?
    var type: QuestionType
    var stem: [String]
    /// Option texts by label (A is 0); an empty text is an option left blank between filled ones.
    var options: [String]
    var answer: WrittenAnswer
    var explanation: [String]
    /// Attribute values in the order `kaofa fmt` writes them.
    var attributes: [(key: AttributeKey, value: String)]
    /// 评分要点 of a written answer, one line each (only the question formats carry them).
    var rubric: [String] = []

    /// What follows 答案： or 参考答案：.
    enum WrittenAnswer: Sendable, Equatable {
        case none
        /// One line after 答案：; `expected` is the key it must compile to, when the importer could read it.
        case line(String, expected: Answer?)
        /// Lines after 参考答案：.
        case reference([String])
    }
}

/// Turns table rows into `ImportedQuestion`s, reporting at the row and column every value that was not imported
/// or was changed.
struct RowReader {
    let mapping: ColumnMapping
    let path: String
    let fivePointDifficulty: Bool

    /// The position of a cell, for diagnostics: line = row number, column = the spreadsheet column (A is 1).
    func position(row: Int, column: ImportColumn?) -> SourceRange {
        let index = column.flatMap(mapping.index(of:)) ?? 0
        return SourceRange(file: path, start: SourcePosition(line: row, column: index + 1), end: SourcePosition(line: row, column: index + 2))
    }

    /// The name of a column in messages: its header as written, with the kaofa name when it differs.
    func columnName(_ column: ImportColumn) -> String {
        guard let entry = mapping.entries.first(where: { $0.column == column }) else { return column.templateName }
        return entry.header == column.templateName ? "“\(entry.header)”" : "“\(entry.header)”（\(column.templateName)）"
    }

    /// The question in `row`, or nil when the row is dropped (with the reason in `diagnostics`).
    func read(_ row: TableRow, diagnostics: inout [Diagnostic]) -> ImportedQuestion? {
        func cell(_ column: ImportColumn) -> String {
            guard let index = mapping.index(of: column) else { return "" }
            return ImportText.trimmed(row[index])
        }
        var notes = RowNotes(reader: self, row: row.number)

        // Lines that would be read as a new question, option or field are joined to the line before.
        func bankLines(_ column: ImportColumn, what: String) -> [String] {
            let (lines, joined) = QuestionContent.bankLines(ImportText.lines(cell(column)), what: what)
            for message in joined { notes.changed(column, message) }
            return lines
        }

        let stem = bankLines(.stem, what: "题干")
        guard !stem.isEmpty else {
            diagnostics.append(Diagnostic(.importRowWithoutStem, "第 \(row.number) 行的题干是空的，这一行没有导入",
                at: position(row: row.number, column: .stem),
                notes: [.help("在\(columnName(.stem))列填写题目内容；不要的行可以删除")]))
            return nil
        }

        // Options: A–H are imported, later ones reported.
        var options: [String] = []
        for entry in mapping.entries {
            guard case let .option(index)? = entry.column else { continue }
            let text = ImportText.trimmed(row[entry.index])
            guard !text.isEmpty else { continue }
            if index >= ImportColumn.optionLimit {
                notes.dropped(.option(index), "选项\(ImportColumn.letter(index))“\(ImportText.excerpt(text))”没有导入：kaofa 的选择题最多有 8 个选项（A–H）")
                continue
            }
            if options.count <= index { options += Array(repeating: "", count: index + 1 - options.count) }
            let lines = ImportText.lines(text)
            if lines.count > 1 { notes.changed(.option(index), "选项\(ImportColumn.letter(index))有 \(lines.count) 行，题库中的选项只能写一行，已合并为一行") }
            options[index] = lines.joined(separator: " ")
        }

        let answerText = cell(.answer)
        let type: QuestionType
        let typeText = cell(.type)
        if typeText.isEmpty {
            type = QuestionContent.inferType(options: options, answer: answerText, stem: stem)
            notes.changed(.type, "题型是空的，按\(options.isEmpty ? "答案" : "选项和答案")推断为\(type.chineseName)")
        } else {
            switch ImportValues.typeName(typeText) {
            case let .type(named): type = named
            case .notInTables:
                diagnostics.append(Diagnostic(.unknownImportType, "第 \(row.number) 行是案例分析题，表格的一行无法写出它的材料和小题，这一行没有导入",
                    at: position(row: row.number, column: .type),
                    notes: [.help("案例分析题请直接写在题库文件中（见 docs/bank-format.md 4.6 节），或把各小题作为单独的题目导入")]))
                return nil
            case .unknown:
                diagnostics.append(Diagnostic(.unknownImportType, "第 \(row.number) 行的题型“\(ImportText.excerpt(typeText))”无法识别，这一行没有导入",
                    at: position(row: row.number, column: .type),
                    notes: [.help("题型可以写 " + ImportValues.acceptedTypeNames)]))
                return nil
            }
        }

        var question = ImportedQuestion(row: row.number, id: nil, type: type, stem: stem, options: [], answer: .none,
                                        explanation: bankLines(.explanation, what: "解析"), attributes: [])
        let reference = type == .shortAnswer ? bankLines(.answer, what: "参考答案") : []
        notes.record(QuestionContent.fillAnswer(answerText, options: options, reference: reference, into: &question))

        let id = cell(.id)
        if !id.isEmpty {
            if BankTextRules.isValidID(id) {
                question.id = id
            } else {
                notes.changed(.id, "编号“\(ImportText.excerpt(id))”不能用作题目编号（只能由字母、数字和 - _ . 组成，以字母或数字开头），已改用新编号")
            }
        }
        readAttributes(cell, into: &question, notes: &notes)
        diagnostics += notes.diagnostics
        return question
    }

    /// Law, difficulty, article, topic, audience, points and tags as attributes, in `kaofa fmt`'s order.
    private func readAttributes(_ cell: (ImportColumn) -> String, into question: inout ImportedQuestion, notes: inout RowNotes) {
        var values: [(AttributeKey, ImportColumn, String)] = []
        let law = ImportValues.lawName(cell(.law))
        if !law.isEmpty { values.append((.law, .law, law)) }
        let difficultyText = cell(.difficulty)
        if !difficultyText.isEmpty {
            let difficulty = ImportValues.difficulty(difficultyText, fivePointScale: fivePointDifficulty)
            values.append((.difficulty, .difficulty, difficulty?.rawValue ?? difficultyText))
        }
        for (key, column) in [(AttributeKey.article, ImportColumn.article), (.topic, .topic)] {
            let text = cell(column)
            if !text.isEmpty { values.append((key, column, ImportText.lines(text).joined(separator: " "))) }
        }
        let audience = ImportValues.listItems(cell(.audience))
        if !audience.isEmpty { values.append((.audience, .audience, audience.joined(separator: ","))) }
        let points = cell(.points)
        if !points.isEmpty { values.append((.points, .points, points)) }
        let tags = ImportValues.listItems(cell(.tags))
        if !tags.isEmpty { values.append((.tags, .tags, tags.joined(separator: ","))) }

        for (key, column, value) in values {
            if !QuestionContent.fitsAttributeBlock(value) {
                notes.dropped(column, "\(columnName(column))“\(ImportText.excerpt(value))”含有大括号或英文引号，无法写进题目的属性块，没有导入")
                continue
            }
            question.attributes.append((key, value))
        }
    }
}

/// The findings about one row, each at its cell.
struct RowNotes {
    let reader: RowReader
    let row: Int
    var diagnostics: [Diagnostic] = []

    mutating func dropped(_ column: ImportColumn, _ message: String) {
        diagnostics.append(Diagnostic(.importValueDropped, "第 \(row) 行：" + message, at: reader.position(row: row, column: column)))
    }

    mutating func changed(_ column: ImportColumn, _ message: String) {
        diagnostics.append(Diagnostic(.importValueChanged, "第 \(row) 行：" + message, at: reader.position(row: row, column: column)))
    }

    mutating func record(_ findings: [QuestionContent.Finding]) {
        for finding in findings {
            if finding.dropped { dropped(finding.column, finding.message) } else { changed(finding.column, finding.message) }
        }
    }
}
