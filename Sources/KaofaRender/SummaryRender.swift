import KaofaCore

/// The build summary as JSON (`summary.json`) and as the text `kaofa build` prints.
public enum SummaryRender {
    public struct PaperEntry: Sendable {
        public var id: String
        public var subject: Randomness.Subject
        public var files: [String]

        public init(id: String, subject: Randomness.Subject, files: [String]) {
            self.id = id
            self.subject = subject
            self.files = files
        }
    }

    public static func json(_ summary: BuildSummary, seed: String, bankDigest: String, papers: [PaperEntry]) -> [UInt8] {
        let plan = summary.plan, blueprint = plan.blueprint
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.key("schema"); w.string("kaofa.summary/1")
        w.key("blueprint"); w.string(blueprint.id)
        w.key("title"); w.string(blueprint.title)
        w.key("audience"); w.string(blueprint.audience.rawValue)
        w.key("seed"); w.string(seed)
        w.key("bankDigest"); w.string(bankDigest)
        w.key("blueprintDigest"); w.string(blueprint.digest)
        w.key("generator"); w.string(Randomness.generator)
        w.key("kaofaVersion"); w.string(KaofaVersion.current)
        w.key("paperCount"); w.int(summary.paperCount)
        w.key("papersOffQuota"); w.int(summary.papersOffQuota)
        w.key("eligibleQuestions"); w.int(plan.questions.count)
        w.key("questionsUsed"); w.int(summary.questionsUsed)
        w.key("pointsTotal"); w.points(summary.pointsTotal)
        w.key("meanDifficulty"); w.double(summary.meanDifficulty.map { ($0 * 1000).rounded() / 1000 })
        w.key("sections")
        w.beginArray()
        for (section, count) in zip(blueprint.sections, summary.sectionCounts) {
            w.beginObject()
            w.key("type"); w.string(section.type.rawValue)
            w.key("title"); w.string(section.title)
            w.key("required"); w.int(section.count)
            w.key("actual"); w.int(count)
            w.endObject()
        }
        w.endArray()
        func margin(_ name: String, names: [String], targets: [Int], actual: [Int], measure: QuotaMeasure?) {
            w.key(name)
            guard let measure else { return w.null() }
            w.beginObject()
            w.key("by"); w.string(measure.rawValue)
            w.key("groups")
            w.beginArray()
            for (index, groupName) in names.enumerated() {
                w.beginObject()
                w.key("name"); w.string(groupName)
                if measure == .points {
                    w.key("required"); w.points(Points(hundredths: targets[index]))
                    w.key("actual"); w.points(Points(hundredths: actual[index]))
                } else {
                    w.key("required"); w.int(targets[index])
                    w.key("actual"); w.int(actual[index])
                }
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        margin("law", names: plan.lawGroupNames, targets: plan.lawTargets, actual: summary.lawCounts, measure: blueprint.lawQuota?.measure)
        margin("difficulty", names: plan.difficultyGroupNames, targets: plan.difficultyTargets, actual: summary.difficultyCounts,
               measure: blueprint.difficultyQuota?.measure)
        w.key("answerPositions")
        w.beginObject()
        for (index, count) in summary.answerPositions.enumerated() where count > 0 || index < 4 {
            w.key(String(UnicodeScalar(UInt8(65 + index)))); w.int(count)
        }
        w.endObject()
        w.key("variantOverlap")
        w.beginArray()
        for overlap in summary.variantOverlaps {
            w.beginObject()
            w.key("variants"); w.strings([overlap.first, overlap.second])
            w.key("sharedQuestions"); w.int(overlap.shared)
            w.endObject()
        }
        w.endArray()
        w.key("exposure")
        w.beginObject()
        let top = summary.mostExposed(limit: 20)
        w.key("maxPapers"); w.int(top.first?.papers ?? 0)
        w.key("maxRate"); w.double(summary.paperCount == 0 ? 0 : ((Double(top.first?.papers ?? 0) / Double(summary.paperCount)) * 1000).rounded() / 1000)
        w.key("mostExposed")
        w.beginArray()
        for entry in top {
            w.beginObject()
            w.key("id"); w.string(entry.id)
            w.key("papers"); w.int(entry.papers)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.key("papers")
        w.beginArray()
        for paper in papers {
            w.beginObject()
            w.key("id"); w.string(paper.id)
            switch paper.subject {
            case let .variant(label): w.key("variant"); w.string(label)
            case let .examinee(id): w.key("examinee"); w.string(id)
            }
            w.key("files"); w.strings(paper.files)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.bytes
    }

    /// The lines `kaofa build` prints.
    public static func text(_ summary: BuildSummary) -> String {
        let plan = summary.plan, blueprint = plan.blueprint
        var lines: [String] = []
        lines.append("\(blueprint.title)（\(blueprint.audience.rawValue)）：\(summary.paperCount) 份试卷，每份 \(blueprint.itemCount) 题、\(summary.pointsTotal) 分")
        lines.append("  题型：" + zip(blueprint.sections, summary.sectionCounts).map { "\($0.type.shortName) \($1)/\($0.count)" }.joined(separator: "，"))
        func margin(_ title: String, names: [String], targets: [Int], actual: [Int], measure: QuotaMeasure?) {
            guard let measure else { return }
            let unit = measure == .points ? "分" : "题"
            let parts = names.indices.filter { targets[$0] > 0 || actual[$0] > 0 }.map { index in
                measure == .points
                    ? "\(names[index]) \(Points(hundredths: actual[index]))/\(Points(hundredths: targets[index]))"
                    : "\(names[index]) \(actual[index])/\(targets[index])"
            }
            lines.append("  \(title)（实际/要求，\(unit)）：" + parts.joined(separator: "，"))
        }
        margin("法律", names: plan.lawGroupNames, targets: plan.lawTargets, actual: summary.lawCounts, measure: blueprint.lawQuota?.measure)
        margin("难度", names: plan.difficultyGroupNames, targets: plan.difficultyTargets, actual: summary.difficultyCounts,
               measure: blueprint.difficultyQuota?.measure)
        if let mean = summary.meanDifficulty {
            lines.append("  平均难度：\(String(format: "%.2f", mean))（易=1，中=2，难=3）")
        }
        let positions = summary.answerPositions.enumerated().filter { $0.offset < 4 || $0.element > 0 }
            .map { "\(String(UnicodeScalar(UInt8(65 + $0.offset)))) \($0.element)" }
        lines.append("  正确答案位置：" + positions.joined(separator: "，"))
        if !summary.variantOverlaps.isEmpty {
            lines.append("  各卷重复题数：" + summary.variantOverlaps.map { "\($0.first)/\($0.second) \($0.shared)" }.joined(separator: "，"))
        }
        if summary.variantSets.isEmpty, summary.paperCount > 1, let top = summary.mostExposed(limit: 1).first {
            let rate = Double(top.papers) / Double(summary.paperCount) * 100
            lines.append("  题目曝光：用到 \(summary.questionsUsed)/\(plan.questions.count) 道题，最多的一道（\(top.id)）出现在 \(top.papers) 份试卷中（\(String(format: "%.1f", rate))%）")
        }
        if summary.papersOffQuota > 0 {
            lines.append("  警告：\(summary.papersOffQuota) 份试卷与蓝图不符（这是 kaofa 的缺陷，请报告）")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
