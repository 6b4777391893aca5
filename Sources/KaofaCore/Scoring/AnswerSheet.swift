/// One examinee's answers to one paper, as read from a file: the response shape of docs/schemas/kaofa.response.schema.json
/// (one JSON Lines line), or one row of a CSV typed from paper answer sheets.
public struct AnswerSheet: Sendable, Equatable {
    public var paperID: String
    public var examinee: String
    /// By the number printed on the paper, as given (`"43.1"`, `"43-1"` …); an unanswered item is absent.
    public var answers: [String: [String]]
    /// Where the sheet was read: its file and line (or CSV row).
    public var origin: SourceRange
    /// The examinee's name and unit as written on the sheet (a CSV's 姓名 and 单位 columns), for the score table when
    /// neither the paper nor a roster names the examinee.
    public var name: String?
    public var unit: String?

    public init(paperID: String, examinee: String, answers: [String: [String]], origin: SourceRange,
                name: String? = nil, unit: String? = nil) {
        self.paperID = paperID
        self.examinee = examinee
        self.answers = answers
        self.origin = origin
        self.name = name
        self.unit = unit
    }

    /// The examinee as the sheet names them; nil when it gives neither name nor unit.
    public var person: Examinee? {
        name == nil && unit == nil ? nil : Examinee(id: examinee, name: name, unit: unit)
    }
}

/// Reads answer sheets. Every sheet that cannot be read is reported at its line with what is wrong, never skipped
/// silently; the sheets that can be read are returned in file order.
public enum AnswerSheetReader {
    /// The most answers one item may carry (as the HTTP API allows).
    static let maximumValues = 64

    /// JSON Lines: one `{"paperId": …, "examinee": …, "answers": {…}}` per line; blank lines are skipped.
    public static func jsonLines(_ bytes: [UInt8], path: String) -> (sheets: [AnswerSheet], diagnostics: [Diagnostic]) {
        jsonLines(bytes[...], path: path, firstLine: 1, isEnd: true)
    }

    /// The sheets of a run of whole lines of a JSON Lines file, the first of them line `firstLine`; `isEnd` when the run
    /// ends the file (a last line cut short is then reported as a truncated file).
    public static func jsonLines(_ bytes: ArraySlice<UInt8>, path: String, firstLine: Int, isEnd: Bool) -> (sheets: [AnswerSheet], diagnostics: [Diagnostic]) {
        var sheets: [AnswerSheet] = []
        var diagnostics: [Diagnostic] = []
        forEachLine(bytes, firstLine: firstLine, isEnd: isEnd) { content, line, isLast in
            switch sheet(content, path: path, line: line, isLast: isLast) {
            case let .success(sheet): sheets.append(sheet)
            case let .failure(diagnostic): diagnostics.append(diagnostic)
            }
        }
        return (sheets, diagnostics)
    }

    /// Calls `body` with each line of a run of whole JSON Lines lines that is not blank — its content without the line
    /// break, its line number, and whether it is the file's last line (`isEnd`: the run ends the file); a byte-order mark
    /// before line 1 is passed over.
    static func forEachLine(_ bytes: ArraySlice<UInt8>, firstLine: Int, isEnd: Bool,
                            _ body: (_ content: ArraySlice<UInt8>, _ line: Int, _ isLast: Bool) -> Void) {
        var start = bytes.startIndex, line = firstLine
        if firstLine == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
        while start < bytes.endIndex {
            var end = start
            while end < bytes.endIndex, bytes[end] != 0x0A { end += 1 }
            var last = end
            if last > start, bytes[last - 1] == 0x0D { last -= 1 }
            let content = bytes[start..<last]
            if content.contains(where: { $0 != 0x20 && $0 != 0x09 }) { body(content, line, isEnd && end >= bytes.endIndex) }
            start = end + 1
            line += 1
        }
    }

