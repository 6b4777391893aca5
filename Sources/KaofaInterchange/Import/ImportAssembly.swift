import KaofaCore

/// The second half of every import, whatever the questions were read from: ids, the bank text, the check of the
/// written bank together with the banks beside it, and the read-back of every question against its source.
struct ImportAssembly {
    var sourcePath: String
    var outputPath: String
    var options: ImportOptions
    var existingBanks: [(path: String, bytes: [UInt8])]
    var catalog: LawCatalog
    /// What the source is called in messages: 表格 or 文本.
    var sourceKind: String
    /// The comment written before the first section.
    var comment: String
    /// Where a row's (or line's) id and stem are, for diagnostics.
    var idPosition: (Int) -> SourceRange
    var stemPosition: (Int) -> SourceRange
    /// What to say when there is nothing to import; nil for the table and text wording.
    var emptyHelp: String? = nil

    /// The file name of a path, for the comment in the written bank.
    static func displayName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// Takes the questions over (`consume` them at the call: the ids are given out and the questions put in order in
    /// place, without copying them).
    func finish(_ questions: consuming [ImportedQuestion], report: inout ImportReport) {
        guard !questions.isEmpty else {
            report.diagnostics.append(Diagnostic(.noQuestions, "\(sourceKind)中没有可以导入的题目，没有写出题库", at: .wholeFile(sourcePath),
                notes: [.help(emptyHelp ?? (sourceKind == "表格" ? "表头之下每行一道题，至少要填写题干" : "每道题以题号开始，例如“1. 题干”，选项以 A. B. 开始"))]))
            report.finish()
            return
        }

        // Ids: kept unless taken (by another bank or an earlier row), else given out with the prefix.
        let existing = BankCompiler.compile(raw: existingBanks, catalog: catalog, keepSyntax: false).0.questions
        /// Who has an id already: a question of a bank beside the output (its file), or an earlier row.
        enum Owner {
            case bank(String)
            case row(Int)
        }
        var taken: [String: Owner] = [:]
        taken.reserveCapacity(existing.count + questions.count)
        for question in existing {
            for id in ([question.id] + question.parts.map(\.id)).compactMap({ $0 }) { taken[id] = .bank(question.source.file) }
        }
        for index in questions.indices {
            guard let id = questions[index].id else { continue }
            if let owner = taken[id] {
                let whose = switch owner {
                case let .bank(file): "已被 \(file) 使用"
                case let .row(row): "与第 \(row) 行重复"
                }
                report.diagnostics.append(Diagnostic(.importValueChanged, "第 \(questions[index].row) 行：编号“\(id)”\(whose)，已改用新编号",
                    at: idPosition(questions[index].row),
                    notes: [.note("同一个编号在题库中只能用于一道题，组卷和成绩统计都靠编号认题")]))
                questions[index].id = nil
            } else {
                taken[id] = .row(questions[index].row)
            }
        }
        if questions.contains(where: { $0.id == nil }) {
            // Numbering continues after the highest number of each prefix, whatever the order of the ids.
            var allocator = BankFormatter.IDAllocator(existingIDs: Array(taken.keys))
            for index in questions.indices where questions[index].id == nil {
                questions[index].id = allocator.allocate(prefix: options.idPrefix ?? "Q")
                report.generatedIDs += 1
            }
        }

        report.rows += questions.indices.map { index in
            .init(number: questions[index].row, outcome: .imported(id: questions[index].id!, type: questions[index].type))
        }
        Self.orderByType(&questions)
        let writer = BankTextWriter(law: options.law, audience: options.audience, idPrefix: options.idPrefix, comment: comment)
        let (bytes, placements) = writer.write(questions)
        report.bankBytes = bytes
        report.placements = placements
        options.bankReady?(bytes)

        // Check the written bank as `kaofa check` would, together with the banks beside it.
        let (bank, sources) = BankCompiler.compile(raw: existingBanks + [(outputPath, bytes)], catalog: catalog, keepSyntax: false)
        report.sources = sources
        report.bankDiagnostics = bank.diagnostics.filter { diagnostic in
            diagnostic.range.file == outputPath || diagnostic.notes.contains { $0.range?.file == outputPath }
        }
        let compiled = existingBanks.isEmpty ? bank.questions : bank.questions.filter { $0.source.file == outputPath }
        report.diagnostics += verify(questions, compiled: compiled, bankDiagnostics: report.bankDiagnostics, placements: placements)
        // The questions read and compiled are let go while the report and the file are written.
        BackgroundRelease.release((consume questions, consume bank, consume compiled))
        report.finish()
    }

