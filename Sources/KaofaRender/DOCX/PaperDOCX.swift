import KaofaCore

/// The examinee's paper as a Word document a teacher can edit before printing: the same layout as the HTML paper
/// (title and 考试说明, 单位/姓名/编号/得分, the 得分 table, 大题 headings, numbered questions, options on tab
/// stops, ruled answer lines), made of the named styles of `DocxStyles`. No answers, no 解析.
public enum PaperDOCX {
    /// The .docx bytes of `paper`; `sealLine` adds the 密封线 down the left edge of every page.
    public static func document(_ paper: Paper, images: PaperImages = .none, sealLine: Bool = false) throws -> [UInt8] {
        let width = sealLine ? DocxStyles.sealTextWidth : DocxStyles.textWidth
        let pictures = DocxImages(images, textWidth: width)
        var body = WordML(textWidth: width)
        write(paper, into: &body, images: pictures)
        return try DocxPackage.make(title: HTMLText.title(paper), body: body.xml,
                                    header: sealLine ? DocxSeal.header(paper.examinee) : nil, images: pictures)
    }

    /// The paper and its answer sheet in one document (`--combined`), the sheet starting on a new page.
    public static func combined(_ paper: Paper, images: PaperImages = .none, sealLine: Bool = false) throws -> [UInt8] {
        let width = sealLine ? DocxStyles.sealTextWidth : DocxStyles.textWidth
        let pictures = DocxImages(images, textWidth: width)
        var body = WordML(textWidth: width)
        write(paper, into: &body, images: pictures)
        AnswerSheetDOCX.write(paper, into: &body, newPage: true)
        return try DocxPackage.make(title: HTMLText.title(paper), body: body.xml,
                                    header: sealLine ? DocxSeal.header(paper.examinee) : nil, images: pictures)
    }

    static func write(_ paper: Paper, into body: inout WordML, images: DocxImages) {
        body.paragraph("PaperID", .plain, WordML.run("试卷编号：\(paper.id)"))
        body.paragraph("Title", .plain, WordML.run(HTMLText.title(paper)))
        body.paragraph("PaperInfo", .plain,
                       WordML.run("考试时间 \(paper.durationMinutes) 分钟，满分 \(paper.totalPoints) 分，\(paper.passPoints) 分及格"))
        body.paragraph("Fields", .plain, fields(paper.examinee))
        scoreTable(paper, into: &body)
        for (index, section) in paper.sections.enumerated() {
            body.paragraph("Heading1", .plain, WordML.run(PaperText.heading(section, index: index)))
            if let scoring = section.scoring {
                body.paragraph("Rule", .plain, WordML.run("（计分规则：\(scoring.statement)）"))
            }
            for item in section.items { render(item, depth: 0, into: &body, images: images) }
        }
    }

    /// 单位 / 姓名 / 编号 / 得分 with underlined blanks, filled in from the roster when the paper has an examinee.
    static func fields(_ examinee: Examinee?) -> String {
        WordML.fields([("单位", examinee?.unit), ("姓名", examinee?.name), ("编号", examinee?.id), ("得分", nil)], blankWidth: 6)
    }

    /// 题号 一 二 … 总分 over an empty 得分 row, for the marker.
    static func scoreTable(_ paper: Paper, into body: inout WordML) {
        let labels = ["题号"] + paper.sections.indices.map { ChineseNumber.format($0 + 1) } + ["总分"]
        let centred = WordML.ParagraphFormat(alignment: "center")
        let numbers = labels.map { WordML.cell("TableText", centred, WordML.run($0)) }
        let scores = [WordML.cell("TableText", centred, WordML.run("得分"))] + Array(repeating: "", count: labels.count - 1)
        body.table(widths: Array(repeating: 850, count: labels.count), rows: [numbers, scores], centred: true)
        body.paragraph(nil, .plain, "")
    }

    /// Ruled lines left for a 简答题, and for a written part of a case (as on the HTML paper).
    static let shortAnswerLines = PaperHTML.shortAnswerLines, casePartLines = PaperHTML.casePartLines

