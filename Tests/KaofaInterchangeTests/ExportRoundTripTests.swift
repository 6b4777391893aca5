import Foundation
import KaofaCore
import Testing
@testable import KaofaInterchange

/// `kaofa export --to xlsx|csv` and back through `kaofa import`: every question the template columns can hold comes
/// back the same, and the ones they cannot hold are exactly the ones the export reported.
@Suite("export to tables and import back")
struct ExportRoundTripTests {
    static let sampleBanks = ["党内法规.md", "北京市地方性法规.md", "基层治理.md", "宪法.md", "民法典.md", "行政法.md"]

    /// The questions of `files`, compiled as `kaofa check` compiles them; the bank must have no errors.
    static func compile(_ files: [(path: String, bytes: [UInt8])]) -> [Question] {
        let bank = BankCompiler.compile(raw: files, catalog: Support.catalog, keepSyntax: false).0
        #expect(!bank.hasErrors, "\(Support.lines(bank.diagnostics.filter { $0.severity == .error }))")
        return bank.questions
    }

    /// Exports `questions` as `format`, imports the file into an empty directory and compiles the written bank.
    static func roundTrip(_ questions: [Question], format: TableFormat) throws -> (export: BankTableExport, back: [Question], report: ImportReport) {
        let export = BankTableExport(questions, catalog: Support.catalog, format: format)
        let bytes = format == .xlsx ? try export.xlsx() : export.csv()
        let loaded = try TableSource.load(bytes, format: format, path: "题库.\(format.rawValue)").get()
        let report = TableImporter.run(loaded, sourcePath: "题库.\(format.rawValue)", outputPath: "导出/导入.md", options: ImportOptions(),
                                       existingBanks: [], catalog: Support.catalog)
        let back = compile([("导出/导入.md", Array((report.bankText ?? "").utf8))])
        return (export, back, report)
    }

    /// What a question is, in the fields the template holds: id, type, stem, options, answer (a written answer's
    /// reference), explanation, law, articles, difficulty, topic, audience.
    struct Carried: Equatable, CustomStringConvertible {
        var id: String?, type: QuestionType, stem: String, options: [String], answer: Answer, explanation: String?
        var law: String?, articles: [ArticleCitation], difficulty: Difficulty?, topic: String?, audience: Set<Audience>

        init(_ question: Question) {
            id = question.id
            type = question.type
            stem = question.stem
            options = question.options.map { "\($0.label). \($0.text)" }
            if case let .written(reference, _) = question.answer { answer = .written(reference: reference, rubric: []) } else { answer = question.answer }
            explanation = question.explanation
            law = question.law
            articles = question.articles
            difficulty = question.difficulty
            topic = question.topic
            audience = Set(question.audience)
        }

        var description: String { "\(id ?? "-") \(type) \(stem.prefix(20)) \(answer)" }
    }