    /// One sheet line read, or why it cannot be.
    static func sheet(_ content: ArraySlice<UInt8>, path: String, line: Int, isLast: Bool) -> Result<AnswerSheet, Diagnostic> {
        let range = SourceRange.line(line, of: path)
        // The common case straight from the bytes; anything unusual (escapes, other keys, errors) takes the full reader,
        // which also says what is wrong.
        if let (paperID, examinee, answers) = SheetScanner.scan(content), !paperID.isEmpty, !examinee.isEmpty {
            return .success(AnswerSheet(paperID: paperID, examinee: examinee, answers: answers, origin: range))
        }
        func invalid(_ message: String, column: Int = 1, help: String? = nil) -> Result<AnswerSheet, Diagnostic> {
            let position = SourcePosition(line: line, column: column)
            return .failure(Diagnostic(.invalidAnswerSheet, message, at: SourceRange(file: path, start: position, end: position),
                                       notes: help.map { [.help($0)] } ?? []))
        }
        let value: JSONValue
        switch JSONReader.read(content) {
        case let .success(read): value = read
        case let .failure(failure):
            let prefix = content.prefix(failure.offset)
            let column = String(decoding: prefix, as: UTF8.self).count + 1
            let truncated = isLast && failure.message.hasPrefix("JSON 不完整")
            return invalid("第 \(line) 行不是有效的 JSON：\(failure.message)", column: column,
                           help: truncated ? "最后一行不完整，文件可能在写入或复制时被截断；请取得完整的答卷文件"
                                           : "每行一份答卷：{\"paperId\":\"KF-…\",\"examinee\":\"编号\",\"answers\":{\"1\":[\"A\"]}}")
        }
        guard case let .object(members) = value else {
            return invalid("第 \(line) 行应当是一个 JSON 对象", help: "每行一份答卷：{\"paperId\":\"KF-…\",\"examinee\":\"编号\",\"answers\":{\"1\":[\"A\"]}}")
        }
        var problems: [String] = []
        for (name, _) in members where !["paperId", "examinee", "answers"].contains(name) {
            problems.append("未知的键 “\(name)”")
        }
        let paperID = value["paperId"]?.stringValue?.trimmingSpaces() ?? ""
        if paperID.isEmpty { problems.append("缺少试卷编号 paperId") }
        let examinee = value["examinee"]?.stringValue?.trimmingSpaces() ?? ""
        if examinee.isEmpty { problems.append("缺少考生编号 examinee") }
        var answers: [String: [String]] = [:]
        switch value["answers"] {
        case let .object(entries)?:
            for (number, entry) in entries {
                guard let list = entry.arrayValue, list.count <= maximumValues,
                      case let strings = list.compactMap(\.stringValue), strings.count == list.count else {
                    problems.append("第 \(number) 题的答案应当是字符串数组，如 [\"A\"]、[\"B\",\"D\"]、[\"正确\"]")
                    continue
                }
                guard answers[number] == nil else {
                    problems.append("第 \(number) 题的答案给了两次")
                    continue
                }
                answers[number] = strings
            }
        case nil: problems.append("缺少 answers")
        default: problems.append("answers 应当是按题号给出答案的对象，如 {\"1\":[\"A\"]}")
        }
        guard problems.isEmpty else { return invalid("第 \(line) 行的答卷有误：\(problems.joined(separator: "；"))") }
        return .success(AnswerSheet(paperID: paperID, examinee: examinee, answers: answers, origin: range))
    }

