import Foundation
import Testing

@Suite("Help, version and usage errors")
struct UsageTests {
    @Test("kaofa --help shows the Chinese overview and exits 0")
    func rootHelp() async throws {
        let result = try await kaofa("--help")
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr == "")
        let lines = result.stdoutLines
        #expect(lines.first == "OVERVIEW: 考法 kaofa：学法考法题库编译器（question-bank compiler）")
        // The exit-status sentence is documented in Chinese; its wording may be refined, its start is fixed.
        #expect(lines.contains { $0.hasPrefix("退出状态：0 没有错误；1 ") })
        #expect(lines.contains("USAGE: kaofa <subcommand>"))
        for line in ["  check                   检查题库（check banks），报告全部问题",
                     "  compile                 把题库编译为 JSON（kaofa.bank/1）",
                     "  fmt                     把题库整理成统一格式（format banks）",
                     "  import                  导入 Excel、CSV、Word、Moodle XML、GIFT、Aiken 题库（import）",
                     "  export                  把题库导出为 Excel、CSV、Moodle XML 或 QTI 题目包（export）",
                     "  template                写出导入用的空白模板：Excel 或 CSV（template）",
                     "  law                     查看法律目录和条文原文（law catalog and article texts）"] {
            #expect(lines.contains(line), "missing subcommand line \(line.debugDescription)")
        }
    }

    @Test("kaofa check --help describes check in Chinese and exits 0")
    func checkHelp() async throws {
        let result = try await kaofa("check", "--help")
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr == "")
        let lines = result.stdoutLines
        #expect(lines.first == "OVERVIEW: 检查题库（check banks），报告全部问题")
        #expect(lines.contains { $0.hasPrefix("退出状态：0 没有错误；1 ") })
        #expect(lines.contains("USAGE: kaofa check [<path> ...] [--color <color>] [--werror] [--format <format>] [--stats <file> ...]"))
        #expect(lines.contains("  --werror                把警告当作错误（treat warnings as errors）"))
    }

    @Test("help for every subcommand starts with its Chinese abstract", arguments: [
        (["compile", "--help"], "OVERVIEW: 把题库编译为 JSON（kaofa.bank/1）"),
        (["fmt", "--help"], "OVERVIEW: 把题库整理成统一格式（format banks）"),
        (["law", "--help"], "OVERVIEW: 查看法律目录和条文原文（law catalog and article texts）"),
        (["import", "--help"], "OVERVIEW: 导入 Excel、CSV、Word、Moodle XML、GIFT、Aiken 题库（import）"),
        (["template", "--help"], "OVERVIEW: 写出导入用的空白模板：Excel 或 CSV（template）"),
        (["help", "check"], "OVERVIEW: 检查题库（check banks），报告全部问题"),
    ])
    func subcommandHelp(arguments: [String], firstLine: String) async throws {
        let result = try await Kaofa.run(arguments)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutLines.first == firstLine)
    }

    @Test("kaofa --version prints the version")
    func version() async throws {
        let result = try await kaofa("--version")
        #expect(result.status == 0)
        #expect(result.stdout == "0.2.0\n")
    }

    /// ArgumentParser's own status for usage errors is 64; kaofa promises 2.
    @Test("usage errors exit 2 with a message on stderr", arguments: [
        (["--bogus"], "Error: Unknown option '--bogus'"),
        (["check", "--bogus"], "Error: Unknown option '--bogus'"),
        (["check", "--format", "xml"],
         "Error: The value 'xml' is invalid for '--format <format>'. Please provide one of 'text' and 'json'."),
        (["compile", "bank.md"], "Error: Missing expected argument '--output <file>'"),
        (["frobnicate"], "Error: Unexpected argument 'frobnicate'"),
        (["fmt", "--nope"], "Error: Unknown option '--nope'"),
        (["law", "宪法", "第二条", "多余"], "Error: Unexpected argument '多余'"),
        (["import", "题库.csv"], "Error: Missing expected argument '--output <file>'"),
        (["import", "题库.csv", "-o", "题库.txt"], "Error: 题库文件的扩展名应为 .md：-o 题库.txt"),
        (["import", "题库.csv", "--id-prefix", "宪法", "-o", "x.md"], "Error: --id-prefix 只能由英文字母、数字和 - 组成，例如 XF"),
        (["import", "题库.csv", "--from", "docx", "-o", "x.md"],
         "Error: The value 'docx' is invalid for '--from <from>'. Please provide one of the following:"),
        (["template", "-o", "模板.docx"], "Error: 无法从文件名“模板.docx”判断格式：用 --to xlsx 或 --to csv 指明"),
        (["export", "Banks", "-o", "题库.docx"], "Error: 无法从文件名“题库.docx”判断格式：用 --to xlsx、--to csv、--to moodle 或 --to qti 指明"),
        (["export", "Banks"], "Error: Missing expected argument '--output <file>'"),
    ])
    func usageError(arguments: [String], firstLine: String) async throws {
        let result = try await Kaofa.run(arguments)
        #expect(result.status == 2, "\(result)")
        #expect(!result.terminatedBySignal)
        #expect(result.stdout == "")
        #expect(result.stderrLines.first == firstLine)
    }
}

@Suite("Colours")
struct ColorTests {
    @Test("--color always paints diagnostics; --color never and a non-terminal stderr do not", arguments: [
        (["--color", "always"], true),
        (["--color", "never"], false),
        ([], false),
    ])
    func colors(options: [String], painted: Bool) async throws {
        try await withTemporaryDirectory(files: ["题库.md": try PlantedError.named("E0202").source]) { directory in
            let result = try await Kaofa.run(["check"] + options + ["题库.md"], in: directory)
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.contains("\u{1B}[1;31merror[E0202]:\u{1B}[0m") == painted)
            #expect(result.stderr.contains("\u{1B}[") == painted)
        }
    }
}
