import KaofaCore

/// Scored sheets as the CSV `kaofa score` writes (docs/results.md): one row per examinee, in the order the sheets
/// were read, with the points per 大题 and per item, so that a teacher can open it in Excel or WPS and
/// `kaofa report` can read it back. UTF-8 with a byte-order mark (Excel needs it to read Chinese), CRLF line ends.
public enum ScoresCSV {
    /// The fixed leading columns; section and item columns follow.
    public static let leadingColumns = ["编号", "姓名", "单位", "试卷编号", "试卷"]
    /// The totals after the section columns.
    public static let totalColumns = ["客观题得分", "阅卷得分", "待阅分值", "总分", "满分", "及格", "优秀"]

    public static func write(_ scored: [ScoredSheet], keys: [ScoringKey]) -> [UInt8] {
        let source = ScoringKeySource(keys: keys)
        var out = header(sectionTitles: source.sectionTitles, itemNumbers: source.itemNumbers)
        for sheet in scored {
            out += row(sheet.sheet, key: keys[sheet.keyIndex], result: sheet.result, sectionTitles: source.sectionTitles,
                       itemNumbers: source.itemNumbers)
        }
        return out
    }

    /// The byte-order mark and the header row.
    public static func header(sectionTitles: [String], itemNumbers: [String]) -> [UInt8] {
        var out: [UInt8] = [0xEF, 0xBB, 0xBF]
        appendRow(leadingColumns + sectionTitles + totalColumns + itemNumbers, to: &out)
        return out
    }

    /// One examinee's row.
    /// `person` names the examinee when the paper does not (papers regenerated without the roster).
    public static func row(_ sheet: AnswerSheet, key: ScoringKey, result: Scorer.Result, sectionTitles: [String],
                           itemNumbers: [String], person: Examinee? = nil) -> [UInt8] {
        var row = leading(examinee: sheet.examinee, name: key.examinee?.name ?? person?.name, unit: key.examinee?.unit ?? person?.unit,
                          paperID: key.paperID, title: key.title,
                          columns: sectionTitles.count + itemNumbers.count)
        for title in sectionTitles {
            row.append(result.sections.first { $0.title == title }.map { $0.points.description } ?? "")
        }
        appendTotals(objective: result.objective, marked: result.markedPoints, pending: result.pendingPoints, max: result.maxPoints,
                     passed: result.passed, excellent: key.excellentPoints == nil ? .none : .some(result.excellent), to: &row)
        // Both in printed order: walk them together.
        var next = 0
        for number in itemNumbers {
            guard next < result.items.count, result.items[next].number == number else { row.append(""); continue }
            let item = result.items[next]
            next += 1
            row.append(item.outcome == .needsMarking ? "待阅" : item.points.description)
        }
        return bytes(row)
    }

    /// The row of a sheet scored in the quick lane (a regenerated paper numbered 1, 2, … without case items): the same
    /// columns as `row(_:key:result:…)` gives that sheet scored in full.
    public static func row(_ scored: QuickScore, sectionTitles: [String], itemNumbers: [String], person: Examinee?) -> [UInt8] {
        var row = leading(examinee: scored.examinee, name: person?.name, unit: person?.unit, paperID: scored.paperID,
                          title: scored.title, columns: sectionTitles.count + itemNumbers.count)
        // The sections are the blueprint's: a title's column shows its first section with that title.
        for title in sectionTitles {
            let section = sectionTitles.firstIndex(of: title)!
            row.append(section < scored.sectionPoints.count ? Points(hundredths: scored.sectionPoints[section]).description : "")
        }
        appendTotals(objective: Points(hundredths: scored.objective), marked: .zero, pending: Points(hundredths: scored.pending),
                     max: Points(hundredths: scored.maxPoints), passed: scored.passed,
                     excellent: scored.hasExcellentMark ? .some(scored.excellent) : .none, to: &row)
        for (index, number) in itemNumbers.enumerated() {
            guard index < scored.itemPoints.count, number == String(index + 1) else { row.append(""); continue }
            let points = scored.itemPoints[index]
            row.append(points == QuickScore.awaitingMarker ? "待阅" : Points(hundredths: points).description)
        }
        return bytes(row)
    }

    /// The leading columns, with room for the rest.
    private static func leading(examinee: String, name: String?, unit: String?, paperID: String, title: String, columns: Int) -> [String] {
        var row = [examinee, name ?? "", unit ?? "", paperID, title]
        row.reserveCapacity(leadingColumns.count + totalColumns.count + columns)
        return row
    }

    /// The total columns; `excellent` is `.none` when the paper has no excellent mark.
    private static func appendTotals(objective: Points, marked: Points, pending: Points, max: Points, passed: Bool?,
                                     excellent: Bool??, to row: inout [String]) {
        row += [objective.description, marked.description, pending.description, (objective + marked).description,
                max.description, flag(passed), excellent.map(flag) ?? ""]
    }

    private static func bytes(_ row: [String]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(row.count * 4 + 64)
        appendRow(row, to: &out)
        return out
    }

    /// 是, 否, or 待阅 while written items could still decide it.
    static func flag(_ value: Bool?) -> String {
        switch value {
        case true?: "是"
        case false?: "否"
        case nil: "待阅"
        }
    }

    /// `"43.1"` → (43, 1), `"7"` → (7, 0).
    static func numberOrder(_ number: String) -> [Int] {
        number.split(separator: ".").map { Int($0) ?? 0 } + [0]
    }

    static func appendRow(_ fields: [String], to out: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendField(field, to: &out)
        }
        out.append(0x0D)
        out.append(0x0A)
    }

    /// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. A field that a spreadsheet would
    /// read as a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`, so that an examinee's text cannot run in Excel.
    static func appendField(_ field: String, to out: inout [UInt8]) {
        var text = field
        if let first = text.unicodeScalars.first, "=+-@".unicodeScalars.contains(first), Double(text) == nil { text = "'" + text }
        let needsQuotes = text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            out.append(contentsOf: text.utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }
}