    @Test("each sample bank → xlsx and csv → import: the held questions compile the same, the rest were reported",
          arguments: sampleBanks, [TableFormat.xlsx, .csv])
    func sampleBank(name: String, format: TableFormat) throws {
        let original = Self.compile([try Support.sampleBank(name)])
        let (export, back, report) = try Self.roundTrip(original, format: format)

        // The import had nothing to say: every row imported unchanged, and the written bank passes check.
        #expect(Support.lines(report.diagnostics) == [])
        #expect(Support.lines(report.bankDiagnostics) == [])

        // Not exported: exactly the case questions, each reported once; partly exported: exactly those with a rubric.
        let omitted = export.diagnostics.filter { $0.code == .exportQuestionOmitted }.map(\.range.start.line)
        #expect(omitted == original.filter { $0.type == .caseAnalysis }.map(\.source.line))
        let partial = export.diagnostics.filter { $0.code == .exportContentOmitted }.map(\.range.start.line)
        #expect(partial == original.filter {
            if case let .written(_, rubric) = $0.answer { !rubric.isEmpty } else { false }
        }.map(\.source.line))

        let held = original.filter { $0.type != .caseAnalysis }
        #expect(export.exportedIDs == held.map(\.id))
        #expect(back.count == held.count)
        // The import writes the questions grouped by type in kaofa's order, as the sample banks are.
        for (before, after) in zip(held, back) {
            #expect(Carried(before) == Carried(after))
        }
    }

    @Test("all sample banks at once: 491 of 507 questions exported, 16 case questions held back, 28 without their rubric")
    func allSampleBanks() throws {
        let original = Self.compile(try Self.sampleBanks.map(Support.sampleBank))
        let export = BankTableExport(original, catalog: Support.catalog, format: .csv)
        #expect(original.count == 507)
        #expect(export.exportedIDs.count == 491)
        #expect(export.omittedCount == 16)
        #expect(export.partialCount == 28)
        #expect(ExportSummary.line(export, total: original.count, output: "题库.csv")
                == "已导出 491 道题（共 507 道）到 题库.csv；16 道题没有导出（W0812），28 道题有内容没有导出（W0813），见上面的列表")
        #expect(Support.lines(Array(export.diagnostics.prefix(1))) == ["W0813 449:1 题目 DN-0401 已导出，但表格容纳不了：评分要点（6 点）"])
        #expect(export.diagnostics.first { $0.code == .exportQuestionOmitted }.map { Support.lines([$0]) }
                == ["W0812 499:1 题目 DN-0501 没有导出：案例分析题有材料和 3 道小题，表格的一行写不下"])
    }

    static let trickyBank = """
        ---
        law: 宪法
        ---

        ## 一、单项选择题

        1. =SUM(A1:A2) 这样的题干 {#T-0001 难度=易 条文=第二条 分值=2 标签=公式,测试 互斥=甲}
        A. -1
        B. +2
        C. @某人
        D. '=已有撇号
        答案：A
        解析：'-撇号和减号

        2. 看图作答：![示意图](images/map.png) {#T-0002}
        A. 甲
        B. 乙
        C. 以上都对 {固定}
        答案：C

        3. 根据下表作答： {#T-0003}
        | 机关 | 产生 |
        | --- | --- |
        | 国务院 | 全国人大 |
        国务院由谁产生？
        A. 全国人大
        B. 人民法院
        答案：A

        ## 二、填空题

        1. 全国人大每届任期____年，-号开头的答案____。 {#T-0101 对象=全部}
        答案：五/5；-1/负一

        """

    @Test("formula-like cells, an image, a pinned option, points, tags and enemy groups", arguments: [TableFormat.xlsx, .csv])
    func trickyContent(format: TableFormat) throws {
        let original = Self.compile([("Banks/测试.md", Array(Self.trickyBank.utf8))])
        let (export, back, report) = try Self.roundTrip(original, format: format)
        #expect(Support.lines(export.diagnostics) == [
            "W0813 7:1 题目 T-0001 已导出，但表格容纳不了：分值=2；标签=公式,测试；互斥=甲",
            "W0813 15:1 题目 T-0002 已导出，但表格容纳不了：选项 C 的 {固定} 标记（打乱选项时保持原位）；图片 images/map.png（单元格中只有图片的写法 ![…](…)，图片文件不在表格中）",
            "W0813 21:1 题目 T-0003 已导出，但表格容纳不了：表格（单元格中是以 | 分隔的文字，不是电子表格的表格）",
        ])
        #expect(export.diagnostics.map { $0.notes.map(\.message) } == [
            ["再用 kaofa import 导入时，得到的题目缺少列出的内容（图片和表格的写法除外）；题库文件仍是正本，不要用导入的题库覆盖它"],
            ["再用 kaofa import 导入时，得到的题目缺少列出的内容（图片和表格的写法除外）；题库文件仍是正本，不要用导入的题库覆盖它"],
            ["再用 kaofa import 导入时，单元格中的写法原样写回题库；在表格软件中看到的是写法，不是图片或表格"],
        ])
        #expect(back[2].stem == "根据下表作答：\n| 机关 | 产生 |\n| --- | --- |\n| 国务院 | 全国人大 |\n国务院由谁产生？")
        #expect(Support.lines(report.diagnostics) == [])
        #expect(back.map(Carried.init) == original.map(Carried.init))
        #expect(back[0].options.map(\.text) == ["-1", "+2", "@某人", "'=已有撇号"])
        #expect(back[0].explanation == "'-撇号和减号")
        #expect(back[3].answer == .blanks([["五", "5"], ["-1", "负一"]]))
        #expect(back[3].audience.count == 3)
    }

    @Test("a question with more than 8 options (the model allows it) is held back, and said so")
    func nineOptions() throws {
        var question = Self.compile([("Banks/测试.md", Array(Self.trickyBank.utf8))])[0]
        question.options += (4..<9).map { QuestionOption(label: ImportColumn.letter($0), text: "选项\($0)") }
        let export = BankTableExport([question], catalog: Support.catalog, format: .xlsx)
        #expect(export.rows == [ImportTemplate.header])
        #expect(Support.lines(export.diagnostics) == ["W0812 7:1 题目 T-0001 没有导出：有 9 个选项，表格最多有 8 个选项列（选项A–选项H）"])
    }

    @Test("a cell longer than Excel allows holds the question back from xlsx, not from csv")
    func excelCellLimit() throws {
        var question = Self.compile([("Banks/测试.md", Array(Self.trickyBank.utf8))])[1]
        question.explanation = String(repeating: "长", count: 32_768)
        let xlsx = BankTableExport([question], catalog: Support.catalog, format: .xlsx)
        #expect(xlsx.rows.count == 1)
        #expect(Support.lines(xlsx.diagnostics) == ["W0812 15:1 题目 T-0002 没有导出：“解析”有 32768 个字符，超过 Excel 单元格的上限 32767"])
        let csv = BankTableExport([question], catalog: Support.catalog, format: .csv)
        #expect(csv.rows.count == 2)
        #expect(csv.omittedCount == 0)
    }

    @Test("the CSV file protects formula-like cells with one apostrophe, and only those")
    func csvBytes() throws {
        let original = Self.compile([("Banks/测试.md", Array(Self.trickyBank.utf8))])
        let csv = String(decoding: BankTableExport(original, catalog: Support.catalog, format: .csv).csv().dropFirst(3), as: UTF8.self)
        let lines = csv.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[1] == "T-0001,单项选择题,'=SUM(A1:A2) 这样的题干,'-1,'+2,'@某人,''=已有撇号,,,,,A,''-撇号和减号,易,中华人民共和国宪法,第二条,,")
        #expect(lines[2] == "T-0002,单项选择题,看图作答：![示意图](images/map.png),甲,乙,以上都对,,,,,,C,,,中华人民共和国宪法,,,")
        #expect(lines[4] == "T-0101,填空题,全国人大每届任期____年，-号开头的答案____。,,,,,,,,,五/5；-1/负一,,,中华人民共和国宪法,,,\"领导干部,行政执法人员,村两委\"")
    }

    @Test("FormulaGuard: protect and unprotect are inverse, and a spreadsheet never sees a formula start",
          arguments: [("=1+1", "'=1+1"), ("+86", "'+86"), ("-1", "'-1"), ("@a", "'@a"), ("'=x", "''=x"), ("''-x", "'''-x"),
                      ("'text", "'text"), ("'", "'"), ("", ""), ("正文=1", "正文=1"), ("a-b", "a-b")])
    func formulaGuard(cell: String, written: String) {
        #expect(FormulaGuard.protect(cell) == written)
        #expect(FormulaGuard.unprotect(written) == cell)
        #expect(!(FormulaGuard.protect(cell).first.map { "=+-@".contains($0) } ?? false))
    }
}
