import KaofaCore

/// A results report as an Excel workbook (`report.xlsx`): one sheet per table of report.html — 汇总, one per region
/// level, 按单位, 提示名单, 缺考人员, 名单以外, and 试题分析 when the sheets were analysed. Counts and scores are numbers;
/// rates are percentages with two decimals (95.31 for 95.31%), as the column titles say.
public enum ReportXLSX {
    public static func workbook(_ report: ResultsReport, analysis: ItemAnalysis? = nil) throws -> [UInt8] {
        let hasExcellent = report.excellentPoints != nil
        func header(_ path: [String], name: String) -> [XLSXCell] {
            var titles = path + [name, "应考人数", "实考人数", "参考率（%）", "及格人数", "及格率（%）"]
            if hasExcellent { titles += ["优秀人数", "优秀率（%）"] }
            titles += ["平均分", "最高分", "最低分", "中位数"]
            return titles.map { .text($0) }
        }
        func row(_ figures: ResultsReport.Figures, pathCount: Int) -> [XLSXCell] {
            var cells: [XLSXCell] = figures.path.suffix(pathCount).map { .text($0) } + [.text(figures.name)]
            cells += [.number(Double(figures.enrolled)), .number(Double(figures.examined)), percent(figures.participationRate),
                      .number(Double(figures.passed)), figures.passRate.map(percent) ?? .empty]
            if hasExcellent { cells += [.number(Double(figures.excellent)), figures.excellentRate.map(percent) ?? .empty] }
            cells += [figures.meanHundredths.map(score) ?? .empty, figures.maxScore.map(points) ?? .empty,
                      figures.minScore.map(points) ?? .empty, figures.medianHundredths.map(score) ?? .empty]
            return cells
        }
        var sheets: [XLSXSheet] = []
        var summary: [[XLSXCell]] = [[.text("项目"), .text("数值")], [.text("考试"), .text(report.title)],
                                     [.text("满分"), points(report.totalPoints)], [.text("及格线"), points(report.passPoints)]]
        if let excellent = report.excellentPoints { summary.append([.text("优秀线"), points(excellent)]) }
        summary.append([.text("参考率提示线（%）"), percent(report.participationThreshold)])
        summary += zip(header([], name: "范围").dropFirst(), row(report.overall, pathCount: 0).dropFirst()).map { [$0, $1] }
        if report.pendingExaminees > 0 { summary.append([.text("含待阅题的成绩（人）"), .number(Double(report.pendingExaminees))]) }
        sheets.append(XLSXSheet(name: "汇总", rows: summary))
        for (depth, level) in report.levels.enumerated() {
            let rows = report.regions.filter { $0.level == level }.map { row($0, pathCount: depth) }
            sheets.append(XLSXSheet(name: "按\(level)", rows: [header(Array(report.levels.prefix(depth)), name: level)] + rows))
        }
        sheets.append(XLSXSheet(name: "按单位", rows: [header(report.levels, name: "单位")]
                                    + report.units.map { row($0, pathCount: report.levels.count) }))
        sheets.append(XLSXSheet(name: "提示名单", rows: [(report.levels + ["单位", "应考人数", "实考人数", "参考率（%）"]).map { .text($0) }]
                                    + report.lowParticipation.map { index in
                                        let unit = report.units[index]
                                        return unit.path.map { .text($0) } + [.text(unit.name), .number(Double(unit.enrolled)),
                                                                              .number(Double(unit.examined)), percent(unit.participationRate)]
                                    }))
        sheets.append(XLSXSheet(name: "缺考人员", rows: [(report.levels + ["单位", "编号", "姓名"]).map { .text($0) }]
                                    + report.absences.flatMap { absence in
                                        absence.absentees.map { person in
                                            absence.path.map { .text($0) } + [.text(absence.unit), .text(person.id), person.name.map { .text($0) } ?? .empty]
                                        }
                                    }))
        if !report.unlisted.isEmpty {
            sheets.append(XLSXSheet(name: "名单以外", rows: [[.text("编号"), .text("总分")]]
                                        + report.unlisted.map { [.text($0.examinee), points($0.total)] }))
        }
        if let analysis {
            var rows: [[XLSXCell]] = [["题目编号", "题型", "人次", "作答", "通过率（%）", "区分度", "点二列相关", "标记", "各选项被选比例"].map { .text($0) }]
            let order = analysis.flagged + analysis.items.indices.filter { analysis.items[$0].flags.isEmpty }
            for index in order {
                let item = analysis.items[index]
                rows.append([.text(item.questionID), .text(item.type.shortName), .number(Double(item.presented)), .number(Double(item.answered)),
                             percent(item.difficulty), item.discrimination.map { .number(rounded($0, 4)) } ?? .empty,
                             item.pointBiserial.map { .number(rounded($0, 4)) } ?? .empty,
                             .text(item.flags.map(\.explanation).joined(separator: "；")),
                             .text(item.options.map { "「\($0.text)」\(rounded($0.share * 100, 2))%\($0.correct ? "（答案）" : "")" }.joined(separator: " "))])
            }
            sheets.append(XLSXSheet(name: "试题分析", rows: rows))
        }
        return try XLSXWriter.write(sheets)
    }

    static func percent(_ rate: Double) -> XLSXCell { .number(rounded(rate * 100, 2)) }
    static func score(_ hundredths: Double) -> XLSXCell { .number(hundredths.rounded() / 100) }
    static func points(_ points: Points) -> XLSXCell { .number(points.value) }
    static func rounded(_ value: Double, _ places: Int) -> Double {
        let scale = places == 2 ? 100.0 : 10_000.0
        return (value * scale).rounded() / scale
    }
}
