/// The per-question figures of an item analysis read back from its JSON (`kaofa.analysis/1`, or a `kaofa.report/1`
/// with items), to bring them back to the bank: warnings at the questions' lines (`kaofa check --stats`) and proposed
/// 难度 tags (`kaofa calibrate`).
public struct ItemStatistics: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var questionID: String
        public var presented: Int
        public var difficulty: Double
        public var discrimination: Double?
        public var flags: [ItemAnalysis.Flag]
    }

    public var path: String
    public var entries: [Entry]

    /// Reads the `items` of an analysis or report document.
    public static func read(_ bytes: [UInt8], path: String) -> Result<ItemStatistics, Diagnostic> {
        func fail(_ message: String) -> Result<ItemStatistics, Diagnostic> {
            .failure(Diagnostic(.invalidItemStatistics, message, at: .wholeFile(path),
                                notes: [.help("--stats 应当是 kaofa analyze -o 写出的 JSON，或 kaofa report 给出 --responses 时写出的 report.json")]))
        }
        let value: JSONValue
        switch JSONReader.read(bytes) {
        case let .success(read): value = read
        case let .failure(failure): return fail("“\(path)”不是有效的 JSON：\(failure.message)")
        }
        guard let schema = value["schema"]?.stringValue, ["kaofa.analysis/1", "kaofa.report/1"].contains(schema) else {
            return fail("“\(path)”不是 kaofa 的试题分析或统计报告（schema 应为 kaofa.analysis/1 或 kaofa.report/1）")
        }
        guard let items = value["items"]?.arrayValue else {
            return fail("“\(path)”中没有试题分析（items）；统计报告要在 kaofa report 给出 --papers 和 --responses 时才有")
        }
        var entries: [Entry] = []
        for item in items {
            guard let id = item["questionId"]?.stringValue, case let .int(presented)? = item["presented"],
                  let difficulty = number(item["difficulty"]) else {
                return fail("“\(path)”的 items 中有一项缺少 questionId、presented 或 difficulty")
            }
            let flags = (item["flags"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(ItemAnalysis.Flag.init(rawValue:)) }
            entries.append(Entry(questionID: id, presented: presented, difficulty: difficulty, discrimination: number(item["discrimination"]),
                                 flags: flags))
        }
        return .success(ItemStatistics(path: path, entries: entries))
    }

    static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case let .int(number)?: Double(number)
        case let .double(number)?: number
        default: nil
        }
    }

    /// A warning at each flagged question of `questions`, at its id.
    public func warnings(for questions: [Question]) -> [Diagnostic] {
        var byID: [String: Entry] = [:]
        for entry in entries where !entry.flags.isEmpty { byID[entry.questionID] = entry }
        var diagnostics: [Diagnostic] = []
        for question in questions {
            guard let id = question.id, let entry = byID[id] else { continue }
            let range = question.source.idRange ?? question.source.numberRange
            var message = "考试数据（\(entry.presented) 人次）：通过率 \(Self.percent(entry.difficulty))"
            if let discrimination = entry.discrimination { message += "，区分度 \(Self.coefficient(discrimination))" }
            message += "；" + entry.flags.map(\.explanation).joined(separator: "；")
            diagnostics.append(Diagnostic(.itemStatistics, message, at: range,
                                          notes: [.note("数据来自 \(path)"),
                                                  .help(entry.flags.contains(.likelyWrongKey) || entry.flags.contains(.negativeDiscrimination)
                                                        ? "核对答案和题干；改正后，下一次考试的数据会显示是否还有问题"
                                                        : "考虑修改干扰项或调整难度标注（kaofa calibrate 可以提出难度建议）")]))
        }
        return diagnostics
    }

    /// The 难度 a question's observed p suggests: 易 from 0.85, 中 from 0.6, 难 below.
    public static func proposedDifficulty(_ p: Double) -> Difficulty {
        p >= 0.85 ? .easy : p >= 0.6 ? .medium : .hard
    }

    static func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }

    static func coefficient(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded()), size = abs(hundredths)
        return (hundredths < 0 ? "−" : "") + "\(size / 100).\(size % 100 < 10 ? "0" : "")\(size % 100)"
    }
}
