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
            SourceRange(file: path, start: SourcePosition(line: line, column: 1), end: SourcePosition(line: line, column: 1))
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
