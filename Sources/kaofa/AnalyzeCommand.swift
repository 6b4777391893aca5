import ArgumentParser
import Foundation
import KaofaCore
import KaofaRender

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "试题分析：通过率、区分度，找出答案可能有错的题",
        discussion: """
        对照 kaofa build 写出的试卷和答案给答卷评分（与 kaofa score 相同），再逐题统计：出现次数、通过率（难度）、
        区分度（成绩前 27% 与后 27% 考生通过率之差）、点二列相关，选择题每个选项（按选项文字，不按字母）被选的比例。
        区分度为负、接近 0，没有人选的干扰项，通过率高于 95% 或低于 20% 的题列为“需要注意的题”，最严重的在前。
        算法见 docs/results.md 第 7 节。
        """
    )

    @Option(help: ArgumentHelp("kaofa build 写出试卷和答案的目录（papers directory）", valueName: "dir"))
    var papers: String

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("答卷文件：.jsonl 或 .csv（responses）", valueName: "file"))
    var responses: [String] = []

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("阅卷分 CSV（marks）", valueName: "file"))
    var marks: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("写出分析结果（kaofa.analysis/1 JSON）（output）", valueName: "file"))
    var output: String?

    @Flag(help: "有答卷无法评分时，仍分析其余答卷")
    var keepGoing = false

    @Option(name: .long, help: "颜色：auto、always、never（color）")
    var color: ColorChoice = .auto

    func validate() throws {
        if responses.isEmpty { throw ValidationError("请用 --responses 给出至少一个答卷文件") }
    }

    func run() throws {
        let useColor: Bool = switch color {
        case .always: true
        case .never: false
        case .auto: Terminal.isTTY(2)
        }
        let loaded = try ScoredSheets.load(papers: papers, responses: responses, marks: marks, keepGoing: keepGoing, useColor: useColor)
        Terminal.report(loaded.diagnostics, sources: loaded.sources, useColor: useColor)
        if !loaded.diagnostics.isEmpty && !keepGoing {
            Terminal.error("\(loaded.diagnostics.count) 份答卷或文件有问题，未分析（加 --keep-going 可分析其余 \(loaded.scored.count) 份答卷）\n")
            throw ExitCode(1)
        }
        let analysis = ItemAnalysis.analyze(loaded.scored, keys: loaded.keys)
        if let output {
            let bytes = AnalysisJSON.document(analysis).serialized(pretty: true)
            do {
                try AtomicFile.write(to: output) { try $0(bytes[...]) }
            } catch {
                Terminal.error("kaofa: 无法写入 \(output)：\(error)\n")
                throw ExitCode(2)
            }
        }
        Terminal.out(Self.summary(analysis))
        if let output { Terminal.error("已写出 \(output)\n") }
        Terminal.exit(loaded.diagnostics.isEmpty ? 0 : 1)
    }

    /// What a teacher reads: the reliability, then every flagged question with its figures and option shares.
    static func summary(_ analysis: ItemAnalysis) -> String {
        func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }
        func coefficient(_ value: Double?) -> String {
            guard let value else { return "—" }
            let hundredths = Int((value * 100).rounded()), size = abs(hundredths)
            return (hundredths < 0 ? "−" : "") + "\(size / 100).\(size % 100 < 10 ? "0" : "")\(size % 100)"
        }
        var out = "试题分析：\(analysis.examinees) 份答卷，\(analysis.items.count) 道题；信度 KR-20 \(coefficient(analysis.kr20))，α \(coefficient(analysis.alpha))\n"
        guard !analysis.flagged.isEmpty else { return out + analysis.unflaggedVerdict + "\n" }
        out += "需要注意的题（\(analysis.flagged.count) 道，最严重的在前）：\n"
        for index in analysis.flagged {
            let item = analysis.items[index]
            out += "  \(item.questionID)  通过率 \(percent(item.difficulty))  区分度 \(coefficient(item.discrimination))  \(item.presented) 人次\n"
            for flag in item.flags { out += "      · \(flag.explanation)\n" }
            if !item.options.isEmpty {
                out += "      选项：" + item.options.map { option in
                    "「\(option.text.count > 16 ? String(option.text.prefix(15)) + "…" : option.text)」\(percent(option.share))\(option.correct ? "（答案）" : "")"
                }.joined(separator: "　") + "\n"
            }
        }
        return out
    }
}
