import KaofaCore

/// 答案及解析 as a printable HTML page: a table of the answers by number, then for every number (and question id)
/// the answer as printed on this paper, the 多选 scoring rule, 参考答案 and 评分要点, 解析, and the citation with
/// the cited articles quoted from the law text kaofa ships.
public enum KeyHTML {
    public static func document(_ paper: Paper, catalog: LawCatalog, images: PaperImages = .none) -> String {
        let title = HTMLText.title(paper) + " 答案及解析"
        var body = "<header>\n<p class=\"paper-id\">试卷编号：\(HTMLText.escape(paper.id))</p>\n"
        body += "<h1>\(HTMLText.escape(title))</h1>\n"
        body += "<p class=\"info\">满分 \(paper.totalPoints) 分，\(paper.passPoints) 分及格"
        if let excellent = paper.excellentPoints { body += "，\(excellent) 分优秀" }
        body += "</p>\n</header>\n"
        body += answerTable(paper)
        let partRule: ScoringRule? = paper.partScoringRule
        for (index, section) in paper.sections.enumerated() {
            body += "<section>\n<h2>\(HTMLText.escape(PaperText.heading(section, index: index)))</h2>\n"
            if let scoring = section.scoring {
                body += "<p class=\"rule\">计分规则：\(HTMLText.escape(scoring.statement))。</p>\n"
            }
            for item in section.items {
                body += entry(item, label: "\(item.number).", anchor: "item-\(item.number)", partRule: partRule, catalog: catalog, images: images)
            }
            body += "</section>\n"
        }
        return HTMLText.document(title: title, css: css, body: body)
    }

    /// The answer as printed: option labels run together (`AC`), 正确/错误, the blanks joined with ；, or for a
    /// written answer its reference text.
    static func answerText(_ item: PaperItem) -> String {
        switch item.question.type {
        case .fillBlank: item.answer.joined(separator: "；")
        case .caseAnalysis: "见各小题"
        default: item.answer.joined()
        }
    }

    /// 答案速查: every objective number with its answer, for quick marking.
    static func answerTable(_ paper: Paper) -> String {
        let cells = PaperText.quickAnswers(paper).map { cell($0.number, $0.answer) }.joined()
        return "<h2>答案速查</h2>\n<div class=\"quick\">\(cells)</div>\n"
    }

    private static func cell(_ number: String, _ answer: String) -> String {
        "<div class=\"cell\"><span class=\"n\">\(number)</span> \(HTMLText.escape(answer))</div>"
    }

    /// One number: `partRule` is the scoring of 多选/不定项 parts of a case (the paper's 多选 rule).
    static func entry(_ item: PaperItem, label: String, anchor: String, partRule: ScoringRule?, catalog: LawCatalog,
                      images: PaperImages) -> String {
        let question = item.question
        let scope = HTMLText.ImageScope(images: images, bankFile: question.source.file)
        var out = "<div class=\"entry\(label.hasPrefix("（") ? " part" : "")\" id=\"\(anchor)\""
        out += " data-question-id=\"\(HTMLText.escape(question.id ?? ""))\">\n<p class=\"head\"><b>\(label)</b>"
        if let id = question.id { out += " <span class=\"qid\">\(HTMLText.escape(id))</span>" }
        switch question.answer {
        case let .written(reference, rubric):
            out += "</p>\n<p><b>参考答案：</b>\(HTMLText.inline(reference, images: scope))</p>\n"
            if !rubric.isEmpty {
                out += "<p><b>评分要点：</b></p>\n<ol class=\"rubric\">"
                for point in rubric { out += "<li>\(HTMLText.inline(point, images: scope))</li>" }
                out += "</ol>\n"
            }
        case .parts:
            out += "</p>\n"
        default:
            out += " 答案：<b class=\"answer\">\(HTMLText.escape(answerText(item)))</b></p>\n"
        }
        if label.hasPrefix("（"), question.type == .multiple || question.type == .indefinite {
            out += "<p>计分规则：\(HTMLText.escape((partRule ?? .allOrNothing).statement))。</p>\n"
        }
        if let explanation = question.explanation {
            out += "<p><b>解析：</b>\(HTMLText.inline(explanation, images: scope))</p>\n"
        }
        if let citation = PaperText.citation(question, catalog: catalog) {
            out += "<p><b>依据：</b>\(HTMLText.escape(citation))</p>\n"
            out += quotations(question, catalog: catalog)
        }
        for part in item.parts {
            out += entry(part, label: "（\(part.number)）", anchor: "\(anchor)-\(part.number)", partRule: partRule, catalog: catalog, images: images)
        }
        return out + "</div>\n"
    }

    /// The whole text of every article the question cites (once each, a 款 or 项 citation quotes its article), when
    /// kaofa has the law's text.
    static func quotations(_ question: Question, catalog: LawCatalog) -> String {
        var out = ""
        for (heading, lines) in PaperText.quotedArticles(question, catalog: catalog) {
            if let heading { out += "<p class=\"article-title\">\(heading)</p>" }
            for line in lines { out += "<p>\(HTMLText.escape(line))</p>" }
        }
        return out.isEmpty ? "" : "<blockquote class=\"law\">\(out)</blockquote>\n"
    }

    static let css = """
        .quick { display: grid; grid-template-columns: repeat(5, 1fr); border-top: 0.6pt solid #000;
          border-left: 0.6pt solid #000; margin: 0 0 4mm; }
        .quick .cell { border-right: 0.6pt solid #000; border-bottom: 0.6pt solid #000; padding: 0 2mm; }
        .quick .n { display: inline-block; min-width: 3.2em; color: #333; }
        .entry { break-inside: avoid; page-break-inside: avoid; margin: 0 0 3mm; }
        .entry p { margin: 0; }
        .entry.part { margin: 1mm 0 1mm 2em; }
        .qid { font-size: 8.5pt; color: #555; margin: 0 1em 0 0.5em; }
        .rubric { margin: 0 0 0 1em; padding-left: 1.5em; }
        .law { margin: 1mm 0 0 2em; padding: 1mm 3mm; border-left: 2pt solid #999; font-size: 9.5pt;
          font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; }
        .law p { text-indent: 2em; }
        .law .article-title { text-indent: 0; font-weight: bold; }

        """
}
