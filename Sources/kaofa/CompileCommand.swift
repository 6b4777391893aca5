import ArgumentParser
import Foundation
import KaofaCore

struct Compile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "把题库编译为 JSON（kaofa.bank/1）",
        discussion: "题库有错误时不写出任何文件，只报告错误。-o - 表示写到标准输出。"
    )

    @OptionGroup var options: BankOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("输出文件（output file）", valueName: "file"))
    var output: String

    func run() throws {
        let loaded = try LoadedBank.load(options.paths)
        let diagnostics = loaded.diagnostics(werror: options.werror)
        if !diagnostics.isEmpty {
            Terminal.error(loaded.formatter(colors: options.useColor).format(diagnostics))
        }
        if !loaded.ioDiagnostics.isEmpty { throw ExitCode(2) }
        if diagnostics.hasErrors {
            Terminal.error(DiagnosticFormatter.summary(diagnostics) + "，未写出 \(output)\n")
            throw ExitCode(1)
        }
        if output == "-" {
            BankJSON.write(loaded.bank.questions, catalog: loaded.catalog) { FileHandle.standardOutput.write(Data($0)) }
            Terminal.exit(0)
        }
        do {
            try AtomicFile.write(to: output) { sink in
                try BankJSON.write(loaded.bank.questions, catalog: loaded.catalog, to: sink)
            }
        } catch {
            Terminal.error("kaofa: 无法写入 \(output)：\(error)\n")
            throw ExitCode(2)
        }
        Terminal.error("已写出 \(output)：\(loaded.bank.questions.count) 道题\n")
        Terminal.exit(0)
    }
}
