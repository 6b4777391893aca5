import KaofaCore

/// The examinee's paper as a printable HTML page, laid out as Chinese teachers print papers: title and 考试说明,
/// the 单位/姓名/编号/得分 line, a 得分 table, then each 大题 with its questions numbered on. No answers, no 解析.
public enum PaperHTML {
    /// The paper; `sealLine` adds the 密封线 down the left edge of every page.
    public static func document(_ paper: Paper, images: PaperImages = .none, sealLine: Bool = false) -> String {
        HTMLText.document(title: HTMLText.title(paper), css: css + (sealLine ? sealCSS : ""),
                          body: (sealLine ? seal(paper.examinee) : "") + body(paper, images: images))
    }

    /// The paper and its answer sheet in one file (`--combined`), the sheet starting on a new page.
    public static func combined(_ paper: Paper, images: PaperImages = .none, sealLine: Bool = false) -> String {
        HTMLText.document(title: HTMLText.title(paper), css: css + AnswerSheetHTML.scopedCSS + (sealLine ? sealCSS : ""),
                          body: (sealLine ? seal(paper.examinee) : "") + body(paper, images: images)
                            + "<div class=\"answer-sheet\">\n" + AnswerSheetHTML.body(paper) + "</div>\n")
    }

    static func body(_ paper: Paper, images: PaperImages) -> String {
        var body = "<header>\n"
        body += "<p class=\"paper-id\">试卷编号：\(HTMLText.escape(paper.id))</p>\n"
        body += "<h1>\(HTMLText.escape(HTMLText.title(paper)))</h1>\n"
        body += "<p class=\"info\">考试时间 \(paper.durationMinutes) 分钟，满分 \(paper.totalPoints) 分，\(paper.passPoints) 分及格</p>\n"
        body += fields(paper.examinee)
        body += scoreTable(paper)
        body += "</header>\n"
        for (index, section) in paper.sections.enumerated() {
            body += "<section>\n<h2>\(HTMLText.escape(PaperText.heading(section, index: index)))</h2>\n"
            if let scoring = section.scoring {
                body += "<p class=\"rule\">（计分规则：\(HTMLText.escape(scoring.statement))）</p>\n"
            }
            for item in section.items { body += render(item, depth: 0, images: images) }
            body += "</section>\n"
        }
        return body
    }

    /// The 密封线: fixed to the left edge, so that it prints on every page — the examinee's 单位, 姓名 and 编号,
    /// then 密封线内不要答题 along a dashed line, turned to read from bottom to top.
    static func seal(_ examinee: Examinee?) -> String {
        var out = "<div class=\"seal\"><div class=\"seal-text\">"
        for (label, value) in [("单位", examinee?.unit), ("姓名", examinee?.name), ("编号", examinee?.id)] {
            out += "<span class=\"seal-field\">\(label)：<span class=\"fill\">\(HTMLText.escape(value ?? ""))</span></span>"
        }
        return out + "<span class=\"seal-warning\">密　封　线　内　不　要　答　题</span></div></div>\n"
    }

    static let sealCSS = """
        @page { margin-left: 8mm; }
        body { max-width: none; margin: 0; padding-left: 22mm; }
        .seal { position: fixed; left: 0; top: 0; height: 100%; width: 15mm; border-right: 0.8pt dashed #000; }
        .seal-text { position: absolute; left: 50%; top: 50%; width: 240mm; transform: translate(-50%, -50%) rotate(-90deg);
          display: flex; justify-content: space-between; align-items: center; font-size: 9pt; white-space: nowrap; }
        .seal-field .fill { display: inline-block; min-width: 24mm; border-bottom: 0.6pt solid #000; text-align: center; }
        .seal-warning { letter-spacing: 0.3em; }

        """

    /// 单位 / 姓名 / 编号 / 得分 as underlined blanks, filled in from the roster when the paper has an examinee.
    static func fields(_ examinee: Examinee?) -> String {
        let values = [("单位", examinee?.unit), ("姓名", examinee?.name), ("编号", examinee?.id), ("得分", nil)]
        var out = "<div class=\"fields\">"
        for (label, value) in values {
            out += "<span class=\"field\">\(label)：<span class=\"fill\">\(HTMLText.escape(value ?? ""))</span></span>"
        }
        return out + "</div>\n"
    }

    /// 题号 一 二 … 总分 over an empty 得分 row, for the marker.
    static func scoreTable(_ paper: Paper) -> String {
        var numbers = "<tr><th>题号</th>", cells = "<tr><th>得分</th>"
        for index in paper.sections.indices {
            numbers += "<td>\(ChineseNumber.format(index + 1))</td>"
            cells += "<td></td>"
        }
        return "<table class=\"scores\">\(numbers)<td>总分</td></tr>\(cells)<td></td></tr></table>\n"
    }

