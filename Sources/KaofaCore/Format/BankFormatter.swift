/// Writes a bank file's syntax tree back as text in canonical form: `1.` numbers restarting in each
/// section, `A. ` options one per line, `答案：ABD`, canonical type headings (`## 一、单项选择题`) and
/// attribute order, one blank line between items. Content — stems, option texts, explanations, comments —
/// is never changed, and formatting a formatted file changes nothing.
public struct BankFormatter: Sendable {
    /// Gives ids to questions that have none (`fmt --assign-ids`).
    public struct IDAllocator: Sendable {
        private var next: [String: Int]

        /// Numbering continues after the highest number already used with each prefix anywhere in the bank.
        public init(existingIDs: [String]) {
            var next: [String: Int] = [:]
            for id in existingIDs {
                guard let dash = id.lastIndex(of: "-"), let n = Int(id[id.index(after: dash)...]) else { continue }
                let prefix = String(id[..<dash])
                next[prefix] = max(next[prefix] ?? 1, n + 1)
            }
            self.next = next
        }

        public mutating func allocate(prefix: String) -> String {
            let n = next[prefix] ?? 1
            next[prefix] = n + 1
            let digits = String(n)
            return prefix + "-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }
    }

    public init() {}

    /// Diagnostics that make a file unsafe to format: anything the parser could not place in the tree.
    public static func blocksFormatting(_ diagnostic: Diagnostic) -> Bool {
        guard diagnostic.severity == .error else { return false }
        let code = diagnostic.code.rawValue
        return code.hasPrefix("E00") || code.hasPrefix("E01")
    }

    public func format(_ file: BankFileSyntax, idPrefix: String? = nil, allocator: inout IDAllocator?) -> String {
        var blocks: [String] = []
        if let frontMatter = file.frontMatter {
            var lines = ["---"]
            for entry in frontMatter.entries {
                let value = entry.items.count > 1 || entry.value.text.hasPrefix("[") || entry.value.text.isEmpty
                    ? entry.items.map(\.text).joined(separator: ", ") : entry.value.text
                lines.append("\(entry.key.text): \(value)")
            }
            lines.append("---")
            blocks.append(lines.joined(separator: "\n"))
        }
        var typeOrdinal = 0
        var numberInSection = 0
        for item in file.items {
            switch item {
            case let .heading(heading):
                var text = heading.text.text
                if let type = heading.questionType {
                    typeOrdinal += 1
                    numberInSection = 0
                    text = "\(ChineseNumber.format(typeOrdinal))、\(type.chineseName)" + Self.headingSuffix(heading.text.text)
                }
                blocks.append(String(repeating: "#", count: heading.level) + " " + text)
            case let .comment(comment):
                blocks.append(comment.text)
            case let .question(question):
                numberInSection += 1
                var lines: [String] = []
                write(question, number: "\(numberInSection).", isPart: false, idPrefix: idPrefix, allocator: &allocator, into: &lines)
                blocks.append(lines.joined(separator: "\n"))
                for comment in question.comments + question.parts.flatMap(\.comments) { blocks.append(comment.text) }
            }
        }
        let text = blocks.joined(separator: "\n\n") + "\n"
        // A `---` line that is not a front matter (it was not on the first line) must not become the first line,
        // where it would open one.
        if file.frontMatter == nil, text.hasPrefix("---\n") || text == "---\n" || text.hasPrefix("---\r") { return "\n" + text }
        return text
    }

    /// A heading's trailing parenthetical, kept as the teacher wrote it: `（共20题，每题2分）`.
    static func headingSuffix(_ heading: String) -> String {
        guard let paren = heading.firstIndex(where: { $0 == "（" || $0 == "(" }) else { return "" }
        return String(heading[paren...])
    }

    private func write(_ question: QuestionSyntax, number: String, isPart: Bool, idPrefix: String?,
                       allocator: inout IDAllocator?, into lines: inout [String]) {
        // A stem begun on the line below the number moves up to it, unless it holds a brace: at the end of the number
        // line, `{…}` would be read as an attribute block.
        let stemBelow = question.stem.first.map { line in
            line.range.start.line != question.numberRange.start.line
                && line.text.unicodeScalars.contains { Lexicon.isOpenBrace($0) || Lexicon.isCloseBrace($0) }
        } ?? false
        let stemOnNumberLine = stemBelow ? nil : question.stem.first
        var first = number + (number.hasPrefix("（") ? "" : " ") + (stemOnNumberLine?.text ?? "")
        var id = question.attributes?.id?.text
        if id == nil, !isPart, allocator != nil { id = allocator!.allocate(prefix: idPrefix ?? "Q") }
        let attributes = Self.attributeText(id: id, question.attributes)
        if !attributes.isEmpty { first += (stemOnNumberLine == nil ? "" : " ") + attributes }
        lines.append(first)
        for line in question.stem.dropFirst(stemBelow ? 0 : 1) { lines.append(line.text) }
        // Options on a case question are an error `check` reports; written after an empty `材料：` they would be
        // read as its text, so material written below options stays below them.
        let materialBelowOptions = question.options.first.map { option in
            question.material.map { option.labelRange.start < $0.marker.start } ?? false
        } ?? false
        if let material = question.material, !isPart, !materialBelowOptions { writeField("材料：", material, into: &lines) }
        for option in question.options {
            lines.append(Self.optionLine(option))
        }
        if let material = question.material, !isPart, materialBelowOptions { writeField("材料：", material, into: &lines) }
        if let answer = question.answer {
            var field = answer
            if field.lines.count <= 1 { field.value.text = Self.canonicalAnswer(field.value.text, type: question.effectiveType ?? QuestionResolver.inferType(question)) }
            writeField("答案：", field, into: &lines)
        }
        if let reference = question.reference { writeField("参考答案：", reference, into: &lines) }
        if let rubric = question.rubric { writeField("评分要点：", rubric, into: &lines) }
        if let explanation = question.explanation { writeField("解析：", explanation, into: &lines) }
        for (index, part) in question.parts.enumerated() {
            write(part, number: "（\(index + 1)）", isPart: true, idPrefix: idPrefix, allocator: &allocator, into: &lines)
        }
    }

