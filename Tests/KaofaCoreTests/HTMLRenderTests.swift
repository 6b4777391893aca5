import Foundation
import KaofaRender
import Testing
@testable import KaofaCore

/// The printable HTML paper, key and answer sheet: everything printed, nothing leaked, bank text escaped.
@Suite("HTML papers")
struct HTMLRenderTests {
    /// The pieces of bank text that print literally: what lies between Markdown marks, blanks and line breaks.
    static func fragments(_ text: String) -> [String] {
        text.split(whereSeparator: { "_＿\n*（）()".contains($0) })
            .map { HTMLText.escape(String($0)) }
            .filter { !$0.allSatisfy { $0 == " " || $0 == "　" } }
    }

    /// An escaped fragment back as the text it came from.
    static func unescape(_ fragment: String) -> String {
        fragment.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func papers() throws -> [(name: String, paper: Paper)] {
        var papers: [(String, Paper)] = []
        for (name, plan, digest) in try PaperContractTests.plans() {
            let assembler = PaperAssembler(plan: plan, seed: "html", bankDigest: digest)
            for subject in [Randomness.Subject.variant("A"), .examinee("42")] {
                papers.append((name, try assembler.paper(for: subject).get()))
            }
        }
        return papers
    }

    /// Every question and case part of a paper, depth first.
    static func allItems(_ paper: Paper) -> [PaperItem] {
        paper.items.flatMap { [$0] + $0.parts }
    }

    @Test("every stem, option and heading of the sample papers is printed; no answer or 解析 reaches the paper or sheet")
    func samplePapers() throws {
        for (name, paper) in try Self.papers() {
            let html = PaperHTML.document(paper), sheet = AnswerSheetHTML.document(paper)
            let key = KeyHTML.document(paper, catalog: TestSupport.catalog)
            #expect(html.contains("<h1>\(paper.title)（\(PaperText.subjectLabel(paper))）</h1>"), "\(name)")
            #expect(html.contains("考试时间 \(paper.durationMinutes) 分钟，满分 \(paper.totalPoints) 分，\(paper.passPoints) 分及格"))
            #expect(html.contains("试卷编号：\(paper.id)") && sheet.contains(paper.id) && key.contains(paper.id))
            for (index, section) in paper.sections.enumerated() {
                let heading = PaperText.heading(section, index: index)
                #expect(html.contains("<h2>\(heading)</h2>") && key.contains(heading) && sheet.contains(heading))
                if let scoring = section.scoring { #expect(html.contains(scoring.statement)) }
            }
            for item in Self.allItems(paper) {
                let question = item.question
                for fragment in Self.fragments(question.stem + "\n" + (question.material ?? "")) {
                    #expect(html.contains(fragment), "\(name) \(item.number): \(fragment)")
                }
                for option in item.options {
                    #expect(html.contains("<div class=\"option\">\(option.label).&nbsp;"))
                    for fragment in Self.fragments(option.text) { #expect(html.contains(fragment), "\(name): \(fragment)") }
                }
                if let explanation = question.explanation {
                    let printed = HTMLText.inline(explanation)
                    #expect(!html.contains(printed) && !sheet.contains(printed), "\(name) \(item.number): 解析 leaked")
                    #expect(key.contains("<b>解析：</b>\(printed)"))
                }
                switch question.answer {
                case let .written(reference, rubric):
                    #expect(!html.contains(HTMLText.inline(reference)) && key.contains(HTMLText.inline(reference)))
                    for point in rubric { #expect(key.contains("<li>\(HTMLText.inline(point))</li>")) }
                case .parts, .missing:
                    break
                default:
                    let answer = HTMLText.escape(item.question.type == .fillBlank ? item.answer.joined(separator: "；") : item.answer.joined())
                    #expect(key.contains("答案：<b class=\"answer\">\(answer)</b>"), "\(name) \(item.number)")
                }
                if let id = question.id { #expect(key.contains("data-question-id=\"\(id)\"")) }
            }
            for word in ["答案", "解析", "评分要点", "参考答案", "class=\"answer\""] {
                #expect(!html.contains(word) && !sheet.contains(word), "\(name): \(word) on the paper or sheet")
            }
        }
    }

    @Test("the answer sheet has a row of boxes for every objective number and sends written ones to the paper")
    func answerSheet() throws {
        for (name, paper) in try Self.papers() {
            let sheet = AnswerSheetHTML.document(paper)
            var rows = 0
            for item in paper.items {
                let numbered = item.question.type == .caseAnalysis
                    ? item.parts.map { ("\(item.number)（\($0.number)）", $0) } : [("\(item.number)", item)]
                for (number, entry) in numbered where entry.question.type.isChoice || entry.question.type == .trueFalse {
                    rows += 1
                    let boxes = entry.question.type == .trueFalse ? ["对", "错"] : entry.options.map(\.label)
                    let row = "<div class=\"item\"><span class=\"n\">\(number)</span>"
                        + boxes.map { "<span class=\"box\">\($0)</span>" }.joined() + "</div>"
                    #expect(sheet.contains(row), "\(name): \(row)")
                }
            }
            #expect(sheet.components(separatedBy: "<div class=\"item\">").count - 1 == rows)
            if paper.items.contains(where: { $0.question.type == .shortAnswer }) { #expect(sheet.contains("见试卷作答")) }
        }
    }

    @Test("the key quotes the whole cited article from the law text")
    func quotedArticle() throws {
        let bank = BankCompiler.compile(raw: TestSupport.sampleBankFiles(), catalog: TestSupport.catalog, keepSyntax: false).0
        let loaded = AssemblyFixture.blueprint(AssemblyFixture.header(sections: """
              - type: 单选题
                count: 1
                points: 100
            """) + "\nrequire: [XF-0002]\n")
        let plan = try AssemblyPlan.make(blueprint: try #require(loaded.blueprint, "\(loaded.diagnostics)"), bank: bank.questions,
                                         catalog: TestSupport.catalog).get()
        let paper = try PaperAssembler(plan: plan, seed: "article", bankDigest: "0").paper(for: .variant("A")).get()
        #expect(paper.items.map(\.question.id) == ["XF-0002"])
        let key = KeyHTML.document(paper, catalog: TestSupport.catalog)
        #expect(key.contains("<b>依据：</b>《中华人民共和国宪法》第二条第二款</p>"))
        #expect(key.contains("""
            <blockquote class="law"><p>第二条 中华人民共和国的一切权力属于人民。</p><p>人民行使国家权力的机关是全国人民代表大会和地方各级人民代表大会。</p>\
            <p>人民依照法律规定，通过各种途径和形式，管理国家事务，管理经济和文化事业，管理社会事务。</p></blockquote>
            """))
        #expect(key.contains("id=\"item-1\" data-question-id=\"XF-0002\""))
    }

    @Test("bank text is escaped everywhere: a planted script prints literally")
    func escaping() throws {
        let planted = "<script>alert(1)</script> & \"x\""
        let bank = TestSupport.bank(question: """
            1. 题干\(planted)（  ）。 {#X-1 条文=第二条}
            A. 选项\(planted)
            B. 乙
            答案：A
            解析：解析\(planted)
            """)
        let plan = try AssemblyFixture.plan(bank: bank, blueprint: """
            title: 测试卷<b>
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
        let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"
        let html = PaperHTML.document(paper), key = KeyHTML.document(paper, catalog: TestSupport.catalog)
        let sheet = AnswerSheetHTML.document(paper)
        #expect(html.contains("题干\(escaped)（　　）。") && html.contains("选项\(escaped)</div>"))
        #expect(key.contains("解析\(escaped)"))
        #expect(html.contains("测试卷&lt;b&gt;") && sheet.contains("测试卷&lt;b&gt;"))
        for page in [html, key, sheet] {
            #expect(!page.lowercased().contains("<script"))
            #expect(!page.contains("测试卷<b>"))
        }
    }

    @Test("bold, emphasis, line breaks and blanks; all else literal")
    func inlineMarkdown() {
        #expect(HTMLText.inline("**重要** 与 *强调*\n下一行") == "<strong>重要</strong> 与 <em>强调</em><br>下一行")
        #expect(HTMLText.inline("预备党员必须面向____进行宣誓") == "预备党员必须面向<span class=\"blank\"></span>进行宣誓")
        #expect(HTMLText.inline("应当（  ）。", emptyParentheses: .blank) == "应当<span class=\"blank\"></span>。")
        #expect(HTMLText.inline("应当是( )。", emptyParentheses: .answerSpace) == "应当是（　　）。")
        #expect(HTMLText.inline("（见附件）", emptyParentheses: .blank) == "（见附件）")
        #expect(HTMLText.inline("应当（  ）。") == "应当（  ）。")
        #expect(HTMLText.inline("3*4 与 a_b，# 标题 [链接](x)") == "3*4 与 a_b，# 标题 [链接](x)")
        #expect(HTMLText.inline("**<i>**") == "<strong>&lt;i&gt;</strong>")
    }

    @Test("options go four, two or one to a line by the width of the longest", arguments: [
        (["甲", "乙", "丙", "丁"], 4),
        (["八个汉字八个汉字", "乙"], 4),
        (["九个汉字九个汉字九", "乙"], 2),
        (["Administrative law", "B"], 2),
        (["二十个汉字二十个汉字二十个汉字二十个汉字", "乙"], 2),
        (["二十一个汉字二十一个汉字二十一个汉字二十一", "乙"], 1),
    ])
    func optionLayout(options: [String], perLine: Int) {
        #expect(PaperHTML.optionsPerLine(options) == perLine)
    }

    @Test("the roster's examinee is filled into the header fields")
    func examineeFields() throws {
        let (_, plan, digest) = try PaperContractTests.plans()[2]
        var paper = try PaperAssembler(plan: plan, seed: "roster", bankDigest: digest).paper(for: .examinee("2026001")).get()
        paper.examinee = Examinee(id: "2026001", name: "张三", unit: "城关镇人民政府")
        let html = PaperHTML.document(paper), sheet = AnswerSheetHTML.document(paper)
        for (label, value) in [("单位", "城关镇人民政府"), ("姓名", "张三"), ("编号", "2026001")] {
            let field = "<span class=\"field\">\(label)：<span class=\"fill\">\(value)</span></span>"
            #expect(html.contains(field) && sheet.contains(field))
        }
        #expect(html.contains("（考生 2026001）</h1>"))
    }
}
