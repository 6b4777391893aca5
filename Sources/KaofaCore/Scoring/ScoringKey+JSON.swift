extension ScoringKey {
    /// Why a paper and key pair cannot be scored against: the file at fault and what is wrong with it.
    public struct ReadFailure: Error, Sendable, Equatable {
        public enum File: Sendable, Equatable { case paper, key }
        public var file: File
        public var message: String
    }

    /// The key of one paper as `kaofa build` wrote it: the paper (`kaofa.paper/1`: numbering, sections, options as
    /// printed, points) and its key (`kaofa.key/1`: answers, accepted blank forms, partial-credit rules).
    /// The two must belong together: same paper id, same numbering, same question ids.
    public static func read(paper: JSONValue, key: JSONValue) -> Result<ScoringKey, ReadFailure> {
        func fail(_ file: ReadFailure.File, _ message: String) -> Result<ScoringKey, ReadFailure> {
            .failure(ReadFailure(file: file, message: message))
        }
        guard paper["schema"]?.stringValue == "kaofa.paper/1" else {
            return fail(.paper, "不是 kaofa 试卷文件（schema 应为 kaofa.paper/1，实际是 \(paper["schema"]?.stringValue ?? "空")）")
        }
        guard key["schema"]?.stringValue == "kaofa.key/1" else {
            return fail(.key, "不是 kaofa 答案文件（schema 应为 kaofa.key/1，实际是 \(key["schema"]?.stringValue ?? "空")）")
        }
        guard let paperID = paper["id"]?.stringValue, let blueprintID = paper["blueprint"]?.stringValue,
              let title = paper["title"]?.stringValue, let sectionsJSON = paper["sections"]?.arrayValue,
              let totalPoints = paper["totalPoints"]?.pointsValue, let passPoints = paper["passPoints"]?.pointsValue else {
            return fail(.paper, "试卷文件缺少 id、blueprint、title、sections、totalPoints 或 passPoints")
        }
        guard key["paperId"]?.stringValue == paperID else {
            return fail(.key, "答案属于试卷 \(key["paperId"]?.stringValue ?? "（未注明）")，不是 \(paperID)")
        }
        guard let keyItems = key["items"]?.arrayValue else { return fail(.key, "答案文件缺少 items") }
        var answers: [String: JSONValue] = [:]
        for item in keyItems {
            guard case let .int(number) = item["number"] ?? .null else { return fail(.key, "答案文件中有一题没有题号") }
            answers["\(number)"] = item
        }
        var examinee: Examinee?
        if let person = paper["examinee"], !person.isNull {
            guard let id = person["id"]?.stringValue else { return fail(.paper, "试卷的 examinee 缺少 id") }
            examinee = Examinee(id: id, name: person["name"]?.stringValue, unit: person["unit"]?.stringValue)
        }

        var items: [Item] = []
        var sections: [Section] = []
        var partRule: ScoringRule?
        for section in sectionsJSON {
            if partRule == nil, let type = section["type"]?.stringValue, type == "multiple" || type == "indefinite" {
                partRule = section["scoring"]?.stringValue.flatMap(ScoringRule.init(rawValue:)) ?? .allOrNothing
            }
        }
        for (sectionIndex, section) in sectionsJSON.enumerated() {
            guard let sectionTitle = section["title"]?.stringValue, let pointsEach = section["pointsEach"]?.pointsValue,
                  let sectionItems = section["items"]?.arrayValue else {
                return fail(.paper, "第 \(sectionIndex + 1) 个大题缺少 title、pointsEach 或 items")
            }
            sections.append(Section(title: sectionTitle, maxPoints: pointsEach * sectionItems.count))
            for item in sectionItems {
                guard case let .int(number) = item["number"] ?? .null, let points = item["points"]?.pointsValue else {
                    return fail(.paper, "“\(sectionTitle)”中有一题缺少题号或分值")
                }
                guard let answer = answers.removeValue(forKey: "\(number)") else {
                    return fail(.key, "答案中没有第 \(number) 题")
                }
                guard answer["id"]?.stringValue == item["id"]?.stringValue else {
                    return fail(.key, "第 \(number) 题在试卷上是 \(item["id"]?.stringValue ?? "?")，在答案中是 \(answer["id"]?.stringValue ?? "?")")
                }
                if item["type"]?.stringValue == QuestionType.caseAnalysis.rawValue {
                    let parts = item["parts"]?.arrayValue ?? [], answerParts = answer["parts"]?.arrayValue ?? []
                    guard parts.count == answerParts.count, !parts.isEmpty else {
                        return fail(.key, "第 \(number) 题的小题在试卷和答案中对不上")
                    }
                    let shares = partPoints(given: parts.map { $0["points"]?.pointsValue }, total: points)
                    for (index, part) in parts.enumerated() {
                        guard case let .int(partNumber) = part["number"] ?? .null else { return fail(.paper, "第 \(number) 题有一个小题没有编号") }
                        switch readItem(part, answer: answerParts[index], number: "\(number).\(partNumber)", points: shares[index],
                                        rule: partRule ?? .allOrNothing, section: sectionIndex) {
                        case let .success(read): items.append(read)
                        case let .failure(failure): return .failure(failure)
                        }
                    }
                } else {
                    let rule = section["scoring"]?.stringValue.flatMap(ScoringRule.init(rawValue:)) ?? .allOrNothing
                    switch readItem(item, answer: answer, number: "\(number)", points: points, rule: rule, section: sectionIndex) {
                    case let .success(read): items.append(read)
                    case let .failure(failure): return .failure(failure)
                    }
                }
            }
        }
        if let extra = answers.keys.sorted(by: { (Int($0) ?? 0) < (Int($1) ?? 0) }).first {
            return fail(.key, "答案中有第 \(extra) 题，试卷上没有")
        }
        return .success(ScoringKey(paperID: paperID, blueprintID: blueprintID, title: title, examinee: examinee, items: items,
                                   sections: sections, totalPoints: totalPoints, passPoints: passPoints,
                                   excellentPoints: paper["excellentPoints"]?.pointsValue))
    }

    private static func readItem(_ item: JSONValue, answer: JSONValue, number: String, points: Points, rule: ScoringRule,
                                 section: Int) -> Result<Item, ReadFailure> {
        guard let typeName = item["type"]?.stringValue, let type = QuestionType(rawValue: typeName),
              answer["type"]?.stringValue == typeName else {
            return .failure(ReadFailure(file: .key, message: "第 \(number) 题的题型在试卷和答案中对不上"))
        }
        var options: [Option] = []
        for option in item["options"]?.arrayValue ?? [] {
            guard let label = option["label"]?.stringValue, let text = option["text"]?.stringValue else {
                return .failure(ReadFailure(file: .paper, message: "第 \(number) 题的选项缺少 label 或 text"))
            }
            options.append(Option(label: label, text: text))
        }
        let given = (answer["answer"]?.arrayValue ?? []).compactMap(\.stringValue)
        let expected: Expected
        switch type {
        case .single, .multiple, .indefinite:
            let labels = Set(options.map(\.label))
            guard !given.isEmpty, given.allSatisfy(labels.contains) else {
                return .failure(ReadFailure(file: .key, message: "第 \(number) 题的答案 \(given.joined()) 不是试卷上的选项"))
            }
            expected = .labels(options.map(\.label).filter(given.contains))
        case .trueFalse:
            guard given.count == 1, let value = Scorer.trueFalse(given[0]) else {
                return .failure(ReadFailure(file: .key, message: "第 \(number) 题是判断题，答案应当是“正确”或“错误”"))
            }
            expected = .trueFalse(value)
        case .fillBlank:
            let blanks = (answer["acceptable"]?.arrayValue ?? []).map { ($0.arrayValue ?? []).compactMap(\.stringValue) }
            guard !blanks.isEmpty, blanks.allSatisfy({ !$0.isEmpty }) else {
                return .failure(ReadFailure(file: .key, message: "第 \(number) 题是填空题，答案缺少 acceptable"))
            }
            expected = .blanks(blanks)
        case .shortAnswer, .caseAnalysis:
            expected = .written
        }
        let itemRule = answer["scoring"]?.stringValue.flatMap(ScoringRule.init(rawValue:)) ?? rule
        return .success(Item(number: number, questionID: item["id"]?.stringValue, type: type, options: options, expected: expected,
                             points: points, rule: itemRule, section: section))
    }
}