    /// Puts the questions in the order they are written: by type, in kaofa's type order, then in the order read. The
    /// questions are swapped into place (the standard library's sort copies them, retaining every string in them).
    static func orderByType(_ questions: inout [ImportedQuestion]) {
        let rank = questions.indices.map { QuestionType.allCases.firstIndex(of: questions[$0].type)! }
        guard zip(rank, rank.dropFirst()).contains(where: { $0 > $1 }) else { return }
        // `order[k]`: the index of the question that goes to place `k`; applied cycle by cycle.
        let order = rank.indices.sorted { (rank[$0], $0) < (rank[$1], $1) }
        var placed = [Bool](repeating: false, count: order.count)
        for start in order.indices where !placed[start] {
            var current = start
            while true {
                placed[current] = true
                let next = order[current]
                if next == start { break }
                questions.swapAt(current, next)
                current = next
            }
        }
    }

    /// Compares each compiled question with the row it was written from.
    func verify(_ written: [ImportedQuestion], compiled: [Question], bankDiagnostics: [Diagnostic],
                placements: [BankTextWriter.Placement]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let errorLines = bankDiagnostics.filter { $0.severity == .error && $0.range.file == outputPath }.map(\.range.start.line)
        // Each question compared on its own, in parts on all cores; the findings are reported in order.
        let parts = stride(from: 0, to: written.count, by: 1_024).map { $0..<min($0 + 1_024, written.count) }
        let found = ParallelMap.map(parts) { part in
            part.map { index in
                Self.problems(written[index], compiled: index < compiled.count ? compiled[index] : nil, placement: placements[index],
                              errorLines: errorLines)
            }
        }.flatMap { $0 }
        for (index, question) in written.enumerated() {
            let problems = found[index]
            guard !problems.isEmpty else { continue }
            diagnostics.append(Diagnostic(.importMismatch,
                "第 \(question.row) 行：写进题库后读回的\(problems.joined(separator: "、"))与\(sourceKind)中的不一致",
                at: stemPosition(question.row),
                notes: [.note("题库第 \(placements[index].firstLine) 行起是这道题"),
                        .help("对照\(sourceKind)修改题库中的这道题；这可能是 kaofa 的缺陷，请把这一行报告给开发者")]))
        }
        if compiled.count > written.count {
            diagnostics.append(Diagnostic(.importMismatch, "写出的题库中多出 \(compiled.count - written.count) 道\(sourceKind)中没有的题",
                at: .wholeFile(sourcePath), notes: [.help("这是 kaofa 的缺陷，请把\(sourceKind)报告给开发者")]))
        }
        return diagnostics
    }

    /// What differs between a question as written and as read back (`compiled`, nil when it was not read back): the
    /// parts' names. The answer is not compared when the check found an error in the question's lines (that error is
    /// reported instead).
    static func problems(_ question: ImportedQuestion, compiled result: Question?, placement: BankTextWriter.Placement,
                         errorLines: [Int]) -> [String] {
        guard let result else { return ["这道题没有被读出"] }
        // Compared byte for byte: `==` on Chinese strings normalises both sides, and is no stricter.
        func same(_ a: String, _ b: String) -> Bool { a.hasSameUTF8(as: b) }
        var problems: [String] = []
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
        if case let .line(_, expected?) = question.answer, result.answer != expected,
           !errorLines.contains(where: { (placement.firstLine...placement.lastLine).contains($0) }) {
            problems.append("答案")
        }
        if case let .written(_, rubric) = result.answer, rubric != question.rubric { problems.append("评分要点") }
        return problems
    }
}
