import ArgumentParser
import Foundation
import KaofaCore
import KaofaInterchange

extension TableFormat: ExpressibleByArgument {}
extension ImportFormat: ExpressibleByArgument {}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "导入 Excel、CSV、Word、Moodle XML、GIFT、Aiken 题库（import）",
        discussion: """
        读取 kaofa 模板（kaofa template）的列，或学习通等平台导出的表头（题目类型、题目、正确答案、答案解析、难易度……），
        或 Word 文档（.docx）和从 Word 复制出的文本（题号、A. 选项、答案：、解析：、一、单选题 这样的标题、文末的答案表 1-5 ABCDA；
        Word 的自动编号照 Word 显示的样子读出），
        或 Moodle 的题目文件（Moodle XML、GIFT、Aiken），写出 kaofa 格式的题库，并逐行报告：导入为哪道题，哪些内容没有导入、为什么；再像 kaofa check 一样检查写出的题库，
        指出需要老师处理的题。说明见 docs/import-export.md。
        退出状态：0 全部导入且题库通过检查；1 有行没有导入或题库有错误；2 用法错误或无法读写文件。
        """
    )

    @Argument(help: ArgumentHelp("要导入的文件（.xlsx、.csv、.txt、.xml、.gift 或 .aiken）", valueName: "file"))
    var file: String

    @Option(name: .long, help: "文件格式：xlsx、csv、text、word、moodle、gift 或 aiken；不写时按扩展名判断（.txt 为 text，.docx 为 word，.xml 为 moodle）（input format）")
    var from: ImportFormat?

    @Option(name: .long, help: "Excel 工作表的名称；不写时读第一个工作表（sheet）")
    var sheet: String?

    @Option(name: .long, help: "没有填写“法律”的题目所属的法律，写进题库文件头（default law）")
    var law: String?

    @Option(name: .long, help: "适用对象，如 领导干部,村两委 或 全部，写进题库文件头（default audience）")
    var audience: String?

    @Option(name: .customLong("id-prefix"), help: "自动编号的前缀，如 XF（默认 Q）")
    var idPrefix: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("写出的题库文件（.md）", valueName: "file"))
    var output: String

    @Flag(name: .long, help: "覆盖已有的题库文件（overwrite）")
    var force = false

    @Option(name: .long, help: "颜色：auto、always、never（color）")
    var color: ColorChoice = .auto

    func validate() throws {
        if from == nil, ImportFormat.inferred(fromPath: file) == nil {
            // The files teachers have that kaofa does not read directly: say how to get one it reads.
            let suffix = (file as NSString).pathExtension.lowercased()
            switch suffix {
            case "doc", "wps", "rtf":
                throw ValidationError("旧版 Word 或 WPS 文档（.\(suffix)）不能直接导入：在 Word 或 WPS 中“文件 → 另存为” Word 文档（*.docx），"
                    + "或纯文本（*.txt，编码选 UTF-8），再导入（见 docs/import-export.md 第 6 节）")
            case "xls", "et":
                throw ValidationError("旧版 Excel 或 WPS 表格（.\(suffix)）不能直接导入：在 Excel 或 WPS 中“另存为” Excel 工作簿（*.xlsx），再导入这个 .xlsx 文件")
            case "pdf":
                throw ValidationError("PDF 不能导入：请找到这个题库的 Word 或 Excel 原文件；只有 PDF 时，把内容复制到记事本，保存为 UTF-8 的 .txt 文件再导入")
            default: break
            }
            throw ValidationError("无法从文件名“\(file)”判断格式：用 --from xlsx、csv、text、word、moodle、gift 或 aiken 指明")
        }
        if sheet != nil, (from ?? ImportFormat.inferred(fromPath: file)) != .xlsx {
            throw ValidationError("--sheet 只用于 Excel（.xlsx）文件")
        }
        guard output.lowercased().hasSuffix(".md") else {
            throw ValidationError("题库文件的扩展名应为 .md：-o \(output)")
        }
        if let idPrefix, !BankTextRules.isValidID(idPrefix + "-0001") {
            throw ValidationError("--id-prefix 只能由英文字母、数字和 - 组成，例如 XF")
        }
        if let audience {
            for item in ImportValuesCLI.audienceItems(audience) where Audience.named(item) == nil {
                throw ValidationError("未知的适用对象“\(item)”：可以是 领导干部、行政执法人员、村两委，或 全部")
            }
        }
    }

    func run() throws {
        let catalog = try Catalog.load()
        if let law, catalog.law(named: law) == nil {
            let guess = catalog.suggestion(for: law).map { "是不是想写“\($0)”？" } ?? "运行 kaofa law --list 查看法律目录"
            throw ValidationError("法律目录中没有“\(law)”：\(guess)")
        }
        let formatter = DiagnosticFormatter(colors: useColor) { _, _ in nil }
        guard let bytes = BankInput.readFile(file) else {
            Terminal.error(formatter.format(Terminal.unreadable(file, what: "文件")))
            throw ExitCode(2)
        }
        if FileManager.default.fileExists(atPath: output), !force {
            Terminal.error("kaofa: \(output) 已经存在；确认要覆盖时加 --force\n")
            throw ExitCode(2)
        }
        var options = ImportOptions(law: law, audience: audience.map(ImportValuesCLI.audienceItems) ?? [], idPrefix: idPrefix)
        // The bank is written to disk while it is being checked, and put in place once the report is out.
        let staged = StagedFile(path: output)
        options.bankReady = { staged.begin($0) }
        let format = from ?? ImportFormat.inferred(fromPath: file)!
        let outcome: Result<ImportReport, Diagnostic>
        if let table = format.table {
            switch TableSource.load(bytes, format: table, path: file, sheet: sheet) {
            case let .success(loaded):
                // Handed over: the importer lets the table go once its rows are read.
                outcome = .success(TableImporter.run(consume loaded, sourcePath: file, outputPath: output, options: options,
                                                     existingBanks: neighbours(), catalog: catalog))
            case let .failure(diagnostic):
                outcome = .failure(diagnostic)
            }
        } else {
            let run = switch format {
            case .moodle: MoodleXMLImporter.run
            case .gift: GIFTImporter.run
            case .aiken: AikenImporter.run
            case .word: WordImporter.run
            case .text, .xlsx, .csv: TextImporter.run
            }
            outcome = run(bytes, file, output, options, neighbours(), catalog)
        }
        let report: ImportReport
        switch outcome {
        case let .success(done): report = done
        case let .failure(diagnostic):
            staged.discard()
            Terminal.error(formatter.format(diagnostic) + "没有导入任何题目\n")
            throw ExitCode(1)
        }
        Terminal.error(ImportReportText(colors: useColor).render(report))
        if let bytes = report.bankBytes {
            do {
                try staged.commit(bytes)
            } catch {
                Terminal.error("kaofa: 无法写入 \(output)：\(error)\n")
                throw ExitCode(2)
            }
        } else {
            staged.discard()
        }
        throw ExitCode(report.hasErrors ? 1 : 0)
    }

    /// The banks already in the output's directory (the written bank is checked together with them).
    private func neighbours() -> [(path: String, bytes: [UInt8])] {
        let directory = (output as NSString).deletingLastPathComponent
        let searched = directory.isEmpty ? "." : directory
        let target = URL(fileURLWithPath: output).standardizedFileURL.path
        return BankInput.collect([searched]).files.filter { URL(fileURLWithPath: $0.path).standardizedFileURL.path != target }
    }

    private var useColor: Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: Terminal.isTTY(2) && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        }
    }
}

