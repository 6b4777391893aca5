import Yams

/// Reads a blueprint from YAML. Like the bank parser it reports every problem it finds in one pass, each at the
/// line and column of the value to change; it returns a blueprint only when there is no error.
public enum BlueprintLoader {
    public struct Result: Sendable {
        public var blueprint: Blueprint?
        public var diagnostics: [Diagnostic]
        /// The decoded file, for printing diagnostics with their source lines.
        public var source: SourceFile?
    }

    /// Loads a blueprint from the bytes of its file. `id` defaults to the file name without its extension.
    public static func load(path: String, bytes: [UInt8], catalog: LawCatalog) -> Result {
        switch SourceDecoder.decode(bytes, path: path) {
        case let .failure(diagnostic):
            return Result(blueprint: nil, diagnostics: [diagnostic], source: nil)
        case let .success(source):
            var reader = Reader(path: path, catalog: catalog)
            let blueprint = reader.read(String(decoding: source.bytes, as: UTF8.self))
            let diagnostics = reader.diagnostics.sortedForReporting()
            return Result(blueprint: diagnostics.hasErrors ? nil : blueprint, diagnostics: diagnostics, source: source)
        }
    }

    /// The blueprint id a path stands for: its file name without `.yaml`/`.yml`.
    public static func id(forPath path: String) -> String {
        var name = Substring(path.split(separator: "/").last ?? Substring(path))
        for suffix in [".yaml", ".yml"] where name.hasSuffix(suffix) { name = name.dropLast(suffix.count) }
        return String(name)
    }
}

/// The top-level keys, in the order the documentation lists them.
private enum BlueprintKey: String, CaseIterable {
    case title, audience, duration, total, pass, excellent, sections, law, difficulty
    case mustCover = "must_cover", require, exclude, shuffle
}

private struct Reader {
    let path: String
    let catalog: LawCatalog
    var diagnostics: [Diagnostic] = []
    /// A section was left out for an error, so sums over the sections would mislead.
    var sectionsIncomplete = false

    init(path: String, catalog: LawCatalog) {
        self.path = path
        self.catalog = catalog
    }

    // MARK: Positions

    func range(_ node: Node) -> SourceRange {
        let line = node.mark?.line ?? 1, column = node.mark?.column ?? 1
        let width = node.scalar.map { $0.string.unicodeScalars.count } ?? 0
        return SourceRange(file: path, start: SourcePosition(line: line, column: column),
                           end: SourcePosition(line: line, column: column + width))
    }

    var fileStart: SourceRange { .wholeFile(path) }

    mutating func error(_ code: DiagnosticCode, _ message: String, at range: SourceRange, help: String? = nil) {
        diagnostics.append(Diagnostic(code, message, at: range, notes: help.map { [.help($0)] } ?? []))
    }

    // MARK: Document