    /// `A. 甲`. A text that begins with the next option's marker (`Ａ．B．…`, one option as written: no space
    /// before `B．`) is written `A．B．…`, because after `A. ` the parser would read `B．` as a second option.
    static func optionLine(_ option: OptionSyntax) -> String {
        let text = option.text.text
        let next = option.label.unicodeScalars.first.flatMap { Unicode.Scalar($0.value + 1) }.map(String.init) ?? ""
        let separator = startsWithOptionMarker(text, label: next) ? "．" : ". "
        return option.label + separator + text + (option.pinned ? " {固定}" : "")
    }

    /// Whether `text` begins with the marker of option `label` as the parser reads one (`B.`, `Ｂ．`, `（B）`), not `B.5`.
    static func startsWithOptionMarker(_ text: String, label: String) -> Bool {
        var scalars = text.unicodeScalars.makeIterator()
        guard let first = scalars.next(), let second = scalars.next() else { return false }
        if Lexicon.isOpenParen(first) {
            guard let third = scalars.next() else { return false }
            return Lexicon.optionLetter(second) == label && Lexicon.isCloseParen(third)
        }
        guard Lexicon.optionLetter(first) == label, Lexicon.isOptionMark(second) else { return false }
        if second == ".", let after = scalars.next(), Lexicon.digit(after) != nil { return false }
        return true
    }

    private func writeField(_ marker: String, _ field: FieldSyntax, into lines: inout [String]) {
        let sameLine = field.lines.first.map { $0.range.start.line == field.marker.start.line } ?? false
        if field.lines.count == 1 && sameLine && field.value.text != field.lines[0].text {
            lines.append(marker + field.value.text)
            return
        }
        if sameLine {
            lines.append(marker + field.lines[0].text)
            lines += field.lines.dropFirst().map(\.text)
        } else {
            lines.append(marker)
            lines += field.lines.map(\.text)
        }
    }

    /// `{#XF-0001 题型=单选 法律=宪法 难度=易 条文=第二条 知识点=… 对象=领导干部,村两委 分值=2 标签=… 互斥=…}`
    static func attributeText(id: String?, _ block: AttributeBlockSyntax?) -> String {
        var parts: [String] = []
        if let id { parts.append("#" + id) }
        let order: [AttributeKey] = [.type, .law, .difficulty, .article, .topic, .audience, .points, .tags, .enemy]
        let attributes = block?.attributes ?? []
        var written = Set<Int>()
        for key in order {
            for (index, attribute) in attributes.enumerated() where AttributeKey(attribute.key.text) == key && !written.contains(index) {
                written.insert(index)
                let listKeys: [AttributeKey] = [.audience, .tags, .enemy]
                let value = listKeys.contains(key) && attribute.items.count > 1
                    ? attribute.items.map(\.text).joined(separator: ",") : attribute.value.text
                parts.append(key.chineseName + "=" + quoted(value))
            }
        }
        // Unknown keys are kept as written, after the known ones (check reports them).
        for (index, attribute) in attributes.enumerated() where !written.contains(index) {
            parts.append(attribute.key.text + "=" + quoted(attribute.value.text))
        }
        return parts.isEmpty ? "" : "{" + parts.joined(separator: " ") + "}"
    }

    static func quoted(_ value: String) -> String {
        value.unicodeScalars.contains(where: Lexicon.isSpace) || value.isEmpty ? "\"\(value)\"" : value
    }

    /// `A、B、d` → `ABD`; `对` → `正确`; `人民 ; 全国人大 / 人大` → `人民；全国人大/人大`. Anything unreadable is kept.
    static func canonicalAnswer(_ text: String, type: QuestionType) -> String {
        switch type {
        case .single, .multiple, .indefinite:
            guard let letters = AnswerChecker.choiceLetters(text), !letters.isEmpty else { return text }
            return letters.sorted().joined()
        case .trueFalse:
            guard let value = AnswerChecker.truthValue(text) else { return text }
            return value ? "正确" : "错误"
        case .fillBlank:
            let blanks = AnswerChecker.blanks(text)
            guard !blanks.contains(where: \.isEmpty) else { return text }
            return blanks.map { $0.joined(separator: "/") }.joined(separator: "；")
        case .shortAnswer, .caseAnalysis:
            return text
        }
    }
}
