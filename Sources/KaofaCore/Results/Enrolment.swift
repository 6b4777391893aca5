/// Everyone who should sit an exam, by unit and region: the roster of `kaofa report`.
public struct Enrolment: Sendable, Equatable {
    public struct Person: Sendable, Equatable {
        public var id: String
        public var name: String?
        public var unit: String
        /// The regions above the unit, outermost first (`["凉山州", "西昌市"]`), one per level.
        public var path: [String]
        /// The roster line.
        public var line: Int
    }

    /// The names of the region columns, outermost first (`["市(州)", "县(市、区)"]`); empty without regions.
    public var levels: [String]
    public var people: [Person]
}

/// Reads the roster of a report: CSV (RFC 4180, UTF-8) with 编号, 姓名 and 单位, and region columns that form a
/// hierarchy, outermost first — named with `levels`, or otherwise every column whose name is a kind of region
/// (省, 市, 州, 县, 区, 旗, 盟, 乡, 镇, 街道, 地区), in column order. Every problem is reported at its line.
public enum EnrolmentReader {
    static let regionWords = ["省", "市", "州", "县", "区", "旗", "盟", "乡", "镇", "街道", "地区"]

    public static func csv(_ text: String, path: String, levels requested: [String]? = nil) -> (enrolment: Enrolment?, diagnostics: [Diagnostic]) {
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        return read(CSVRows.parse(body).map { TextRow(fields: $0.fields, line: $0.line) }, path: path, levels: requested)
    }

    /// The same from rows already read (a CSV in another encoding, a spreadsheet's sheet).
    public static func read(_ rows: [TextRow], path: String, levels requested: [String]? = nil) -> (enrolment: Enrolment?, diagnostics: [Diagnostic]) {
        func at(_ line: Int, column: Int = 1) -> SourceRange {
            SourceRange(file: path, start: SourcePosition(line: line, column: column), end: SourcePosition(line: line, column: column))
        }
        let help = "第一行写表头：编号,姓名,单位，以及地区列（如 市(州),县(市、区)，从大到小）；每位应考人员一行"
        guard let header = rows.first else {
            return (nil, [Diagnostic(.invalidRoster, "名单是空的", at: .wholeFile(path), notes: [.help(help)])])
        }
        let names = header.fields.map { $0.trimmingSpaces() }
        guard let idColumn = names.firstIndex(where: { ["编号", "考生编号", "准考证号", "id"].contains($0) }),
              let unitColumn = names.firstIndex(of: "单位") else {
            return (nil, [Diagnostic(.invalidRoster, "名单缺少“编号”或“单位”列", at: at(header.line), notes: [.help(help)])])
        }
        let nameColumn = names.firstIndex(of: "姓名")
        var levelColumns: [Int] = []
        if let requested {
            var problems: [Diagnostic] = []
            for level in requested {
                guard let column = names.firstIndex(of: level) else {
                    problems.append(Diagnostic(.invalidRoster, "名单中没有“\(level)”列（--levels 中的地区层级）", at: at(header.line),
                                               notes: [.help("名单的列：\(names.joined(separator: "、"))")]))
                    continue
                }
                levelColumns.append(column)
            }
            if !problems.isEmpty { return (nil, problems) }
        } else {
            levelColumns = names.indices.filter { column in
                column != idColumn && column != unitColumn && column != nameColumn
                    && regionWords.contains { names[column].contains($0) }
            }
        }
        var people: [Enrolment.Person] = []
        var diagnostics: [Diagnostic] = []
        var seen: [String: Int] = [:]
        for row in rows.dropFirst() {
            if row.fields.allSatisfy({ $0.trimmingSpaces().isEmpty }) { continue }
            func field(_ column: Int) -> String { column < row.fields.count ? row.fields[column].trimmingSpaces() : "" }
            let id = field(idColumn), unit = field(unitColumn)
            guard !id.isEmpty else {
                diagnostics.append(Diagnostic(.invalidRoster, "第 \(row.line) 行没有编号", at: at(row.line),
                                              notes: [.help("每位应考人员都要有编号；空行可以删去")]))
                continue
            }
            if let first = seen[id] {
                diagnostics.append(Diagnostic(.invalidRoster, "编号 \(id) 重复（第 \(first) 行已有）", at: at(row.line),
                                              notes: [.help("每位应考人员的编号必须不同；同一人只列一次")]))
                continue
            }
            seen[id] = row.line
            guard !unit.isEmpty else {
                diagnostics.append(Diagnostic(.invalidRoster, "第 \(row.line) 行（编号 \(id)）没有单位", at: at(row.line),
                                              notes: [.help("参考率按单位统计，每位应考人员都要写单位")]))
                continue
            }
            let regions = levelColumns.map(field)
            if let missing = regions.firstIndex(where: \.isEmpty) {
                diagnostics.append(Diagnostic(.invalidRoster, "第 \(row.line) 行（编号 \(id)）没有填“\(names[levelColumns[missing]])”", at: at(row.line),
                                              notes: [.help("每位应考人员都要填全地区列，才能按地区汇总")]))
                continue
            }
            let name = nameColumn.map(field)
            people.append(Enrolment.Person(id: id, name: name?.isEmpty == false ? name : nil, unit: unit, path: regions, line: row.line))
        }
        if people.isEmpty && diagnostics.isEmpty {
            diagnostics.append(Diagnostic(.invalidRoster, "名单中没有应考人员", at: at(header.line), notes: [.help(help)]))
        }
        guard diagnostics.isEmpty else { return (nil, diagnostics) }
        return (Enrolment(levels: levelColumns.map { names[$0] }, people: people), [])
    }
}
