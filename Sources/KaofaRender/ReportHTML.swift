import KaofaCore

/// A results report as one self-contained HTML page: the figures of the whole exam, charts drawn as inline SVG
/// (participation by unit, sorted, with the threshold line; the score distribution; pass and excellent rates by
/// region), and the tables — regions level by level, units, units under the threshold for a 提示函, absentees per
/// unit, scores of people not on the roster. No scripts, no external files; readable when printed.
public enum ReportHTML {
    public static func document(_ report: ResultsReport, analysis: ItemAnalysis? = nil) -> String {
        var out = """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <title>\(HTMLText.escape(report.title))成绩统计</title>
        <style>\(css)</style>
        </head>
        <body>

        """
        out += "<h1>\(HTMLText.escape(report.title))成绩统计</h1>\n"
        var marks = "满分 \(report.totalPoints) 分，及格 \(report.passPoints) 分"
        if let excellent = report.excellentPoints { marks += "，优秀 \(excellent) 分" }
        marks += "；参考率低于 \(percent(report.participationThreshold)) 的单位列入提示名单"
        out += "<p class=\"marks\">\(HTMLText.escape(marks))</p>\n"
        if report.pendingExaminees > 0 {
            out += "<p class=\"warning\">注意：\(report.pendingExaminees) 人的成绩还有待阅的题，按已评的分数统计。</p>\n"
        }
        out += summary(report.overall)

        out += "<h2>各单位参考率</h2>\n"
        out += participationChart(report)
        out += "<h2>成绩分布</h2>\n"
        out += histogram(report.overall, totalPoints: report.totalPoints)
        if let firstLevel = report.levels.first {
            let top = report.regions.filter { $0.level == firstLevel }
            out += "<h2>各\(HTMLText.escape(firstLevel))及格率、优秀率</h2>\n"
            out += rateChart(top, hasExcellent: report.excellentPoints != nil)
        }

        for level in report.levels {
            let rows = report.regions.filter { $0.level == level }
            out += "<h2>按\(HTMLText.escape(level))统计</h2>\n"
            out += table(rows, pathTitles: Array(report.levels.prefix { $0 != level }), nameTitle: level, hasExcellent: report.excellentPoints != nil)
        }
        out += "<h2>按单位统计</h2>\n"
        out += table(report.units, pathTitles: report.levels, nameTitle: "单位", hasExcellent: report.excellentPoints != nil)

        out += "<h2>参考率低于 \(percent(report.participationThreshold)) 的单位（\(report.lowParticipation.count) 个）</h2>\n"
        if report.lowParticipation.isEmpty {
            out += "<p>没有。</p>\n"
        } else {
            out += "<table><thead><tr>"
            for title in report.levels + ["单位", "应考人数", "实考人数", "参考率"] { out += "<th>\(HTMLText.escape(title))</th>" }
            out += "</tr></thead><tbody>\n"
            for index in report.lowParticipation {
                let unit = report.units[index]
                out += "<tr>" + unit.path.map { "<td>\(HTMLText.escape($0))</td>" }.joined()
                out += "<td>\(HTMLText.escape(unit.name))</td><td class=\"n\">\(unit.enrolled)</td><td class=\"n\">\(unit.examined)</td>"
                out += "<td class=\"n low\">\(percent(unit.participationRate))</td></tr>\n"
            }
            out += "</tbody></table>\n"
        }

        let absentCount = report.absences.reduce(0) { $0 + $1.absentees.count }
        out += "<h2>缺考人员（\(absentCount) 人）</h2>\n"
        if report.absences.isEmpty { out += "<p>没有。</p>\n" }
        for absence in report.absences {
            let place = (absence.path + [absence.unit]).joined(separator: " / ")
            out += "<h3>\(HTMLText.escape(place))（\(absence.absentees.count) 人）</h3>\n<p class=\"names\">"
            out += absence.absentees.map { person in
                HTMLText.escape(person.name.map { "\($0)（\(person.id)）" } ?? person.id)
            }.joined(separator: "、")
            out += "</p>\n"
        }
        if let analysis { out += items(analysis) }
        if !report.unlisted.isEmpty {
            out += "<h2>名单以外的成绩（\(report.unlisted.count) 人，未计入任何单位）</h2>\n<p class=\"names\">"
            out += report.unlisted.map { HTMLText.escape("\($0.examinee)：\($0.total) 分") }.joined(separator: "、")
            out += "</p>\n"
        }
        out += "</body>\n</html>\n"
        return out
    }

