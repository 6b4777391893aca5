import Foundation
import KaofaCore
import Testing
@testable import KaofaInterchange

@Suite("Importing Word documents")
struct WordImportTests {
    static let w = #"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#

    /// A .docx package from its document body (and numbering and styles, when given), as Word lays it out.
    static func docx(body: String, numbering: String? = nil, styles: String? = nil) throws -> [UInt8] {
        var relationships = #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
        var parts: [(path: String, data: Data)] = [
            ("[Content_Types].xml", Data(#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.utf8)),
            ("_rels/.rels", Data(#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.utf8)),
            ("word/document.xml", Data(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document \#(w)><w:body>\#(body)</w:body></w:document>"#.utf8)),
            ("word/styles.xml", Data(#"<?xml version="1.0" encoding="UTF-8"?><w:styles \#(w)>\#(styles ?? "")</w:styles>"#.utf8)),
        ]
        if let numbering {
            relationships += #"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>"#
            parts.append(("word/numbering.xml", Data(#"<?xml version="1.0" encoding="UTF-8"?><w:numbering \#(w)>\#(numbering)</w:numbering>"#.utf8)))
        }
        parts.append(("word/_rels/document.xml.rels", Data(#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\#(relationships)</Relationships>"#.utf8)))
        return try ZipWriter.archive(parts)
    }

    /// A paragraph of plain runs; `list` and `level` number it.
    static func p(_ runs: String..., list: Int? = nil, level: Int = 0, style: String? = nil) -> String {
        var properties = style.map { #"<w:pStyle w:val="\#($0)"/>"# } ?? ""
        if let list { properties += #"<w:numPr><w:ilvl w:val="\#(level)"/><w:numId w:val="\#(list)"/></w:numPr>"# }
        return "<w:p><w:pPr>\(properties)</w:pPr>" + runs.map { #"<w:r><w:t xml:space="preserve">\#($0)</w:t></w:r>"# }.joined() + "</w:p>"
    }

    static func level(_ index: Int, format: String, text: String, start: Int = 1) -> String {
        #"<w:lvl w:ilvl="\#(index)"><w:start w:val="\#(start)"/><w:numFmt w:val="\#(format)"/><w:lvlText w:val="\#(text)"/><w:pPr><w:tabs><w:tab w:val="num" w:pos="709"/></w:tabs></w:pPr></w:lvl>"#
    }

    /// Lists as a teacher's Word bank uses them: headings 一、 二、 (a heading style's numbering), questions 1. 2. 3.
    /// continuing across the answers between them and restarting in each part (a second list with a start override),
    /// options A. B. as a second level.
    static let numbering = """
        <w:abstractNum w:abstractNumId="0">\(level(0, format: "chineseCounting", text: "%1、"))</w:abstractNum>
        <w:abstractNum w:abstractNumId="1">\(level(0, format: "decimal", text: "%1."))\(level(1, format: "upperLetter", text: "%2."))</w:abstractNum>
        <w:abstractNum w:abstractNumId="2">\(level(0, format: "bullet", text: "•"))</w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
        <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
        <w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
        <w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>
        """
    static let styles = #"<w:style w:type="paragraph" w:styleId="Part"><w:name w:val="Part"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="PartTitle"><w:basedOn w:val="Part"/></w:style>"#

    @Test("automatic numbering is written out as Word shows it; tabs, breaks, tables, text boxes, tracked deletions and fields")
    func numberedBank() throws {
        let body = [
            Self.p("宪法知识题库"),
            Self.p("单项选择题", style: "PartTitle"),
            Self.p("中华人民共和国的一切权力属于（  ）。", list: 2),
            Self.p("人民", list: 2, level: 1), Self.p("中国共产党", list: 2, level: 1), Self.p("国务院", list: 2, level: 1),
            Self.p("答案：A"),
            Self.p("国家的根本任务是（  ）。", list: 2),
            Self.p("发展经济", list: 2, level: 1),
            Self.p("沿着中国特色社会主义道路，集中力量进行社会主义现代化建设", list: 2, level: 1),
            // The answer after a line break in the same paragraph; a deleted word and a field's code are not text.
            #"<w:p><w:r><w:t>答案：</w:t></w:r><w:del><w:r><w:delText>A</w:delText></w:r></w:del><w:r><w:t>B</w:t></w:r><w:r><w:br/><w:t>解析：见《宪法》第一条</w:t></w:r><w:r><w:instrText> PAGE </w:instrText></w:r></w:p>"#,
            Self.p("判断题", style: "Part"),
            Self.p("宪法是国家的根本法。（√）", list: 3),
            // Options on one line, separated by tabs; a bullet is not a number.
            Self.p("下列属于宪法规定的国家机构的有（  ）。", list: 3),
            #"<w:p><w:r><w:t>A．国务院</w:t><w:tab/><w:t>B．监察委员会</w:t></w:r></w:p>"#,
            Self.p("说明：这一题在判断题中，检查时会报告。", list: 4),
            // A table cell, and a text box that Word also writes as a fallback drawing.
            #"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>答案：AB</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
            #"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>（本题库仅供学习）</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>（本题库仅供学习）</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
        ].joined()
        let bytes = try Self.docx(body: body, numbering: Self.numbering, styles: Self.styles)
        #expect(try WordDocument.lines(bytes) == [
            "宪法知识题库", "一、 单项选择题",
            "1. 中华人民共和国的一切权力属于（  ）。", "A. 人民", "B. 中国共产党", "C. 国务院", "答案：A",
            "2. 国家的根本任务是（  ）。", "A. 发展经济", "B. 沿着中国特色社会主义道路，集中力量进行社会主义现代化建设",
            "答案：B", "解析：见《宪法》第一条",
            "二、 判断题", "1. 宪法是国家的根本法。（√）", "2. 下列属于宪法规定的国家机构的有（  ）。", "A．国务院  B．监察委员会",
            "说明：这一题在判断题中，检查时会报告。", "答案：AB", "（本题库仅供学习）", "",
        ])

        let report = try WordImporter.run(bytes, sourcePath: "题库.docx", outputPath: "Banks/导入.md", options: ImportOptions(law: "宪法"),
                                          existingBanks: [], catalog: Support.catalog).get()
        #expect(report.sourceSummary == "Word 文档，20 段")
        let text = try #require(report.bankText)
        #expect(text.contains("""
            1. 中华人民共和国的一切权力属于（  ）。 {#Q-0001}
            A. 人民
            B. 中国共产党
            C. 国务院
            答案：A
            """))
        #expect(text.contains("B. 沿着中国特色社会主义道路，集中力量进行社会主义现代化建设\n答案：B\n解析：见《宪法》第一条\n"))
        #expect(text.contains("## 二、 判断题") || text.contains("## 二、判断题"), "\(text)")
        #expect(report.rows.count == 4)
    }

    @Test("lists sharing a definition count on from each other, as in Word; a start override restarts once; numbering 0 removes it")
    func listContinuation() throws {
        let numbering = Self.numbering + """
            <w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>
            <w:num w:numId="6"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride></w:num>
            """
        let body = [Self.p("甲", list: 2), Self.p("乙", list: 5), Self.p("丙", list: 6), Self.p("丁", list: 6), Self.p("子", list: 6, level: 1),
                    Self.p("戊", list: 2), Self.p("己", list: 0), Self.p("庚", style: "PartTitle"), Self.p("辛", list: 0, style: "PartTitle")].joined()
        #expect(try WordDocument.lines(try Self.docx(body: body, numbering: numbering, styles: Self.styles))
                == ["1. 甲", "2. 乙", "10. 丙", "11. 丁", "A. 子", "12. 戊", "己", "一、 庚", "辛"])
    }

    @Test("pictures and equations are named at their paragraph, never dropped in silence; a text box is text")
    func picturesAndEquations() throws {
        let picture = #"<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill><a:blip r:embed="rId9" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
        let equation = #"<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><m:r><m:t>x²</m:t></m:r></m:oMath>"#
        let body = [
            "<w:p><w:r><w:t>1. 下图所示的标志属于（  ）。</w:t></w:r>\(picture)</w:p>",
            Self.p("A. 警告标志 B. 禁令标志"), Self.p("答案：A"),
            "<w:p><w:r><w:t>2. 计算：</w:t></w:r>\(equation)\(picture)</w:p>",
            Self.p("A. 1 B. 2"), Self.p("答案：B"),
            #"<w:p><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>（仅供学习）</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r></w:p>"#,
        ].joined()
        let report = try WordImporter.run(try Self.docx(body: body), sourcePath: "题库.docx", outputPath: "Banks/导入.md",
                                          options: ImportOptions(law: "宪法"), existingBanks: [], catalog: Support.catalog).get()
        #expect(Support.lines(report.diagnostics.filter { $0.code == .importValueDropped }) == [
            "W0808 1:1 第 1 行（段）中的图片没有导入：kaofa 只导入 Word 文档中的文字",
            "W0808 4:1 第 4 行（段）中的图片和公式没有导入：kaofa 只导入 Word 文档中的文字",
        ])
        #expect(report.rows.count == 2)
        // The equation's math text is not read as the stem's text.
        #expect(report.bankText?.contains("2. 计算： {#Q-0002}") == true, "\(report.bankText ?? "")")
    }

    @Test("a bank that marks the right options in colour or highlighting, with no answer written, gets them as its answer")
    func markedOptions() throws {
        func run(_ text: String, _ properties: String = "") -> String {
            #"<w:r><w:rPr>\#(properties)</w:rPr><w:t xml:space="preserve">\#(text)</w:t></w:r>"#
        }
        let red = #"<w:color w:val="FF0000"/>"#, yellow = #"<w:highlight w:val="yellow"/>"#, gray = #"<w:color w:val="333333"/>"#
        let body = [
            Self.p("一、单项选择题"),
            Self.p("中华人民共和国的一切权力属于（  ）。", list: 2),
            "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"2\"/></w:numPr></w:pPr>\(run("人民", red))</w:p>",
            "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"2\"/></w:numPr></w:pPr>\(run("中国共产党", gray))</w:p>",
            Self.p("国务院", list: 2, level: 1),
            Self.p("国家的根本任务是（  ）。", list: 2),
            "<w:p>\(run("A．发展经济"))<w:r><w:tab/></w:r>\(run("B．", red))\(run("沿着中国特色社会主义道路", red))</w:p>",
            Self.p("答案：A"),
            Self.p("二、多项选择题"),
            Self.p("根据宪法，下列属于全国人民代表大会职权的有（  ）。", list: 3),
            "<w:p>\(run("A．修改宪法", yellow))<w:r><w:tab/></w:r>\(run("B．解释宪法"))<w:r><w:tab/></w:r>\(run("C．监督宪法的实施", yellow))</w:p>",
            Self.p("下列属于公民基本权利的有（  ）。", list: 3),
            "<w:p>\(run("A．选举权", red))<w:r><w:tab/></w:r>\(run("B．言论自由", red))</w:p>",
        ].joined()
        let report = try WordImporter.run(try Self.docx(body: body, numbering: Self.numbering), sourcePath: "题库.docx", outputPath: "Banks/导入.md",
                                          options: ImportOptions(law: "宪法"), existingBanks: [], catalog: Support.catalog).get()
        let text = try #require(report.bankText)
        #expect(text.contains("C. 国务院\n答案：A\n"), "\(text)")
        // An answer written below wins over colour.
        #expect(text.contains("B. 沿着中国特色社会主义道路\n答案：A\n"), "\(text)")
        #expect(text.contains("C. 监督宪法的实施\n答案：AC\n"), "\(text)")
        #expect(Support.lines(report.diagnostics).contains("W0809 2:1 第 2 行的题：没有写答案，按文档中标成彩色、突出显示、加粗或加下划线的选项给出答案 A；请核对"))
        #expect(Support.lines(report.diagnostics).contains("W0809 10:1 第 10 行的题：没有写答案，按文档中标成彩色、突出显示、加粗或加下划线的选项给出答案 AC；请核对"))
        // Every option in colour says nothing about the answer: the question is reported as having none.
        #expect(report.bankDiagnostics.contains { $0.code == .missingAnswer }, "\(Support.lines(report.bankDiagnostics))")
    }

    @Test("options marked in bold or underlined, with no answer written, are the answer; bold switched off is not a mark")
    func boldAndUnderlinedOptions() throws {
        func run(_ text: String, _ properties: String = "") -> String {
            #"<w:r><w:rPr>\#(properties)</w:rPr><w:t xml:space="preserve">\#(text)</w:t></w:r>"#
        }
        let bold = "<w:b/>", notBold = #"<w:b w:val="0"/>"#, underline = #"<w:u w:val="single"/>"#, noUnderline = #"<w:u w:val="none"/>"#
        let body = [
            Self.p("一、单项选择题"),
            Self.p("1. 中华人民共和国的一切权力属于（  ）。"),
            "<w:p>\(run("A．政府", notBold))<w:r><w:tab/></w:r>\(run("B．人民", bold))<w:r><w:tab/></w:r>\(run("C．政党", noUnderline))</w:p>",
            Self.p("二、多项选择题"),
            Self.p("2. 下列属于公民基本权利的有（  ）。"),
            "<w:p>\(run("A．选举权", underline))<w:r><w:tab/></w:r>\(run("B．言论自由", #"<w:b w:val="true"/>"#))<w:r><w:tab/></w:r>\(run("C．征税权"))</w:p>",
            // Bold inside an option's text is emphasis, not a mark.
            Self.p("3. 下列说法正确的有（  ）。"),
            "<w:p>\(run("A．宪法是"))\(run("根本", bold))\(run("法"))<w:r><w:tab/></w:r>\(run("B．宪法可以随意修改"))</w:p>",
        ].joined()
        let report = try WordImporter.run(try Self.docx(body: body), sourcePath: "题库.docx", outputPath: "Banks/导入.md",
                                          options: ImportOptions(law: "宪法"), existingBanks: [], catalog: Support.catalog).get()
        let text = try #require(report.bankText)
        #expect(text.contains("C. 政党\n答案：B\n"), "\(text)")
        #expect(text.contains("C. 征税权\n答案：AB\n"), "\(text)")
        #expect(!text.contains("B. 宪法可以随意修改\n答案"), "\(text)")
        #expect(Support.lines(report.diagnostics).filter { $0.hasPrefix("W0809") }.count == 2, "\(Support.lines(report.diagnostics))")
    }

    @Test("mutated document and numbering parts, and hostile numbers: a report or a diagnostic, never a crash")
    func mutated() throws {
        var random = SplitMix64(seed: 23)
        let body = [Self.p("单项选择题", style: "Part"), Self.p("题干（  ）。", list: 2), Self.p("甲", list: 2, level: 1),
                    Self.p("乙", list: 2, level: 1), Self.p("答案：A")].joined()
        for _ in 0..<150 {
            let mutatedBody = String(decoding: MutationTests.mutate(Array(body.utf8), &random), as: UTF8.self)
            let mutatedNumbering = String(decoding: MutationTests.mutate(Array(Self.numbering.utf8), &random), as: UTF8.self)
            let bytes = try Self.docx(body: mutatedBody, numbering: mutatedNumbering, styles: Self.styles)
            if case let .success(report) = WordImporter.run(bytes, sourcePath: "题库.docx", outputPath: "导入.md", options: ImportOptions(),
                                                           existingBanks: [], catalog: Support.catalog) {
                _ = ImportReportText().render(report)
                #expect(!report.diagnostics.contains { $0.code == .importMismatch }, "\(Support.lines(report.diagnostics))")
            }
        }
        // Start values far out of range, and every number format a bank might meet.
        let hostile = """
            <w:abstractNum w:abstractNumId="1">\(Self.level(0, format: "upperLetter", text: "%1.", start: 9_223_372_036_854_775_807))\(Self.level(1, format: "decimalFullWidth", text: "%2", start: -5))</w:abstractNum>
            <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
            """
        let lines = try WordDocument.lines(try Self.docx(body: Self.p("甲", list: 2) + Self.p("乙", list: 2) + Self.p("丙", list: 2, level: 1),
                                                         numbering: hostile))
        #expect(lines == ["100000. 甲", "100001. 乙", "０ 丙"])
        let formats: [(String, Int, String)] = [("decimal", 12, "12"), ("upperLetter", 3, "C"), ("upperLetter", 28, "BB"), ("lowerLetter", 1, "a"),
                                                ("upperRoman", 14, "XIV"), ("lowerRoman", 4, "iv"), ("chineseCounting", 12, "十二"),
                                                ("chineseCountingThousand", 105, "一百零五"), ("ideographTraditional", 2, "乙"),
                                                ("chineseLegalSimplified", 3, "叁"), ("decimalFullWidth", 10, "１０"),
                                                ("decimalEnclosedCircle", 3, "③"), ("decimalZero", 7, "07"), ("ordinal", 5, "5")]
        for (format, value, label) in formats {
            #expect(WordNumbering.format(value, as: format) == label, "\(format) \(value)")
        }
    }

    @Test("what is not a .docx: a clear error, never a crash")
    func notWord() throws {
        func failure(_ bytes: [UInt8]) -> String? {
            guard case let .failure(diagnostic) = WordImporter.run(bytes, sourcePath: "题库.docx", outputPath: "x.md", options: ImportOptions(),
                                                                   existingBanks: [], catalog: Support.catalog) else { return nil }
            #expect(diagnostic.code == .unreadableImportFile)
            return diagnostic.message
        }
        #expect(failure(Array("1. 题干\n答案：A\n".utf8)) == "这不是有效的 Word（.docx）文件：文件不是 zip 压缩包，或已损坏、不完整")
        #expect(failure([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]) == "这是旧版 Word 97-2003（.doc）或 WPS 文档，不是 .docx")
        let workbook = try ZipWriter.archive([("xl/workbook.xml", Data("<workbook/>".utf8))])
        #expect(failure(workbook) == "这不是有效的 Word（.docx）文件：缺少 word/document.xml")
        let bomb = try Self.docx(body: "").replacingDocument(with: #"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><w:document \#(Self.w)/>"#)
        #expect(failure(bomb) == "Word 文件已损坏：word/document.xml 第 1 行 XML 有误（含有 DOCTYPE 或实体声明，这类文件中不会有）")
        let cut = try Self.docx(body: Self.p("1. 题干"))
        #expect(failure(Array(cut.prefix(cut.count / 2))) != nil)
    }
}

extension [UInt8] {
    /// This .docx with another document part.
    func replacingDocument(with xml: String) throws -> [UInt8] {
        try ZipWriter.archive([
            ("_rels/.rels", Data(#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.utf8)),
            ("word/document.xml", Data(xml.utf8)),
        ])
    }
}
