import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import KaofaRender
import Testing
import ZIPFoundation
@testable import KaofaCore

/// The Word papers, keys and answer sheets: well-formed parts in the order Word requires, everything printed,
/// nothing leaked, bank text escaped, images embedded, the same bytes every time.
@Suite("DOCX papers")
struct DOCXRenderTests {
    /// The parts of a .docx by path.
    static func parts(_ bytes: [UInt8]) throws -> [String: Data] {
        let archive = try Archive(data: Data(bytes), accessMode: .read)
        var parts: [String: Data] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            parts[entry.path] = data
        }
        return parts
    }

    /// A part parsed as XML (which fails on anything not well-formed).
    static func xml(_ data: Data?) throws -> XMLElement {
        let data = try #require(data)
        return try #require(try XMLDocument(data: data, options: []).rootElement())
    }

    /// The text of every paragraph of the body, tabs as `\t`, in order.
    static func paragraphs(_ root: XMLElement) -> [String] {
        var out: [String] = []
        func text(_ node: XMLNode) -> String {
            guard let element = node as? XMLElement else { return "" }
            switch element.name {
            case "w:t": return element.stringValue ?? ""
            case "w:tab" where element.parent?.name == "w:r": return "\t"
            case "w:br": return "\n"
            default: return (element.children ?? []).map(text).joined()
            }
        }
        func visit(_ node: XMLNode) {
            guard let element = node as? XMLElement else { return }
            if element.name == "w:p" { out.append(text(element)) } else { (element.children ?? []).forEach(visit) }
        }
        visit(root)
        return out
    }

    /// The children WordprocessingML allows in each properties element, in the order the schema requires (ECMA-376
    /// Part 1, §17.3.1.26, §17.3.2.28, §17.4.60, §17.4.70, §17.4.82, §17.6.17): Word reports a file whose
    /// properties are out of order as damaged.
    static let schemaOrder: [String: [String]] = [
        "w:pPr": ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
                  "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
                  "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
                  "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
                  "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"],
        "w:rPr": ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
                  "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w",
                  "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
                  "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"],
        "w:tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                    "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"],
        "w:tblBorders": ["top", "left", "start", "bottom", "right", "end", "insideH", "insideV"],
        "w:trPr": ["cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
                   "tblHeader", "tblCellSpacing", "jc", "hidden"],
        "w:tcPr": ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
                   "textDirection", "tcFitText", "vAlign", "hideMark"],
        "w:sectPr": ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
                     "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
                     "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid"],
        "w:style": ["name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority", "semiHidden",
                    "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid", "pPr",
                    "rPr", "tblPr", "trPr", "tcPr", "tblStylePr"],
        "w:lvl": ["start", "numFmt", "lvlRestart", "pStyle", "isLgl", "suff", "lvlText", "lvlPicBulletId", "legacy",
                  "lvlJc", "pPr", "rPr"],
    ]

    /// Every properties element under `root` whose children break the schema's order, as `element: children`.
    static func orderViolations(_ root: XMLElement) -> [String] {
        var violations: [String] = []
        func visit(_ element: XMLElement) {
            let children = (element.children ?? []).compactMap { $0 as? XMLElement }
            if let order = schemaOrder[element.name ?? ""] {
                let positions = children.map { order.firstIndex(of: String(($0.name ?? "").dropFirst(2))) }
                if positions.contains(nil) || zip(positions, positions.dropFirst()).contains(where: { $0! >= $1! }) {
                    violations.append("\(element.name ?? ""): \(children.compactMap(\.name).joined(separator: " "))")
                }
            }
            children.forEach(visit)
        }
        visit(root)
        return violations
    }

    /// Paper, key and sheet of every sample paper (a variant and an examinee of each sample blueprint).
    static func documents() throws -> [(name: String, paper: Paper, documents: [String: [UInt8]])] {
        try HTMLRenderTests.papers().map { name, paper in
            (name, paper, ["paper": try PaperDOCX.document(paper), "key": try KeyDOCX.document(paper, catalog: TestSupport.catalog),
                           "sheet": try AnswerSheetDOCX.document(paper),
                           "combined": try PaperDOCX.combined(paper, sealLine: true)])
        }
    }

    @Test("every part is well-formed XML, with properties in the order Word requires, and the package lists them")
    func wellFormed() throws {
        for (name, _, documents) in try Self.documents() {
            for (kind, bytes) in documents {
                let parts = try Self.parts(bytes)
                let required = ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
                                "word/numbering.xml", "word/settings.xml", "word/footer1.xml", "word/_rels/document.xml.rels"]
                for path in required { #expect(parts[path] != nil, "\(name) \(kind): \(path) missing") }
                for (path, data) in parts where path.hasSuffix(".xml") || path.hasSuffix(".rels") {
                    let root = try Self.xml(data)
                    #expect(Self.orderViolations(root).isEmpty, "\(name) \(kind) \(path): \(Self.orderViolations(root).prefix(3))")
                }
                // Every relationship of the document points at a part of the package.
                let relationships = String(decoding: try #require(parts["word/_rels/document.xml.rels"]), as: UTF8.self)
                let targets = relationships.components(separatedBy: "Target=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
                #expect(targets.count >= 4)
                for target in targets { #expect(parts["word/" + target] != nil, "\(name) \(kind): \(target)") }
                let types = String(decoding: try #require(parts["[Content_Types].xml"]), as: UTF8.self)
                for path in parts.keys where path.hasPrefix("word/") && path.hasSuffix(".xml") {
                    #expect(types.contains("PartName=\"/\(path)\""), "\(name) \(kind): \(path) has no content type")
                }
            }
        }
    }

    @Test("every heading, stem and option is in the paper; no answer or 解析 reaches the paper or the sheet")
    func samplePapers() throws {
        for (name, paper, documents) in try Self.documents() {
            let text = Self.paragraphs(try Self.xml(try Self.parts(try #require(documents["paper"]))["word/document.xml"]))
            let sheet = Self.paragraphs(try Self.xml(try Self.parts(try #require(documents["sheet"]))["word/document.xml"]))
            let key = Self.paragraphs(try Self.xml(try Self.parts(try #require(documents["key"]))["word/document.xml"]))
            let joined = text.joined(separator: "\n"), keyText = key.joined(separator: "\n")
            #expect(text.contains("\(paper.title)（\(PaperText.subjectLabel(paper))）"), "\(name)")
            #expect(text.contains("考试时间 \(paper.durationMinutes) 分钟，满分 \(paper.totalPoints) 分，\(paper.passPoints) 分及格"))
            for (index, section) in paper.sections.enumerated() {
                let heading = PaperText.heading(section, index: index)
                #expect(text.contains(heading) && key.contains(heading) && sheet.contains(heading), "\(name): \(heading)")
            }
            for item in HTMLRenderTests.allItems(paper) {
                let question = item.question
                for fragment in HTMLRenderTests.fragments(question.stem + "\n" + (question.material ?? "")) {
                    #expect(joined.contains(HTMLRenderTests.unescape(fragment)), "\(name) \(item.number): \(fragment)")
                }
                for option in item.options {
                    #expect(joined.contains("\(option.label).\u{00A0}") || joined.contains("\(option.label).\t"))
                    for fragment in HTMLRenderTests.fragments(option.text) {
                        #expect(joined.contains(HTMLRenderTests.unescape(fragment)), "\(name): \(fragment)")
                    }
                }
                if let explanation = question.explanation {
                    let plain = InlineMarkup.plainText(InlineMarkup.spans(explanation))
                    #expect(!joined.contains(plain) && keyText.contains("解析：" + plain), "\(name) \(item.number): 解析")
                }
                switch question.answer {
                case .written, .parts, .missing: break
                default:
                    let answer = item.question.type == .fillBlank ? item.answer.joined(separator: "；") : item.answer.joined()
                    let isPart = paper.items.contains { $0.parts.contains { $0.question.id == question.id } }
                    let label = isPart ? "（\(item.number)）" : "\(item.number)."
                    let line = label + (question.id.map { "\u{3000}\($0)\u{3000}" } ?? "") + "答案：\(answer)"
                    #expect(keyText.contains(line), "\(name): \(line)")
                }
            }
            for word in ["答案", "解析", "评分要点", "参考答案"] {
                #expect(!joined.contains(word) && !sheet.joined().contains(word), "\(name): \(word) on the paper or sheet")
            }
            // The sheet: a cell for every objective number, `[A] [B] …` or `[对] [错]`.
            for item in paper.items where item.question.type.isChoice || item.question.type == .trueFalse {
                let boxes = item.question.type == .trueFalse ? ["对", "错"] : item.options.map(\.label)
                #expect(sheet.contains("\(item.number)\u{00A0}" + boxes.map { "[\($0)]" }.joined(separator: "\u{00A0}")), "\(name) \(item.number)")
            }
        }
    }

    @Test("questions are numbered by the Word list, continuously across 大题, case parts on the second level")
    func numbering() throws {
        for (name, paper, documents) in try Self.documents() {
            let root = try Self.xml(try Self.parts(try #require(documents["paper"]))["word/document.xml"])
            var styles: [String] = []
            func visit(_ element: XMLElement) {
                if element.name == "w:pStyle", let value = element.attribute(forName: "w:val")?.stringValue { styles.append(value) }
                (element.children ?? []).compactMap { $0 as? XMLElement }.forEach(visit)
            }
            visit(root)
            #expect(styles.filter { $0 == "Question" }.count == paper.items.count, "\(name)")
            #expect(styles.filter { $0 == "Part" }.count == paper.items.map(\.parts.count).reduce(0, +), "\(name)")
            #expect(styles.filter { $0 == "Heading1" }.count == paper.sections.count)
        }
    }

    @Test("the same paper gives the same bytes")
    func deterministic() throws {
        let (_, paper) = try #require(try HTMLRenderTests.papers().first)
        #expect(try PaperDOCX.document(paper) == (try PaperDOCX.document(paper)))
        #expect(try KeyDOCX.document(paper, catalog: TestSupport.catalog) == (try KeyDOCX.document(paper, catalog: TestSupport.catalog)))
    }

    @Test("bank text is escaped: a planted script and ampersand print literally, control characters are dropped")
    func escaping() throws {
        let planted = "<script>alert(1)</script> & \"x\" ]]>"
        let bank = TestSupport.bank(question: """
            1. 题干\(planted)（  ）。 {#X-1 条文=第二条}
            A. 选项\(planted)
            B. 乙\u{0B}丙
            答案：A
            解析：解析\(planted)
            """)
        let plan = try AssemblyFixture.plan(bank: bank, blueprint: """
            title: 测试卷<b>&amp;
            audience: 村两委
            duration: 10
            total: 2
            pass: 1
            sections:
              - type: 单选题
                count: 1
                points: 2
            """).get()
        let paper = try PaperAssembler(plan: plan, seed: "escape", bankDigest: "0").paper(for: .variant("A")).get()
        for bytes in [try PaperDOCX.document(paper), try KeyDOCX.document(paper, catalog: TestSupport.catalog),
                      try AnswerSheetDOCX.document(paper)] {
            let text = Self.paragraphs(try Self.xml(try Self.parts(bytes)["word/document.xml"])).joined(separator: "\n")
            #expect(text.contains("测试卷<b>&amp;"))
            if text.contains("题干") {
                #expect(text.contains("题干\(planted)（\u{3000}\u{3000}）。"))
                #expect(text.contains("选项\(planted)"))
            }
        }
        let key = Self.paragraphs(try Self.xml(try Self.parts(try KeyDOCX.document(paper, catalog: TestSupport.catalog))["word/document.xml"]))
        #expect(key.joined().contains("解析\(planted)"))
    }

    @Test("images are embedded once as media parts, tables become Word tables; a missing image is an error naming the line")
    func imagesAndTables() throws {
        let png = try #require(Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAACgAAAAUCAIAAABwJOjsAAAAJElEQVR4nGM4ISc3IIhh1OJRi0ctHrV41OJRi0ctHrV45FgMAFLhLK5mrmiuAAAAAElFTkSuQmCC"))
        try withTemporaryBank(image: png) { bankFile in
            let paper = try Self.paper(bankFile: bankFile)
            let images = try PaperImages.load(for: paper).get()
            let image = try #require(images.image("图片/标志.png", from: bankFile))
            #expect(image.format == .png && image.pixelWidth == 40 && image.pixelHeight == 20)
            let parts = try Self.parts(try PaperDOCX.document(paper, images: images))
            #expect(parts["word/media/image1.png"] == png && parts["word/media/image2.png"] == nil)
            let document = String(decoding: try #require(parts["word/document.xml"]), as: UTF8.self)
            #expect(document.components(separatedBy: "<w:drawing>").count - 1 == 2)
            #expect(document.contains("<wp:extent cx=\"381000\" cy=\"190500\"/>"))  // 40 × 20 px at 96 dpi
            #expect(document.contains("<w:tbl>") && document.contains("1982"))
            let html = PaperHTML.document(paper, images: images)
            #expect(html.contains("<img src=\"data:image/png;base64,\(png.base64EncodedString())\" alt=\"国徽\">"))
            #expect(html.contains("<table class=\"data\"><tr><th>年份</th><th>事件</th></tr><tr><td>1982</td><td>现行宪法通过</td></tr>"))
            try FileManager.default.removeItem(atPath: (bankFile as NSString).deletingLastPathComponent + "/图片/标志.png")
            guard case let .failure(failure) = PaperImages.load(for: paper) else {
                Issue.record("a missing image must fail")
                return
            }
            #expect(failure.file == bankFile && failure.line == paper.items[0].question.source.line)
            #expect(failure.description.contains("找不到图片文件 图片/标志.png"), "\(failure)")
        }
    }

    static func paper(bankFile: String) throws -> Paper {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: bankFile)))
        let bank = BankCompiler.compile(raw: [(bankFile, bytes)], catalog: TestSupport.catalog, keepSyntax: false).0
        #expect(!bank.hasErrors, "\(bank.diagnostics)")
        let loaded = AssemblyFixture.blueprint("""
            title: 图表题
            audience: 村两委
            duration: 10
            total: 2
            pass: 1
            sections:
              - type: 单选题
                count: 1
                points: 2
            """)
        let plan = try AssemblyPlan.make(blueprint: try #require(loaded.blueprint, "\(loaded.diagnostics)"), bank: bank.questions,
                                         catalog: TestSupport.catalog).get()
        return try PaperAssembler(plan: plan, seed: "image", bankDigest: "0").paper(for: .variant("A")).get()
    }

    func withTemporaryBank(image: Data, _ body: (String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaofa-docx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("图片"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try image.write(to: directory.appendingPathComponent("图片/标志.png"))
        let bankFile = directory.appendingPathComponent("宪法.md").path
        try Data("""
            ---
            law: 宪法
            audience: 全部
            difficulty: 中
            ---

            ## 单项选择题

            1. 下图是（  ）。![国徽](图片/标志.png) {#T-1 条文=第一百零六条}
            | 年份 | 事件 |
            |---|---|
            | 1982 | 现行宪法通过 |
            A. 国徽![国徽](图片/标志.png)
            B. 国旗
            答案：A

            """.utf8).write(to: URL(fileURLWithPath: bankFile))
        try body(bankFile)
    }
}
