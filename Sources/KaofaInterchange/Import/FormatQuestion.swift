import KaofaCore

/// A question read from a question-interchange format (Moodle XML, GIFT, Aiken): unlike a table row or pasted text,
/// its type and key are given by the format, so it carries them exactly. `FormatImport` turns it into the
/// `ImportedQuestion` the bank is written from, reporting at its lines what was not imported or was changed.
struct FormatQuestion: Sendable {
    /// The line the question starts on (its `<question>`, its first GIFT line, its Aiken stem), and its last line.
    var line: Int
    var lastLine: Int
    /// The id the source gives (`<idnumber>`, a GIFT title), and the line it is on.
    var id: (text: String, line: Int)?
    var type: QuestionType
    /// Plain text, lines separated by `\n`.
    var stem: String
    var options: [String] = []
    var key: Key = .none
    var explanation = ""
    /// Attribute values, in `kaofa fmt`'s order once `FormatImport` sorts them.
    var attributes: [(key: AttributeKey, value: String)] = []
    /// What was not imported or was changed, each at its line.
    var findings: [(line: Int, finding: QuestionContent.Finding)] = []

    enum Key: Sendable, Equatable {
        case none
        /// 0-based option indices, in order.
        case choice([Int])
        case truth(Bool)
        /// For each blank its accepted forms.
        case blanks([[String]])
        case written(reference: String, rubric: [String])
    }

    mutating func dropped(_ message: String, line: Int? = nil) {
        findings.append((line ?? self.line, .dropped(.stem, message)))
    }

    mutating func changed(_ message: String, line: Int? = nil) {
        findings.append((line ?? self.line, .changed(.stem, message)))
    }

    /// Sets an attribute unless the question has it already (the first value wins).
    mutating func setAttribute(_ key: AttributeKey, _ value: String) {
        guard !attributes.contains(where: { $0.key == key }) else { return }
        attributes.append((key, value))
    }

    func has(_ key: AttributeKey) -> Bool { attributes.contains { $0.key == key } }
}

/// The import of questions read from a question-interchange format: each `FormatQuestion` becomes an
/// `ImportedQuestion` (or is dropped, with the reason), and `ImportAssembly` writes and checks the bank.
struct FormatImport {
    var sourcePath: String
    var outputPath: String
    var options: ImportOptions
    var existingBanks: [(path: String, bytes: [UInt8])]
    var catalog: LawCatalog
    /// The format's name in messages: `Moodle XML 文件`, `GIFT 文件`, `Aiken 文件`.
    var kind: String
    /// What to say when there is nothing to import.
    var emptyHelp: String

    func at(_ line: Int) -> SourceRange {
        SourceRange.line(line, of: sourcePath)
    }

    /// Finishes `report` (whose diagnostics already hold what the reader found): converts the questions read,
    /// records those the reader dropped (the lines each spans: findings at any of them are listed under it), writes
    /// and checks the bank.
    func finish(_ read: [FormatQuestion], dropped: [ClosedRange<Int>], report: inout ImportReport) {
        var questions: [ImportedQuestion] = []
        for span in dropped {
            report.rows.append(.init(number: span.lowerBound, outcome: .dropped))
            report.spans.append(span)
        }
        for question in read {
            report.spans.append(question.line...max(question.line, question.lastLine))
            if let imported = convert(question, diagnostics: &report.diagnostics) {
                questions.append(imported)
            } else {
                report.rows.append(.init(number: question.line, outcome: .dropped))
            }
        }
        report.spans.sort { $0.lowerBound < $1.lowerBound }
        var idLines: [Int: Int] = [:]
        for question in read { if let id = question.id { idLines[question.line] = id.line } }
        let assembly = ImportAssembly(
            sourcePath: sourcePath, outputPath: outputPath, options: options, existingBanks: existingBanks, catalog: catalog,
            sourceKind: kind, comment: "由 kaofa import 从 \(ImportAssembly.displayName(sourcePath)) 导入",
            idPosition: { [idLines] row in self.at(idLines[row] ?? row) },
            stemPosition: at, emptyHelp: emptyHelp)
        assembly.finish(consume questions, report: &report)
    }

