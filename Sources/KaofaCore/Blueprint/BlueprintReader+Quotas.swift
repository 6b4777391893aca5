import Yams

/// `law` and `difficulty` quotas.
extension BlueprintReader {
    // MARK: Quotas

    mutating func quota<Key>(_ node: Node, key: String,
                             parseKey: (inout BlueprintReader, String, Node) -> Key?) -> Quota<Key>? {
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

    static func lawSelector(_ reader: inout BlueprintReader, _ name: String, _ node: Node) -> LawSelector? {
        if let law = reader.catalog.law(named: name) { return .law(law.id) }
        if reader.catalog.categories.contains(name) { return .category(name) }
        let suggestion = reader.catalog.suggestion(for: name)
            ?? Suggestion.closest(to: name, in: reader.catalog.categories)
        reader.error(.unknownLaw, "法律目录中没有 `\(name)`，也没有这个类别", at: reader.range(node),
                     help: suggestion.map { "是不是想写 `\($0)`？" }
                         ?? "写法律的名称（如 宪法）或目录中的类别（\(reader.catalog.categories.joined(separator: "、"))）")
        return nil
    }

    static func difficultyKey(_ reader: inout BlueprintReader, _ name: String, _ node: Node) -> Difficulty? {
        if let difficulty = Difficulty.named(name) { return difficulty }
        reader.error(.unknownDifficulty, "未知的难度 `\(name)`", at: reader.range(node), help: "难度是 易、中、难 之一")
        return nil
    }

    var lawSelector: (inout BlueprintReader, String, Node) -> LawSelector? { BlueprintReader.lawSelector }
    var difficultyKey: (inout BlueprintReader, String, Node) -> Difficulty? { BlueprintReader.difficultyKey }

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
}
