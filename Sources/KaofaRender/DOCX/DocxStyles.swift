/// The Word styles, numbering and page of every document kaofa writes, so that a teacher who edits the paper
/// finds named styles (试题, 选项（每行四个）, 答题线 …) instead of direct formatting: A4, 宋体 五号 body, 黑体
/// headings, questions numbered by a Word list that runs on across 大题 (a question added with the 试题 style
/// takes the next number), case parts numbered （1）（2）, options on tab stops.
enum DocxStyles {
    /// Twips (1/20 pt, 1/1440 inch). A4 is 11,906 × 16,838; the margins match the HTML paper's (20/18/22/18 mm).
    static let pageWidth = 11_906, pageHeight = 16_838
    static let marginTop = 1_134, marginRight = 1_021, marginBottom = 1_247, marginLeft = 1_021
    /// With a 密封线 the left margin leaves room for it (30 mm).
    static let sealMarginLeft = 1_701
    static let textWidth = pageWidth - marginLeft - marginRight
    /// The text column of a paper with a 密封线.
    static let sealTextWidth = pageWidth - sealMarginLeft - marginRight
    /// Two characters of 五号 (10.5 pt): the indent of a question's text after its number.
    static let questionIndent = 420

    /// Tab stops for options four or two to a line: the text column after the indent, in equal parts.
    static func optionStops(_ perLine: Int, indent: Int, textWidth: Int) -> [Int] {
        let part = (textWidth - indent) / perLine
        return (1..<perLine).map { indent + part * $0 }
    }

    /// Where the text of a part of a case starts: after `（1）`.
    static let partIndent = 1050

    static func page(sealLine: Bool) -> String {
        """
        <w:pgSz w:w="\(pageWidth)" w:h="\(pageHeight)"/><w:pgMar w:top="\(marginTop)" w:right="\(marginRight)" \
        w:bottom="\(marginBottom)" w:left="\(sealLine ? sealMarginLeft : marginLeft)" w:header="567" w:footer="680" \
        w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="312"/>
        """
    }

    /// 第 x 页 共 y 页, centred.
    static let footer = """
        <w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr><w:r><w:t xml:space="preserve">第 </w:t></w:r>\
        <w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve"> 页 共 </w:t></w:r>\
        <w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve"> 页</w:t></w:r></w:p>
        """

    static let settings = DocxPackage.declaration + """
        <w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>\
        <w:characterSpacingControl w:val="compressPunctuation"/>\
        <w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>\
        </w:settings>
        """

    /// One list for the questions: level 0 `1.` (style 试题), level 1 `（1）` for the parts of a case (style 小题).
    static let numbering = DocxPackage.declaration + """
        <w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>\
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Question"/>\
        <w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="\(questionIndent)" w:hanging="\(questionIndent)"/></w:pPr></w:lvl>\
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Part"/>\
        <w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="\(partIndent)" w:hanging="630"/></w:pPr></w:lvl>\
        </w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>
        """

    /// A paragraph style: `paragraph` and `run` are the `pPr` and `rPr` children, in schema order.
    private static func style(_ id: String, _ name: String, paragraph: String = "", run: String = "",
                              next: String? = nil, primary: Bool = true) -> String {
        var out = "<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"\(id)\"><w:name w:val=\"\(name)\"/>"
        out += "<w:basedOn w:val=\"Normal\"/>"
        if let next { out += "<w:next w:val=\"\(next)\"/>" }
        if primary { out += "<w:qFormat/>" }
        if !paragraph.isEmpty { out += "<w:pPr>\(paragraph)</w:pPr>" }
        if !run.isEmpty { out += "<w:rPr>\(run)</w:rPr>" }
        return out + "</w:style>"
    }

    private static func tabs(_ stops: [Int], kind: String = "left") -> String {
        "<w:tabs>" + stops.map { "<w:tab w:val=\"\(kind)\" w:pos=\"\($0)\"/>" }.joined() + "</w:tabs>"
    }

    private static let heiti = "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"黑体\"/>"
    private static let fangsong = "<w:rFonts w:eastAsia=\"仿宋\"/>"

