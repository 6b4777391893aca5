import ArgumentParser
import Foundation
import KaofaCore
import KaofaInterchange
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
        试卷和答案的来源二选一：--papers（kaofa build 写出的目录），或 --bank、--blueprint、--seed
        （按组卷时的题库、组卷方案和种子重新生成每位考生的试卷，不必保存百万份试卷文件；只用于每人一份的试卷）。
        成绩表的列见 docs/results.md。
        """
    )

    @Option(help: ArgumentHelp("kaofa build 写出试卷和答案的目录（papers directory）", valueName: "dir"))
    var papers: String?

    @Option(name: .long, parsing: .upToNextOption,
            help: ArgumentHelp("不用 --papers 时：组卷用的题库（重新生成每位考生的试卷）（bank）", valueName: "path"))
    var bank: [String] = []

    @Option(help: ArgumentHelp("不用 --papers 时：组卷用的组卷方案（blueprint）", valueName: "file"))
    var blueprint: String?

    @Option(help: ArgumentHelp("不用 --papers 时：组卷用的种子（seed）", valueName: "seed"))
    var seed: String?

    @Option(name: .long, parsing: .upToNextOption,
            help: ArgumentHelp("答卷文件，可以有多个：.jsonl 或 .csv（responses）", valueName: "file"))
    var responses: [String] = []

    @Option(help: ArgumentHelp("名单（编号,姓名,单位；CSV 或 .xlsx）：重新生成试卷时，用它在成绩表中填上姓名和单位（roster）", valueName: "file"))
    var roster: String?

    @Option(name: .long, parsing: .upToNextOption,
            help: ArgumentHelp("阅卷分（CSV：编号,41,42,43.3,…，每道简答或案例简答小题一列，写阅卷给的分数），可以有多个（marks）", valueName: "file"))
    var marks: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("成绩表：.csv，或 .jsonl（每行一份 kaofa.score/1）；- 表示标准输出（output）", valueName: "file"))
    var output: String = "scores.csv"

    @Flag(help: "有答卷无法评分时，仍为其余答卷写出成绩（无法评分的答卷逐条报告，不计入成绩表）")
    var keepGoing = false

    @Option(name: .long, help: "颜色：auto、always、never（color）")
    var color: ColorChoice = .auto

    /// JSON Lines sheets are read and scored this many lines at a time.
    static let batchLines = 4_096

    func validate() throws {
        if responses.isEmpty { throw ValidationError("请用 --responses 给出至少一个答卷文件") }
        let lower = output.lowercased()
        if output != "-", !lower.hasSuffix(".csv"), !lower.hasSuffix(".jsonl") {
            throw ValidationError("-o 的扩展名应为 .csv 或 .jsonl")
        }
        let regenerating = blueprint != nil || seed != nil || !bank.isEmpty
        if papers != nil && regenerating { throw ValidationError("--papers 与 --bank/--blueprint/--seed 只能用一种") }
        if papers == nil && (blueprint == nil || seed == nil) {
            throw ValidationError("请用 --papers 指向组卷时写出的目录，或用 --blueprint 和 --seed（以及 --bank）重新生成试卷")
        }
    }

    func run() throws {
        let useColor: Bool = switch color {
        case .always: true
        case .never: false
        case .auto: Terminal.isTTY(2)
        }
        let source = try keySource(useColor: useColor)
        var sources: [String: [UInt8]] = [:]
        var diagnostics: [Diagnostic] = []
        let markSheets = try ScoredSheets.markSheets(marks, useColor: useColor, sources: &sources, diagnostics: &diagnostics)

        // Names and units for the rows, when the papers do not carry them: the roster's, else the sheet's own.
        var people: [String: Examinee] = [:]
        if let roster {
            guard let bytes = BankInput.readFile(roster) else {
                Terminal.report([Terminal.unreadable(roster, what: "名单")], sources: [:], useColor: useColor)
                throw ExitCode(2)
            }
            let rows: [TextRow]
            switch TableInput.rows(bytes, path: roster) {
            case let .success(read): rows = read
            case let .failure(diagnostic):
                Terminal.report([diagnostic], sources: [:], useColor: useColor)
                throw ExitCode(2)
            }
            let header = rows.first?.fields.map { $0.trimmingCharacters(in: .whitespaces) } ?? []
            guard let idColumn = header.firstIndex(where: { ["编号", "考生编号", "准考证号", "id"].contains($0) }) else {
                Terminal.error("kaofa: 名单 \(roster) 没有“编号”列\n")
                throw ExitCode(1)
            }
            let nameColumn = header.firstIndex(of: "姓名"), unitColumn = header.firstIndex(of: "单位")
            for row in rows.dropFirst() {
                func field(_ column: Int?) -> String? {
                    guard let column, column < row.fields.count else { return nil }
                    let value = row.fields[column].trimmingCharacters(in: .whitespaces)
                    return value.isEmpty ? nil : value
                }
                if let id = field(idColumn) { people[id] = Examinee(id: id, name: field(nameColumn), unit: field(unitColumn)) }
            }
        }
        let names = people

        // Scored rows go to a temporary file beside the output, which replaces it only when everything was read.
        let asJSON = output.lowercased().hasSuffix(".jsonl")
        let sink = try OutputSink(path: output)
        var run = ScoringRun(source: source, marks: markSheets)
        let titles = source.sectionTitles, numbers = source.itemNumbers
        let render: @Sendable (ScoringRun.Scored) -> [UInt8] = { scored in
            if asJSON {
                return ScoreJSON.document(scored.result, paperID: scored.sheet.paperID, examinee: scored.sheet.examinee).serialized(pretty: false) + [0x0A]
            }
            return ScoresCSV.row(scored.sheet, key: scored.key, result: scored.result, sectionTitles: titles, itemNumbers: numbers,
                                 person: names[scored.sheet.examinee] ?? scored.sheet.person)
        }
        let renderQuick: @Sendable (QuickScore) -> [UInt8] = { scored in
            ScoresCSV.row(scored, sectionTitles: titles, itemNumbers: numbers, person: names[scored.examinee])
        }
        do {
            if !asJSON { try sink.write(ScoresCSV.header(sectionTitles: titles, itemNumbers: numbers)) }
            for path in responses {
                let bytes = try Terminal.readText(path, kind: .answerSheets, what: "答卷文件", useColor: useColor, convertingGBK: true)
                if ScoredSheets.isJSONLines(path: path, bytes: bytes) {
                    // Whole lines, a batch at a time, in runs of 256 lines: each run is read and scored where it runs.
                    let runs = ScoringRun.LineRun.runs(of: bytes, lines: 256)
                    for batch in stride(from: 0, to: runs.count, by: Self.batchLines / 256) {
                        let (rows, problems) = run.score(jsonLines: bytes, path: path, runs: Array(runs[batch..<min(batch + Self.batchLines / 256, runs.count)]),
                                                         render: render, renderQuick: asJSON ? nil : renderQuick)
                        try sink.write(rows)
                        diagnostics += problems
                    }
                } else {
                    let read = AnswerSheetReader.csv(String(decoding: bytes, as: UTF8.self), path: path)
                    diagnostics += read.diagnostics
                    let (rows, problems) = run.score(read.sheets, render: render)
                    try sink.write(rows)
                    diagnostics += problems
                }
                // Kept for showing the lines of problems; large files only when they have some.
                if !diagnostics.isEmpty || bytes.count < 1 << 24 { sources[path] = bytes }
            }
        } catch let error as ExitCode {
            sink.discard()
            throw error
        } catch {
            sink.discard()
            Terminal.error("kaofa: 无法写入 \(output)：\(error)\n")
            throw ExitCode(2)
        }
        diagnostics += run.unusedMarks()
        diagnostics = Terminal.inFileOrder(diagnostics, files: responses + marks)
        Terminal.report(diagnostics, sources: sources, useColor: useColor)
        if !diagnostics.isEmpty && !keepGoing {
            sink.discard()
            Terminal.error("\(diagnostics.count) 份答卷或文件有问题，未写出 \(output)（加 --keep-going 可为其余 \(run.scored) 份答卷写出成绩）\n")
            throw ExitCode(1)
        }
        do {
            try sink.commit()
        } catch {
            Terminal.error("kaofa: 无法写入 \(output)：\(error)\n")
            throw ExitCode(2)
        }
        var summary = "已评分 \(run.scored) 份答卷：及格 \(run.passed) 人，优秀 \(run.excellent) 人"
        if !markSheets.isEmpty { summary += "；\(run.marked) 份并入了阅卷分" }
        if run.waiting > 0 { summary += "；\(run.waiting) 份含待阅的简答或案例题" }
        if !diagnostics.isEmpty { summary += "；另有 \(diagnostics.count) 个问题未计入" }
        Terminal.error(summary + (output == "-" ? "\n" : "，已写出 \(output)\n"))
        Terminal.exit(diagnostics.isEmpty ? 0 : 1)
    }

    /// The papers' keys: read from --papers, or regenerated from --bank, --blueprint and --seed.
    func keySource(useColor: Bool) throws -> ScoringKeySource {
        if let papers {
            let loaded = ScoringKeyFiles.load(directory: papers)
            if loaded.keys.isEmpty || (!loaded.diagnostics.isEmpty && !keepGoing) {
                Terminal.report(loaded.diagnostics, sources: [:], useColor: useColor)
                Terminal.error("发现 \(loaded.diagnostics.count) 个问题，未评分\n")
                throw ExitCode(loaded.keys.isEmpty ? 2 : 1)
            }
            return ScoringKeySource(keys: loaded.keys)
        }
        let assembler = try Regeneration.assembler(banks: bank.isEmpty ? ["Banks"] : bank, blueprint: blueprint!, seed: seed!, useColor: useColor)
        return ScoringKeySource(assembler: assembler, optionTexts: false)
    }
}
