import Yams

/// `must_cover`, `require`, `exclude` and `shuffle`.
extension BlueprintReader {
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
        let result = items.flatMap { item -> [(text: String, node: Node)] in
            guard let text = item.scalar?.string else { return [("", item)] }
            return text.split(whereSeparator: { "，、,；;".contains($0) }).map { (String($0).trimmingSpaces(), item) }
        }
        if node.scalar != nil, result.allSatisfy({ $0.text.isEmpty }) {
            // `exclude: #MF-0101` reads as an empty list: in YAML everything after `#` is a comment.
            error(.invalidBlueprintValue, "`\(key)` 是空的", at: range(node),
                  help: "在 YAML 中 # 之后的内容是注释：编号前不要写 #（写 \(key): [MF-0101]），或给它加引号（\(key): [\"#MF-0101\"]）；不需要时删去这一行")
            return []
        }
        return result
    }

    mutating func mustCover(_ node: Node) -> [Located<String>] {
        var result: [Located<String>] = []
        for (name, item) in list(node, key: "must_cover") {
            guard item.scalar != nil else {
                error(.invalidBlueprintValue, "`must_cover` 的每一项应当是法律名称", at: range(item))
                continue
            }
            guard let law = catalog.law(named: name) else {
                if catalog.categories.contains(name) {
                    error(.unknownLaw, "`\(name)` 是法律类别，must_cover 要写具体的法律", at: range(item),
                          help: "写这一类中必须考到的法律，例如 \(catalog.laws.filter { $0.category == name && !$0.isRepealed }.prefix(3).map(\.id).joined(separator: "、"))")
                    continue
                }
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

    /// `exposure: {exclude_used: blueprint|audience, since: 2026-01-01 | last_builds: N}`.
    mutating func exposure(_ node: Node, key: Node) -> ExposureRule? {
        guard let mapping = node.mapping else {
            error(.invalidBlueprintValue, "`exposure` 应当写出 exclude_used（以及 since 或 last_builds），或 max_rate", at: range(node),
                  help: "例如：exposure: {exclude_used: blueprint, last_builds: 1}，或 exposure: {max_rate: 30%}")
            return nil
        }
        var scope: ExposureRule.Scope?, since: String?, lastBuilds: Int?, maxRate: Double?
        var valid = true
        for (entry, value) in mapping {
            switch entry.scalar?.string {
            case "exclude_used":
                switch value.scalar?.string.trimmingSpaces() {
                case "blueprint", "蓝图": scope = .blueprint
                case "audience", "对象", "考试对象": scope = .audience
                default:
                    error(.invalidBlueprintValue, "`exclude_used` 应当是 blueprint（同一蓝图）或 audience（同一考试对象）", at: range(value))
                    valid = false
                }
            case "since":
                let text = value.scalar?.string.trimmingSpaces() ?? ""
                let parts = text.split(separator: "-").compactMap { Int($0) }
                if parts.count == 3, parts[0] >= 2000, (1...12).contains(parts[1]), (1...31).contains(parts[2]) {
                    since = String(format: "%04d-%02d-%02d", parts[0], parts[1], parts[2])
                } else {
                    error(.invalidBlueprintValue, "`since` 应当是日期，如 2026-01-01，而不是 `\(text)`", at: range(value))
                    valid = false
                }
            case "last_builds":
                if let count = positiveInt(value, key: "last_builds") { lastBuilds = count } else { valid = false }
            case "max_rate":
                var text = value.scalar?.string.trimmingSpaces() ?? ""
                let percent = text.hasSuffix("%") || text.hasSuffix("％")
                if percent { text.removeLast() }
                if let number = Double(text), number.isFinite, case let rate = percent ? number / 100 : number, rate > 0, rate <= 1 {
                    maxRate = rate
                } else {
                    error(.invalidBlueprintValue, "`max_rate` 应当是 0 到 100% 之间的比例，如 30%，而不是 `\(value.scalar?.string ?? "")`", at: range(value))
                    valid = false
                }
            default:
                error(.unknownBlueprintKey, "`exposure` 中未知的键 `\(entry.scalar?.string ?? "")`", at: range(entry),
                      help: "可用的键：exclude_used、since、last_builds、max_rate")
                valid = false
            }
        }
        if since != nil, lastBuilds != nil {
            error(.invalidBlueprintValue, "`since` 和 `last_builds` 只能写一个", at: range(key))
            valid = false
        }
        guard scope != nil || (maxRate != nil && since == nil && lastBuilds == nil) else {
            if valid { error(.invalidBlueprintValue, "`exposure` 缺少 exclude_used（blueprint 或 audience）", at: range(key)) }
            return nil
        }
        return valid ? ExposureRule(scope: scope, since: since, lastBuilds: lastBuilds, maxRate: maxRate, range: range(key)) : nil
    }
}
