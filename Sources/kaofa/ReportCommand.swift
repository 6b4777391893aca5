import ArgumentParser
import Foundation
import KaofaCore
import KaofaInterchange
import KaofaRender
import KaofaStore

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "成绩统计：各单位、各地区的参考率、及格率、优秀率、平均分",
        discussion: """
        --roster 是全部应考人员的名单（CSV：编号,姓名,单位，以及地区列如 市(州),县(市、区)，从大到小），
        --scores 是 kaofa score 写出的成绩表（或至少有 编号、总分 两列的 CSV），--blueprint 给出总分、及格线和优秀线。
        也可以用 --papers 和 --responses 直接给出答卷（同时做试题分析）；都不给时，读取 kaofa serve 记入登记库（--db）的答卷。
        参考率 = 实考人数 ÷ 应考人数；及格率、优秀率、平均分按实考人员计算。
        名单上有、成绩表中没有的人员计为缺考；成绩表中有、名单上没有的人员单独列出，不计入任何单位。
        全部输入读完并检查无误后才写出文件。格式见 docs/results.md。
        """
    )

    @Option(help: ArgumentHelp("应考人员名单（roster CSV）", valueName: "file"))
    var roster: String

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("成绩表，可以有多个（scores CSV）", valueName: "file"))
    var scores: [String] = []

    @Option(help: ArgumentHelp("与 --responses 一起：kaofa build 写出试卷和答案的目录；给出时报告中加上试题分析（papers directory）", valueName: "dir"))
    var papers: String?

    @Option(name: .long, parsing: .upToNextOption,
            help: ArgumentHelp("答卷文件（.jsonl 或 .csv）：现场评分，不用 --scores 时成绩也由它们得出（responses）", valueName: "file"))
    var responses: [String] = []

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("阅卷分 CSV，与 --responses 一起用（marks）", valueName: "file"))
    var marks: [String] = []

    @OptionGroup var registry: RegistryOptions

    @Option(help: ArgumentHelp("组卷方案（blueprint YAML）：总分、及格线、优秀线", valueName: "file"))
    var blueprint: String

    @Option(help: ArgumentHelp("输出目录（output directory）", valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("输出格式，逗号分隔：json、html、pdf（PDF 由 Chromium 打印）、xlsx（formats）", valueName: "list"))
    var format: String = "json,html"

    @Option(help: ArgumentHelp("参考率低于多少的单位列入提示名单，如 90%（threshold）", valueName: "rate"))
    var threshold: String = "90%"

    @Option(help: ArgumentHelp("名单中的地区列，从大到小，逗号分隔；不写时按列名识别（levels）", valueName: "list"))
    var levels: String?

    @Flag(help: "成绩中还有待阅的题时也统计（按已评的分数）；默认报错")
    var allowPending = false

    @Option(name: .long, help: "颜色：auto、always、never（color）")
    var color: ColorChoice = .auto

    var formatList: [String] {
        format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    }

    var thresholdValue: Double? {
        var text = threshold.trimmingCharacters(in: .whitespaces)
        let isPercent = text.hasSuffix("%")
        if isPercent { text.removeLast() }
        guard let value = Double(text), value.isFinite else { return nil }
        let rate = isPercent || value > 1 ? value / 100 : value
        return (0...1).contains(rate) ? rate : nil
    }

    func validate() throws {
        if (papers == nil) != responses.isEmpty { throw ValidationError("--papers 和 --responses 要一起给出") }
        if !marks.isEmpty && responses.isEmpty { throw ValidationError("--marks 要与 --papers、--responses 一起给出") }
        for name in formatList where !["json", "html", "pdf", "xlsx"].contains(name) {
            throw ValidationError("不认识的输出格式“\(name)”：可以是 json、html、pdf、xlsx")
        }
        if formatList.isEmpty { throw ValidationError("--format 至少要有一种格式") }
        if thresholdValue == nil { throw ValidationError("--threshold 应当是 0 到 100% 之间的比例，如 90%") }
    }

    func run() throws {
        let useColor: Bool = switch color {
        case .always: true
        case .never: false
        case .auto: Terminal.isTTY(2)
        }
        var sources: [String: [UInt8]] = [:]
        func read(_ path: String, kind: SourceDecoder.Kind, what: String) throws -> String {
            let bytes = try Terminal.readText(path, kind: kind, what: what, useColor: useColor)
            sources[path] = bytes
            return String(decoding: bytes, as: UTF8.self)
        }

        // The blueprint: full marks, pass and excellent marks.
        let catalog = try Catalog.load()
        let blueprintText = try read(blueprint, kind: .blueprint, what: "组卷方案")
        let loadedBlueprint = BlueprintLoader.load(path: blueprint, bytes: Array(blueprintText.utf8), catalog: catalog)
        guard let plan = loadedBlueprint.blueprint else {
            Terminal.report(loadedBlueprint.diagnostics, sources: sources, useColor: useColor)
            Terminal.error(DiagnosticFormatter.summary(loadedBlueprint.diagnostics) + "，未统计\n")
            throw ExitCode(1)
        }

        // Rosters and score tables: CSV in UTF-8 or GBK, or Excel workbooks.
        func table(_ path: String, what: String) throws -> [TextRow] {
            guard let bytes = BankInput.readFile(path) else {
                Terminal.report([Terminal.unreadable(path, what: what)], sources: [:], useColor: useColor)
                throw ExitCode(2)
            }
            switch TableInput.rows(bytes, path: path) {
            case let .success(rows):
                if !path.lowercased().hasSuffix(".xlsx"), let text = String(validating: bytes, as: UTF8.self) { sources[path] = Array(text.utf8) }
                return rows
            case let .failure(diagnostic):
                Terminal.report([diagnostic], sources: [:], useColor: useColor)
                throw ExitCode(2)
            }
        }
        let requestedLevels = levels.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        let (enrolment, rosterProblems) = EnrolmentReader.read(try table(roster, what: "名单"), path: roster, levels: requestedLevels)
        var diagnostics = rosterProblems
        var examScores: [ExamScore] = []
        for path in scores {
            // UTF-8 CSV, kaofa score's own: scanned for the columns needed; anything else through the table reader.
            if !path.lowercased().hasSuffix(".xlsx"), let bytes = BankInput.readFile(path),
               SourceDecoder.encodingProblem(bytes, path: path, kind: .roster) == nil {
                let read = ScoreTableReader.csv(utf8: bytes, path: path)
                examScores += read.scores
                diagnostics += read.diagnostics
                if bytes.count < 1 << 24 { sources[path] = bytes }
                continue
            }
            let read = ScoreTableReader.read(try table(path, what: "成绩表"), path: path)
            examScores += read.scores
            diagnostics += read.diagnostics
        }
        // Answer sheets: scored here, analysed item by item, and the scores when no score table is given.
        var analysis: ItemAnalysis?
        if let papers {
            let loaded = try ScoredSheets.load(papers: papers, responses: responses, marks: marks, keepGoing: false, useColor: useColor)
            sources.merge(loaded.sources) { first, _ in first }
            diagnostics += loaded.diagnostics
            analysis = ItemAnalysis.analyze(loaded.scored, keys: loaded.keys)
            if scores.isEmpty {
                examScores = loaded.scored.map { sheet in
                    ExamScore(examinee: sheet.sheet.examinee, total: sheet.result.totalPoints, pending: sheet.result.pendingPoints,
                              maxPoints: sheet.result.maxPoints, origin: sheet.sheet.origin)
                }
            }
        }
        // Neither score tables nor sheets: the responses `kaofa serve` recorded in the registry.
        var fromRegistry: String?
        if scores.isEmpty && responses.isEmpty {
            let location = try registry.location().description
            if case let .sqlite(path) = try registry.location(), !FileManager.default.fileExists(atPath: path) {
                Terminal.error("kaofa: 没有给出成绩：请用 --scores 给出成绩表，用 --papers 和 --responses 给出答卷，或用 --db 指向 kaofa serve 的登记库（\(path) 不存在）\n")
                throw ExitCode(2)
            }
            let records: [ResponseScore]
            do {
                records = try registry.open().responseScores(blueprint: plan.id)
            } catch {
                Terminal.error("kaofa: 无法读取登记库 \(location)：\(error)\n")
                throw ExitCode(2)
            }
            guard !records.isEmpty else {
                Terminal.error("kaofa: 登记库 \(location) 中没有组卷方案“\(plan.id)”的试卷的答卷\n")
                throw ExitCode(1)
            }
            fromRegistry = location
            examScores = records.enumerated().map { index, record in
                let position = SourcePosition(line: index + 1, column: 1)
                return ExamScore(examinee: record.examinee, total: Points(hundredths: record.objective), pending: Points(hundredths: record.pending),
                                 maxPoints: nil, origin: SourceRange(file: "\(location)（答卷 \(record.paperID)）", start: position, end: position))
            }
        }
        guard let enrolment, !diagnostics.contains(where: { $0.severity == .error }) else {
            Terminal.report(diagnostics, sources: sources, useColor: useColor)
            Terminal.error("发现 \(diagnostics.count) 个问题，未统计，未写出任何文件\n")
            throw ExitCode(1)
        }
        let (computed, problems) = ResultsReport.compute(
            title: plan.title, enrolment: enrolment, scores: examScores, totalPoints: plan.totalPoints, passPoints: plan.passPoints,
            excellentPoints: plan.excellentPoints, participationThreshold: thresholdValue ?? 0.9, allowPending: allowPending)
        Terminal.report(problems, sources: sources, useColor: useColor)
        guard let report = computed else {
            let errors = problems.count { $0.severity == .error }
            Terminal.error("发现 \(errors) 个错误，未统计，未写出任何文件\n")
            throw ExitCode(1)
        }

        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            if formatList.contains("json") {
                let bytes = ReportJSON.document(report, analysis: analysis).serialized(pretty: true)
                try AtomicFile.write(to: out + "/report.json") { try $0(bytes[...]) }
            }
            let html = Array(ReportHTML.document(report, analysis: analysis).utf8)
            if formatList.contains("html") {
                try AtomicFile.write(to: out + "/report.html") { try $0(html[...]) }
            }
            if formatList.contains("xlsx") {
                let bytes = try ReportXLSX.workbook(report, analysis: analysis)
                try AtomicFile.write(to: out + "/report.xlsx") { try $0(bytes[...]) }
            }
            if formatList.contains("pdf") {
                let pdf = try Self.printPDF(html)
                try AtomicFile.write(to: out + "/report.pdf") { try $0(pdf[...]) }
            }
        } catch let failure as ChromiumPDF.Failure {
            Terminal.error("kaofa: 无法生成 PDF：\(failure)\n")
            throw ExitCode(2)
        } catch {
            Terminal.error("kaofa: 无法写入 \(out)：\(error)\n")
            throw ExitCode(2)
        }
        let all = report.overall
        if let fromRegistry { Terminal.error("成绩来自登记库 \(fromRegistry)：\(examScores.count) 份答卷\n") }
        var line = "应考 \(all.enrolled) 人，实考 \(all.examined) 人，参考率 \(ReportHTML.percent(all.participationRate))"
        if let rate = all.passRate { line += "，及格率 \(ReportHTML.percent(rate))" }
        if report.excellentPoints != nil, let rate = all.excellentRate { line += "，优秀率 \(ReportHTML.percent(rate))" }
        if let mean = all.meanHundredths { line += "，平均分 \(Points(hundredths: Int(mean.rounded())))" }
        if !report.levels.isEmpty { line += "\n地区层级：\(report.levels.joined(separator: " > "))，\(report.regions.count) 个地区" }
        line += "\n\(report.units.count) 个单位，其中参考率低于 \(ReportHTML.percent(report.participationThreshold)) 的 \(report.lowParticipation.count) 个"
        if !report.unlisted.isEmpty { line += "；名单以外的成绩 \(report.unlisted.count) 个，单独列出" }
        if let analysis {
            line += "\n试题分析：\(analysis.items.count) 道题，需要注意的 \(analysis.flagged.count) 道"
            if let first = analysis.flagged.first { line += "，最需要核对的是 \(analysis.items[first].questionID)" }
        }
        let files = formatList.map { "report.\($0)" }.joined(separator: "、")
        Terminal.error(line + "\n已写出 \(out)/：\(files)\n")
        Terminal.exit(0)
    }

    /// The report printed by headless Chromium from a temporary copy of its HTML.
    static func printPDF(_ html: [UInt8]) throws -> [UInt8] {
        guard let executable = ChromiumPDF.locate() else {
            throw ChromiumPDF.Failure(description: "找不到 Chromium。\(ChromiumPDF.installHint)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaofa-report-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("report.html")
        try Data(html).write(to: file)
        let printer = try ChromiumPDF(executable: executable)
        defer { printer.shutDown() }
        return try printer.pdf(of: file)
    }
}