    /// The question as it will be written, or nil (with the reason in `diagnostics`) when it cannot be.
    func convert(_ question: FormatQuestion, diagnostics: inout [Diagnostic]) -> ImportedQuestion? {
        var findings = question.findings
        let line = question.line
        func changed(_ message: String, at where: Int? = nil) { findings.append((`where` ?? line, .changed(.stem, message))) }
        func dropped(_ message: String, at where: Int? = nil) { findings.append((`where` ?? line, .dropped(.stem, message))) }
        defer {
            for (findingLine, finding) in findings {
                diagnostics.append(Diagnostic(finding.dropped ? .importValueDropped : .importValueChanged,
                    "第 \(line) 行的题：" + finding.message, at: at(findingLine)))
            }
        }

        let (stem, stemJoins) = QuestionContent.bankLines(ImportText.lines(question.stem), what: "题干")
        stemJoins.forEach { changed($0) }
        guard !stem.isEmpty else {
            diagnostics.append(Diagnostic(.importRowWithoutStem, "第 \(line) 行的题没有题干，没有导入", at: at(line),
                notes: [.help("补上题目内容后重新导入")]))
            return nil
        }
        if question.options.count > ImportColumn.optionLimit {
            diagnostics.append(Diagnostic(.unknownImportType,
                "第 \(line) 行的题有 \(question.options.count) 个选项，kaofa 的选择题最多有 \(ImportColumn.optionLimit) 个选项（A–H），没有导入",
                at: at(line), notes: [.help("把选项减到 8 个以内后重新导入，或在题库中手工录入")]))
            return nil
        }
        var imported = ImportedQuestion(row: line, id: nil, type: question.type, stem: stem, options: [], answer: .none,
                                        explanation: [], attributes: [])
        if question.type.isChoice {
            for (index, text) in question.options.enumerated() {
                let lines = ImportText.lines(text)
                if lines.count > 1 { changed("选项\(ImportColumn.letter(index))有 \(lines.count) 行，题库中的选项只能写一行，已合并为一行") }
                imported.options.append(lines.joined(separator: " "))
            }
        } else if !question.options.isEmpty {
            dropped("\(question.type.chineseName)不用选项，选项 " + (0..<question.options.count).map(ImportColumn.letter).joined(separator: "、") + " 没有导入")
        }
        switch question.key {
        case .none: break
        case let .choice(indices):
            let labels = indices.map(ImportColumn.letter)
            imported.answer = .line(labels.joined(), expected: labels.isEmpty ? nil : .choice(labels))
        case let .truth(value):
            imported.answer = .line(value ? "正确" : "错误", expected: .trueFalse(value))
        case let .blanks(blanks):
            var kept: [[String]] = []
            for forms in blanks {
                var accepted: [String] = []
                for form in forms.map(ImportText.trimmed) where !form.isEmpty {
                    if form.contains(where: { "；;|｜/／\n".contains($0) }) {
                        dropped("答案“\(ImportText.excerpt(form))”含有 / 或 ；，题库的填空答案用它们分隔几种写法和几个空，这个写法没有导入")
                    } else if !accepted.contains(form) {
                        accepted.append(form)
                    }
                }
                kept.append(accepted)
            }
            if !kept.isEmpty, !kept.contains(where: \.isEmpty) {
                imported.answer = .line(kept.map { $0.joined(separator: "/") }.joined(separator: "；"), expected: .blanks(kept))
            }
        case let .written(reference, rubric):
            let (lines, joins) = QuestionContent.bankLines(ImportText.lines(reference), what: "参考答案")
            joins.forEach { changed($0) }
            if !lines.isEmpty { imported.answer = .reference(lines) }
            imported.rubric = rubric.map { ImportText.lines($0).joined(separator: " ") }.filter { !$0.isEmpty }
        }
        let (explanation, explanationJoins) = QuestionContent.bankLines(ImportText.lines(question.explanation), what: "解析")
        explanationJoins.forEach { changed($0) }
        imported.explanation = explanation

        if let id = question.id {
            if BankTextRules.isValidID(id.text) {
                imported.id = id.text
            } else {
                changed("编号“\(ImportText.excerpt(id.text))”不能用作题目编号（只能由字母、数字和 - _ . 组成，以字母或数字开头），已改用新编号", at: id.line)
            }
        }
        // Attributes in `kaofa fmt`'s order; a value the attribute block cannot hold is reported.
        let order: [AttributeKey] = [.law, .difficulty, .article, .topic, .audience, .points, .tags]
        for key in order {
            guard let value = question.attributes.first(where: { $0.key == key })?.value else { continue }
            if !QuestionContent.fitsAttributeBlock(value) {
                dropped("\(key.chineseName)“\(ImportText.excerpt(value))”含有大括号或英文引号，无法写进题目的属性块，没有导入")
                continue
            }
            imported.attributes.append((key, value))
        }
        return imported
    }
}
