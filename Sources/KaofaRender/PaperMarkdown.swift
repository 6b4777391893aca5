import KaofaCore

/// A quick-look rendering of a paper and of its key as Markdown (printable formats come from the HTML renderer).
public enum PaperMarkdown {
    /// The examinee's paper: no answers, no explanations.
    public static func paper(_ paper: Paper) -> String {
        var out = header(paper, suffix: "")
        out += "考试时间 \(paper.durationMinutes) 分钟，满分 \(paper.totalPoints) 分，\(paper.passPoints) 分及格。\n\n"
        let blank = "__________"
        let examinee = paper.examinee
        out += "单位：\(examinee?.unit ?? blank)　姓名：\(examinee?.name ?? blank)　编号：\(examinee?.id ?? blank)　得分：\(blank)\n\n"
        for (index, section) in paper.sections.enumerated() {
            out += "## \(PaperText.heading(section, index: index))\n\n"
            if let scoring = section.scoring { out += "（计分规则：\(scoring.statement)）\n\n" }
            for item in section.items { out += render(item, depth: 0) }
        }
        return out
    }

    /// The key: the answer of every number, with the scoring rule, 解析 and the article cited.
    public static func key(_ paper: Paper, catalog: LawCatalog) -> String {
        var out = header(paper, suffix: " 答案及解析")
        for (index, section) in paper.sections.enumerated() {
            out += "## \(PaperText.heading(section, index: index))\n\n"
            if let scoring = section.scoring { out += "计分规则：\(scoring.statement)。\n\n" }
            for item in section.items { out += keyEntry(item, catalog: catalog, prefix: "\(item.number)") }
        }
        return out
    }

    private static func header(_ paper: Paper, suffix: String) -> String {
        let label = PaperText.subjectLabel(paper)
        var out = "# \(paper.title)\(label.isEmpty ? "" : "（\(label)）")\(suffix)\n\n"
        out += "试卷编号：\(paper.id)\n\n"
        return out
    }

    private static func render(_ item: PaperItem, depth: Int) -> String {
        let question = item.question
        let indent = String(repeating: "   ", count: depth)
        let number = depth == 0 ? "\(item.number)." : "（\(item.number)）"
        var out = ""
        if let material = question.material, question.type == .caseAnalysis {
            out += "\(indent)\(number) 材料：\(indented(material, indent + "   "))\n\n"
        } else {
            var stem = indented(question.stem, indent + "   ")
            if question.type == .trueFalse { stem += "（  ）" }
            out += "\(indent)\(number) \(stem)\n\n"
        }
        for option in item.options {
            out += "\(indent)   \(option.label). \(indented(option.text, indent + "      "))\n"
        }
        if !item.options.isEmpty { out += "\n" }
        for part in item.parts { out += render(part, depth: depth + 1) }
        if question.type == .shortAnswer { out += "\(indent)   答：\n\n" }
        return out
    }

    private static func keyEntry(_ item: PaperItem, catalog: LawCatalog, prefix: String) -> String {
        let question = item.question
        var out = "- **\(prefix)**（\(question.id ?? "")）"
        switch question.type {
        case .caseAnalysis: out += "\n"
        case .shortAnswer: out += " 参考答案：\(item.answer.first ?? "")\n"
        case .fillBlank: out += " 答案：\(item.answer.joined(separator: "；"))\n"
        default: out += " 答案：\(item.answer.joined())\n"
        }
        if case let .written(_, rubric) = question.answer, !rubric.isEmpty {
            out += "  - 评分要点：\(rubric.joined(separator: "；"))\n"
        }
        if let explanation = question.explanation { out += "  - 解析：\(indented(explanation, "    "))\n" }
        if let citation = PaperText.citation(question, catalog: catalog) { out += "  - 依据：\(citation)\n" }
        for part in item.parts {
            out += keyEntry(part, catalog: catalog, prefix: "\(prefix)（\(part.number)）")
                .split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
        }
        return out
    }

    private static func indented(_ text: String, _ indent: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n" + indent)
    }
}
