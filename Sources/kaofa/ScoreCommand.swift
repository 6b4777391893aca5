import ArgumentParser
import Foundation
import KaofaCore
import KaofaRender

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "给答卷评分（客观题），写出成绩表",
        discussion: """
        对照 kaofa build 写出的试卷和答案（--papers 目录），给答卷评分。答卷可以是 JSON Lines（.jsonl，每行一份：
        {"paperId":"KF-…","examinee":"编号","answers":{"1":["A"],"2":["B","D"],"21":["正确"]}}），
        也可以是 CSV（列：编号,试卷编号,1,2,3,…；每题一列，题号与试卷上印的一致）。
        多选题按组卷方案的计分规则给分；填空题接受答案中列出的各种写法；简答题和案例分析中的简答小题留待阅卷。
        有答卷无法评分（试卷不存在、题号或选项不对、同一考生两份答卷……）时，逐条报告行号，默认不写出成绩表。
        成绩表的列见 docs/results.md。
        """
    )

    @Option(help: ArgumentHelp("kaofa build 写出试卷和答案的目录（papers directory）", valueName: "dir"))
    var papers: String

    @Option(name: .long, parsing: .upToNextOption,
            help: ArgumentHelp("答卷文件，可以有多个：.jsonl 或 .csv（responses）", valueName: "file"))
    var responses: [String] = []

    @Option(name: .long, parsing: .upToNextOption,
            help: ArgumentHelp("阅卷分（CSV：编号,41,42,43.3,…，每道简答或案例简答小题一列，写阅卷给的分数），可以有多个（marks）", valueName: "file"))
    var marks: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("成绩表：.csv，或 .jsonl（每行一份 kaofa.score/1）；- 表示标准输出（output）", valueName: "file"))
    var output: String = "scores.csv"

    @Flag(help: "有答卷无法评分时，仍为其余答卷写出成绩（无法评分的答卷逐条报告，不计入成绩表）")
    var keepGoing = false

    @Option(name: .long, help: "颜色：auto、always、never（color）")
    var color: ColorChoice = .auto

    func validate() throws {
        if responses.isEmpty { throw ValidationError("请用 --responses 给出至少一个答卷文件") }
        let lower = output.lowercased()
        if output != "-", !lower.hasSuffix(".csv"), !lower.hasSuffix(".jsonl") {
            throw ValidationError("-o 的扩展名应为 .csv 或 .jsonl")
        }
    }

    func run() throws {
        let useColor: Bool = switch color {
        case .always: true
        case .never: false
        case .auto: Terminal.isTTY(2)
        }
        let loaded = try ScoredSheets.load(papers: papers, responses: responses, marks: marks, keepGoing: keepGoing, useColor: useColor)
        let (scored, diagnostics, markSheets) = (loaded.scored, loaded.diagnostics, loaded.markSheets)
        report(diagnostics, sources: loaded.sources, useColor: useColor)
        if !diagnostics.isEmpty && !keepGoing {
            Terminal.error("\(diagnostics.count) 份答卷或文件有问题，未写出 \(output)（加 --keep-going 可为其余 \(scored.count) 份答卷写出成绩）\n")
            throw ExitCode(1)
        }

        let bytes: [UInt8]
        if output.lowercased().hasSuffix(".jsonl") {
            var lines: [UInt8] = []
            for sheet in scored {
                lines += ScoreJSON.document(sheet.result, paperID: sheet.sheet.paperID, examinee: sheet.sheet.examinee).serialized(pretty: false)
                lines.append(0x0A)
            }
            bytes = lines
        } else {
            bytes = ScoresCSV.write(scored, keys: loaded.keys)
        }
        if output == "-" {
            FileHandle.standardOutput.write(Data(bytes))
        } else {
            do {
                try AtomicFile.write(to: output) { sink in try sink(bytes[...]) }
            } catch {
                Terminal.error("kaofa: 无法写入 \(output)：\(error)\n")
                throw ExitCode(2)
            }
        }
        let passed = scored.count { $0.result.passed == true }
        let excellent = scored.count { $0.result.excellent == true }
        let waiting = scored.count { $0.result.pendingPoints.hundredths > 0 }
        let markedExaminees = Set(markSheets.map(\.examinee))
        let marked = scored.count { markedExaminees.contains($0.sheet.examinee) }
        var summary = "已评分 \(scored.count) 份答卷：及格 \(passed) 人，优秀 \(excellent) 人"
        if !markSheets.isEmpty { summary += "；\(marked) 份并入了阅卷分" }
        if waiting > 0 { summary += "；\(waiting) 份含待阅的简答或案例题" }
        if !diagnostics.isEmpty { summary += "；另有 \(diagnostics.count) 个问题未计入" }
        Terminal.error(summary + (output == "-" ? "\n" : "，已写出 \(output)\n"))
        Terminal.exit(diagnostics.isEmpty ? 0 : 1)
    }

    func report(_ diagnostics: [Diagnostic], sources: [String: [UInt8]], useColor: Bool) {
        Terminal.report(diagnostics, sources: sources, useColor: useColor)
    }}
