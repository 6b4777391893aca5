/// One examinee's result as a report counts it.
public struct ExamScore: Sendable, Equatable {
    public var examinee: String
    public var total: Points
    /// Points still waiting for a marker (0 when all is marked, or when the table does not say).
    public var pending: Points
    /// The paper's full marks, when the table gives them.
    public var maxPoints: Points?
    public var origin: SourceRange

    public init(examinee: String, total: Points, pending: Points, maxPoints: Points?, origin: SourceRange) {
        self.examinee = examinee
        self.total = total
        self.pending = pending
        self.maxPoints = maxPoints
        self.origin = origin
    }
}

/// Reads score tables: the CSV `kaofa score` writes (编号, 总分, 待阅分值, 满分 …), or any CSV with an 编号 column and a
/// 总分 (成绩, 得分, 分数) column, as exam platforms export them. Every bad row is reported at its line.
public enum ScoreTableReader {
    public static func csv(_ text: String, path: String) -> (scores: [ExamScore], diagnostics: [Diagnostic]) {
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        return read(CSVRows.parse(body).map { TextRow(fields: $0.fields, line: $0.line) }, path: path)
    }

    /// The same from rows already read (a CSV in another encoding, a spreadsheet's sheet).
    public static func read(_ rows: [TextRow], path: String) -> (scores: [ExamScore], diagnostics: [Diagnostic]) {
        func at(_ line: Int) -> SourceRange {
            SourceRange.line(line, of: path)
        }
        let help = "成绩表应当是 kaofa score 写出的 CSV，或者至少有“编号”和“总分”两列的 CSV"
        guard let header = rows.first else {
            return ([], [Diagnostic(.invalidScoreTable, "成绩表是空的", at: .wholeFile(path), notes: [.help(help)])])
        }
        let names = header.fields.map { $0.trimmingSpaces() }
        guard let idColumn = names.firstIndex(where: { ["编号", "考生编号", "准考证号"].contains($0) }),
              let totalColumn = names.firstIndex(where: { ["总分", "成绩", "得分", "分数"].contains($0) }) else {
            return ([], [Diagnostic(.invalidScoreTable, "成绩表缺少“编号”或“总分”列", at: at(header.line), notes: [.help(help)])])
        }
        let pendingColumn = names.firstIndex(of: "待阅分值"), maxColumn = names.firstIndex(of: "满分")
        var scores: [ExamScore] = []
        var diagnostics: [Diagnostic] = []
        for row in rows.dropFirst() {
            if row.fields.allSatisfy({ $0.trimmingSpaces().isEmpty }) { continue }
            func field(_ column: Int) -> String { column < row.fields.count ? row.fields[column].trimmingSpaces() : "" }
            func points(_ column: Int?, _ what: String) -> Points?? {
                guard let column else { return .some(nil) }
                let cell = field(column)
                if cell.isEmpty { return .some(nil) }
                guard let value = Double(cell), let points = Points(value) else {
                    diagnostics.append(Diagnostic(.invalidScoreTable, "第 \(row.line) 行的\(what)“\(cell)”不是分数", at: at(row.line)))
                    return nil
                }
                return .some(points)
            }
            let id = field(idColumn)
            guard !id.isEmpty else {
                diagnostics.append(Diagnostic(.invalidScoreTable, "第 \(row.line) 行没有编号", at: at(row.line)))
                continue
            }
            guard case let total?? = points(totalColumn, "总分") else {
                if field(totalColumn).isEmpty {
                    diagnostics.append(Diagnostic(.invalidScoreTable, "第 \(row.line) 行（编号 \(id)）没有总分", at: at(row.line),
                                                  notes: [.help("缺考的人员不要写进成绩表：名单上有、成绩表中没有的人计为缺考")]))
                }
                continue
            }
            guard case let pending? = points(pendingColumn, "待阅分值"), case let maxPoints? = points(maxColumn, "满分") else { continue }
            scores.append(ExamScore(examinee: id, total: total, pending: pending ?? .zero, maxPoints: maxPoints, origin: at(row.line)))
        }
        return (scores, diagnostics)
    }
}

