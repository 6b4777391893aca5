import ArgumentParser
import Foundation
import KaofaCore

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "按考试数据提出难度标注建议（写成补丁，不修改题库）",
        discussion: """
        读取试题分析结果（kaofa analyze -o 写出的 JSON，或给出答卷时 kaofa report 写出的 report.json），
        按每道题实际的通过率提出“难度=”标注：通过率不低于 85% 为易，60% 到 85% 为中，低于 60% 为难；
        只考虑不少于 20 人次的题。结果是一个补丁（unified diff），审阅后在运行本命令的目录中用
        git apply 难度.patch（或 patch -p1 < 难度.patch）应用；kaofa 不会直接修改题库。
        """
    )

    @Option(help: ArgumentHelp("试题分析结果（item statistics JSON）", valueName: "file"))
    var stats: String

    @OptionGroup var options: BankOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("补丁文件；不写时输出到标准输出（output patch）", valueName: "file"))
    var output: String?

    func run() throws {
        guard let bytes = BankInput.readFile(stats) else {
            Terminal.report([Terminal.unreadable(stats, what: "试题分析文件")], sources: [:], useColor: options.useColor)
            throw ExitCode(2)
        }
        let statistics: ItemStatistics
        switch ItemStatistics.read(bytes, path: stats) {
        case let .success(read): statistics = read
        case let .failure(diagnostic):
            Terminal.report([diagnostic], sources: [:], useColor: options.useColor)
            throw ExitCode(2)
        }
        let loaded = try LoadedBank.load(options.paths)
        if !loaded.ioDiagnostics.isEmpty || loaded.bank.diagnostics.hasErrors {
            Terminal.error(loaded.formatter(colors: options.useColor).format(loaded.bank.diagnostics.filter { $0.severity == .error }))
            Terminal.error("题库有错误，请先运行 kaofa check 修正\n")
            throw ExitCode(loaded.ioDiagnostics.isEmpty ? 1 : 2)
        }
        let proposals = DifficultyCalibration.proposals(statistics, questions: loaded.bank.questions)
        let texts = Dictionary(uniqueKeysWithValues: loaded.sources.map { ($0.key, String(decoding: $0.value.bytes, as: UTF8.self)) })
        let patch = DifficultyCalibration.patch(proposals, sources: texts)
        for proposal in proposals {
            let current = proposal.current.map { "难度=\($0.rawValue)" } ?? "未标难度"
            Terminal.error("\(proposal.file):\(proposal.line): \(proposal.questionID) 通过率 \(Int((proposal.difficulty * 100).rounded()))%（\(proposal.presented) 人次）：\(current) → 难度=\(proposal.proposed.rawValue)\n")
        }
        if let output {
            do {
                try AtomicFile.write(to: output) { try $0(Array(patch.utf8)[...]) }
            } catch {
                Terminal.error("kaofa: 无法写入 \(output)：\(error)\n")
                throw ExitCode(2)
            }
        } else {
            Terminal.out(patch)
        }
        let matched = Set(loaded.bank.questions.compactMap(\.id)).intersection(statistics.entries.map(\.questionID)).count
        Terminal.error("\(statistics.entries.count) 道题有考试数据，其中 \(matched) 道在题库中；建议修改 \(proposals.count) 道题的难度标注"
                       + (output.map { "，已写出 \($0)（审阅后用 git apply \($0) 应用）" } ?? "") + "\n")
        Terminal.exit(0)
    }
}
