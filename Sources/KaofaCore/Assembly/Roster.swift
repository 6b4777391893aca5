/// A roster of examinees: columns 编号 (required; also 考生编号, 准考证号, id), 姓名, 单位, from the rows of a CSV file
/// or a spreadsheet (`TableInput.rows` reads UTF-8, GB18030 and UTF-16 CSV and .xlsx).
public enum Roster {
    /// The examinees of a roster's rows (the first is the header), numbered as the teacher sees them.
    public static func examinees(_ rows: [TextRow], path: String) -> Result<[Examinee], Diagnostic> {
        guard let header = rows.first else {
            return .failure(Diagnostic(.invalidRoster, "名单是空的", at: .wholeFile(path),
                                       notes: [.help("第一行写表头：编号,姓名,单位；每位考生一行")]))
        }
        let names = header.fields.map { $0.trimmingSpaces() }
        guard let idColumn = names.firstIndex(where: { ["编号", "考生编号", "准考证号", "id"].contains($0) }) else {
            return .failure(Diagnostic(.invalidRoster, "名单没有“编号”列", at: SourceRange(file: path, start: .init(line: 1, column: 1), end: .init(line: 1, column: 1)),
                                       notes: [.help("第一行写表头：编号,姓名,单位")]))
        }
        let nameColumn = names.firstIndex(of: "姓名"), unitColumn = names.firstIndex(of: "单位")
        var examinees: [Examinee] = []
        var seen: [String: Int] = [:]
        for row in rows.dropFirst() {
            func field(_ column: Int?) -> String? {
                guard let column, column < row.fields.count else { return nil }
                let value = row.fields[column].trimmingSpaces()
                return value.isEmpty ? nil : value
            }
            if row.fields.allSatisfy({ $0.trimmingSpaces().isEmpty }) { continue }
            let position = SourceRange(file: path, start: .init(line: row.line, column: 1), end: .init(line: row.line, column: 1))
            guard let id = field(idColumn) else {
                return .failure(Diagnostic(.invalidRoster, "第 \(row.line) 行没有编号", at: position,
                                           notes: [.help("每位考生都要有编号（第一列或“编号”列）；空行可以删去")]))
            }
            if let first = seen[id] {
                return .failure(Diagnostic(.invalidRoster, "编号 \(id) 重复（第 \(first) 行已有）", at: position,
                                           notes: [.help("每位考生的编号必须不同")]))
            }
            seen[id] = row.line
            examinees.append(Examinee(id: id, name: field(nameColumn), unit: field(unitColumn)))
        }
        guard !examinees.isEmpty else {
            return .failure(Diagnostic(.invalidRoster, "名单中没有考生", at: SourceRange(file: path, start: .init(line: 1, column: 1), end: .init(line: 1, column: 1)),
                                       notes: [.help("表头下面每位考生写一行：编号,姓名,单位")]))
        }
        return .success(examinees)
    }
}

/// Rows of RFC 4180 CSV: quoted fields with doubled quotes and line breaks, CRLF or LF.
enum CSVRows {
    struct Row {
        var fields: [String]
        /// The line the row starts on, from 1.
        var line: Int
    }

    static func parse(_ text: String) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1, rowLine = 1
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func endRow() {
            fields.append(field)
            rows.append(Row(fields: fields, line: rowLine))
            fields = []
            field = ""
        }
        while let scalar = pending ?? scalars.next() {
            pending = nil
            if inQuotes {
                if scalar == "\"" {
                    let next = scalars.next()
                    if next == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = next }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty: inQuotes = true
            case ",": fields.append(field); field = ""
            case "\r": continue
            case "\n":
                endRow()
                line += 1
                rowLine = line
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        return rows
    }
}