extension ScoreTableReader {
    /// The same as `csv(_:path:)` for UTF-8 bytes, reading only the columns a report needs: a province's score table
    /// (a million rows, fifty item columns) is scanned once without keeping its other cells.
    public static func csv(utf8 bytes: [UInt8], path: String) -> (scores: [ExamScore], diagnostics: [Diagnostic]) {
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        // One record: the fields in `keep` (column → slot; every field when nil), the line it starts on; RFC 4180 quoting.
        func record(keep: [Int: Int]?, slots: Int) -> (fields: [String], count: Int, line: Int)? {
            guard start < bytes.count else { return nil }
            let first = line
            var fields = [String](repeating: "", count: slots)
            var column = 0
            var fieldStart = start, quoted: [UInt8]? = nil
            var inQuotes = false
            var index = start
            func finish(_ end: Int) {
                if keep == nil {
                    fields.append(quoted.map { String(decoding: $0, as: UTF8.self) } ?? String(decoding: bytes[fieldStart..<end], as: UTF8.self))
                } else if let slot = keep![column] {
                    fields[slot] = quoted.map { String(decoding: $0, as: UTF8.self) } ?? String(decoding: bytes[fieldStart..<end], as: UTF8.self)
                }
                quoted = nil
                column += 1
            }
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if inQuotes {
                    if byte == UInt8(ascii: "\"") {
                        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") { quoted!.append(byte); index += 1 } else { inQuotes = false }
                    } else {
                        if byte == 0x0A { line += 1 }
                        quoted!.append(byte)
                    }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\"") where index - 1 == fieldStart && quoted == nil:
                    inQuotes = true
                    quoted = []
                case UInt8(ascii: ","):
                    finish(index - 1)
                    fieldStart = index
                case 0x0A:
                    line += 1
                    var end = index - 1
                    if end > fieldStart, bytes[end - 1] == 0x0D { end -= 1 }
                    finish(end)
                    start = index
                    return (fields, column, first)
                default:
                    // Text after a closing quote stays with the quoted text, as the table reader keeps it.
                    if quoted != nil && byte != 0x0D { quoted!.append(byte) }
                }
            }
            var end = bytes.count
            if end > fieldStart, bytes[end - 1] == 0x0D { end -= 1 }
            finish(end)
            start = bytes.count
            return (fields, column, first)
        }
        guard let header = record(keep: nil, slots: 0) else { return csv("", path: path) }
        let names = header.fields.map { $0.trimmingSpaces() }
        guard let idColumn = names.firstIndex(where: { ["编号", "考生编号", "准考证号"].contains($0) }),
              let totalColumn = names.firstIndex(where: { ["总分", "成绩", "得分", "分数"].contains($0) }) else {
            return read([TextRow(fields: names, line: header.line)], path: path)
        }
        var keep: Set<Int> = [idColumn, totalColumn]
        let pendingColumn = names.firstIndex(of: "待阅分值"), maxColumn = names.firstIndex(of: "满分")
        if let pendingColumn { keep.insert(pendingColumn) }
        if let maxColumn { keep.insert(maxColumn) }
        // The kept columns as a small table the ordinary reader checks row by row, a batch at a time.
        let kept = keep.sorted()
        let slots = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($1, $0) })
        var scores: [ExamScore] = []
        var diagnostics: [Diagnostic] = []
        var batch: [TextRow] = [TextRow(fields: kept.map { names[$0] }, line: header.line)]
        func flush() {
            let read = read(batch, path: path)
            scores += read.scores
            diagnostics += read.diagnostics
            batch = [batch[0]]
        }
        while let row = record(keep: slots, slots: kept.count) {
            batch.append(TextRow(fields: row.fields, line: row.line))
            if batch.count > 65_536 { flush() }
        }
        flush()
        return (scores, diagnostics)
    }
}
