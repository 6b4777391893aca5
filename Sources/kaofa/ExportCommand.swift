import ArgumentParser
import Foundation
import KaofaCore
import KaofaInterchange

extension ExportFormat: ExpressibleByArgument {}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "把题库导出为 Excel、CSV、Moodle XML 或 QTI 题目包（export）",
        discussion: """
        Excel、CSV 按 kaofa 模板的列写出：编号、题型、题干、选项A…选项H、答案、解析、难度、法律、条文、知识点、对象，每道题一行，
        可以再用 kaofa import 导入。Moodle XML 可以在 Moodle 的题库中导入（单选、多选、判断、填空、简答）；
        QTI 2.1 题目包（.zip）可以在支持 QTI 的考试平台中导入（各种题型，案例分析题是一道有几个小题的题目）。
        题库先要通过 kaofa check：有错误时不写出文件。目标格式容纳不了的题（如案例分析题）不导出，
        容纳不了的内容（如评分要点、{固定}、图片）逐题列出，最后一行总结。说明见 docs/import-export.md。
        退出状态：0 已写出文件；1 题库有错误，没有写出；2 用法错误或无法读写文件。
        """
    )

    @OptionGroup var options: BankOptions

    @Option(name: .customLong("to"), help: "导出格式：xlsx、csv、moodle（Moodle XML）或 qti（QTI 2.1 题目包）；不写时按 -o 的扩展名判断（.xml 为 moodle，.zip 为 qti）（format）")
    var format: ExportFormat?

    @Option(name: .shortAndLong, help: ArgumentHelp("写出的文件", valueName: "file"))
    var output: String

    @Flag(name: .long, help: "覆盖已有的文件（overwrite）")
    var force = false

    func validate() throws {
        if format == nil, ExportFormat.inferred(fromPath: output) == nil {
            throw ValidationError("无法从文件名“\(output)”判断格式：用 --to xlsx、--to csv、--to moodle 或 --to qti 指明")
        }
    }

    func run() throws {
        if FileManager.default.fileExists(atPath: output), !force {
            Terminal.error("kaofa: \(output) 已经存在；确认要覆盖时加 --force\n")
            throw ExitCode(2)
        }
        let loaded = try LoadedBank.load(options.paths)
        let checked = loaded.diagnostics(werror: options.werror)
        if !loaded.ioDiagnostics.isEmpty || checked.hasErrors {
            Terminal.error(loaded.formatter(colors: options.useColor).format(checked))
            Terminal.error(DiagnosticFormatter.summary(checked, questionCount: loaded.bank.questions.count, fileCount: loaded.sources.count)
                           + "\n题库有错误，没有导出；改正后再运行 kaofa export\n")
            throw ExitCode(loaded.ioDiagnostics.isEmpty ? 1 : 2)
        }
        let kind = format ?? ExportFormat.inferred(fromPath: output)!
        let exported: ExportedFile
        do {
            exported = try ExportedFile(loaded.bank.questions, format: kind, catalog: loaded.catalog)
            try AtomicFile.write(to: output) { sink in try sink(exported.bytes[...]) }
        } catch {
            Terminal.error("kaofa: 无法写入 \(output)：\(error)\n")
            throw ExitCode(2)
        }
        Terminal.error(loaded.formatter(colors: options.useColor).format(exported.report.diagnostics))
        for note in exported.notes { Terminal.error(note + "\n") }
        Terminal.error(ExportSummary.line(exported.report, total: loaded.bank.questions.count, output: output) + "\n")
    }
}
