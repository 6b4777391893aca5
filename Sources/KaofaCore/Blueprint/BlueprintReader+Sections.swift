import Yams

/// `sections`: one 大题 per question type.
extension BlueprintReader {
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
}