    mutating func read(_ yaml: String) -> Blueprint? {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                error(.missingBlueprintKey, "蓝图是空的", at: fileStart, help: "至少写出 title、audience、duration、total、pass 和 sections，参见 docs/blueprint-format.md")
                return nil
            }
            root = node
        } catch let yamlError as YamlError {
            reportYAMLError(yamlError, yaml: yaml)
            return nil
        } catch {
            self.error(.blueprintSyntax, "无法读取 YAML：\(error)", at: fileStart)
            return nil
        }
        guard let mapping = root.mapping else {
            error(.blueprintSyntax, "蓝图的最外层应当是“键: 值”的列表", at: range(root),
                  help: "例如第一行写 `title: 2026年度领导干部法律知识考试`")
            return nil
        }

        var fields: [BlueprintKey: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                error(.blueprintSyntax, "键必须是文字", at: range(key))
                continue
            }
            guard let field = BlueprintKey(rawValue: name) else {
                let suggestion = Suggestion.closest(to: name, in: BlueprintKey.allCases.map(\.rawValue))
                error(.unknownBlueprintKey, "未知的键 `\(name)`", at: range(key),
                      help: suggestion.map { "是不是想写 `\($0)`？" }
                          ?? "可用的键：\(BlueprintKey.allCases.map(\.rawValue).joined(separator: "、"))")
                continue
            }
            if let first = fields[field] {
                diagnostics.append(Diagnostic(.repeatedBlueprintKey, "`\(name)` 写了两次", at: range(key),
                                              notes: [.note("第一次写在这里", at: range(first.key)), .help("删去其中一处")]))
                continue
            }
            fields[field] = (key, value)
        }

        func required(_ key: BlueprintKey, _ meaning: String) -> (key: Node, value: Node)? {
            if let field = fields[key] { return field }
            error(.missingBlueprintKey, "缺少 `\(key.rawValue)`（\(meaning)）", at: fileStart,
                  help: "在蓝图中加一行 `\(key.rawValue): …`，参见 docs/blueprint-format.md")
            return nil
        }

        let title = required(.title, "试卷标题").flatMap { text($0.value, key: "title") }
        let audience = required(.audience, "考试对象").flatMap { self.audience($0.value) }
        let duration = required(.duration, "考试时长，分钟").flatMap { positiveInt($0.value, key: "duration") }
        let totalField = required(.total, "总分")
        let total = totalField.flatMap { points($0.value, key: "total") }
        let pass = required(.pass, "及格分").flatMap { points($0.value, key: "pass") }
        let excellent = fields[.excellent].flatMap { points($0.value, key: "excellent") }
        let sectionsField = required(.sections, "大题")
        let sections = sectionsField.map { self.sections($0.value) } ?? []
        let lawQuota = fields[.law].flatMap { quota($0.value, key: "law", parseKey: lawSelector) }
        let difficultyQuota = fields[.difficulty].flatMap { quota($0.value, key: "difficulty", parseKey: difficultyKey) }
        let mustCover = fields[.mustCover].map { self.mustCover($0.value) } ?? []
        let require = fields[.require].map { self.selectors($0.value, key: "require") } ?? []
        let exclude = fields[.exclude].map { self.selectors($0.value, key: "exclude") } ?? []
        let (shuffleQuestions, shuffleOptions) = fields[.shuffle].map { self.shuffle($0.value) } ?? (true, true)

        // Facts across fields.
        if let total, let totalField, !sections.isEmpty, !sectionsIncomplete {
            let sum = sections.reduce(Points.zero) { $0 + $1.points }
            if sum != total {
                let parts = sections.map { "\($0.title) \($0.count)×\($0.pointsEach)" }.joined(separator: " + ")
                diagnostics.append(Diagnostic(.pointsMismatch, "各大题合计 \(sum) 分，与总分 \(total) 分不符", at: range(totalField.value),
                                              notes: [.note("\(parts) = \(sum) 分"), .help("调整各大题的题数或每题分值，或把 total 改为 \(sum)")]))
            }
        }
        if let pass, let total, pass > total {
            error(.invalidMarks, "及格分 \(pass) 高于总分 \(total)", at: range(fields[.pass]!.value))
        }
        if let excellent, let pass, excellent < pass {
            error(.invalidMarks, "优秀分 \(excellent) 低于及格分 \(pass)", at: range(fields[.excellent]!.value))
        }
        if let excellent, let total, excellent > total {
            error(.invalidMarks, "优秀分 \(excellent) 高于总分 \(total)", at: range(fields[.excellent]!.value))
        }
        if let lawQuota { checkOverlaps(lawQuota) }

        guard let title, let audience, let duration, let total, let pass, let totalField, let sectionsField,
              !sections.isEmpty else { return nil }
        return Blueprint(id: BlueprintLoader.id(forPath: path), path: path, title: title, audience: audience,
                         durationMinutes: duration, totalPoints: total, passPoints: pass, excellentPoints: excellent,
                         sections: sections, lawQuota: lawQuota, difficultyQuota: difficultyQuota,
                         mustCover: mustCover, require: require, exclude: exclude,
                         shuffleQuestions: shuffleQuestions, shuffleOptions: shuffleOptions,
                         totalRange: range(totalField.value), sectionsRange: range(sectionsField.key))
    }

    mutating func reportYAMLError(_ yamlError: YamlError, yaml: String) {
        switch yamlError {
        case let .duplicatedKeysInMapping(duplicates, context):
            // Yams rejects repeated keys itself and names only the first; find the repeats by their indentation.
            let first = SourcePosition(line: context.mark.line, column: context.mark.column)
            let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
            for key in duplicates {
                let indent = String(repeating: " ", count: max(first.column - 1, 0))
                let matching = lines.indices.filter { index in
                    let line = lines[index]
                    return line.hasPrefix(indent + key + ":") || line.hasPrefix(indent + "- " + key + ":")
                }
                let second = matching.dropFirst().first.map { $0 + 1 } ?? first.line
                let firstLine = matching.first.map { $0 + 1 } ?? first.line
                let at = SourceRange(file: path, start: SourcePosition(line: second, column: first.column),
                                     end: SourcePosition(line: second, column: first.column + key.unicodeScalars.count))
                let firstAt = SourceRange(file: path, start: SourcePosition(line: firstLine, column: first.column),
                                          end: SourcePosition(line: firstLine, column: first.column + key.unicodeScalars.count))
                diagnostics.append(Diagnostic(.repeatedBlueprintKey, "`\(key)` 写了两次", at: at,
                                              notes: [.note("第一次写在这里", at: firstAt), .help("删去其中一处")]))
            }
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let position = SourcePosition(line: mark.line, column: mark.column)
            var notes: [DiagnosticNote] = []
            if let context {
                notes.append(.note("YAML：\(context.text)", at: SourceRange(file: path, start: SourcePosition(line: context.mark.line, column: context.mark.column),
                                                                            end: SourcePosition(line: context.mark.line, column: context.mark.column))))
            }
            notes.append(.help("检查这一行的缩进、冒号后的空格和引号是否成对；列表项以“- ”开头"))
            diagnostics.append(Diagnostic(.blueprintSyntax, "YAML 格式错误：\(problem)", at: SourceRange(file: path, start: position, end: position), notes: notes))
        default:
            error(.blueprintSyntax, "YAML 格式错误：\(yamlError)", at: fileStart)
        }
    }

    // MARK: Values

    mutating func scalar(_ node: Node, key: String, expected: String) -> String? {
        guard let scalar = node.scalar else {
            error(.invalidBlueprintValue, "`\(key)` 应当是\(expected)", at: range(node))
            return nil
        }
        return scalar.string
    }

    mutating func text(_ node: Node, key: String) -> String? {
        guard let value = scalar(node, key: key, expected: "一段文字")?.trimmingSpaces() else { return nil }
        if value.isEmpty {
            error(.invalidBlueprintValue, "`\(key)` 不能为空", at: range(node))
            return nil
        }
        return value
    }

    mutating func positiveInt(_ node: Node, key: String) -> Int? {
        guard let text = scalar(node, key: key, expected: "正整数") else { return nil }
        guard let value = Int(text.trimmingSpaces()), value > 0 else {
            error(.invalidBlueprintValue, "`\(key)` 应当是正整数，而不是 `\(text)`", at: range(node))
            return nil
        }
        return value
    }

    mutating func points(_ node: Node, key: String) -> Points? {
        guard let text = scalar(node, key: key, expected: "分数") else { return nil }
        guard let number = Double(text.trimmingSpaces()), let points = Points(number), points > .zero else {
            error(.invalidBlueprintValue, "`\(key)` 应当是大于 0 的分数（最多两位小数），而不是 `\(text)`", at: range(node))
            return nil
        }
        return points
    }

    mutating func bool(_ node: Node, key: String) -> Bool? {
        guard let text = scalar(node, key: key, expected: "true 或 false") else { return nil }
        switch text.trimmingSpaces().lowercased() {
        case "true", "yes", "是", "打乱": return true
        case "false", "no", "否", "不打乱": return false
        default:
            error(.invalidBlueprintValue, "`\(key)` 应当是 true 或 false，而不是 `\(text)`", at: range(node))
            return nil
        }
    }

    mutating func audience(_ node: Node) -> Audience? {
        guard let text = scalar(node, key: "audience", expected: "考试对象") else { return nil }
        guard let audiences = Audience.named(text) else {
            let suggestion = Suggestion.closest(to: text, in: Audience.acceptedNames)
            error(.unknownAudience, "未知的考试对象 `\(text)`", at: range(node),
                  help: suggestion.map { "是不是想写 `\($0)`？" } ?? "考试对象是 领导干部、行政执法人员 或 村两委 之一")
            return nil
        }
        guard audiences.count == 1 else {
            error(.unknownAudience, "一份蓝图只能面向一类考试对象，`\(text)` 表示三类", at: range(node),
                  help: "写 领导干部、行政执法人员 或 村两委 之一；不同对象各写一份蓝图")
            return nil
        }
        return audiences[0]
    }

    // MARK: Sections

    mutating func sections(_ node: Node) -> [BlueprintSection] {
        guard let sequence = node.sequence, !sequence.isEmpty else {
            error(.invalidBlueprintValue, "`sections` 应当是大题的列表，每个大题以“- type: …”开头", at: range(node))
            return []
        }
        var result: [BlueprintSection] = []
        var seen: [QuestionType: SourceRange] = [:]
        for item in sequence {
            guard let section = section(item) else {
                sectionsIncomplete = true
                continue
            }
            if let first = seen[section.type] {
                sectionsIncomplete = true
                diagnostics.append(Diagnostic(.repeatedSection, "\(section.type.chineseName)已经有一个大题", at: section.range,
                                              notes: [.note("第一个在这里", at: first), .help("合并为一个大题，把题数相加")]))
                continue
            }
            seen[section.type] = section.range
            result.append(section)
        }
        return result
    }

    mutating func section(_ node: Node) -> BlueprintSection? {
        guard let mapping = node.mapping else {
            error(.invalidBlueprintValue, "大题应当写成 type、count、points 等键", at: range(node),
                  help: "例如：\n  - type: 单选题\n    count: 20\n    points: 2")
            return nil
        }
        let keys = ["type", "count", "points", "scoring", "title"]
        var fields: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            let name = key.scalar?.string ?? ""
            guard keys.contains(name) else {
                let suggestion = Suggestion.closest(to: name, in: keys)
                error(.unknownBlueprintKey, "大题中未知的键 `\(name)`", at: range(key),
                      help: suggestion.map { "是不是想写 `\($0)`？" } ?? "大题可用的键：\(keys.joined(separator: "、"))")
                continue
            }
            if let first = fields[name] {
                diagnostics.append(Diagnostic(.repeatedBlueprintKey, "`\(name)` 写了两次", at: range(key),
                                              notes: [.note("第一次写在这里", at: range(first.key))]))
                continue
            }
            fields[name] = (key, value)
        }
        var type: QuestionType?
        if let field = fields["type"] {
            if let name = scalar(field.value, key: "type", expected: "题型") {
                type = QuestionType.named(name)
                if type == nil {
                    error(.unknownQuestionType, "未知的题型 `\(name)`", at: range(field.value),
                          help: "题型是 单选题、多选题、不定项选择题、判断题、填空题、简答题、案例分析题 之一")
                }
            }
        } else {
            error(.missingBlueprintKey, "大题缺少 `type`（题型）", at: range(node))
        }
        let count: Int? = if let field = fields["count"] { positiveInt(field.value, key: "count") } else {
            missing("count", "题数", at: node)
        }
        let pointsEach: Points? = if let field = fields["points"] { points(field.value, key: "points") } else {
            missing("points", "每题分值", at: node)
        }
        var scoring: ScoringRule?
        if let field = fields["scoring"] {
            if let name = scalar(field.value, key: "scoring", expected: "计分规则") {
                scoring = ScoringRule.named(name)
                if scoring == nil {
                    error(.invalidScoring, "未知的计分规则 `\(name)`", at: range(field.value),
                          help: "多选题的计分规则是 全对得分、少选得一半、少选按比例 之一（错选一律不得分）")
                } else if let type, type != .multiple, type != .indefinite {
                    error(.invalidScoring, "\(type.chineseName)没有计分规则", at: range(field.key),
                          help: "只有多选题和不定项选择题可以写 scoring；删去这一行")
                    scoring = nil
                }
            }
        }
        let title = fields["title"].flatMap { text($0.value, key: "title") }
        guard let type, let count, let pointsEach else { return nil }
        let isMultiple = type == .multiple || type == .indefinite
        return BlueprintSection(type: type, count: count, pointsEach: pointsEach, title: title ?? type.chineseName,
                                scoring: isMultiple ? (scoring ?? .allOrNothing) : nil, range: range(fields["type"]!.value))
    }

    mutating func missing<T>(_ key: String, _ meaning: String, at node: Node) -> T? {
        error(.missingBlueprintKey, "大题缺少 `\(key)`（\(meaning)）", at: range(node))
        return nil
    }

    // MARK: Quotas

    mutating func quota<Key>(_ node: Node, key: String,
                             parseKey: (inout Reader, String, Node) -> Key?) -> Quota<Key>? {
        guard let mapping = node.mapping else {
            error(.invalidBlueprintValue, "`\(key)` 应当是“名称: 题数或百分比”的列表", at: range(node),
                  help: "例如：\n\(key):\n  by: count\n  \(key == "law" ? "宪法" : "易"): 30%")
            return nil
        }
        var measure = QuotaMeasure.count
        var entries: [Quota<Key>.Entry] = []
        var seen: [Key: SourceRange] = [:]
        for (nameNode, value) in mapping {
            let name = nameNode.scalar?.string ?? ""
            if name == "by" {
                switch value.scalar?.string.trimmingSpaces() {
                case "count", "题数": measure = .count
                case "points", "分值": measure = .points
                default:
                    error(.invalidBlueprintValue, "`by` 应当是 count（按题数）或 points（按分值）", at: range(value))
                }
                continue
            }
            guard let parsedKey = parseKey(&self, name, nameNode) else { continue }
            if let first = seen[parsedKey] {
                diagnostics.append(Diagnostic(.repeatedBlueprintKey, "`\(name)` 写了两次", at: range(nameNode),
                                              notes: [.note("第一次写在这里", at: first)]))
                continue
            }
            seen[parsedKey] = range(nameNode)
            guard let amount = quotaAmount(value, name: name) else { continue }
            entries.append(Quota.Entry(key: parsedKey, name: name, amount: amount, range: range(nameNode)))
        }
        if entries.isEmpty { return nil }
        if measure == .count {
            for entry in entries {
                if case let .exact(amount) = entry.amount, amount % 100 != 0 {
                    error(.invalidBlueprintValue, "按题数计的配额应当是整数，`\(entry.name)` 写的是 \(Points(hundredths: amount))", at: entry.range,
                          help: "写整数题数，或加上 `by: points` 按分值计")
                }
            }
        }
        let percents = entries.reduce(0) { sum, entry in
            if case let .percent(p) = entry.amount { return sum + p }
            return sum
        }
        if percents > 100_00 {
            error(.quotaExceedsPaper, "`\(key)` 中的百分比合计 \(Points(hundredths: percents))%，超过了 100%", at: range(node),
                  help: "调整各项百分比，使合计不超过 100%")
        }
        return Quota(measure: measure, entries: entries, range: range(node))
    }

    mutating func quotaAmount(_ node: Node, name: String) -> QuotaAmount? {
        guard let text = node.scalar?.string.trimmingSpaces() else {
            error(.invalidBlueprintValue, "`\(name)` 的配额应当是题数（如 10）或百分比（如 30%）", at: range(node))
            return nil
        }
        if text.hasSuffix("%") || text.hasSuffix("％") {
            if let number = Double(text.dropLast()), number >= 0, number <= 100, let hundredths = Points(number) {
                return .percent(hundredths.hundredths)
            }
        } else if let number = Double(text), let points = Points(number) {
            // An exact amount: whole items, or points in hundredths; whether it must be whole is checked later.
            return .exact(points.hundredths)
        }
        error(.invalidBlueprintValue, "`\(name)` 的配额应当是题数（如 10）或百分比（如 30%），而不是 `\(text)`", at: range(node))
        return nil
    }

    static func lawSelector(_ reader: inout Reader, _ name: String, _ node: Node) -> LawSelector? {
        if let law = reader.catalog.law(named: name) { return .law(law.id) }
        if reader.catalog.categories.contains(name) { return .category(name) }
        let suggestion = reader.catalog.suggestion(for: name)
            ?? Suggestion.closest(to: name, in: reader.catalog.categories)
        reader.error(.unknownLaw, "法律目录中没有 `\(name)`，也没有这个类别", at: reader.range(node),
                     help: suggestion.map { "是不是想写 `\($0)`？" }
                         ?? "写法律的名称（如 宪法）或目录中的类别（\(reader.catalog.categories.joined(separator: "、"))）")
        return nil
    }

    static func difficultyKey(_ reader: inout Reader, _ name: String, _ node: Node) -> Difficulty? {
        if let difficulty = Difficulty.named(name) { return difficulty }
        reader.error(.unknownDifficulty, "未知的难度 `\(name)`", at: reader.range(node), help: "难度是 易、中、难 之一")
        return nil
    }

    var lawSelector: (inout Reader, String, Node) -> LawSelector? { Reader.lawSelector }
    var difficultyKey: (inout Reader, String, Node) -> Difficulty? { Reader.difficultyKey }

    mutating func checkOverlaps(_ quota: Quota<LawSelector>) {
        for entry in quota.entries {
            guard case let .law(id) = entry.key, let category = catalog.law(id: id)?.category else { continue }
            if let other = quota.entries.first(where: { $0.key == .category(category) }) {
                diagnostics.append(Diagnostic(.overlappingQuota, "\(entry.name) 属于类别“\(category)”，两项配额重叠", at: entry.range,
                                              notes: [.note("类别“\(category)”的配额在这里", at: other.range),
                                                      .help("一道题只能计入一项配额：删去其中一项，或把类别换成其中的具体法律")]))
            }
        }
    }

    // MARK: Lists

    /// A list's items. A single text item written with Chinese separators (`[宪法，民法典]` or `宪法、民法典`) is split.
    mutating func list(_ node: Node, key: String) -> [(text: String, node: Node)] {
        let items: [Node]
        if let sequence = node.sequence { items = Array(sequence) }
        else if node.scalar != nil { items = [node] }
        else {
            error(.invalidBlueprintValue, "`\(key)` 应当是列表，例如 [宪法, 民法典]", at: range(node))
            return []
        }
        return items.flatMap { item -> [(text: String, node: Node)] in
            guard let text = item.scalar?.string else { return [("", item)] }
            return text.split(whereSeparator: { "，、,；;".contains($0) }).map { (String($0).trimmingSpaces(), item) }
        }
    }

    mutating func mustCover(_ node: Node) -> [Located<String>] {
        var result: [Located<String>] = []
        for (name, item) in list(node, key: "must_cover") {
            guard item.scalar != nil else {
                error(.invalidBlueprintValue, "`must_cover` 的每一项应当是法律名称", at: range(item))
                continue
            }
            guard let law = catalog.law(named: name) else {
                let suggestion = catalog.suggestion(for: name)
                error(.unknownLaw, "法律目录中没有 `\(name)`", at: range(item), help: suggestion.map { "是不是想写 `\($0)`？" })
                continue
            }
            if !result.contains(where: { $0.value == law.id }) { result.append(Located(law.id, at: range(item))) }
        }
        return result
    }

    mutating func selectors(_ node: Node, key: String) -> [Located<QuestionSelector>] {
        var result: [Located<QuestionSelector>] = []
        for (text, item) in list(node, key: key) {
            guard item.scalar != nil else {
                error(.invalidBlueprintValue, "`\(key)` 的每一项应当是题目编号或 标签:名称", at: range(item))
                continue
            }
            guard !text.isEmpty else { continue }
            var selector = QuestionSelector.id(text.hasPrefix("#") ? String(text.dropFirst()) : text)
            for prefix in ["标签:", "标签：", "tag:"] where text.hasPrefix(prefix) {
                selector = .tag(String(text.dropFirst(prefix.count)).trimmingSpaces())
            }
            result.append(Located(selector, at: range(item)))
        }
        return result
    }

    mutating func shuffle(_ node: Node) -> (Bool, Bool) {
        if node.scalar != nil {
            let value = bool(node, key: "shuffle") ?? true
            return (value, value)
        }
        guard let mapping = node.mapping else {
            error(.invalidBlueprintValue, "`shuffle` 应当是 true/false，或写出 questions 和 options", at: range(node))
            return (true, true)
        }
        var questions = true, options = true
        for (key, value) in mapping {
            switch key.scalar?.string {
            case "questions": questions = bool(value, key: "questions") ?? true
            case "options": options = bool(value, key: "options") ?? true
            default:
                error(.unknownBlueprintKey, "`shuffle` 中未知的键 `\(key.scalar?.string ?? "")`", at: range(key),
                      help: "可用的键：questions（打乱题目顺序）、options（打乱选项顺序）")
            }
        }
        return (questions, options)
    }
}