enum ImportValuesCLI {
    /// `领导干部,村两委` / `领导干部、村两委` → items.
    static func audienceItems(_ text: String) -> [String] {
        text.split(whereSeparator: { ",，、;；".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

struct Template: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "写出导入用的空白模板：Excel 或 CSV（template）",
        discussion: """
        模板的列：编号、题型、题干、选项A…选项H、答案、解析、难度、法律、条文、知识点、对象，带一行示例题。
        填好后用 kaofa import 导入。Excel 模板另有“说明”工作表。
        """
    )

    @Option(name: .customLong("to"), help: "模板格式：xlsx 或 csv；不写时按 -o 的扩展名判断（format）")
    var format: TableFormat?

    @Option(name: .shortAndLong, help: ArgumentHelp("写出的模板文件", valueName: "file"))
    var output: String

    @Flag(name: .long, help: "覆盖已有的文件（overwrite）")
    var force = false

    func validate() throws {
        if format == nil, TableFormat.inferred(fromPath: output) == nil {
            throw ValidationError("无法从文件名“\(output)”判断格式：用 --to xlsx 或 --to csv 指明")
        }
    }

    func run() throws {
        if FileManager.default.fileExists(atPath: output), !force {
            Terminal.error("kaofa: \(output) 已经存在；确认要覆盖时加 --force\n")
            throw ExitCode(2)
        }
        let kind = format ?? TableFormat.inferred(fromPath: output)!
        do {
            let bytes = switch kind {
            case .xlsx: try ImportTemplate.xlsx()
            case .csv: ImportTemplate.csv()
            }
            try AtomicFile.write(to: output) { sink in try sink(bytes[...]) }
        } catch {
            Terminal.error("kaofa: 无法写入 \(output)：\(error)\n")
            throw ExitCode(2)
        }
        Terminal.error("已写出模板 \(output)：填好后运行 kaofa import \(output) -o Banks/题库名.md\n")
    }
}
