/// The defaults a bank file's front matter gives its questions.
public struct FileDefaults: Sendable {
    public var title: String?
    public var law: String?
    /// A `law` was written in the front matter (even if unknown), so questions are not reported as law-less.
    public var lawGiven = false
    public var audience: [Audience] = []
    public var difficulty: Difficulty?
    public var tags: [String] = []
    public var topic: String?
    public var idPrefix: String?

    /// Resolves front matter against the catalog, reporting unknown keys and values.
    static func resolve(_ frontMatter: FrontMatterSyntax?, context: ResolutionContext,
                        diagnostics: inout [Diagnostic]) -> FileDefaults {
        var defaults = FileDefaults()
        guard let frontMatter else { return defaults }
        var seen: [AttributeKey: SourceRange] = [:]
        for entry in frontMatter.entries {
            guard let key = AttributeKey(entry.key.text), key.allowedInFrontMatter else {
                let known = AttributeKey.allCases.filter(\.allowedInFrontMatter).flatMap { [$0.frontMatterName, $0.chineseName] }
                var notes: [DiagnosticNote] = []
                if let guess = Suggestion.closest(to: entry.key.text, in: known) { notes.append(.help("是不是想写“\(guess)”？")) }
                notes.append(.note("文件头可以使用的键：" + known.joined(separator: "、")))
                diagnostics.append(Diagnostic(.unknownFrontMatterKey, "文件头中的“\(entry.key.text)”不是可用的键", at: entry.key.range, notes: notes))
                continue
            }
            if let first = seen[key] {
                diagnostics.append(Diagnostic(.repeatedAttribute, "文件头中“\(entry.key.text)”写了两次", at: entry.key.range,
                    notes: [.note("第一次写在这里", at: first)]))
                continue
            }
            seen[key] = entry.key.range
            let items = entry.items.isEmpty && !entry.value.text.isEmpty ? [entry.value] : entry.items
            switch key {
            case .law:
                defaults.lawGiven = true
                defaults.law = context.resolveLaw(entry.value, diagnostics: &diagnostics)
            case .audience:
                defaults.audience = context.resolveAudience(items, diagnostics: &diagnostics)
            case .difficulty:
                defaults.difficulty = context.resolveDifficulty(entry.value, diagnostics: &diagnostics)
            case .tags:
                defaults.tags = items.map(\.text)
            case .topic:
                defaults.topic = entry.value.text
            case .idPrefix:
                if AttributeParser.isValidID(entry.value.text) {
                    defaults.idPrefix = entry.value.text
                } else {
                    diagnostics.append(Diagnostic(.invalidID, "编号前缀“\(entry.value.text)”写法有误", at: entry.value.range,
                        notes: [.help("前缀只能由字母、数字和 - _ . 组成，例如 XF")]))
                }
            case .title:
                defaults.title = entry.value.text
            default:
                break
            }
        }
        return defaults
    }
}

/// Shared lookups for resolving names in front matter and attribute blocks.
struct ResolutionContext {
    let catalog: LawCatalog
    /// The law texts quotations are checked against (W0410), normalised once for the whole compile.
    let quotedTexts = QuotationCheck.NormalizedTexts()

    func resolveLaw(_ value: TextSyntax, diagnostics: inout [Diagnostic]) -> String? {
        guard let law = catalog.law(named: value.text) else {
            var notes: [DiagnosticNote] = []
            if let guess = catalog.suggestion(for: value.text) { notes.append(.help("是不是想写“\(guess)”？")) }
            notes.append(.note("运行 kaofa law --list 查看法律目录中的全部名称；目录中没有的法规，可以把原文放进 Laws/ 目录（docs/law-catalog.md 6.1 节）"))
            diagnostics.append(Diagnostic(.unknownLaw, "法律目录中没有“\(value.text)”", at: value.range, notes: notes))
            return nil
        }
        if let repealed = law.repealed {
            var notes: [DiagnosticNote] = []
            if let successor = law.successor.flatMap({ catalog.law(id: $0) }) {
                notes.append(.help("改为引用现行有效的《\(successor.name)》，并核对条文"))
                notes.append(.note("《\(law.name)》已于 \(repealed) 废止，由《\(successor.name)》取代"))
            } else {
                notes.append(.note("《\(law.name)》已于 \(repealed) 废止"))
            }
            diagnostics.append(Diagnostic(.repealedLaw, "《\(law.name)》已经废止", at: value.range, notes: notes))
        }
        if let pending = law.pendingText {
            // Questions written before the revision may be out of date, and nothing below can tell: say so where
            // the law is named, as for a repealed law.
            diagnostics.append(Diagnostic(.lawTextPending, "《\(law.name)》已于 \(law.revised ?? "近期") 修改，kaofa 没有收录修改后的文本，无法核对条文序号和引文",
                                          at: value.range, notes: [.note(pending), .help("对照现行正式文本核对这些题的条文序号、引文和答案；把现行文本放进 Laws/ 目录，kaofa 就能核对（docs/law-catalog.md 6.1 节）")]))
        }
        return law.id
    }

