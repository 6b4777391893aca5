import ArgumentParser
import CKaofaSystem
import Foundation
import KaofaCore

@main
struct Kaofa: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kaofa",
        abstract: "考法 kaofa：学法考法题库编译器（question-bank compiler）",
        discussion: """
        像编译器检查代码一样检查题库：答案、选项、重复题、法律名称与条文、已废止的法律……
        题库格式见 docs/bank-format.md，诊断代码见 docs/diagnostics.md。

        退出状态：0 没有错误；1 题库有错误（包括编码错误）；2 用法错误、路径不存在或无法写出文件。
        """,
        version: KaofaVersion.current,
        subcommands: [Check.self, Compile.self, Fmt.self, Import.self, Export.self, Template.self, Build.self, Score.self, Analyze.self, Report.self,
                      Calibrate.self, History.self, Show.self, Reproduce.self, Serve.self, LawCommand.self]
    )

    /// One boundary turns every error into an exit status: usage errors are 2 (not ArgumentParser's 64).
    static func main() {
        do {
            kaofa_unblock_signals()
            var command = try parseAsRoot()
            if !(command is Serve) {
                BatchMemory.configure()
                // Ctrl-C removes the temporary files of atomic writes in progress (`build` installs its own handler).
                kaofa_remove_temporaries_on_interrupt()
            }
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            let message = fullMessage(for: error)
            FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
