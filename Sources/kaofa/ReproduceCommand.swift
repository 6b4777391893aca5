import ArgumentParser
import Foundation
import KaofaCore
import KaofaRender
import KaofaStore

struct Reproduce: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "按登记的来源重新生成一份试卷并逐字节核对（reproduce）",
        discussion: """
        用登记库中记下的蓝图（组卷时的原文）、种子和卷别或考生，加上现在的题库，重新生成这份试卷，
        并与登记时的试卷摘要逐字节核对。题库变了时，指出这份试卷的哪些题被修改或删除。
        退出状态：0 核对一致；1 不一致、题库已变化或登记库中没有这份试卷；2 用法错误或无法读写文件。
        """
    )

    @Argument(help: ArgumentHelp("试卷编号，如 KF-56b5d73484c0", valueName: "paper-id"))
    var paperID: String

    @Option(name: .customLong("bank"), parsing: .upToNextOption, help: ArgumentHelp("题库文件或目录（默认 Banks）", valueName: "path"))
    var banks: [String] = ["Banks"]

    @Option(help: ArgumentHelp("核对一致时把试卷写到这个目录", valueName: "dir"))
    var out: String?

    @Option(help: ArgumentHelp("写出的格式（同 kaofa build，默认 json）", valueName: "list"))
    var format: String = "json"

    @OptionGroup var registryOptions: RegistryOptions

    func validate() throws {
        let formats = format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for name in formats where !["json", "md", "html", "docx"].contains(name) {
            throw ValidationError("--format 可用 json、md、html、docx，而不是 \(name)")
        }
    }

    func run() throws {
        let registry = try registryOptions.open()
        let recorded: (paper: PaperRecord, build: BuildRecord)?
        do {
            recorded = try registry.paper(id: paperID)
        } catch {
            Terminal.error("kaofa: \(error)\n")
            throw ExitCode(2)
        }
        guard let (record, build) = recorded else {
            Terminal.error("kaofa: 登记库中没有试卷 \(paperID)（\(registry.location)）\n")
            throw ExitCode(1)
        }
        let loaded = try LoadedBank.load(banks)
        if !loaded.ioDiagnostics.isEmpty || loaded.bank.hasErrors {
            Terminal.error(loaded.formatter(colors: false).format(loaded.diagnostics(werror: false).filter { $0.severity == .error }))
            Terminal.error("题库有错误，不能重新生成；请先运行 kaofa check 修正\n")
            throw ExitCode(loaded.ioDiagnostics.isEmpty ? 1 : 2)
        }
        let bankDigest = BankJSON.digest(loaded.bank.questions)
        guard bankDigest == build.bankDigest else {
            try reportChangedBank(record: record, build: build, registry: registry, questions: loaded.bank.questions, digest: bankDigest)
            throw ExitCode(1)
        }

        // The blueprint as it was recorded, under the path it had (its id is its file name).
        let path = build.blueprintPath ?? "\(build.blueprintID).yaml"
        let blueprintResult = BlueprintLoader.load(path: path, bytes: Array(build.blueprintSource.utf8), catalog: loaded.catalog)
        guard let blueprint = blueprintResult.blueprint?.excluding(used: build.excluded), blueprint.digest == build.blueprintDigest else {
            Terminal.error("kaofa: 登记的蓝图无法按这个版本的 kaofa 读取（登记时是 kaofa \(build.kaofaVersion)）\n")
            throw ExitCode(1)
        }
        let paper: Paper
        switch AssemblyPlan.make(blueprint: blueprint, bank: loaded.bank.questions, catalog: loaded.catalog) {
        case let .success(plan):
            let assembler = PaperAssembler(plan: plan, seed: record.seed, bankDigest: bankDigest)
            let examinee = record.examinee.map { Examinee(id: $0, name: record.examineeName, unit: record.examineeUnit) }
            switch assembler.paper(for: record.subject, examinee: examinee) {
            case let .success(made): paper = made
            case let .failure(failure):
                Terminal.error(loaded.formatter(colors: false).format(failure.diagnostics))
                throw ExitCode(1)
            }
        case let .failure(failure):
            Terminal.error(loaded.formatter(colors: false).format(failure.diagnostics))
            throw ExitCode(1)
        }
        let digest = PaperDigest.of(paper, catalog: loaded.catalog)
        guard paper.id == record.id, digest == record.digest else {
            Terminal.error("""
                kaofa: 重新生成的试卷与登记的不同（登记时是 kaofa \(build.kaofaVersion)，现在是 kaofa \(KaofaVersion.current)）
                  登记：\(record.id) \(record.digest)
                  现在：\(paper.id) \(digest)

                """)
            throw ExitCode(1)
        }
        Terminal.out("试卷 \(paper.id)（\(build.blueprintTitle)，\(record.subjectText)，种子 \(record.seed)）已重新生成，与登记的试卷逐字节相同\n  试卷摘要：\(digest)\n")
        if let out {
            let formats = format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let output = try BuildOutput(directory: out)
            switch Rendered.make(paper, options: RenderOptions(formats: formats), catalog: loaded.catalog, pieces: nil) {
            case let .success(rendered):
                do {
                    for file in rendered.files { _ = try output.write(file.name, file.bytes) }
                    try output.commit()
                } catch {
                    output.discard()
                    Terminal.error("kaofa: 无法写入 \(out)：\(error)\n")
                    throw ExitCode(2)
                }
                Terminal.out("已写出 \(out.hasSuffix("/") ? out : out + "/")：\(rendered.files.map(\.name).joined(separator: "、"))\n")
            case let .failure(failure):
                output.discard()
                if case let .render(message) = failure { Terminal.error(message + "\n") }
                throw ExitCode(1)
            }
        }
    }

    /// Which of the paper's questions changed or went since it was issued, and how much of the rest of the bank.
    func reportChangedBank(record: PaperRecord, build: BuildRecord, registry: any Registry, questions: [Question],
                           digest: String) throws {
        let then = try registry.questionDigests(build: build.id ?? 0)
        var now: [String: String] = [:]
        for question in questions { if let id = question.id { now[id] = BankJSON.contentDigest(question) } }
        var changed: [String] = [], removed: [String] = []
        for item in record.items {
            guard let current = now[item.questionID] else {
                removed.append(item.questionID)
                continue
            }
            if let old = then[item.questionID], old != current { changed.append(item.questionID) }
        }
        let paperIDs = Set(record.items.map(\.questionID))
        let otherChanged = then.filter { !paperIDs.contains($0.key) && now[$0.key] != nil && now[$0.key] != $0.value }.count
        let otherRemoved = then.filter { !paperIDs.contains($0.key) && now[$0.key] == nil }.count
        let added = now.keys.filter { then[$0] == nil }.count
        var message = "kaofa: 题库在试卷 \(record.id) 生成以后变了，不能逐字节重新生成这份试卷\n"
        message += "  试卷用到的 \(record.items.count) 道题中："
        if changed.isEmpty && removed.isEmpty {
            message += "没有改动\n"
        } else {
            if !changed.isEmpty { message += "\(changed.count) 道已修改（\(changed.joined(separator: "、"))）" }
            if !removed.isEmpty { message += (changed.isEmpty ? "" : "，") + "\(removed.count) 道已删除（\(removed.joined(separator: "、"))）" }
            message += "\n"
        }
        message += "  题库中其他的题：\(otherChanged) 道已修改，\(otherRemoved) 道已删除，新增 \(added) 道\n"
        message += "  题库摘要：组卷时 \(build.bankDigest)，现在 \(digest)\n"
        message += "  help: 用组卷时的题库（例如版本库中那时的 Banks/）运行 kaofa reproduce --bank 题库目录 \(record.id)\n"
        Terminal.error(message)
    }
}
