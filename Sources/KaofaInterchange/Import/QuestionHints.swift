import KaofaCore

/// What Moodle XML and GIFT files say about questions besides their content, read the same way for both: the
/// category a question is in (its last part is the law, when it names one, or else the 知识点 of the questions under
/// it that have none), a question's name (its id when it is a valid kaofa id; otherwise not imported, said once for
/// the file), and its tags (a law's name, kaofa's `条文:`/`难度:`/`知识点:`/`对象:`/`题型:` tags, 标签 otherwise).
struct QuestionHints {
    let path: String
    let catalog: LawCatalog
    /// Each category met: its line, its last part, whether that names a law, and how many questions it was used for.
    private var categories: [(line: Int, name: String, isLaw: Bool, used: Int)] = []
    /// Questions whose name (a title, neither a valid id nor the start of their text) was not imported.
    private var namesDropped: [(line: Int, name: String)] = []

    init(path: String, catalog: LawCatalog) {
        self.path = path
        self.catalog = catalog
    }

    private func at(_ line: Int) -> SourceRange {
        SourceRange.line(line, of: path)
    }

    /// A category (`$course$/top/宪法/国家机构`; Moodle writes a `/` inside a name as `//`) starts at `line`; an empty
    /// path ends the hints of the one before.
    mutating func enterCategory(_ path: String, line: Int) {
        let parts = path.replacingOccurrences(of: "//", with: "\u{0}").split(separator: "/")
            .map { ImportText.trimmed($0.replacingOccurrences(of: "\u{0}", with: "/")) }
            .filter { !$0.hasPrefix("$") && $0 != "top" && !$0.isEmpty }
        guard let last = parts.last else {
            categories.append((line, "", false, 0))
            return
        }
        let law = ImportValues.lawName(last)
        let isLaw = catalog.law(named: law) != nil
        categories.append((line, isLaw ? law : last, isLaw, 0))
    }

    /// The current category's law or 知识点, for a question that has none.
    mutating func applyCategory(to question: inout FormatQuestion) {
        guard let index = categories.indices.last, !categories[index].name.isEmpty else { return }
        let key: AttributeKey = categories[index].isLaw ? .law : .topic
        guard !question.has(key) else { return }
        question.setAttribute(key, categories[index].name)
        categories[index].used += 1
    }

    /// A question's name: its id when the question has none and the name is a valid id; nothing to say when it is the
    /// id or the start of the stem (Moodle names a question by its first words); otherwise not imported.
    mutating func name(_ name: String, of question: inout FormatQuestion, line: Int? = nil) {
        let name = ImportText.trimmed(name)
        guard !name.isEmpty, name != question.id?.text else { return }
        if question.id == nil, BankTextRules.isValidID(name) {
            question.id = (name, line ?? question.line)
            return
        }
        let start = ImportText.lines(question.stem).first ?? ""
        let shown = name.hasSuffix("...") || name.hasSuffix("…") ? String(name.prefix { $0 != "." && $0 != "…" }) : name
        if !start.hasPrefix(shown) { namesDropped.append((question.line, name)) }
    }

    /// Tags: a law's name (the first one) is the law; kaofa's `名称:值` tags are their attribute; the rest are 标签.
    func apply(tags: [(text: String, line: Int)], to question: inout FormatQuestion) {
        var plain: [String] = []
        var audiences: [String] = []
        for (text, line) in tags where !text.isEmpty {
            if let colon = text.firstIndex(where: { $0 == ":" || $0 == "：" }) {
                let name = String(text[..<colon]), value = ImportText.trimmed(String(text[text.index(after: colon)...]))
                switch name {
                case "条文": question.setAttribute(.article, value); continue
                case "难度": question.setAttribute(.difficulty, Difficulty.named(value)?.rawValue ?? value); continue
                case "知识点": question.setAttribute(.topic, value); continue
                case "对象": audiences.append(value); continue
                case "法律": question.setAttribute(.law, ImportValues.lawName(value)); continue
                case "题型":
                    // Moodle and GIFT write 多选 and 不定项 alike; kaofa's export tags 不定项.
                    if case let .type(named) = ImportValues.typeName(value), question.type.isChoice, question.type != .single,
                       named == .multiple || named == .indefinite {
                        question.type = named
                        continue
                    }
                default: break
                }
            }
            if !question.has(.law), catalog.law(named: ImportValues.lawName(text)) != nil {
                question.setAttribute(.law, ImportValues.lawName(text))
                continue
            }
            if text.contains(where: { ",，、".contains($0) }) {
                question.changed("标签“\(ImportText.excerpt(text))”含有逗号或顿号，在题库中分成了几个标签", line: line)
            }
            plain.append(text)
        }
        if !audiences.isEmpty { question.setAttribute(.audience, audiences.joined(separator: ",")) }
        let items = plain.flatMap(ImportValues.listItems)
        if !items.isEmpty { question.setAttribute(.tags, items.joined(separator: ",")) }
    }

    /// The names not imported, in one line; what each category was used for, one line each; in line order.
    func notes() -> [Diagnostic] {
        var notes: [Diagnostic] = []
        if let first = namesDropped.first {
            let count = namesDropped.count
            notes.append(Diagnostic(.importValueDropped,
                (count == 1 ? "第 \(first.line) 行的题" : "\(count) 道题（\(RowList.describe(namesDropped.map(\.line)))）") + "的题目名称（如“\(ImportText.excerpt(first.name))”）没有导入",
                at: at(first.line), notes: [.note("kaofa 用编号认题，题目没有名称；名称是有效的编号时（如 XF-0001）用作编号")]))
        }
        notes += categories.filter { $0.used > 0 }.map { category in
            Diagnostic(.importValueChanged,
                "第 \(category.line) 行的类别“\(category.name)”用作其下 \(category.used) 道题的\(category.isLaw ? "法律" : "知识点")（这些题没有写\(category.isLaw ? "法律" : "知识点")）",
                at: at(category.line))
        }
        return notes.sorted { $0.range.start.line < $1.range.start.line }
    }
}
