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
        // Section titles in order of first appearance; item numbers in printed order (1, 2, …, 43.1, 43.2).
        var sectionTitles: [String] = []
        var seenTitles: Set<String> = []
        var numbers: Set<String> = []
        for key in keys {
            for section in key.sections where seenTitles.insert(section.title).inserted { sectionTitles.append(section.title) }
            for item in key.items { numbers.insert(item.number) }
        }
        let itemNumbers = numbers.sorted { numberOrder($0).lexicographicallyPrecedes(numberOrder($1)) }
        var out: [UInt8] = [0xEF, 0xBB, 0xBF]
        out.reserveCapacity(64 + scored.count * (64 + itemNumbers.count * 3))
        appendRow(leadingColumns + sectionTitles + totalColumns + itemNumbers, to: &out)
        var row: [String] = []
        for sheet in scored {
            let key = keys[sheet.keyIndex]
            let result = sheet.result
            row.removeAll(keepingCapacity: true)
            row += [sheet.sheet.examinee, key.examinee?.name ?? "", key.examinee?.unit ?? "", key.paperID, key.title]
            for title in sectionTitles {
                row.append(result.sections.first { $0.title == title }.map { $0.points.description } ?? "")
            }
            row += [result.objective.description, result.markedPoints.description, result.pendingPoints.description, result.totalPoints.description,
                    result.maxPoints.description, flag(result.passed), key.excellentPoints == nil ? "" : flag(result.excellent)]
            var byNumber: [String: Scorer.ItemScore] = [:]
            for item in result.items { byNumber[item.number] = item }
            for number in itemNumbers {
                guard let item = byNumber[number] else { row.append(""); continue }
                row.append(item.outcome == .needsMarking ? "待阅" : item.points.description)
            }
            appendRow(row, to: &out)
        }
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