    /// One question, or a part of a case at depth 1, kept on one page with its options and answer lines.
    static func render(_ item: PaperItem, depth: Int, into body: inout WordML, images: DocxImages) {
        let question = item.question
        images.bankFile = question.source.file
        let style = depth == 0 ? "Question" : "Part"
        if question.type == .caseAnalysis {
            body.blocks(InlineMarkup.blocks(question.stem), style: style, keepNext: true, images: images)
            if let material = question.material {
                body.paragraph("QuestionCont", WordML.ParagraphFormat(keepNext: true), WordML.run("材料：", .init(bold: true)))
                let lines = material.split(separator: "\n").map {
                    WordML.cell("Material", .plain, WordML.runs(InlineMarkup.spans(String($0)), images: images))
                }
                body.table(widths: [body.textWidth - DocxStyles.questionIndent], rows: [[lines.joined()]], cantSplit: false)
            }
            for part in item.parts { render(part, depth: depth + 1, into: &body, images: images) }
            return
        }
        let parentheses: InlineMarkup.EmptyParentheses = question.type == .fillBlank ? .blank
            : question.type.isChoice ? .answerSpace : .literal
        var blocks = InlineMarkup.blocks(question.stem, emptyParentheses: parentheses)
        if question.type == .trueFalse {
            if case let .text(spans)? = blocks.last { blocks[blocks.count - 1] = .text(spans + [.answerSpace]) }
            else { blocks.append(.text([.answerSpace])) }
        }
        let options = item.options
        let follows = !options.isEmpty || question.type == .shortAnswer
        body.blocks(blocks, style: style, keepNext: follows, images: images)
        if !options.isEmpty {
            let perLine = PaperHTML.optionsPerLine(options.map(\.text))
            let optionStyle = (depth == 0 ? "" : "Part") + (perLine == 4 ? "Option4" : perLine == 2 ? "Option2" : "Option")
            let rows = stride(from: 0, to: options.count, by: perLine).map { Array(options[$0..<min($0 + perLine, options.count)]) }
            for (index, row) in rows.enumerated() {
                let content = row.map { option in
                    WordML.run("\(option.label).\(perLine == 1 ? "\t" : "\u{00A0}")") + WordML.runs(InlineMarkup.spans(option.text), images: images)
                }.joined(separator: WordML.run("\t"))
                body.paragraph(optionStyle, WordML.ParagraphFormat(keepNext: index < rows.count - 1), content)
            }
        }
        if question.type == .shortAnswer {
            body.paragraph("AnswerLabel", .plain, WordML.run("答："))
            let count = depth == 0 ? shortAnswerLines : casePartLines
            for line in 0..<count { body.paragraph("AnswerLine", WordML.ParagraphFormat(keepNext: line < count - 1), ruledLine) }
        }
    }

    /// A tab to the right edge, underlined: a ruled line for a written answer.
    static let ruledLine = "<w:r><w:rPr><w:u w:val=\"single\"/></w:rPr><w:tab/></w:r>"
}

/// The 密封线 down the left edge of every page of a per-examinee paper (in the page header, so that it repeats):
/// the examinee's 单位, 姓名 and 编号, then 密封线内不要答题 along a dashed line, turned to read bottom to top.
enum DocxSeal {
    static func header(_ examinee: Examinee?) -> String {
        let text = WordML.fields([("单位", examinee?.unit), ("姓名", examinee?.name), ("编号", examinee?.id)], blankWidth: 6)
            + WordML.run("\u{3000}\u{3000}")
            + WordML.run("……………… 密 …… 封 …… 线 …… 内 …… 不 …… 要 …… 答 …… 题 ………………")
        let height = DocxStyles.pageHeight - DocxStyles.marginTop - DocxStyles.marginBottom
        return """
            <w:tbl><w:tblPr><w:tblpPr w:leftFromText="0" w:rightFromText="0" w:vertAnchor="page" w:horzAnchor="page" \
            w:tblpX="397" w:tblpY="\(DocxStyles.marginTop)"/><w:tblW w:w="1000" w:type="dxa"/><w:tblBorders>\
            <w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="dashed" w:sz="6" w:space="0" w:color="000000"/>\
            </w:tblBorders><w:tblLayout w:type="fixed"/><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid><w:gridCol w:w="1000"/></w:tblGrid>\
            <w:tr><w:trPr><w:trHeight w:val="\(height)" w:hRule="exact"/></w:trPr><w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/>\
            <w:textDirection w:val="btLr"/><w:vAlign w:val="center"/></w:tcPr>\
            <w:p><w:pPr><w:pStyle w:val="Seal"/></w:pPr>\(text)</w:p></w:tc></w:tr></w:tbl><w:p/>
            """
    }
}