    /// CSV typed from paper answer sheets: a header row with 编号 (the examinee), 试卷编号 and one column per item
    /// number as printed (`1`, `2`, … `43.1`; `第1题` is read the same); 姓名 and 单位 are kept for the score table, and
    /// 序号 and 部门 columns are allowed and ignored. A choice cell holds the letters (`BD`), a 判断 cell 正确/错误 (对/错, √/×), a 填空 cell its blanks
    /// separated by `；`, and an empty cell means unanswered.
    public static func csv(_ text: String, path: String) -> (sheets: [AnswerSheet], diagnostics: [Diagnostic]) {
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        let rows = CSVRows.parse(body)
        func at(_ line: Int, column: Int = 1) -> SourceRange {
            SourceRange(file: path, start: SourcePosition(line: line, column: column), end: SourcePosition(line: line, column: column))
        }
        let help = "第一行写表头：编号,试卷编号,1,2,3,…（每题一列，题号与试卷上印的一致，案例小题写 43.1）"
        guard let header = rows.first else {
            return ([], [Diagnostic(.invalidAnswerSheet, "答卷表是空的", at: .wholeFile(path), notes: [.help(help)])])
        }
        let names = header.fields.map { $0.trimmingSpaces() }
        guard let examineeColumn = names.firstIndex(where: { ["编号", "考生编号", "准考证号"].contains($0) }),
              let paperColumn = names.firstIndex(where: { ["试卷编号", "试卷", "paperId"].contains($0) }) else {
            return ([], [Diagnostic(.invalidAnswerSheet, "答卷表缺少“编号”或“试卷编号”列", at: at(header.line), notes: [.help(help)])])
        }
        let nameColumn = names.firstIndex(of: "姓名"), unitColumn = names.firstIndex(of: "单位")
        var itemColumns: [(column: Int, number: String)] = []
        var diagnostics: [Diagnostic] = []
        for (column, name) in names.enumerated() where column != examineeColumn && column != paperColumn {
            if ["姓名", "单位", "序号", "部门"].contains(name) || name.isEmpty { continue }
            guard let number = headerNumber(name) else {
                diagnostics.append(Diagnostic(.invalidAnswerSheet, "表头第 \(column + 1) 列“\(name)”不是题号",
                                              at: at(header.line, column: headerColumn(header.fields, column)),
                                              notes: [.help(help)]))
                continue
            }
            if let repeated = itemColumns.first(where: { $0.number == number }) {
                diagnostics.append(Diagnostic(.invalidAnswerSheet, "第 \(number) 题有两列（第 \(repeated.column + 1) 列和第 \(column + 1) 列）",
                                              at: at(header.line, column: headerColumn(header.fields, column))))
                continue
            }
            itemColumns.append((column, number))
        }
        guard diagnostics.isEmpty else { return ([], diagnostics) }
        var sheets: [AnswerSheet] = []
        for row in rows.dropFirst() {
            if row.fields.allSatisfy({ $0.trimmingSpaces().isEmpty }) { continue }
            func field(_ column: Int) -> String { column < row.fields.count ? row.fields[column].trimmingSpaces() : "" }
            if row.fields.count > names.count {
                diagnostics.append(Diagnostic(.invalidAnswerSheet, "第 \(row.line) 行有 \(row.fields.count) 列，表头只有 \(names.count) 列",
                                              at: at(row.line), notes: [.help("检查这一行是否多了逗号；含逗号的答案要用英文双引号括起来")]))
                continue
            }
            let examinee = field(examineeColumn), paperID = field(paperColumn)
            guard !examinee.isEmpty, !paperID.isEmpty else {
                diagnostics.append(Diagnostic(.invalidAnswerSheet, "第 \(row.line) 行缺少\(examinee.isEmpty ? "考生编号" : "试卷编号")",
                                              at: at(row.line)))
                continue
            }
            var answers: [String: [String]] = [:]
            for (column, number) in itemColumns {
                let cell = field(column)
                if !cell.isEmpty { answers[number] = [cell] }
            }
            func optional(_ column: Int?) -> String? { column.map(field).flatMap { $0.isEmpty ? nil : $0 } }
            sheets.append(AnswerSheet(paperID: paperID, examinee: examinee, answers: answers, origin: at(row.line),
                                      name: optional(nameColumn), unit: optional(unitColumn)))
        }
        return (sheets, diagnostics)
    }
}

/// The item number a column header names: `43.1`, or `第43.1题`; nil for anything else.
func headerNumber(_ name: String) -> String? {
    var text = Substring(name)
    if text.hasPrefix("第") { text = text.dropFirst() }
    if text.hasSuffix("题") { text = text.dropLast() }
    return Scorer.canonicalNumber(String(text))
}