    /// The styles of a document whose text column is `textWidth` twips wide (tab stops depend on it).
    static func styles(textWidth: Int) -> String {
        let indent = questionIndent
        var out = DocxPackage.declaration
        out += "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
        out += """
            <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" \
            w:eastAsia="宋体" w:cs="Times New Roman"/><w:kern w:val="2"/><w:sz w:val="21"/><w:szCs w:val="21"/>\
            <w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>\
            <w:spacing w:after="0" w:line="360" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>\
            <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>\
            <w:pPr><w:widowControl/><w:jc w:val="both"/></w:pPr></w:style>\
            <w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>\
            <w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
            <w:style w:type="character" w:styleId="Emphasis"><w:name w:val="Emphasis"/><w:qFormat/>\
            <w:rPr><w:em w:val="dot"/></w:rPr></w:style>\
            <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>\
            <w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>\
            <w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>\
            <w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>\
            <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>\
            <w:next w:val="PaperInfo"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="120"/>\
            <w:jc w:val="center"/></w:pPr><w:rPr>\(heiti)<w:b/><w:bCs/><w:sz w:val="32"/>\
            <w:szCs w:val="32"/></w:rPr></w:style>\
            <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>\
            <w:next w:val="Question"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="200" \
            w:after="80"/><w:jc w:val="left"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr>\(heiti)<w:b/><w:bCs/>\
            <w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr></w:style>\
            <w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>\
            <w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
            """
        out += style("PaperID", "试卷编号", paragraph: "<w:jc w:val=\"right\"/>",
                     run: "<w:color w:val=\"333333\"/><w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/>")
        out += style("PaperInfo", "考试说明", paragraph: "<w:spacing w:after=\"60\"/><w:jc w:val=\"center\"/>")
        out += style("Fields", "考生信息", paragraph: "<w:spacing w:before=\"60\" w:after=\"120\"/><w:jc w:val=\"center\"/>")
        out += style("Rule", "计分规则", paragraph: "<w:keepNext/>")
        out += style("Question", "试题", paragraph: """
            <w:keepLines/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:spacing w:before="60"/>\
            <w:ind w:left="\(indent)" w:hanging="\(indent)"/>
            """, next: "Option")
        out += style("QuestionCont", "试题续行", paragraph: "<w:keepLines/><w:ind w:left=\"\(indent)\"/>")
        out += style("Part", "小题", paragraph: """
            <w:keepLines/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr><w:ind w:left="\(partIndent)" w:hanging="630"/>
            """, next: "Option")
        out += style("PartCont", "小题续行", paragraph: "<w:keepLines/><w:ind w:left=\"\(partIndent)\"/>")
        // Options of a question, and (indented like their part) of a part of a case.
        for (prefix, name, left) in [("", "", indent), ("Part", "小题", partIndent)] {
            out += style("\(prefix)Option", "\(name)选项", paragraph: "<w:keepLines/><w:ind w:left=\"\(left + indent)\" w:hanging=\"\(indent)\"/>")
            out += style("\(prefix)Option2", "\(name)选项（每行两个）",
                         paragraph: "<w:keepLines/>" + tabs(optionStops(2, indent: left, textWidth: textWidth)) + "<w:ind w:left=\"\(left)\"/>")
            out += style("\(prefix)Option4", "\(name)选项（每行四个）",
                         paragraph: "<w:keepLines/>" + tabs(optionStops(4, indent: left, textWidth: textWidth)) + "<w:ind w:left=\"\(left)\"/>")
        }
        out += style("AnswerLabel", "作答提示", paragraph: "<w:keepNext/><w:ind w:left=\"\(indent)\"/>")
        out += style("AnswerLine", "答题线", paragraph: tabs([textWidth], kind: "right")
            + "<w:spacing w:line=\"480\" w:lineRule=\"exact\"/><w:ind w:left=\"\(indent)\"/>")
        out += style("Material", "案例材料", paragraph: "<w:spacing w:line=\"320\" w:lineRule=\"auto\"/><w:ind w:firstLine=\"\(indent)\"/>")
        out += style("TableText", "表格文字", paragraph: "<w:spacing w:line=\"280\" w:lineRule=\"auto\"/><w:jc w:val=\"left\"/>")
        out += style("KeyHead", "答案题号", paragraph: "<w:keepNext/><w:keepLines/><w:spacing w:before=\"80\"/>")
        out += style("KeyText", "答案正文", paragraph: "<w:ind w:left=\"\(indent)\"/>")
        out += style("KeyPart", "小题答案", paragraph: "<w:keepNext/><w:keepLines/><w:spacing w:before=\"40\"/><w:ind w:left=\"\(indent)\"/>")
        out += style("LawQuote", "法条原文", paragraph: "<w:spacing w:line=\"300\" w:lineRule=\"auto\"/><w:ind w:left=\"\(indent * 2)\" w:firstLine=\"\(indent)\"/>",
                     run: fangsong + "<w:sz w:val=\"19\"/><w:szCs w:val=\"19\"/>")
        out += style("SheetNote", "答题卡说明", run: "<w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>")
        out += style("SheetCell", "答题卡格", paragraph: "<w:spacing w:line=\"264\" w:lineRule=\"auto\"/><w:jc w:val=\"left\"/>",
                     run: "<w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>")
        out += style("Seal", "密封线", paragraph: "<w:spacing w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/>",
                     run: "<w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>")
        return out + "</w:styles>"
    }
}
