import KaofaCore

/// 答案及解析 as a Word document: 答案速查 (every objective number with its answer), then for every number (and
/// question id) the answer as printed on this paper, the 多选 scoring rule, 参考答案 and 评分要点, 解析, and the
/// citation with the cited articles quoted from the law text kaofa ships — the same content as `KeyHTML`.
public enum KeyDOCX {
    public static func document(_ paper: Paper, catalog: LawCatalog, images: PaperImages = .none) throws -> [UInt8] {
        let title = HTMLText.title(paper) + " 答案及解析"
        let pictures = DocxImages(images)
        var body = WordML()
        body.paragraph("PaperID", .plain, WordML.run("试卷编号：\(paper.id)"))
        body.paragraph("Title", .plain, WordML.run(title))
        var info = "满分 \(paper.totalPoints) 分，\(paper.passPoints) 分及格"
        if let excellent = paper.excellentPoints { info += "，\(excellent) 分优秀" }
        body.paragraph("PaperInfo", .plain, WordML.run(info))
        answerTable(paper, into: &body)
        let partRule: ScoringRule? = paper.partScoringRule
        for (index, section) in paper.sections.enumerated() {
            body.paragraph("Heading1", .plain, WordML.run(PaperText.heading(section, index: index)))
            if let scoring = section.scoring { body.paragraph("Rule", .plain, WordML.run("计分规则：\(scoring.statement)。")) }
            for item in section.items {
                entry(item, label: "\(item.number).", isPart: false, partRule: partRule, catalog: catalog, into: &body, images: pictures)
            }
        }
        return try DocxPackage.make(title: title, body: body.xml, images: pictures)
    }

    /// 答案速查: five numbers to a row.
    static func answerTable(_ paper: Paper, into body: inout WordML) {
        let cells = PaperText.quickAnswers(paper).map { cell($0.number, $0.answer) }
        guard !cells.isEmpty else { return }
        body.paragraph("Heading1", .plain, WordML.run("答案速查"))
        body.grid(cells, columns: 5)
    }

    private static func cell(_ number: String, _ answer: String) -> String {
        WordML.cell("TableText", .plain, WordML.run(number + "\u{3000}", .init(size: 18)) + WordML.run(answer, .init(bold: true)))
    }

    /// One number; `partRule` is the scoring of 多选/不定项 parts of a case (the paper's 多选 rule).
    static func entry(_ item: PaperItem, label: String, isPart: Bool, partRule: ScoringRule?, catalog: LawCatalog,
                      into body: inout WordML, images: DocxImages) {
        let question = item.question
        images.bankFile = question.source.file
        var head = WordML.run(label, .init(bold: true))
        if let id = question.id { head += WordML.run("\u{3000}\(id)\u{3000}", .init(size: 17)) }
        var written: (String, [String])?
        switch question.answer {
        case let .written(reference, rubric): written = (reference, rubric)
        case .parts: break
        default: head += WordML.run("答案：") + WordML.run(KeyHTML.answerText(item), .init(bold: true))
        }
        body.paragraph(isPart ? "KeyPart" : "KeyHead", .plain, head)
        if let (reference, rubric) = written {
            body.paragraph("KeyText", .plain, WordML.run("参考答案：", .init(bold: true)) + WordML.runs(InlineMarkup.spans(reference), images: images))
            if !rubric.isEmpty {
                body.paragraph("KeyText", .plain, WordML.run("评分要点：", .init(bold: true)))
                for (index, point) in rubric.enumerated() {
                    body.paragraph("KeyText", .plain, WordML.run("（\(index + 1)）") + WordML.runs(InlineMarkup.spans(point), images: images))
                }
            }
        }
        if isPart, question.type == .multiple || question.type == .indefinite {
            body.paragraph("KeyText", .plain, WordML.run("计分规则：\((partRule ?? .allOrNothing).statement)。"))
        }
        if let explanation = question.explanation {
            body.paragraph("KeyText", .plain, WordML.run("解析：", .init(bold: true)) + WordML.runs(InlineMarkup.spans(explanation), images: images))
        }
        if let citation = PaperText.citation(question, catalog: catalog) {
            body.paragraph("KeyText", .plain, WordML.run("依据：", .init(bold: true)) + WordML.run(citation))
            for (heading, lines) in PaperText.quotedArticles(question, catalog: catalog) {
                if let heading { body.paragraph("LawQuote", .plain, WordML.run(heading)) }
                for line in lines { body.paragraph("LawQuote", .plain, WordML.run(line)) }
            }
        }
        for part in item.parts {
            entry(part, label: "（\(part.number)）", isPart: true, partRule: partRule, catalog: catalog, into: &body, images: images)
        }
    }
}

/// 答题卡 as a Word document: who and which paper, then a table of the objective numbers, five to a row, each
/// with `[A] [B] [C] [D]` (or `[对] [错]`) to mark, sized so that a 50-question paper fits one page.
public enum AnswerSheetDOCX {
    public static func document(_ paper: Paper) throws -> [UInt8] {
        var body = WordML()
        write(paper, into: &body, newPage: false)
        return try DocxPackage.make(title: HTMLText.title(paper) + " 答题卡", body: body.xml)
    }

    static func write(_ paper: Paper, into body: inout WordML, newPage: Bool) {
        body.paragraph("PaperID", WordML.ParagraphFormat(pageBreakBefore: newPage), WordML.run("试卷编号：\(paper.id)"))
        body.paragraph("Title", .plain, WordML.run(HTMLText.title(paper) + " 答题卡"))
        let examinee = paper.examinee
        let fields = [("卷别", paper.variant.map { "\($0)卷" }), ("编号", examinee?.id), ("姓名", examinee?.name), ("单位", examinee?.unit)]
        body.paragraph("Fields", .plain, WordML.fields(fields, blankWidth: 5))
        body.paragraph("SheetNote", .plain, WordML.run("用黑色字迹的笔将所选选项涂黑或打“√”；判断题正确的选“对”，错误的选“错”。"))
        for (index, section) in paper.sections.enumerated() {
            body.paragraph("Heading1", WordML.ParagraphFormat(spacingBefore: 80, spacingAfter: 40),
                           WordML.run(PaperText.heading(section, index: index)))
            let layout = AnswerSheetHTML.Layout(section)
            body.grid(layout.items.map { cell($0.number, $0.boxes) }, columns: 5)
            body.grid(layout.parts.map { cell($0.number, $0.boxes) }, columns: 3)
            if !layout.written.isEmpty {
                body.paragraph("SheetNote", .plain, WordML.run("第 \(layout.written.joined(separator: "、")) 题：见试卷作答。"))
            }
        }
    }

    private static func cell(_ number: String, _ boxes: [String]) -> String {
        WordML.cell("SheetCell", .plain, WordML.run(number + "\u{00A0}", .init(bold: true))
            + WordML.run(boxes.map { "[\($0)]" }.joined(separator: "\u{00A0}")))
    }

}
