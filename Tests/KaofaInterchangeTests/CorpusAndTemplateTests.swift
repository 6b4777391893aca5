import Foundation
import KaofaCore
import Testing
@testable import KaofaInterchange

@Suite("Real data and the template")
struct CorpusAndTemplateTests {
    /// ../shared/corpora/lawbench-knowledge.csv: 500 single-choice questions of China's national judicial exam
    /// (LawBench, Apache License 2.0; see ../shared/corpora/README.md), read in place.
    static let corpus = Support.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/corpora/lawbench-knowledge.csv")

    static var corpusAvailable: Bool { FileManager.default.fileExists(atPath: corpus.path) }

    @Test("lawbench-knowledge.csv: all 500 questions imported with stem, options and answer intact; the missing laws are flagged",
          .enabled(if: corpusAvailable, "needs ../shared/corpora/lawbench-knowledge.csv beside the repository"))
    func lawbench() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.corpus))
        let loaded = try TableSource.load(bytes, format: .csv, path: "lawbench-knowledge.csv").get()
        let report = TableImporter.run(loaded, sourcePath: "lawbench-knowledge.csv", outputPath: "Banks/lawbench.md",
                                       options: ImportOptions(), existingBanks: [], catalog: Support.catalog)
        #expect(report.importedCount == 500 && report.droppedRows.isEmpty && report.blankRows == 0)
        #expect(report.diagnostics.isEmpty, "\(Support.lines(report.diagnostics))")

        // The expected values come from Python's csv module (scripts/corpora/lawbench-expected.py), not from kaofa.
        let expected = try String(contentsOf: Support.fixture("lawbench-expected.tsv"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t").map(String.init) }
        #expect(expected.count == 500)
        let text = try #require(report.bankText)
        let bank = BankCompiler.compile([SourceFile(path: "Banks/lawbench.md", text: text)], catalog: Support.catalog)
        #expect(bank.questions.count == 500)
        for (question, values) in zip(bank.questions, expected) {
            #expect(question.id == values[0])
            #expect(question.type == .single)
            #expect(question.answer == .choice([values[1]]), "answer of \(values[0])")
            #expect(Hex.string(ContentDigest.of(Array(question.stem.utf8))) == values[2], "stem of \(values[0])")
            let options = question.options.map(\.text).joined(separator: "\u{1F}")
            #expect(Hex.string(ContentDigest.of(Array(options.utf8))) == values[3], "options of \(values[0])")
            #expect(question.options.map(\.label) == ["A", "B", "C", "D"])
        }
        // LBK-0189 repeats option A as D in the source: written as it is, for check to report.
        #expect(text.contains("A. 学生甲的观点①和学生乙的观点②\nB. 学生甲的观点(③和学生乙的观点①\nC. 学生甲的观点(②和学生乙的观点②\nD. 学生甲的观点①和学生乙的观点②\n答案：D\n"))

        // The report: every question lacks a law; the two real problems of the source are named by row.
        #expect(report.rowsWithoutLaw.count == 500)
        #expect(report.rowsNeedingAttention == [190, 498])
        #expect(report.bankDiagnostics.filter { $0.severity == .error }.map(\.code) == [.repeatedOptionText, .duplicateQuestion])
        let rendered = ImportReportText().render(report)
        #expect(rendered.contains("全部 500 道题没有所属法律法规：kaofa check 会逐题给出警告 W0408"))
        #expect(rendered.contains("需要老师处理的题：第 190 行（LBK-0189）、第 498 行（LBK-0497），共 2 道"))
    }

    @Test("the template's example row is question XF-0001 of Banks/宪法.md, word for word")
    func exampleRowIsTheSampleBank() throws {
        let source = SourceFile(path: "宪法.md", text: try String(contentsOf: Support.repositoryRoot.appendingPathComponent("Banks/宪法.md"), encoding: .utf8))
        let bank = BankCompiler.compile([source], catalog: Support.catalog)
        let original = try #require(bank.questions.first { $0.id == "XF-0001" })
        let report = Support.importCells([ImportTemplate.header, ImportTemplate.example])
        #expect(report.diagnostics.isEmpty && report.bankDiagnostics.isEmpty)
        let text = try #require(report.bankText)
        let imported = try #require(BankCompiler.compile([SourceFile(path: "Banks/导入.md", text: text)], catalog: Support.catalog).questions.first)
        #expect(imported.id == original.id && imported.type == original.type && imported.stem == original.stem)
        #expect(imported.options == original.options && imported.answer == original.answer)
        #expect(imported.explanation == original.explanation && imported.law == original.law)
        #expect(imported.articles == original.articles && imported.difficulty == original.difficulty)
        #expect(imported.topic == original.topic && imported.audience == original.audience)
    }

    @Test("the CSV template is exactly the header and the example row")
    func csvTemplate() throws {
        let table = try CSVReader.read(ImportTemplate.csv()).table
        #expect(table.rows.map(\.cells) == [ImportTemplate.header, ImportTemplate.example])
        #expect(ImportTemplate.header == ["编号", "题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "选项G", "选项H",
                                          "答案", "解析", "难度", "法律", "条文", "知识点", "对象"])
    }

    @Test("the Excel template has the 题库 sheet first and the 说明 sheet, and imports as the example question")
    func xlsxTemplate() throws {
        let bytes = try ImportTemplate.xlsx()
        #expect(bytes == (try ImportTemplate.xlsx()))
        let loaded = try TableSource.load(bytes, format: .xlsx, path: "模板.xlsx").get()
        #expect(loaded.sheet == "题库" && loaded.sheets == ["题库", "说明"])
        // Empty cells are left out of the sheet: the example row reads back without its empty trailing options.
        #expect(loaded.table.rows.map { $0.cells + Array(repeating: "", count: 18 - $0.cells.count) } == [ImportTemplate.header, ImportTemplate.example])
    }

    static let libreOffice = "/usr/bin/soffice"
    static var libreOfficeCalcAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: libreOffice)
            && FileManager.default.fileExists(atPath: "/usr/lib/libreoffice/program/libscfiltlo.so")
    }

    @Test("LibreOffice opens the writer's workbooks: every sheet converted to CSV has the cells written",
          .enabled(if: libreOfficeCalcAvailable, "needs LibreOffice Calc (apt-get install libreoffice-calc-nogui; .ci/run installs it)"))
    func libreOffice() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaofa-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let questions: [[XLSXCell]] = [
            ["编号", "题干", "分值"],
            [.text("XF-0001"), .text("中华人民共和国的一切权力属于（  ）。"), .number(2)],
            [.text("A&B <c>"), .text("两\n行，\"引号\""), .number(1.5)],
            [.empty, .text(" 前后空格 "), .number(-3)],
        ]
        let workbook = try XLSXWriter.write([XLSXSheet(name: "题库", rows: questions), ImportTemplate.instructionsSheet])
        let file = directory.appendingPathComponent("book.xlsx")
        try Data(workbook).write(to: file)

        let profile = directory.appendingPathComponent("profile")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.libreOffice)
        // UTF-8, comma-separated, every sheet to its own file (the last token, -1).
        process.arguments = ["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--convert-to",
                             "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                             "--outdir", directory.path, file.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)

        func sheet(_ name: String) throws -> [[String]] {
            let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent("book-\(name).csv")))
            return try CSVReader.read(bytes).table.rows.map { row in
                var cells = row.cells
                while cells.last == "" { cells.removeLast() }
                return cells
            }
        }
        #expect(try sheet("题库") == [
            ["编号", "题干", "分值"],
            ["XF-0001", "中华人民共和国的一切权力属于（  ）。", "2"],
            ["A&B <c>", "两\n行，\"引号\"", "1.5"],
            ["", " 前后空格 ", "-3"],
        ])
        #expect(try sheet("说明") == ImportTemplate.instructions)
    }
}
