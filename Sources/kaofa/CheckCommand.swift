import ArgumentParser
import Foundation
import KaofaCore

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "检查题库（check banks），报告全部问题",
        discussion: """
        逐题检查答案、选项、编号、重复题、法律名称、条文序号、已废止的法律等，一次报告全部问题。
        输出形式：路径:行:列: error[E0201]: 消息，随后是源代码行、^ 标记和 help:/note: 说明。
        退出状态：0 没有错误；1 有错误（--werror 时警告也算）；2 用法错误或路径不存在。
        """
    )

    @OptionGroup var options: BankOptions

    @Option(name: .long, help: "输出格式：text 或 json（output format）")
    var format: DiagnosticFormat = .text

    @Option(name: .long, help: ArgumentHelp("试题分析结果（kaofa analyze -o 或 report.json）：把考试中表现异常的题报告为警告 W0916（item statistics）", valueName: "file"))
    var stats: [String] = []

    func run() throws {
        var loaded = try LoadedBank.load(options.paths)
        for path in stats {
            guard let bytes = BankInput.readFile(path) else {
                Terminal.report([Terminal.unreadable(path, what: "试题分析文件")], sources: [:], useColor: options.useColor)
                throw ExitCode(2)
            }
            switch ItemStatistics.read(bytes, path: path) {
            case let .success(statistics):
                loaded.bank.diagnostics = (loaded.bank.diagnostics + statistics.warnings(for: loaded.bank.questions))
                    .sorted(by: Diagnostic.reportingOrder)
            case let .failure(diagnostic):
                Terminal.report([diagnostic], sources: [:], useColor: options.useColor)
                throw ExitCode(2)
            }
        }
        let diagnostics = loaded.diagnostics(werror: options.werror)
        switch format {
        case .json:
            Terminal.out(DiagnosticJSON.array(diagnostics).serializedString())
        case .text:
            Terminal.error(loaded.formatter(colors: options.useColor).format(diagnostics))
            Terminal.error(DiagnosticFormatter.summary(diagnostics, questionCount: loaded.bank.questions.count,
                                                       fileCount: loaded.sources.count) + "\n")
            if let note = loaded.otherFormatsNote { Terminal.error(note) }
        }
        // Exit here, with the bank still alive: freeing hundreds of thousands of objects one by one only
        // to end the process costs a large bank a noticeable fraction of the run (compilers do the same).
        Terminal.exit(!loaded.ioDiagnostics.isEmpty ? 2 : diagnostics.hasErrors ? 1 : 0)
    }
}
