/// Turns a question's syntax into a compiled `Question`: applies file defaults, resolves names against the
/// catalog and checks the question on its own (options, answer, blanks, case structure).
struct QuestionResolver {
    let context: ResolutionContext
    let defaults: FileDefaults

    /// Values a sub-question inherits from its case.
    struct Inherited {
        var law: String?
        var difficulty: Difficulty?
        var audience: [Audience]
        var topic: String?
        var tags: [String]
    }

    func resolve(_ syntax: QuestionSyntax, diagnostics: inout [Diagnostic]) -> Question {
        let inherited = Inherited(law: defaults.law, difficulty: defaults.difficulty, audience: defaults.audience,
                                  topic: defaults.topic, tags: defaults.tags)
        return resolve(syntax, inherited: inherited, parentID: nil, diagnostics: &diagnostics)
    }

    private func resolve(_ syntax: QuestionSyntax, inherited: Inherited, parentID: String?,
                         diagnostics: inout [Diagnostic]) -> Question {
        let isPart = parentID != nil
        var question = Question(
            id: syntax.attributes?.id?.text, type: syntax.sectionType ?? .single, law: inherited.law, articles: [],
            difficulty: inherited.difficulty, audience: inherited.audience, topic: inherited.topic, tags: inherited.tags,
            enemyGroups: [], points: nil, stem: syntax.stemText, options: [], answer: .missing, explanation: nil,
            material: nil, parts: [], number: syntax.number,
            source: QuestionSource(file: syntax.range.file, line: syntax.range.start.line, numberRange: syntax.numberRange,
                                   idRange: syntax.attributes?.id?.range, stemRange: syntax.stem.first?.range,
                                   answerRange: syntax.answer?.value.range))

        var explicitType: QuestionType?
        var articleItems: [TextSyntax] = []
        var seen = AttributeSet()
        for attribute in syntax.attributes?.attributes ?? [] {
            if let key = AttributeKey(attribute.key.text), !key.allowedOnQuestion {
                diagnostics.append(Diagnostic(.unknownAttributeKey, "“\(attribute.key.text)”只能写在文件头中，不能写在题目的属性块里",
                    at: attribute.key.range, notes: [.help("把它移到文件开头两行 --- 之间，写成 \(key.frontMatterName): 值")]))
                continue
            }
            guard let key = AttributeKey(attribute.key.text) else {
                let known = AttributeKey.allCases.filter(\.allowedOnQuestion).map(\.chineseName)
                var notes: [DiagnosticNote] = []
                if let guess = Suggestion.closest(to: attribute.key.text, in: AttributeKey.acceptedNames) {
                    notes.append(.help("是不是想写“\(AttributeKey(guess)?.chineseName ?? guess)”？"))
                }
                notes.append(.note("可用的属性：" + known.joined(separator: "、")))
                diagnostics.append(Diagnostic(.unknownAttributeKey, "未知的属性“\(attribute.key.text)”", at: attribute.key.range, notes: notes))
                continue
            }
            if let first = seen[key] {
                diagnostics.append(Diagnostic(.repeatedAttribute, "属性“\(attribute.key.text)”写了两次", at: attribute.key.range,
                    notes: [.note("第一次写在这里", at: first), .help("删除其中一个")]))
                continue
            }
            seen[key] = attribute.key.range
            let items = attribute.items.isEmpty ? [attribute.value] : attribute.items
            switch key {
            case .law: question.law = context.resolveLaw(attribute.value, diagnostics: &diagnostics)
            case .article: articleItems = items
            case .difficulty: question.difficulty = context.resolveDifficulty(attribute.value, diagnostics: &diagnostics)
            case .audience: question.audience = context.resolveAudience(items, diagnostics: &diagnostics)
            case .topic: question.topic = attribute.value.text
            case .tags: question.tags = inherited.tags + items.map(\.text).filter { !inherited.tags.contains($0) }
            case .enemy: question.enemyGroups = items.map(\.text)
            case .points:
                if let points = Double(attribute.value.text.replacingOccurrences(of: "分", with: "")), points > 0, points <= 1000 {
                    question.points = points
                } else {
                    diagnostics.append(Diagnostic(.invalidPoints, "分值“\(attribute.value.text)”无效，应是大于 0、不超过 1000 的数", at: attribute.value.range,
                        notes: [.help("写成 分值=2 或 分值=1.5")]))
                }
            case .type:
                if let type = QuestionType.named(attribute.value.text), type != .caseAnalysis || !isPart {
                    explicitType = type
                } else {
                    let known = QuestionType.named(attribute.value.text) != nil
                    diagnostics.append(Diagnostic(.invalidSubQuestionType,
                        known ? "案例分析题的小题不能再是案例分析题" : "无法识别题型“\(attribute.value.text)”", at: attribute.value.range,
                        notes: [.help("题型可以是 单选、多选、不定项、判断、填空、简答\(isPart ? "" : "、案例分析")")]))
                }
            case .idPrefix, .title: break
            }
        }
        if !articleItems.isEmpty {
            question.articles = context.resolveArticles(articleItems, law: question.law, diagnostics: &diagnostics)
        }

        if let explicitType {
            question.type = explicitType
        } else if isPart {
            question.type = Self.inferType(syntax)
        }

        if let parentID, !parentID.isEmpty, question.id == nil { question.id = "\(parentID)-\(syntax.number)" }
        if !isPart, question.id == nil, syntax.attributes?.hasInvalidID != true {
            var notes: [DiagnosticNote] = [.help("运行 kaofa fmt --assign-ids 自动补上编号")]
            if let prefix = defaults.idPrefix { notes.append(.note("将使用文件头中的编号前缀 \(prefix)")) }
            diagnostics.append(Diagnostic(.missingID, "第 \(syntax.number) 题没有编号，组卷和成绩统计需要用编号认题",
                at: syntax.numberRange, notes: notes))
        }
        let lawWasGiven = defaults.lawGiven || seen[.law] != nil
        if !isPart, question.law == nil, !lawWasGiven {
            diagnostics.append(Diagnostic(.missingLaw, "第 \(syntax.number) 题没有所属法律法规，组卷时无法按法律抽题",
                at: syntax.numberRange, notes: [.help("在文件头写 law: 法律名称，或在属性块中写 法律=名称")]))
        }

        question.explanation = syntax.explanation.map(\.value.text).flatMap { $0.isEmpty ? nil : $0 }
        QuotationCheck(catalog: context.catalog, texts: context.quotedTexts).check(syntax.explanation, law: question.law, articles: question.articles,
                                                       diagnostics: &diagnostics)
        if !question.stem.unicodeScalars.contains(where: { !Lexicon.isSpace($0) && $0 != "\n" }) {
            diagnostics.append(Diagnostic(.emptyStem, "第 \(syntax.number) 题没有题干", at: syntax.numberRange,
                notes: [.help("在题号后面写出题目内容")]))
        }

        AnswerChecker(type: question.type, syntax: syntax).check(into: &question, diagnostics: &diagnostics)

        if question.type == .caseAnalysis {
            question.material = syntax.material.map(\.value.text)
            if syntax.material == nil || syntax.material?.value.text.trimmingSpaces().isEmpty == true {
                diagnostics.append(Diagnostic(.caseWithoutMaterial, "案例分析题缺少“材料：”", at: syntax.numberRange,
                    notes: [.help("在题干之后写一行“材料：”，再写案例内容")]))
            }
            if syntax.parts.isEmpty {
                diagnostics.append(Diagnostic(.caseWithoutSubQuestions, "案例分析题没有小题", at: syntax.numberRange,
                    notes: [.help("在材料之后用（1）（2）编号写出小题，每个小题有自己的答案")]))
            }
            let partDefaults = Inherited(law: question.law, difficulty: question.difficulty, audience: question.audience,
                                         topic: question.topic, tags: question.tags)
            question.parts = syntax.parts.map {
                resolve($0, inherited: partDefaults, parentID: question.id ?? "", diagnostics: &diagnostics)
            }
            question.answer = .parts
        } else if !syntax.parts.isEmpty || syntax.material != nil {
            let range = syntax.parts.first?.numberRange ?? syntax.material!.marker
            diagnostics.append(Diagnostic(.unexpectedLine, "只有案例分析题才有材料和小题", at: range,
                notes: [.help("把这道题放在“案例分析题”标题之下")]))
        }
        return question
    }

    /// A sub-question without `题型=` gets its type from its answer.
    static func inferType(_ syntax: QuestionSyntax) -> QuestionType {
        if !syntax.options.isEmpty {
            let letters = AnswerChecker.choiceLetters(syntax.answer?.value.text ?? "") ?? []
            return letters.count > 1 ? .multiple : .single
        }
        if let answer = syntax.answer?.value.text, AnswerChecker.truthValue(answer) != nil { return .trueFalse }
        if Question.blankCount(in: syntax.stemText) > 0, syntax.answer != nil { return .fillBlank }
        return .shortAnswer
    }
}

/// Which attribute keys a block has used, and where: a fixed-size table (no dictionary per question).
struct AttributeSet {
    private var ranges = [SourceRange?](repeating: nil, count: 11)

    subscript(key: AttributeKey) -> SourceRange? {
        get { ranges[key.ordinal] }
        set { ranges[key.ordinal] = newValue }
    }
}
