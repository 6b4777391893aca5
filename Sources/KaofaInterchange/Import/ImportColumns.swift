/// What a column of an imported table holds.
public enum ImportColumn: Hashable, Sendable, Comparable {
    case id
    /// 序号, 题号: a running number, recognised so that it is not reported as unknown, and not imported (kaofa numbers
    /// the questions itself).
    case sequence
    case type
    case stem
    /// Option A is 0. Options past H (7) are recognised so that their content can be reported as not imported.
    case option(Int)
    case answer
    case explanation
    case difficulty
    case law
    case article
    case topic
    case audience
    case points
    case tags

    /// The most options a kaofa question can have (A–H).
    public static let optionLimit = 8

    /// The columns of kaofa's template, in order: 编号, 题型, 题干, 选项A … 选项H, 答案, 解析, 难度, 法律, 条文, 知识点, 对象.
    public static let template: [ImportColumn] =
        [.id, .type, .stem] + (0..<optionLimit).map { .option($0) } + [.answer, .explanation, .difficulty, .law, .article, .topic, .audience]

    /// The column's name in kaofa's template.
    public var templateName: String {
        switch self {
        case .id: "编号"
        case .sequence: "序号"
        case .type: "题型"
        case .stem: "题干"
        case let .option(index): "选项" + Self.letter(index)
        case .answer: "答案"
        case .explanation: "解析"
        case .difficulty: "难度"
        case .law: "法律"
        case .article: "条文"
        case .topic: "知识点"
        case .audience: "对象"
        case .points: "分值"
        case .tags: "标签"
        }
    }

    /// `A` for 0, `B` for 1, … (options past Z are not columns anyone writes).
    static func letter(_ index: Int) -> String {
        String(Character(Unicode.Scalar(UInt8(ascii: "A") + UInt8(min(index, 25)))))
    }

    /// The column a header names, or nil. Headers are compared after folding full-width letters and digits to
    /// half-width, removing spaces, `*` and `:` marks and parenthesised notes (`题型（必填）`), and lower-casing.
    public static func named(_ header: String) -> ImportColumn? {
        let key = normalizedHeader(header)
        if let column = aliases[key] { return column }
        // 选项A, A, A选项, 选项A内容, optionA
        var rest = Substring(key)
        for prefix in ["选项", "option"] where rest.hasPrefix(prefix) { rest = rest.dropFirst(prefix.count) }
        for suffix in ["选项内容", "选项", "内容"] where rest.hasSuffix(suffix) { rest = rest.dropLast(suffix.count) }
        guard rest.count == 1, let scalar = rest.unicodeScalars.first, ("a"..."z").contains(scalar) else { return nil }
        guard rest.count < key.count || key.count == 1 else { return nil }
        return .option(Int(scalar.value - UInt32(UInt8(ascii: "a"))))
    }

    static let aliases: [String: ImportColumn] = {
        let table: [(ImportColumn, [String])] = [
            (.id, ["编号", "题目编号", "试题编号", "题库编号", "题目id", "试题id", "id"]),
            (.sequence, ["序号", "题号", "题目序号", "no", "no."]),
            (.type, ["题型", "题目类型", "试题类型", "类型", "题型名称", "题目题型", "type"]),
            (.stem, ["题干", "题目", "题目内容", "试题内容", "题目名称", "题干内容", "试题题干", "问题", "试题", "stem", "question"]),
            (.answer, ["答案", "正确答案", "标准答案", "参考答案", "试题答案", "题目答案", "answer", "key"]),
            (.explanation, ["解析", "答案解析", "试题解析", "题目解析", "解析说明", "答题解析", "explanation", "analysis"]),
            (.difficulty, ["难度", "难易度", "难易程度", "难度等级", "难度级别", "试题难度", "difficulty"]),
            (.law, ["法律", "法规", "法律法规", "所属法律", "所属法规", "法律名称", "law"]),
            (.article, ["条文", "法条", "条款", "依据条文", "法律条文", "条文序号", "article"]),
            (.topic, ["知识点", "考点", "知识点名称", "topic"]),
            (.audience, ["对象", "适用对象", "考试对象", "audience"]),
            (.points, ["分值", "分数", "题目分值", "试题分值", "points", "score"]),
            (.tags, ["标签", "tags", "tag"]),
        ]
        var aliases: [String: ImportColumn] = [:]
        for (column, names) in table { for name in names { aliases[name] = column } }
        return aliases
    }()

    /// See `named(_:)`.
    static func normalizedHeader(_ header: String) -> String {
        var out = String.UnicodeScalarView()
        var depth = 0
        for scalar in ImportText.foldWidth(header).unicodeScalars {
            switch scalar {
            case "(", "[", "【": depth += 1
            case ")", "]", "】": depth = max(0, depth - 1)
            case "*", ":", "：": continue
            default:
                if depth == 0 && !ImportText.isSpace(scalar) { out.append(scalar) }
            }
        }
        return String(out).lowercased()
    }

    public static func < (lhs: ImportColumn, rhs: ImportColumn) -> Bool { lhs.order < rhs.order }

    private var order: Int {
        switch self {
        case .id: 0
        case .sequence: 1
        case .type: 2
        case .stem: 3
        case let .option(index): 10 + index
        case .answer: 100
        case .explanation: 101
        case .difficulty: 102
        case .law: 103
        case .article: 104
        case .topic: 105
        case .audience: 106
        case .points: 107
        case .tags: 108
        }
    }
}

/// How the columns of a table were understood: the header row, and for each column what it holds.
public struct ColumnMapping: Sendable, Hashable {
    /// One column of the header row.
    public struct Entry: Sendable, Hashable {
        /// 0-based column index.
        public var index: Int
        /// The header as written.
        public var header: String
        /// What the column holds; nil for a column kaofa does not know (or a second column of the same kind).
        public var column: ImportColumn?
        /// For a column left unused because an earlier one holds the same thing: that column's index.
        public var duplicateOf: Int?
    }

    /// The row number of the header row.
    public var headerRow: Int
    public var entries: [Entry]

    /// The 0-based index of the column holding `column`.
    public func index(of column: ImportColumn) -> Int? {
        entries.first { $0.column == column }?.index
    }

    /// Finds the header: the first of the first 20 rows that names a stem column and one more known column (exports
    /// often put a title or instructions above the header).
    static func find(in table: Table) -> ColumnMapping? {
        for row in table.rows.prefix(20) {
            let known = row.cells.map(ImportColumn.named)
            guard known.contains(.stem), known.count(where: { $0 != nil }) >= 2 else { continue }
            var entries: [Entry] = []
            for (index, header) in row.cells.enumerated() {
                let trimmed = ImportText.trimmed(header)
                var column = known[index]
                var duplicateOf: Int?
                if let candidate = column, let first = entries.first(where: { $0.column == candidate }) {
                    column = nil
                    duplicateOf = first.index
                }
                if trimmed.isEmpty && column == nil { continue }
                entries.append(Entry(index: index, header: trimmed, column: column, duplicateOf: duplicateOf))
            }
            return ColumnMapping(headerRow: row.number, entries: entries)
        }
        return nil
    }
}