/// The character column where field `index` of an unquoted header row starts.
func headerColumn(_ fields: [String], _ index: Int) -> Int {
    fields.prefix(index).reduce(1) { $0 + $1.count + 1 }
}

/// A marker's points for one examinee's written items (简答, the written parts of a case).
public struct MarkSheet: Sendable, Equatable {
    public var examinee: String
    /// By the number printed on the paper.
    public var marks: [String: Points]
    public var origin: SourceRange
}

public enum MarkSheetReader {
    /// CSV with 编号 (the examinee) and one column per written item number (`41`, `42`, `43.3`; `第41题` is read the
    /// same), each cell the points given; an empty cell is not yet marked. 姓名, 单位, 序号 and 试卷编号 columns are
    /// allowed and ignored.
    public static func csv(_ text: String, path: String) -> (sheets: [MarkSheet], diagnostics: [Diagnostic]) {
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        let rows = CSVRows.parse(body)
        func at(_ line: Int, column: Int = 1) -> SourceRange {
            SourceRange(file: path, start: SourcePosition(line: line, column: column), end: SourcePosition(line: line, column: column))
        }
        let help = "第一行写表头：编号,41,42,43.3,…（每道待阅题一列，题号与试卷上印的一致），下面每位考生一行，写阅卷给的分数"
        guard let header = rows.first else {
            return ([], [Diagnostic(.invalidMarkSheet, "阅卷分表是空的", at: .wholeFile(path), notes: [.help(help)])])
        }
        let names = header.fields.map { $0.trimmingSpaces() }
        guard let examineeColumn = names.firstIndex(where: { ["编号", "考生编号", "准考证号"].contains($0) }) else {
            return ([], [Diagnostic(.invalidMarkSheet, "阅卷分表缺少“编号”列", at: at(header.line), notes: [.help(help)])])
        }
        var itemColumns: [(column: Int, number: String)] = []
        var diagnostics: [Diagnostic] = []
        for (column, name) in names.enumerated() where column != examineeColumn {
            if ["姓名", "单位", "序号", "部门", "试卷编号", "试卷"].contains(name) || name.isEmpty { continue }
            guard let number = headerNumber(name), !itemColumns.contains(where: { $0.number == number }) else {
                diagnostics.append(Diagnostic(.invalidMarkSheet, "表头第 \(column + 1) 列“\(name)”不是题号，或与前面的列重复",
                                              at: at(header.line, column: headerColumn(header.fields, column)), notes: [.help(help)]))
                continue
            }
            itemColumns.append((column, number))
        }
        guard diagnostics.isEmpty else { return ([], diagnostics) }
        var sheets: [MarkSheet] = []
        var seen: [String: Int] = [:]
        for row in rows.dropFirst() {
            if row.fields.allSatisfy({ $0.trimmingSpaces().isEmpty }) { continue }
            func field(_ column: Int) -> String { column < row.fields.count ? row.fields[column].trimmingSpaces() : "" }
            let examinee = field(examineeColumn)
            guard !examinee.isEmpty else {
                diagnostics.append(Diagnostic(.invalidMarkSheet, "第 \(row.line) 行缺少考生编号", at: at(row.line)))
                continue
            }
            if let first = seen[examinee] {
                diagnostics.append(Diagnostic(.invalidMarkSheet, "考生 \(examinee) 在第 \(first) 行已有阅卷分", at: at(row.line)))
                continue
            }
            seen[examinee] = row.line
            var marks: [String: Points] = [:]
            var bad = false
            for (column, number) in itemColumns {
                let cell = field(column)
                if cell.isEmpty { continue }
                guard let value = Double(cell), let points = Points(value) else {
                    diagnostics.append(Diagnostic(.invalidMarkSheet, "第 \(row.line) 行第 \(number) 题的阅卷分“\(cell)”不是分数（最多两位小数，不能为负）",
                                                  at: at(row.line)))
                    bad = true
                    continue
                }
                marks[number] = points
            }
            if !bad { sheets.append(MarkSheet(examinee: examinee, marks: marks, origin: at(row.line))) }
        }
        return (sheets, diagnostics)
    }
}

