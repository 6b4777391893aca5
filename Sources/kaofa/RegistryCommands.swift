import ArgumentParser
import Foundation
import KaofaCore
import KaofaRender
import KaofaStore

extension PaperRecord {
    /// `A卷`, or `考生 2026001 张三（城关镇）`.
    var subjectText: String {
        switch subject {
        case let .variant(label): return "\(label)卷"
        case let .examinee(id):
            var text = "考生 \(id)"
            if let examineeName { text += " \(examineeName)" }
            if let examineeUnit { text += "（\(examineeUnit)）" }
            return text
        }
    }
}

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "查看登记库中最近的组卷和试卷（history）",
        discussion: """
        每次 kaofa build 组卷都记入登记库（默认 .kaofa/kaofa.sqlite）。不加选项时列出最近的组卷；
        加 --papers，或按考生查询（--examinee）时列出试卷。时间为北京时间。
        """
    )

    @Option(help: ArgumentHelp("只看这个蓝图：文件名（不含 .yaml）或标题中的文字", valueName: "name"))
    var blueprint: String?

    @Option(help: ArgumentHelp("只看这类考试对象：领导干部、行政执法人员、村两委", valueName: "audience"))
    var audience: String?

    @Option(help: ArgumentHelp("只看这位考生的试卷（编号）", valueName: "id"))
    var examinee: String?

    @Option(help: ArgumentHelp("只看这个时间以后的，如 2026-09-01 或 \"2026-09-01 08:00\"（北京时间）", valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("最多列出几条（默认 20）", valueName: "N"))
    var limit: Int = 20

    @Flag(help: "列出试卷而不是组卷（papers）")
    var papers = false

    @Option(name: .long, help: "输出格式：text 或 json")
    var format: DiagnosticFormat = .text

    @OptionGroup var registryOptions: RegistryOptions

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit 应当是正整数") }
        if let since, BeijingTime.parse(since) == nil {
            throw ValidationError("--since 应当是日期，如 2026-09-01 或 \"2026-09-01 08:00\"，而不是 \(since)")
        }
        if let audience, Audience(rawValue: audience) == nil, !["村(社区)两委", "村（社区）两委"].contains(audience) {
            throw ValidationError("未知的考试对象 \(audience)：可用 \(Audience.allCases.map(\.rawValue).joined(separator: "、"))")
        }
    }

    func run() throws {
        let registry = try registryOptions.open()
        let filter = HistoryFilter(blueprint: blueprint, audience: audience.map { $0.hasPrefix("村") ? Audience.village.rawValue : $0 },
                                   examinee: examinee, since: since.flatMap(BeijingTime.parse), limit: limit)
        do {
            if papers || examinee != nil {
                let found = try registry.papers(filter)
                if format == .json {
                    Terminal.out(JSONValue.array(found.map(Self.json)).serializedString() + "\n")
                    return
                }
                if found.isEmpty { Terminal.out("登记库中没有符合条件的试卷（\(registry.location)）\n") }
                for paper in found {
                    Terminal.out("\(paper.id)  \(BeijingTime.format(paper.createdAt))  \(paper.blueprintID)  \(paper.subjectText)  种子 \(paper.seed)\n")
                }
            } else {
                let found = try registry.builds(filter)
                if format == .json {
                    Terminal.out(JSONValue.array(found.map(Self.json)).serializedString() + "\n")
                    return
                }
                if found.isEmpty { Terminal.out("登记库中还没有组卷记录（\(registry.location)）\n") }
                for build in found {
                    let kind = build.kind == .build ? "组卷" : "服务"
                    let seed = build.seed.map { "种子 \($0)  " } ?? ""
                    Terminal.out("#\(build.id ?? 0)  \(BeijingTime.format(build.createdAt))  \(kind)  \(build.blueprintTitle)（\(build.audience)）  \(seed)\(build.paperCount) 份试卷\n")
                }
            }
        } catch {
            Terminal.error("kaofa: \(error)\n")
            throw ExitCode(2)
        }
    }

    static func json(_ paper: PaperRecord) -> JSONValue {
        var fields: [(String, JSONValue)] = [("id", .string(paper.id)), ("build", paper.buildID.map { .int(Int($0)) } ?? .null),
                                             ("createdAt", .string(RegistryCoding.timestamp(paper.createdAt))),
                                             ("blueprint", .string(paper.blueprintID)), ("audience", .string(paper.audience)),
                                             ("seed", .string(paper.seed))]
        switch paper.subject {
        case let .variant(label): fields.append(("variant", .string(label)))
        case let .examinee(id):
            fields.append(("examinee", .string(id)))
            if let name = paper.examineeName { fields.append(("name", .string(name))) }
            if let unit = paper.examineeUnit { fields.append(("unit", .string(unit))) }
        }
        fields.append(("digest", .string(paper.digest)))
        fields.append(("questions", .array(paper.items.map { .string($0.questionID) })))
        return .object(fields)
    }

    static func json(_ build: BuildRecord) -> JSONValue {
        .object([("id", build.id.map { .int(Int($0)) } ?? .null), ("kind", .string(build.kind.rawValue)),
                 ("createdAt", .string(RegistryCoding.timestamp(build.createdAt))), ("blueprint", .string(build.blueprintID)),
                 ("title", .string(build.blueprintTitle)), ("audience", .string(build.audience)),
                 ("blueprintPath", build.blueprintPath.map(JSONValue.string) ?? .null),
                 ("blueprintDigest", .string(build.blueprintDigest)), ("bankDigest", .string(build.bankDigest)),
                 ("seed", build.seed.map(JSONValue.string) ?? .null), ("kaofaVersion", .string(build.kaofaVersion)),
                 ("papers", .int(build.paperCount))])
    }
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "查看登记库中的一份试卷：来源、考生和题目（show）"
    )

    @Argument(help: ArgumentHelp("试卷编号，如 KF-56b5d73484c0", valueName: "paper-id"))
    var paperID: String

    @Option(name: .long, help: "输出格式：text 或 json")
    var format: DiagnosticFormat = .text

    @OptionGroup var registryOptions: RegistryOptions

    func run() throws {
        let registry = try registryOptions.open()
        let found: (paper: PaperRecord, build: BuildRecord)?
        do {
            found = try registry.paper(id: paperID)
        } catch {
            Terminal.error("kaofa: \(error)\n")
            throw ExitCode(2)
        }
        guard let (paper, build) = found else {
            Terminal.error("kaofa: 登记库中没有试卷 \(paperID)（\(registry.location)）\n")
            throw ExitCode(1)
        }
        if format == .json {
            guard case var .object(fields) = History.json(paper) else { return }
            fields.append(("buildRecord", History.json(build)))
            fields.removeAll { $0.0 == "questions" }
            fields.append(("items", .array(paper.items.map { item in
                .object([("question", .string(item.questionID)), ("optionOrder", .array(item.optionOrder.map { .int($0) })),
                         ("parts", .array(item.parts.map { .array($0.map { .int($0) }) }))])
            })))
            Terminal.out(JSONValue.object(fields).serializedString() + "\n")
            return
        }
        var out = "试卷 \(paper.id)\n"
        out += "  蓝图：\(build.blueprintTitle)（\(build.blueprintPath ?? build.blueprintID)），对象：\(build.audience)\n"
        out += "  种子：\(paper.seed)　\(paper.subjectText)\n"
        let kind = build.kind == .build ? "组卷" : "服务"
        out += "  \(kind) #\(build.id ?? 0)，\(BeijingTime.format(paper.createdAt))（北京时间），kaofa \(build.kaofaVersion)\n"
        out += "  题库摘要：\(build.bankDigest)\n  蓝图摘要：\(build.blueprintDigest)\n  试卷摘要：\(paper.digest)\n"
        out += "  题目（\(paper.items.count) 道，按试卷上的顺序；选项一栏是试卷上的 A、B、C… 依次对应题库中的选项）：\n"
        let width = String(paper.items.count).count
        for (index, item) in paper.items.enumerated() {
            let number = String(repeating: " ", count: width - String(index + 1).count) + "\(index + 1)"
            out += "    \(number). \(item.questionID)"
            if !item.optionOrder.isEmpty { out += "  选项 \(Self.letters(item.optionOrder))" }
            for (part, order) in item.parts.enumerated() where !order.isEmpty {
                out += "  （\(part + 1)）\(Self.letters(order))"
            }
            out += "\n"
        }
        Terminal.out(out)
    }

    static func letters(_ order: [Int]) -> String {
        order.map { String(UnicodeScalar(UInt8(65 + $0))) }.joined(separator: " ")
    }
}