    func resolveAudience(_ items: [TextSyntax], diagnostics: inout [Diagnostic]) -> [Audience] {
        var result: [Audience] = []
        for item in items {
            guard let audiences = Audience.named(item.text) else {
                var notes: [DiagnosticNote] = []
                if let guess = Suggestion.closest(to: item.text, in: Audience.acceptedNames), let audiences = Audience.named(guess) {
                    notes.append(.help("是不是想写“\(audiences.count == 1 ? audiences[0].rawValue : guess)”？"))
                }
                notes.append(.note("适用对象：领导干部、行政执法人员、村两委，或 全部"))
                diagnostics.append(Diagnostic(.unknownAudience, "未知的适用对象“\(item.text)”", at: item.range, notes: notes))
                continue
            }
            for audience in audiences where !result.contains(audience) { result.append(audience) }
        }
        return result.sorted()
    }

    func resolveDifficulty(_ value: TextSyntax, diagnostics: inout [Diagnostic]) -> Difficulty? {
        guard let difficulty = Difficulty.named(value.text) else {
            var notes: [DiagnosticNote] = []
            if let guess = Suggestion.closest(to: value.text, in: Difficulty.acceptedNames).flatMap(Difficulty.named) {
                notes.append(.help("是不是想写“\(guess.rawValue)”？"))
            }
            notes.append(.note("难度只能是 易、中、难"))
            diagnostics.append(Diagnostic(.unknownDifficulty, "未知的难度“\(value.text)”", at: value.range, notes: notes))
            return nil
        }
        return difficulty
    }

    /// Parses and checks `条文=` items against the law's text (or its article count).
    func resolveArticles(_ items: [TextSyntax], law: String?, diagnostics: inout [Diagnostic]) -> [ArticleCitation] {
        var result: [ArticleCitation] = []
        let entry = law.flatMap { catalog.law(id: $0) }
        for item in items {
            guard let citations = ArticleCitationParser.parse(item.text) else {
                diagnostics.append(Diagnostic(.invalidArticle, "无法识别条文“\(item.text)”", at: item.range,
                    notes: [.help("写成 第二条、第2条、第二条第一款 或 序言；多条用顿号分隔：第九条、第十条；连续的条文写成 第九条至第十一条（从小到大，最多 50 条）")]))
                continue
            }
            if let entry {
                if !entry.hasArticles {
                    diagnostics.append(Diagnostic(.articleWithoutText, "“\(entry.id)”是学习专题，没有条文可以引用", at: item.range,
                        notes: [.help("删除“条文=…”，或改用“知识点=…”")]))
                    continue
                }
                var valid = true
                for citation in citations where !check(citation, in: entry, at: item.range, diagnostics: &diagnostics) {
                    valid = false
                }
                if !valid { continue }
            }
            for citation in citations where !result.contains(citation) { result.append(citation) }
        }
        return result
    }

    private func check(_ citation: ArticleCitation, in law: Law, at range: SourceRange, diagnostics: inout [Diagnostic]) -> Bool {
        let text = catalog.text(of: law.id)
        if citation.isPreamble {
            if let text, text.preamble == nil {
                diagnostics.append(Diagnostic(.articleOutOfRange, "《\(law.name)》没有序言", at: range,
                    notes: [.help("改为引用具体条文，例如 第一条")]))
                return false
            }
            return true
        }
        // A law in force whose current text and article count kaofa lacks: nothing to check the number against.
        if text == nil && law.articles == nil { return true }
        let count = law.articles ?? 0
        let exists = text.map { $0.articles[citation.article] != nil } ?? (citation.article <= count)
        guard exists else {
            diagnostics.append(Diagnostic(.articleOutOfRange,
                "《\(law.name)》没有\(ArticleCitation(article: citation.article).text)（共 \(count) 条）", at: range,
                notes: [.help("核对条文序号；用 kaofa law \(law.id) 第一条 可以查看条文原文")]))
            return false
        }
        guard let article = text?.articles[citation.article] else { return true }
        if citation.paragraph == nil && citation.item == nil { return true }
        if let paragraph = citation.paragraph, paragraph > article.paragraphs.count {
            diagnostics.append(Diagnostic(.articleOutOfRange,
                "《\(law.name)》\(ArticleCitation(article: citation.article).text)只有 \(article.paragraphs.count) 款，没有第\(ChineseNumber.format(paragraph))款",
                at: range, notes: [.help("用 kaofa law \(law.id) \(ArticleCitation(article: citation.article).text) 查看该条原文")]))
            return false
        }
        if let item = citation.item {
            let paragraphIndex = (citation.paragraph ?? (article.paragraphs.firstIndex { $0.count > 1 }.map { $0 + 1 } ?? 1)) - 1
            let items = article.itemCount(inParagraph: paragraphIndex)
            if item > items {
                diagnostics.append(Diagnostic(.articleOutOfRange,
                    "《\(law.name)》\(ArticleCitation(article: citation.article, paragraph: citation.paragraph).text)没有第（\(ChineseNumber.format(item))）项",
                    at: range, notes: [.help("用 kaofa law \(law.id) \(ArticleCitation(article: citation.article).text) 查看该条原文")]))
                return false
            }
        }
        return true
    }
}