    // MARK: Pieces

    /// 试题分析: the reliability, the flagged questions worst first with their option shares, then every question.
    static func items(_ analysis: ItemAnalysis) -> String {
        func coefficient(_ value: Double?) -> String {
            guard let value else { return "—" }
            let hundredths = Int((value * 100).rounded()), size = abs(hundredths)
            return (hundredths < 0 ? "−" : "") + "\(size / 100).\(size % 100 < 10 ? "0" : "")\(size % 100)"
        }
        var out = "<h2>试题分析</h2>\n<p>\(analysis.examinees) 份答卷，\(analysis.items.count) 道题；信度 KR-20 \(coefficient(analysis.kr20))，"
        out += "Cronbach α \(coefficient(analysis.alpha))。通过率是得分占该题分值的平均比例；区分度是成绩前 27% 与后 27% 考生通过率之差。</p>\n"
        out += "<h3>需要注意的题（\(analysis.flagged.count) 道，最严重的在前）</h3>\n"
        if analysis.flagged.isEmpty { out += "<p>\(HTMLText.escape(analysis.unflaggedVerdict))</p>\n" }
        else {
            out += "<table><thead><tr><th>题目编号</th><th>人次</th><th>通过率</th><th>区分度</th><th>点二列相关</th><th>问题</th><th>各选项被选比例</th></tr></thead><tbody>\n"
            for index in analysis.flagged {
                let item = analysis.items[index]
                out += "<tr><td>\(HTMLText.escape(item.questionID))</td><td class=\"n\">\(item.presented)</td><td class=\"n\">\(percent(item.difficulty))</td>"
                out += "<td class=\"n\(item.flags.contains(.negativeDiscrimination) ? " low" : "")\">\(coefficient(item.discrimination))</td>"
                out += "<td class=\"n\">\(coefficient(item.pointBiserial))</td>"
                out += "<td>" + item.flags.map { HTMLText.escape($0.explanation) }.joined(separator: "<br>") + "</td><td>"
                out += item.options.map { option in
                    HTMLText.escape("「\(option.text)」\(percent(option.share))") + (option.correct ? "（答案）" : "")
                }.joined(separator: "<br>")
                out += "</td></tr>\n"
            }
            out += "</tbody></table>\n"
        }
        out += "<h3>全部试题</h3>\n<table><thead><tr><th>题目编号</th><th>题型</th><th>人次</th><th>作答</th><th>通过率</th><th>区分度</th><th>点二列相关</th></tr></thead><tbody>\n"
        for item in analysis.items {
            out += "<tr><td>\(HTMLText.escape(item.questionID))</td><td>\(item.type.shortName)</td><td class=\"n\">\(item.presented)</td>"
            out += "<td class=\"n\">\(item.answered)</td><td class=\"n\">\(percent(item.difficulty))</td>"
            out += "<td class=\"n\">\(coefficient(item.discrimination))</td><td class=\"n\">\(coefficient(item.pointBiserial))</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    static func summary(_ figures: ResultsReport.Figures) -> String {
        let cells: [(String, String)] = [
            ("应考人数", "\(figures.enrolled)"), ("实考人数", "\(figures.examined)"), ("参考率", percent(figures.participationRate)),
            ("及格率", figures.passRate.map(percent) ?? "—"), ("优秀率", figures.excellentRate.map(percent) ?? "—"),
            ("平均分", figures.meanHundredths.map(score) ?? "—"), ("最高分", figures.maxScore.map(\.description) ?? "—"),
            ("最低分", figures.minScore.map(\.description) ?? "—"), ("中位数", figures.medianHundredths.map(score) ?? "—"),
        ]
        var out = "<div class=\"summary\">"
        for (title, value) in cells { out += "<div><span>\(title)</span><b>\(HTMLText.escape(value))</b></div>" }
        return out + "</div>\n"
    }

    static func table(_ rows: [ResultsReport.Figures], pathTitles: [String], nameTitle: String, hasExcellent: Bool) -> String {
        var titles = pathTitles + [nameTitle, "应考人数", "实考人数", "参考率", "及格人数", "及格率"]
        if hasExcellent { titles += ["优秀人数", "优秀率"] }
        titles += ["平均分", "最高分", "最低分", "中位数"]
        var out = "<table><thead><tr>" + titles.map { "<th>\(HTMLText.escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in rows {
            out += "<tr>" + row.path.suffix(pathTitles.count).map { "<td>\(HTMLText.escape($0))</td>" }.joined()
            out += "<td>\(HTMLText.escape(row.name))</td><td class=\"n\">\(row.enrolled)</td><td class=\"n\">\(row.examined)</td>"
            out += "<td class=\"n\">\(percent(row.participationRate))</td><td class=\"n\">\(row.passed)</td>"
            out += "<td class=\"n\">\(row.passRate.map(percent) ?? "—")</td>"
            if hasExcellent { out += "<td class=\"n\">\(row.excellent)</td><td class=\"n\">\(row.excellentRate.map(percent) ?? "—")</td>" }
            out += "<td class=\"n\">\(row.meanHundredths.map(score) ?? "—")</td><td class=\"n\">\(row.maxScore?.description ?? "—")</td>"
            out += "<td class=\"n\">\(row.minScore?.description ?? "—")</td><td class=\"n\">\(row.medianHundredths.map(score) ?? "—")</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    /// Units sorted by 参考率, highest first, one bar each, with the threshold as a dashed line; names under the bars
    /// while they fit.
    static func participationChart(_ report: ResultsReport) -> String {
        let order = report.units.indices.sorted {
            (-report.units[$0].participationRate, $0) < (-report.units[$1].participationRate, $1)
        }
        let count = max(1, order.count)
        let plotWidth = 860.0, plotHeight = 220.0, left = 48.0, top = 12.0
        let step = max(2.0, min(60.0, plotWidth / Double(count)))
        let labelled = count <= 40
        let bottom = labelled ? 76.0 : 24.0
        let width = left + step * Double(count) + 56
        var svg = svgOpen(width: max(width, 400), height: top + plotHeight + bottom, label: "各单位参考率")
        svg += axis(left: left, top: top, width: step * Double(count), height: plotHeight)
        for (position, index) in order.enumerated() {
            let unit = report.units[index]
            let height = plotHeight * unit.participationRate
            let x = left + step * Double(position) + step * 0.15
            let low = unit.participationRate < report.participationThreshold
            svg += "<rect class=\"\(low ? "bar low" : "bar")\" x=\"\(f(x))\" y=\"\(f(top + plotHeight - height))\" width=\"\(f(step * 0.7))\" height=\"\(f(height))\">"
            svg += "<title>\(HTMLText.escape(unit.name))：\(percent(unit.participationRate))</title></rect>\n"
            if labelled {
                let cx = left + step * (Double(position) + 0.5), cy = top + plotHeight + 8
                svg += "<text class=\"unit\" transform=\"translate(\(f(cx)),\(f(cy))) rotate(60)\">\(HTMLText.escape(clipped(unit.name)))</text>\n"
            }
        }
        let y = top + plotHeight * (1 - report.participationThreshold)
        svg += "<line class=\"threshold\" x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + step * Double(count)))\" y2=\"\(f(y))\"/>"
        svg += "<text class=\"threshold-label\" x=\"\(f(left + step * Double(count) + 4))\" y=\"\(f(y + 4))\">\(percent(report.participationThreshold))</text>\n"
        if !labelled { svg += "<text class=\"note\" x=\"\(f(left))\" y=\"\(f(top + plotHeight + 18))\">共 \(order.count) 个单位，按参考率从高到低排列</text>\n" }
        return svg + "</svg>\n"
    }

    /// The score distribution: examinees per band of 10% of full marks.
    static func histogram(_ figures: ResultsReport.Figures, totalPoints: Points) -> String {
        let plotWidth = 600.0, plotHeight = 200.0, left = 48.0, top = 16.0
        // A maximum the four gridlines divide into whole numbers.
        let most = max(4, ((figures.bands.max() ?? 0) + 3) / 4 * 4)
        var svg = svgOpen(width: left + plotWidth + 16, height: top + plotHeight + 40, label: "成绩分布")
        svg += axis(left: left, top: top, width: plotWidth, height: plotHeight, maximum: most)
        let step = plotWidth / 10
        for (band, count) in figures.bands.enumerated() {
            let height = plotHeight * Double(count) / Double(most)
            let lower = Double(totalPoints.hundredths) * Double(band) / 1000
            let upper = Double(totalPoints.hundredths) * Double(band + 1) / 1000
            let range = "\(trim(lower))–\(trim(upper))"
            svg += "<rect class=\"bar\" x=\"\(f(left + step * Double(band) + 4))\" y=\"\(f(top + plotHeight - height))\" width=\"\(f(step - 8))\" height=\"\(f(height))\"><title>\(range) 分：\(count) 人</title></rect>\n"
            svg += "<text class=\"count\" x=\"\(f(left + step * (Double(band) + 0.5)))\" y=\"\(f(top + plotHeight - height - 3))\" text-anchor=\"middle\">\(count)</text>\n"
            svg += "<text class=\"tick\" x=\"\(f(left + step * (Double(band) + 0.5)))\" y=\"\(f(top + plotHeight + 16))\" text-anchor=\"middle\">\(range)</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// Pass and excellent rates of the regions of one level, side by side.
    static func rateChart(_ regions: [ResultsReport.Figures], hasExcellent: Bool) -> String {
        let plotHeight = 200.0, left = 48.0, top = 24.0
        let groupWidth = regions.count > 30 ? 18.0 : 44.0
        let labelled = regions.count <= 40
        let bottom = labelled ? 76.0 : 20.0
        let plotWidth = max(300, groupWidth * Double(regions.count))
        var svg = svgOpen(width: left + plotWidth + 16, height: top + plotHeight + bottom, label: "及格率、优秀率")
        svg += axis(left: left, top: top, width: plotWidth, height: plotHeight)
        svg += "<rect class=\"bar\" x=\"\(f(left))\" y=\"4\" width=\"10\" height=\"10\"/><text class=\"tick\" x=\"\(f(left + 14))\" y=\"13\">及格率</text>"
        if hasExcellent {
            svg += "<rect class=\"bar second\" x=\"\(f(left + 70))\" y=\"4\" width=\"10\" height=\"10\"/><text class=\"tick\" x=\"\(f(left + 84))\" y=\"13\">优秀率</text>"
        }
        svg += "\n"
        let barWidth = hasExcellent ? groupWidth * 0.35 : groupWidth * 0.6
        for (position, region) in regions.enumerated() {
            let x = left + groupWidth * Double(position) + groupWidth * 0.15
            let pass = region.passRate ?? 0
            svg += "<rect class=\"bar\" x=\"\(f(x))\" y=\"\(f(top + plotHeight * (1 - pass)))\" width=\"\(f(barWidth))\" height=\"\(f(plotHeight * pass))\"><title>\(HTMLText.escape(region.name)) 及格率 \(percent(pass))</title></rect>"
            if hasExcellent {
                let excellent = region.excellentRate ?? 0
                svg += "<rect class=\"bar second\" x=\"\(f(x + barWidth))\" y=\"\(f(top + plotHeight * (1 - excellent)))\" width=\"\(f(barWidth))\" height=\"\(f(plotHeight * excellent))\"><title>\(HTMLText.escape(region.name)) 优秀率 \(percent(excellent))</title></rect>"
            }
            if labelled {
                let cx = left + groupWidth * (Double(position) + 0.5), cy = top + plotHeight + 8
                svg += "<text class=\"unit\" transform=\"translate(\(f(cx)),\(f(cy))) rotate(60)\">\(HTMLText.escape(clipped(region.name)))</text>"
            }
            svg += "\n"
        }
        return svg + "</svg>\n"
    }

    static func svgOpen(width: Double, height: Double, label: String) -> String {
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(label))\">\n"
    }

    /// Axes with gridlines: percentages, or counts up to `maximum`.
    static func axis(left: Double, top: Double, width: Double, height: Double, maximum: Int? = nil) -> String {
        var svg = ""
        for step in 0...4 {
            let y = top + height * (1 - Double(step) / 4)
            let label = maximum.map { trim(Double($0) * Double(step) / 4) } ?? "\(step * 25)%"
            svg += "<line class=\"grid\" x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + width))\" y2=\"\(f(y))\"/>"
            svg += "<text class=\"tick\" x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(label)</text>\n"
        }
        return svg
    }

    // MARK: Numbers

    /// `95.31%`: two decimals, as 参考率 are reported.
    public static func percent(_ rate: Double) -> String {
        let hundredths = Int((rate * 10_000).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)%"
    }

    /// Hundredths of a point as points with at most two decimals.
    static func score(_ hundredths: Double) -> String {
        Points(hundredths: Int(hundredths.rounded())).description
    }

    static func trim(_ value: Double) -> String {
        Points(hundredths: Int((value * 100).rounded())).description
    }

    /// A coordinate with at most one decimal.
    static func f(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
    }

    static func clipped(_ name: String) -> String {
        name.count <= 10 ? name : String(name.prefix(9)) + "…"
    }

    static let css = """
    @page { size: A4 landscape; margin: 14mm 12mm; }
    body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; color: #222; margin: 24px; font-size: 14px; }
    h1 { font-size: 22px; margin: 0 0 6px; }
    h2 { font-size: 17px; margin: 26px 0 8px; border-bottom: 1px solid #bbb; padding-bottom: 3px; break-after: avoid; }
    h3 { font-size: 14px; margin: 12px 0 4px; }
    .marks { color: #555; margin: 0 0 12px; }
    .warning { color: #a33; }
    .summary { display: flex; flex-wrap: wrap; gap: 8px; }
    .summary div { border: 1px solid #ccc; border-radius: 4px; padding: 6px 12px; min-width: 84px; }
    .summary span { display: block; color: #666; font-size: 12px; }
    .summary b { font-size: 18px; }
    table { border-collapse: collapse; margin: 6px 0 10px; font-size: 13px; }
    th, td { border: 1px solid #bbb; padding: 3px 7px; }
    th { background: #f0f0f0; font-weight: 600; }
    td.n { text-align: right; font-variant-numeric: tabular-nums; }
    td.low { color: #b00; font-weight: 600; }
    tr { break-inside: avoid; }
    .names { line-height: 1.7; }
    svg.chart { display: block; max-width: 100%; height: auto; break-inside: avoid; }
    svg .bar { fill: #3b6ea8; }
    svg .bar.low { fill: #c0504d; }
    svg .bar.second { fill: #e0a030; }
    svg .grid { stroke: #ddd; stroke-width: 1; }
    svg .threshold { stroke: #b00; stroke-dasharray: 6 4; stroke-width: 1.5; }
    svg text.threshold-label { fill: #b00; font-size: 12px; }
    svg text { font-size: 11px; fill: #444; }
    svg text.unit { font-size: 11px; }
    svg text.count { font-size: 11px; fill: #222; }
    svg text.note { font-size: 12px; }
    """
}
