import ArgumentParser
import Foundation
import KaofaCore
import KaofaInterchange
import KaofaRender
import KaofaStore

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "按蓝图组卷：生成试卷和答案（build papers from a blueprint）",
        discussion: """
        由（题库，蓝图，种子）完全确定试卷：同样的输入在任何机器上生成逐字节相同的试卷。
        --variants N 生成 A卷、B卷……；--examinees N 或 --examinees 名单.csv 为每位考生生成一份不同的试卷，
        --examinee 编号 单独重新生成某位考生的试卷（与批量生成的相同）。
        输出到 --out 目录：<试卷编号>.paper.json（不含答案）、<试卷编号>.key.json（答案）、Markdown 版和 summary.json。
        蓝图格式见 docs/blueprint-format.md，随机性约定见 docs/randomness.md。
        """
    )

    @Option(name: .customLong("bank"), parsing: .upToNextOption,
            help: ArgumentHelp("题库文件或目录（bank files or directories）", valueName: "path"))
    var banks: [String] = ["Banks"]

    @Option(help: ArgumentHelp("蓝图文件（blueprint, YAML）", valueName: "file"))
    var blueprint: String

    @Option(help: ArgumentHelp("随机种子，例如 2026-秋季（seed; required for reproducibility）", valueName: "seed"))
    var seed: String?

    @Option(help: ArgumentHelp("输出目录（output directory）", valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("生成 N 套试卷：A卷、B卷……（variants）", valueName: "N"))
    var variants: Int?

    @Option(name: .customLong("max-overlap"),
            help: ArgumentHelp("任意两套试卷最多重复的题数，或百分比如 20%（max shared questions between variants）", valueName: "N|N%"))
    var maxOverlap: String?

    @Option(help: ArgumentHelp("每位考生一份试卷：考生人数，或名单（CSV 或 .xlsx，列：编号,姓名,单位）", valueName: "N|roster.csv"))
    var examinees: String?

    @Option(help: ArgumentHelp("只生成这位考生的试卷（regenerate one examinee's paper）", valueName: "id"))
    var examinee: String?

    @Option(help: ArgumentHelp("输出格式，逗号分隔：json、md、html、pdf、docx（试卷、答案及解析、答题卡各一个文件），或 jsonl（全部试卷写入 papers.jsonl、答案写入 keys.jsonl，每行一份，适合大批量）（formats）", valueName: "list"))
    var format: String = "json,md"

    @Flag(help: "试卷和答题卡合成一个文件（html、pdf、docx）（paper and answer sheet in one file）")
    var combined = false

    @Flag(name: .customLong("seal-line"), help: "试卷左侧加密封线，按考生生成时填入单位、姓名、编号（html、pdf、docx）（seal line）")
    var sealLine = false

    @Option(name: .long, help: "颜色：auto、always、never（color）")
    var color: ColorChoice = .auto

    @OptionGroup var registryOptions: RegistryOptions

    func validate() throws {
        if seed == nil {
            throw ValidationError("""
            缺少 --seed。kaofa 不使用随机时钟：试卷由（题库，蓝图，种子）完全确定，记下种子就能在任何时候、任何机器上重新生成同一份试卷，供核对和审计。
            请指定一个种子，例如 --seed 2026-秋季
            """)
        }
        if let variants, variants < 1 || variants > 26 { throw ValidationError("--variants 应在 1 到 26 之间（A卷 到 Z卷）") }
        if variants != nil, examinees != nil || examinee != nil {
            throw ValidationError("--variants 和 --examinees/--examinee 不能同时使用")
        }
        if maxOverlap != nil, variants == nil { throw ValidationError("--max-overlap 只用于 --variants") }
        if let maxOverlap, Self.overlapLimit(maxOverlap, items: 100) == nil {
            throw ValidationError("--max-overlap 应当是题数（如 5）或百分比（如 20%），而不是 \(maxOverlap)")
        }
        for name in formatList where !["json", "md", "html", "pdf", "docx", "jsonl"].contains(name) {
            throw ValidationError("未知的输出格式 \(name)：可用 json、md、html、pdf、docx、jsonl")
        }
        if formatList.isEmpty { throw ValidationError("--format 至少要有一种格式") }
        if combined || sealLine, !RenderOptions(formats: formatList).printable {
            throw ValidationError("\(combined ? "--combined" : "--seal-line") 只用于可打印的格式：--format html、pdf 或 docx")
        }
    }

    var formatList: [String] {
        format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    }

    static func overlapLimit(_ text: String, items: Int) -> Int? {
        if text.hasSuffix("%"), let percent = Double(text.dropLast()), percent >= 0, percent <= 100 {
            return Int((Double(items) * percent / 100).rounded(.down))
        }
        if let count = Int(text), count >= 0 { return count }
        return nil
    }

    /// Whether diagnostics are coloured.
    var useColor: Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: Terminal.isTTY(2) && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        }
    }

    func run() throws {
        let seed = seed!
        // Every build is recorded; a registry that cannot be opened stops the build before any work.
        let registry = try registryOptions.open()

        // The bank: errors stop the build; warnings are counted.
        let loaded = try LoadedBank.load(banks)
        let bankDiagnostics = loaded.diagnostics(werror: false)
        if !loaded.ioDiagnostics.isEmpty || bankDiagnostics.hasErrors {
            Terminal.error(loaded.formatter(colors: useColor).format(bankDiagnostics.filter { $0.severity == .error }))
            Terminal.error("题库有错误，不能组卷；请先运行 kaofa check 修正\n")
            throw ExitCode(loaded.ioDiagnostics.isEmpty ? 1 : 2)
        }

        // The blueprint.
        guard let bytes = BankInput.readFile(blueprint) else {
            Terminal.report([Terminal.unreadable(blueprint, what: "组卷方案")], sources: [:], useColor: useColor)
            throw ExitCode(2)
        }
        let loadedBlueprint = BlueprintLoader.load(path: blueprint, bytes: bytes, catalog: loaded.catalog)
        let blueprintSource = loadedBlueprint.source
        let formatter = DiagnosticFormatter(colors: useColor) { file, line in
            file == blueprint ? blueprintSource?.lineText(line) : loaded.sources[file]?.lineText(line)
        }
        if !loadedBlueprint.diagnostics.isEmpty { Terminal.error(formatter.format(loadedBlueprint.diagnostics)) }
        guard var blueprint = loadedBlueprint.blueprint else {
            Terminal.error(DiagnosticFormatter.summary(loadedBlueprint.diagnostics) + "，未组卷\n")
            throw ExitCode(1)
        }
        // Exposure: questions earlier papers used, as the registry records them, are kept off.
        let excluded: [String]
        do {
            (blueprint, excluded) = try registry.applyingExposure(to: blueprint, bank: loaded.bank.questions)
        } catch {
            Terminal.error("kaofa: \(error)\n")
            throw ExitCode(2)
        }
        if let rule = blueprint.exposure, rule.scope != nil {
            let scope = rule.scope == .blueprint ? "这个蓝图" : "\(blueprint.audience.rawValue)考试"
            let window = rule.since.map { "\($0) 以来" } ?? rule.lastBuilds.map { "最近 \($0) 次组卷" } ?? "以前"
            Terminal.error("曝光控制：\(scope)\(window)的试卷用过的 \(excluded.count) 道题不再使用\n")
        }

        // The plan.
        let plan: AssemblyPlan
        switch AssemblyPlan.make(blueprint: blueprint, bank: loaded.bank.questions, catalog: loaded.catalog) {
        case let .success(made):
            plan = made
            if !plan.warnings.isEmpty { Terminal.error(formatter.format(plan.warnings)) }
        case let .failure(failure):
            Terminal.error(formatter.format(failure.diagnostics))
            Terminal.error(DiagnosticFormatter.summary(failure.diagnostics) + "，未组卷\n")
            throw ExitCode(1)
        }

        let subjects = try subjects()
        // max_rate bounds per-examinee papers: checked before any paper is made.
        if let maxRate = blueprint.exposure?.maxRate, let rule = blueprint.exposure,
           subjects.contains(where: { if case .examinee = $0.0 { true } else { false } }) {
            let (highest, problems) = ExposureRates.check(plan, maxRate: maxRate, at: rule.range)
            if !problems.isEmpty {
                Terminal.error(formatter.format(problems))
                Terminal.error(DiagnosticFormatter.summary(problems) + "，未组卷\n")
                throw ExitCode(1)
            }
            Terminal.error("曝光率：随机抽取的题，每道约出现在至多 \(ExposureRates.percent(highest)) 的试卷中（上限 \(ExposureRates.percent(maxRate))）\n")
        }
        // One browser per core prints PDFs side by side.
        let printers = formatList.contains("pdf")
            ? try (0..<max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4))).map { _ in try Self.startChromium() } : []
        defer { for printer in printers { printer.shutDown() } }
        let assembler = PaperAssembler(plan: plan, seed: seed, bankDigest: BankJSON.digest(loaded.bank.questions))
        let output = try BuildOutput(directory: out)
        let startedAt = Date()
        do {
            let source = String(decoding: bytes, as: UTF8.self)
            output.registry = try RegistrySession(registry: registry, record: BuildRecord(
                kind: .build, createdAt: startedAt, blueprintID: blueprint.id, blueprintTitle: blueprint.title,
                audience: blueprint.audience.rawValue, blueprintDigest: blueprint.digest, blueprintSource: source,
                blueprintPath: self.blueprint, bankDigest: assembler.bankDigest, seed: seed, excluded: excluded),
                questions: QuestionDigest.all(loaded.bank.questions))
        } catch {
            output.discard()
            Terminal.error("kaofa: \(error)\n")
            throw ExitCode(2)
        }
        var summary = BuildSummary(plan: plan)
        var entries: [SummaryRender.PaperEntry] = []
        let limit = maxOverlap.flatMap { Self.overlapLimit($0, items: blueprint.itemCount) }
        let progress = Progress(total: subjects.count)
        let formats = formatList
        let options = RenderOptions(formats: formats, combined: combined, sealLine: sealLine)
        // JSON Lines: every paper and key as one compact line, streamed (for large per-examinee builds).
        let lines = formats.contains("jsonl")
            ? (pieces: QuestionPieces(assembler: assembler, catalog: loaded.catalog),
               papers: try output.stream("papers.jsonl"), keys: try output.stream("keys.jsonl"))
            : nil
        var overlap = limit.map { VariantOverlap(plan: plan, limit: $0, written: maxOverlap!) }

        let catalog = loaded.catalog
        let pieces = lines?.pieces
        /// One paper drawn and rendered into everything the chosen formats write; pure, so papers can be made on all
        /// cores and written in order.
        @Sendable func make(_ subject: Randomness.Subject, _ person: Examinee?, avoiding: Set<Int> = [],
                            sharedLimit: Int? = nil) -> Result<Rendered, BuildFailure> {
            let drawn: DrawnPaper
            do {
                drawn = try assembler.draw(subject, in: assembler.makeWorkspace(), avoiding: avoiding, sharedLimit: sharedLimit)
            } catch {
                return .failure(.assembly(error))
            }
            return Rendered.make(drawn, examinee: person, assembler: assembler, options: options, catalog: catalog, pieces: pieces)
        }
        var position = 0
        // Variants depend on the variants before them (--max-overlap); examinees' papers are independent.
        // PDFs are held until written, so their batches stay small.
        let batchSize = limit != nil ? 1 : printers.isEmpty ? 256 : 4 * printers.count
        for batchStart in stride(from: 0, to: subjects.count, by: batchSize) {
            let batch = Array(subjects[batchStart..<min(batchStart + batchSize, subjects.count)])
            let results: [Result<Rendered, BuildFailure>]
            if let limit {
                let (subject, person) = batch[0]
                results = [make(subject, person, avoiding: overlap?.used ?? [], sharedLimit: limit)]
            } else {
                results = ParallelMap.map(batch.map { SubjectBox(subject: $0.0, person: $0.1) }) { make($0.subject, $0.person) }
            }
            let pdfs: [[UInt8]]
            do {
                pdfs = try output.print(results.flatMap { (try? $0.get())?.printed.map(\.html) ?? [] }, with: printers)
            } catch {
                output.discard()
                for printer in printers { printer.shutDown() }
                Terminal.error("kaofa: 无法生成 PDF：\(error)\n")
                throw ExitCode(2)
            }
            var nextPDF = 0
            for (result, (subject, _)) in zip(results, batch) {
                position += 1
                let rendered: Rendered
                switch result {
                case let .success(made): rendered = made
                case let .failure(.assembly(failure)):
                    output.discard()
                    Terminal.error(formatter.format(failure.diagnostics))
                    Terminal.error(DiagnosticFormatter.summary(failure.diagnostics) + "，未组卷\n")
                    throw ExitCode(1)
                case let .failure(.render(message)):
                    output.discard()
                    Terminal.error("\(message)\n未写出任何文件\n")
                    throw ExitCode(1)
                }
                let paper = rendered.paper
                if let diagnostic = overlap?.admit(paper) {
                    output.discard()
                    Terminal.error(formatter.format([diagnostic]))
                    Terminal.error(DiagnosticFormatter.summary([diagnostic]) + "，未组卷\n")
                    throw ExitCode(1)
                }
                summary.add(paper)
                do {
                    try output.registry?.add(PaperRecord(paper, digest: rendered.digest, createdAt: startedAt))
                } catch {
                    output.discard()
                    Terminal.error("kaofa: \(error)\n")
                    throw ExitCode(2)
                }
                var files: [String] = []
                do {
                    for file in rendered.files { files.append(try output.write(file.name, file.bytes)) }
                    for page in rendered.printed {
                        files.append(try output.write(page.name, pdfs[nextPDF]))
                        nextPDF += 1
                    }
                    if let lines, let paperLine = rendered.paperLine, let keyLine = rendered.keyLine {
                        try lines.papers.appendLine(paperLine)
                        try lines.keys.appendLine(keyLine)
                        files += ["papers.jsonl:\(position)", "keys.jsonl:\(position)"]
                    }
                } catch {
                    output.discard()
                    Terminal.error("kaofa: 无法写入 \(out)：\(error)\n")
                    throw ExitCode(2)
                }
                entries.append(SummaryRender.PaperEntry(id: paper.id, subject: subject, files: files))
                progress.update(position)
            }
            if output.interrupted {
                for printer in printers { printer.shutDown() }
                output.exitIfInterrupted()
            }
        }
        progress.finish()
        do {
            try lines?.papers.close()
            try lines?.keys.close()
            _ = try output.write("summary.json", SummaryRender.json(summary, seed: seed, bankDigest: assembler.bankDigest, papers: entries))
            try output.commit()
        } catch {
            output.discard()
            Terminal.error("kaofa: 无法写入 \(out)：\(error)\n")
            throw ExitCode(2)
        }
        Terminal.error(SummaryRender.text(summary))
        if plan.questionsWithoutID > 0 {
            Terminal.error("注意：题库中有 \(plan.questionsWithoutID) 道题没有编号，没有参与组卷（运行 kaofa fmt --assign-ids 分配编号）\n")
        }
        if bankDiagnostics.warningCount > 0 {
            Terminal.error("注意：题库有 \(bankDiagnostics.warningCount) 条警告，运行 kaofa check 查看\n")
        }
        for printer in printers { printer.shutDown() }
        let shownOut = out.hasSuffix("/") ? out : out + "/"
        Terminal.error("已写出 \(shownOut)：\(entries.count) 份试卷及答案，summary.json\n")
        Terminal.exit(0)
    }

    /// One headless Chromium for the whole build, or a clear error saying how to install it.
    static func startChromium() throws -> ChromiumPDF {
        guard let executable = ChromiumPDF.locate() else {
            Terminal.error("kaofa: 找不到 Chromium，无法生成 PDF。\(ChromiumPDF.installHint)\n")
            throw ExitCode(2)
        }
        do {
            return try ChromiumPDF(executable: executable)
        } catch {
            Terminal.error("kaofa: 无法启动 Chromium（\(executable)）：\(error)\n")
            throw ExitCode(2)
        }
    }

    /// Who gets a paper: lettered variants (A by default), every examinee of a count or a roster, or one examinee.
    func subjects() throws -> [(Randomness.Subject, Examinee?)] {
        var roster: [Examinee]?
        if let examinees {
            if let count = Int(examinees) {
                guard count >= 1 else { throw ValidationError("--examinees 应当是正整数或名单文件") }
                roster = (1...count).map { Examinee(id: String($0)) }
            } else {
                guard let bytes = BankInput.readFile(examinees) else {
                    Terminal.report([Terminal.unreadable(examinees, what: "名单")], sources: [:], useColor: useColor)
                    throw ExitCode(2)
                }
                // CSV in UTF-8 or GBK (Excel's plain CSV on Chinese Windows), or an Excel workbook, as for score and report.
                switch TableInput.rows(bytes, path: examinees).flatMap({ Roster.examinees($0, path: examinees) }) {
                case let .success(list): roster = list
                case let .failure(diagnostic):
                    // The roster's own line, when it is UTF-8 text (a GBK file or a workbook is shown without it).
                    let source = try? SourceDecoder.decode(bytes, path: examinees, kind: .roster).get()
                    let formatter = DiagnosticFormatter(colors: false) { _, line in source?.lineText(line) }
                    Terminal.error(formatter.format([diagnostic]))
                    Terminal.error(DiagnosticFormatter.summary([diagnostic]) + "，未组卷\n")
                    throw ExitCode(1)
                }
            }
        }
        if let examinee {
            let person = roster?.first { $0.id == examinee } ?? Examinee(id: examinee)
            if let roster, !roster.contains(where: { $0.id == examinee }) {
                Terminal.error("kaofa: 名单中没有编号 \(examinee)\n")
                throw ExitCode(2)
            }
            return [(.examinee(person.id), person)]
        }
        if let roster { return roster.map { (.examinee($0.id), $0) } }
        return (0..<(variants ?? 1)).map { index in
            (.variant(String(UnicodeScalar(UInt8(ascii: "A") + UInt8(index)))), nil)
        }
    }
}

/// A progress line on a terminal for long builds; silent when stderr is not a terminal.
final class Progress {
    let total: Int
    let enabled: Bool
    private var shown = -1

    init(total: Int) {
        self.total = total
        enabled = total >= 200 && Terminal.isTTY(2)
    }

    func update(_ done: Int) {
        guard enabled else { return }
        let percent = done * 100 / total
        if percent != shown {
            shown = percent
            Terminal.error("\r组卷中 \(done)/\(total)（\(percent)%）")
        }
    }

    func finish() {
        if enabled { Terminal.error("\r\u{1B}[K") }
    }
}
