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
        switch SourceDecoder.decode(bytes, path: path, kind: .blueprint) {
        case let .failure(diagnostic):
            return Result(blueprint: nil, diagnostics: [diagnostic], source: nil)
        case let .success(source):
            var reader = BlueprintReader(path: path, catalog: catalog)
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
enum BlueprintKey: String, CaseIterable {
    case title, audience, duration, total, pass, excellent, sections, law, difficulty
    case mustCover = "must_cover", require, exclude, shuffle, exposure
}

/// Reads one blueprint document; the methods for sections, quotas and lists live in the files beside this one.
struct BlueprintReader {
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
            // Every key with a full-width colon: the whole file reads as one piece of text.
            if root.scalar != nil, reportFullWidthColon(yaml, before: Int.max) { return nil }
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
        let exposure = fields[.exposure].flatMap { self.exposure($0.value, key: $0.key) }

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
                         totalRange: range(totalField.value), sectionsRange: range(sectionsField.key), exposure: exposure)
    }

    /// The line and column (from 1) of the first tab in a line's indentation, if any.
    static func firstTabIndent(_ yaml: String) -> (line: Int, column: Int)? {
        for (index, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            for (offset, scalar) in line.unicodeScalars.enumerated() {
                if scalar == "\t" { return (index + 1, offset + 1) }
                if scalar != " " { break }
            }
        }
        return nil
    }

    /// The first line that writes a key with a full-width colon (`title：普法考试`, `  宪法：30%`, a Chinese input
    /// method's colon), as the line, the colon's column (from 1) and the key; comments, quoted text and lines that
    /// already have a `:` before it are not counted.
    static func firstFullWidthColon(_ yaml: String) -> (line: Int, column: Int, key: String)? {
        for (index, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let scalars = Array(line.unicodeScalars)
            var start = 0
            while start < scalars.count, scalars[start] == " " || scalars[start] == "-" { start += 1 }
            guard start < scalars.count, !"#\"'[{".unicodeScalars.contains(scalars[start]),
                  let colon = scalars[start...].firstIndex(where: { $0 == "：" || $0 == ":" }), scalars[colon] == "：" else { continue }
            let key = String(String.UnicodeScalarView(scalars[start..<colon])).trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, !key.unicodeScalars.contains(where: { $0 == "#" }) else { continue }
            return (index + 1, colon + 1, key)
        }
        return nil
    }

    /// Reports the first key written with a full-width colon on a line before `limit`; false when there is none.
    mutating func reportFullWidthColon(_ yaml: String, before limit: Int) -> Bool {
        guard let (line, column, key) = Self.firstFullWidthColon(yaml), line < limit else { return false }
        let at = SourcePosition(line: line, column: column)
        diagnostics.append(Diagnostic(.blueprintSyntax, "YAML 格式错误：第 \(line) 行“\(key)”后面的冒号是全角的“：”，YAML 要用半角冒号加一个空格“: ”",
                                      at: SourceRange(file: path, start: at, end: SourcePosition(line: line, column: column + 1)),
                                      notes: [.help("改成“\(key): ”（把输入法切换到英文标点再输入冒号）")]))
        return true
    }

    mutating func reportYAMLError(_ yamlError: YamlError, yaml: String) {
        switch yamlError {
        case let .duplicatedKeysInMapping(duplicates, context):
            // Yams rejects repeated keys itself and names only the first; find the repeats by their indentation.
            let first = SourcePosition(line: context.mark.line, column: context.mark.column)
            let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
            for key in duplicates {
                // Yams names the first occurrence; the repeat is the next line of the same mapping with this key.
                let column = first.column - 1
                let keyScalars = Array((key + ":").unicodeScalars)
                func hasKey(_ line: [Unicode.Scalar]) -> Bool {
                    line.count >= column + keyScalars.count && Array(line[column..<(column + keyScalars.count)]) == keyScalars
                        && line[..<column].allSatisfy { $0 == " " || $0 == "-" }
                }
                var second = first.line
                if first.line - 1 < lines.count, hasKey(lines[first.line - 1]) {
                    for index in first.line..<lines.count {
                        let line = lines[index]
                        guard let indent = line.firstIndex(where: { $0 != " " }), line[indent] != "#" else { continue }
                        if indent < column || (indent == column - 2 && line[indent] == "-") { break }  // the mapping ended
                        if indent == column, hasKey(line) {
                            second = index + 1
                            break
                        }
                    }
                }
                let width = key.unicodeScalars.count
                let at = SourceRange(file: path, start: SourcePosition(line: second, column: first.column),
                                     end: SourcePosition(line: second, column: first.column + width))
                let firstAt = SourceRange(file: path, start: first, end: SourcePosition(line: first.line, column: first.column + width))
                diagnostics.append(Diagnostic(.repeatedBlueprintKey, "`\(key)` 写了两次", at: at,
                                              notes: [.note("第一次写在这里", at: firstAt), .help("删去其中一处")]))
            }
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            // Indentation with a tab (a text editor's Tab key) is the usual cause, and YAML's own words do not say so.
            if let (line, column) = Self.firstTabIndent(yaml), line <= mark.line {
                let at = SourcePosition(line: line, column: column)
                diagnostics.append(Diagnostic(.blueprintSyntax, "YAML 格式错误：第 \(line) 行用 Tab 键（制表符）缩进，YAML 只能用空格缩进",
                                              at: SourceRange(file: path, start: at, end: SourcePosition(line: line, column: column + 1)),
                                              notes: [.help("把行首的 Tab 换成空格；同一层的行缩进相同的空格数（示例蓝图每层两个空格）")]))
                return
            }
            // So is a key typed with a Chinese input method's colon: YAML reads the line as text and fails on a later one.
            if reportFullWidthColon(yaml, before: mark.line + 1) { return }
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
}