/// Reads the plain form of a sheet line — `{"paperId":"…","examinee":"…","answers":{"1":["A"],…}}`, keys in any order,
/// any whitespace, strings without escapes — without building a JSON tree; nil for anything else.
enum SheetScanner {
    /// A position in a sheet line's bytes, for the scanners of the plain form (this one and `QuickScoring`'s).
    struct Cursor {
        let buffer: UnsafeBufferPointer<UInt8>
        var position = 0

        init(_ buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

        /// Past JSON white space.
        mutating func skip() {
            while position < buffer.count,
                  buffer[position] == 0x20 || buffer[position] == 0x09 || buffer[position] == 0x0D || buffer[position] == 0x0A {
                position += 1
            }
        }

        /// Past white space and `byte`, when `byte` comes next.
        mutating func expect(_ byte: UInt8) -> Bool {
            skip()
            guard position < buffer.count, buffer[position] == byte else { return false }
            position += 1
            return true
        }

        /// The bytes of the next string, which has no escapes or control characters; nil for anything else.
        mutating func string() -> Range<Int>? {
            skip()
            guard position < buffer.count, buffer[position] == UInt8(ascii: "\"") else { return nil }
            position += 1
            let start = position
            while position < buffer.count {
                let byte = buffer[position]
                if byte == UInt8(ascii: "\"") {
                    position += 1
                    return start..<(position - 1)
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                position += 1
            }
            return nil
        }

        /// Nothing but white space is left.
        var atEnd: Bool {
            mutating get {
                skip()
                return position == buffer.count
            }
        }
    }

    static func scan(_ bytes: ArraySlice<UInt8>) -> (String, String, [String: [String]])? {
        bytes.withUnsafeBufferPointer { buffer -> (String, String, [String: [String]])? in
            var cursor = Cursor(buffer)
            func string() -> String? {
                cursor.string().flatMap { String(validating: UnsafeBufferPointer(rebasing: buffer[$0]), as: UTF8.self) }
            }
            guard cursor.expect(UInt8(ascii: "{")) else { return nil }
            var paperID: String?, examinee: String?, answers: [String: [String]]?
            repeat {
                guard let key = string(), cursor.expect(UInt8(ascii: ":")) else { return nil }
                switch key {
                case "paperId" where paperID == nil:
                    guard let value = string() else { return nil }
                    paperID = value
                case "examinee" where examinee == nil:
                    guard let value = string() else { return nil }
                    examinee = value
                case "answers" where answers == nil:
                    guard cursor.expect(UInt8(ascii: "{")) else { return nil }
                    var map: [String: [String]] = [:]
                    if !cursor.expect(UInt8(ascii: "}")) {
                        repeat {
                            guard let number = string(), map[number] == nil, cursor.expect(UInt8(ascii: ":")), cursor.expect(UInt8(ascii: "[")) else { return nil }
                            var values: [String] = []
                            if !cursor.expect(UInt8(ascii: "]")) {
                                repeat {
                                    guard let value = string(), values.count < AnswerSheetReader.maximumValues else { return nil }
                                    values.append(value)
                                } while cursor.expect(UInt8(ascii: ","))
                                guard cursor.expect(UInt8(ascii: "]")) else { return nil }
                            }
                            map[number] = values
                        } while cursor.expect(UInt8(ascii: ","))
                        guard cursor.expect(UInt8(ascii: "}")) else { return nil }
                    }
                    answers = map
                default:
                    return nil
                }
            } while cursor.expect(UInt8(ascii: ","))
            guard cursor.expect(UInt8(ascii: "}")) else { return nil }
            guard cursor.atEnd, let paperID, let examinee, let answers else { return nil }
            return (paperID.trimmingSpaces(), examinee.trimmingSpaces(), answers)
        }
    }
}
