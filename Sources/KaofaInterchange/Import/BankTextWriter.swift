import KaofaCore

/// Writes imported questions as a bank file in kaofa's own format, exactly as `kaofa fmt` would write it: a front
/// matter with the defaults given on the command line, one section per type (the caller orders the questions by
/// type, kaofa's type order, then by row), `1.` numbers restarting in each section, the attribute block in fmt's order.
struct BankTextWriter {
    /// Where a question landed in the text.
    struct Placement: Sendable {
        var row: Int
        var firstLine: Int
        var lastLine: Int
    }

    var law: String?
    var audience: [String]
    var idPrefix: String?
    /// A comment written before the first section (where the questions came from).
    var comment: String?

    /// The bank text for `questions` (given in the order they are to be written: by type, then by row), as UTF-8
    /// bytes, and where each question landed.
    func write(_ questions: [ImportedQuestion]) -> (bytes: [UInt8], placements: [Placement]) {
        var head = ""
        // The number of the next line to be written.
        var line = 1
        /// The text of a block of lines, after a blank line unless it is the first.
        func block(_ lines: [String]) -> String {
            var text = ""
            if line > 1 {
                text += "\n"
                line += 1
            }
            for item in lines {
                text += item
                text += "\n"
            }
            line += lines.count
            return text
        }
        var frontMatter: [String] = []
        if let law { frontMatter.append("law: \(law)") }
        if !audience.isEmpty { frontMatter.append("audience: " + audience.joined(separator: ", ")) }
        if let idPrefix { frontMatter.append("id-prefix: \(idPrefix)") }
        if !frontMatter.isEmpty { head += block(["---"] + frontMatter + ["---"]) }
        if let comment { head += block(["<!-- " + comment.replacingOccurrences(of: "--", with: "—") + " -->"]) }

        // Numbers restart in each section. Each question's lines are made on their own, in parts on all cores, as one
        // text with its line count.
        var numbers: [Int] = []
        numbers.reserveCapacity(questions.count)
        for index in questions.indices {
            numbers.append(index > 0 && questions[index - 1].type == questions[index].type ? numbers[index - 1] + 1 : 1)
        }
        let parts = stride(from: 0, to: questions.count, by: 1_024).map { $0..<min($0 + 1_024, questions.count) }
        let given = numbers
        let made = ParallelMap.map(parts) { part in
            part.map { index -> (text: String, lines: Int) in
                let lines = Self.lines(questions[index], number: given[index])
                var text = ""
                for item in lines {
                    text += item
                    text += "\n"
                }
                return (text, lines.count)
            }
        }.flatMap { $0 }

        // What goes before each question (a blank line; a section's heading first when it opens one), where it starts
        // in the text and on which lines the question stands; then the pieces are copied into place on all cores.
        var leads: [String] = [], offsets: [Int] = []
        leads.reserveCapacity(questions.count)
        offsets.reserveCapacity(questions.count)
        var placements: [Placement] = []
        placements.reserveCapacity(questions.count)
        var sectionNumber = 0
        var offset = head.utf8.count
        for (index, question) in questions.enumerated() {
            var lead = ""
            if numbers[index] == 1 {
                sectionNumber += 1
                lead += block(["## \(ChineseNumber.format(sectionNumber))、\(question.type.chineseName)"])
            }
            if line > 1 {
                lead += "\n"
                line += 1
            }
            placements.append(Placement(row: question.row, firstLine: line, lastLine: line + made[index].lines - 1))
            line += made[index].lines
            leads.append(lead)
            offsets.append(offset)
            offset += lead.utf8.count + made[index].text.utf8.count
        }
        let total = offset, pieces = leads, starts = offsets
        let bytes = [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            let target = ParallelMap.Disjoint(buffer.baseAddress!)
            _ = Self.copy(head, to: target.value)
            _ = ParallelMap.map(parts) { part in
                for index in part {
                    let at = target.value + starts[index]
                    _ = Self.copy(made[index].text, to: at + Self.copy(pieces[index], to: at))
                }
            }
            initialized = total
        }
        return (bytes, placements)
    }

    /// Copies the UTF-8 bytes of `text` to `destination`; returns how many.
    private static func copy(_ text: String, to destination: UnsafeMutablePointer<UInt8>) -> Int {
        let utf8 = text.utf8
        guard !utf8.isEmpty else { return 0 }
        if utf8.withContiguousStorageIfAvailable({ destination.update(from: $0.baseAddress!, count: $0.count) }) == nil {
            _ = UnsafeMutableBufferPointer(start: destination, count: utf8.count).initialize(from: utf8)
        }
        return utf8.count
    }

    static func lines(_ question: ImportedQuestion, number: Int) -> [String] {
        var first = "\(number). \(question.stem[0])"
        let attributes = attributeBlock(question)
        if !attributes.isEmpty { first += " " + attributes }
        var lines = [first] + question.stem.dropFirst()
        for (index, text) in question.options.enumerated() {
            lines.append("\(ImportColumn.letter(index)). \(text)")
        }
        switch question.answer {
        case .none: break
        case let .line(text, _): lines.append("答案：" + text)
        case let .reference(reference):
            if let head = reference.first { lines.append("参考答案：" + head) }
            lines += reference.dropFirst()
        }
        if !question.rubric.isEmpty {
            lines.append("评分要点：")
            lines += question.rubric.map { "- " + $0 }
        }
        if let head = question.explanation.first {
            lines.append("解析：" + head)
            lines += question.explanation.dropFirst()
        }
        return lines
    }

    /// `{#XF-0001 法律=宪法 难度=易 条文=第二条 知识点=… 对象=领导干部,村两委}`.
    static func attributeBlock(_ question: ImportedQuestion) -> String {
        var parts: [String] = []
        if let id = question.id { parts.append("#" + id) }
        for (key, value) in question.attributes {
            // A value that starts with a quotation mark would be read as a quoted value: quote it.
            let written = value.hasPrefix("“") ? "\"\(value)\"" : BankTextRules.attributeValue(value)
            parts.append(key.chineseName + "=" + written)
        }
        return parts.isEmpty ? "" : "{" + parts.joined(separator: " ") + "}"
    }
}