    /// How many options share a line: 4 when every option is short, 2 when medium, else 1 — decided by the display
    /// width of the longest option (Chinese characters count 2). The text column is about 174 mm ≈ 46 characters
    /// of 10.5 pt, so a quarter holds about 11 characters and a half about 23; less the label `A.` and a gap, an
    /// option fits a quarter up to 8 characters (16 columns) and a half up to 20 characters (40 columns).
    public static func optionsPerLine(_ options: [String]) -> Int {
        let longest = options.map { DisplayWidth.of($0.unicodeScalars) }.max() ?? 0
        if longest <= 16 { return 4 }
        if longest <= 40 { return 2 }
        return 1
    }

    /// Ruled lines left for a 简答题, and for a written part of a case.
    static let shortAnswerLines = 8, casePartLines = 6

    /// One question (or a part of a case, at depth 1) in a block that is not split across pages.
    static func render(_ item: PaperItem, depth: Int, images: PaperImages) -> String {
        let question = item.question
        let scope = HTMLText.ImageScope(images: images, bankFile: question.source.file)
        let number = depth == 0 ? "\(item.number)." : "（\(item.number)）"
        var out = ""
        if question.type == .caseAnalysis {
            let stem = HTMLText.blocks(question.stem, images: scope, paragraphClass: "stem-more")
            out += "<div class=\"question case\">\n<p class=\"stem\"><span class=\"number\">\(number)</span>"
            out += "\(stem.first)</p>\n\(stem.rest)"
            if let material = question.material {
                out += "<div class=\"material\"><p><b>材料：</b></p>"
                for line in material.split(separator: "\n") { out += "<p>\(HTMLText.inline(String(line), images: scope))</p>" }
                out += "</div>\n"
            }
            out += "</div>\n"
            for part in item.parts { out += render(part, depth: depth + 1, images: images) }
            return out
        }
        out += "<div class=\"question\(depth > 0 ? " part" : "")\">\n<p class=\"stem\"><span class=\"number\">\(number)</span>"
        let parentheses: HTMLText.EmptyParentheses = question.type == .fillBlank ? .blank : question.type.isChoice ? .answerSpace : .literal
        let stem = HTMLText.blocks(question.stem, emptyParentheses: parentheses, images: scope, paragraphClass: "stem-more")
        out += stem.first
        if question.type == .trueFalse, stem.rest.isEmpty { out += "（　　）" }
        out += "</p>\n" + stem.rest
        if question.type == .trueFalse, !stem.rest.isEmpty { out += "<p class=\"stem-more\">（　　）</p>\n" }
        let options = item.options
        if !options.isEmpty {
            let perLine = optionsPerLine(options.map(\.text))
            out += "<div class=\"options per-line-\(perLine)\">"
            for option in options {
                out += "<div class=\"option\">\(option.label).&nbsp;\(HTMLText.inline(option.text, images: scope))</div>"
            }
            out += "</div>\n"
        }
        if question.type == .shortAnswer {
            out += "<p class=\"answer-label\">答：</p>\n"
            out += HTMLText.ruledLines(depth == 0 ? shortAnswerLines : casePartLines)
        }
        return out + "</div>\n"
    }

    static let css = """
        .scores { border-collapse: collapse; margin: 0 auto 4mm; }
        .scores th, .scores td { border: 0.8pt solid #000; min-width: 13mm; height: 7mm; text-align: center;
          font-weight: normal; padding: 0 2mm; }
        .question { break-inside: avoid; page-break-inside: avoid; margin: 0 0 2.5mm; }
        .question.part { margin-left: 2em; }
        .stem { margin: 0; text-indent: -1.6em; padding-left: 1.6em; }
        .number { display: inline-block; min-width: 1.6em; text-indent: 0; }
        .part .stem { text-indent: -2.2em; padding-left: 2.2em; }
        .part .number { min-width: 2.2em; }
        .options { display: grid; column-gap: 3mm; margin: 0 0 0 1.6em; }
        .per-line-4 { grid-template-columns: repeat(4, 1fr); }
        .per-line-2 { grid-template-columns: repeat(2, 1fr); }
        .per-line-1 { grid-template-columns: 1fr; }
        .option { text-indent: -1.4em; padding-left: 1.4em; }
        .material { margin: 1mm 0 2mm 1.6em; padding: 2mm 3mm; border: 0.6pt solid #777; text-indent: 2em; }
        .material p { margin: 0; }
        .material p:first-child { text-indent: 0; }
        .answer-label { margin: 1mm 0 0 1.6em; }
        .stem-more { margin: 0 0 0 1.6em; }

        """
}
