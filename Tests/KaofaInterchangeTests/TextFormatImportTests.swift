import Foundation
import KaofaCore
import Testing
@testable import KaofaInterchange

/// `kaofa import --from gift` and `--from aiken`: realistic Chinese law questions, typed with the full-width markers a
/// Chinese keyboard gives, become the expected questions; what cannot be imported is reported at its line.
@Suite("import GIFT and Aiken")
struct TextFormatImportTests {
    static func fixture(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: Support.fixture(name))) }

    static func gift(_ text: String, options: ImportOptions = ImportOptions()) throws -> ImportReport {
        try GIFTImporter.run(Array(text.utf8), sourcePath: "题库.gift", outputPath: "导入/导入.md", options: options,
                             existingBanks: [], catalog: Support.catalog).get()
    }

    static func aiken(_ text: String, options: ImportOptions = ImportOptions()) throws -> ImportReport {
        try AikenImporter.run(Array(text.utf8), sourcePath: "题库.aiken", outputPath: "导入/导入.md", options: options,
                              existingBanks: [], catalog: Support.catalog).get()
    }

    /// The written bank, compiled.
    static func compiled(_ report: ImportReport) -> [Question] {
        BankCompiler.compile(raw: [("导入/导入.md", Array((report.bankText ?? "").utf8))], catalog: Support.catalog, keepSyntax: false).0.questions
    }

    @Test("the GIFT fixture: every kind of question, full-width markers, escapes, feedback and unsupported types")
    func giftFixture() throws {
        let report = try GIFTImporter.run(try Self.fixture("宪法.gift"), sourcePath: "宪法.gift", outputPath: "导入/导入.md",
                                          options: ImportOptions(), existingBanks: [], catalog: Support.catalog).get()
        #expect(Support.lines(report.fileNotes) == [
            "W0809 2:1 第 2 行的类别“宪法”用作其下 8 道题的法律（这些题没有写法律）",
            "W0808 13:1 第 13 行的题的题目名称（如“全国人大的职权”）没有导入",
        ])
        #expect(Support.lines(report.diagnostics) == [
            "W0808 7:1 第 5 行的题：选项 B 的反馈没有导入（题库中只有整道题的解析）",
            "W0808 23:1 第 23 行的题：判断题的答对、答错反馈（# 之后的内容）没有导入",
            "W0808 25:1 第 25 行的题：答案“五”得 50% 的分，kaofa 的填空题只认完全正确的答案，它没有导入",
            "E0807 33:1 第 33 行的题：{#…} 是数字题，kaofa 没有对应的题型，这道题没有导入",
            "E0807 36:1 第 35 行的题：答案中有 ->，这是配对题，kaofa 没有对应的题型，这道题没有导入",
            "E0814 40:1 第 40 行的 { 没有对应的 }，这道题没有导入",
            "W0811 42:1 第 42 行“这是一段说明文字，没有答案。”没有答案（{…}），不是题目，没有导入",
        ])
        #expect(report.rows.map(\.number) == [5, 13, 21, 23, 25, 27, 29, 31, 33, 35, 40])
        #expect(report.droppedRows == [33, 35, 40])
        let questions = Self.compiled(report)
        #expect(questions.map { $0.id ?? "" } == ["XF-1001", "XF-1006", "Q-0004", "Q-0001", "XF-1003", "XF-1004", "Q-0002", "Q-0003"])
        #expect(questions.map(\.type) == [.single, .single, .single, .multiple, .trueFalse, .trueFalse, .fillBlank, .shortAnswer])
        #expect(questions[0].answer == .choice(["A"]))
        #expect(questions[0].options.map(\.text) == ["人民", "中国共产党", "全国人民代表大会", "国务院"])
        #expect(questions[0].explanation == "《宪法》第二条第一款规定：“中华人民共和国的一切权力属于人民。”")
        #expect(questions[0].articles == [ArticleCitation(article: 2)] && questions[0].difficulty == .easy)
        // Full-width ｛＝ ～｝ and an answer in the middle of the sentence, which leaves a blank there.
        #expect(questions[1].stem == "国家机构实行（  ）的原则。")
        #expect(questions[1].options.map(\.text) == ["民主集中制", "三权分立", "联邦制"])
        // [html]
        #expect(questions[2].stem == "下列说法中，**正确**的是（  ）。")
        #expect(questions[3].answer == .choice(["A", "B", "D"]))
        #expect(questions[4].answer == .trueFalse(true) && questions[4].stem == "宪法是国家的根本法，具有最高的法律效力。")
        #expect(questions[5].answer == .trueFalse(false) && questions[5].explanation == "人民主权原则")
        #expect(questions[6].stem == "全国人民代表大会每届任期____。" && questions[6].answer == .blanks([["五年", "5年"]]))
        #expect(questions.allSatisfy { $0.law == "宪法" })
        // The essay has no reference answer: check says so, and the report names it for the teacher.
        #expect(Support.lines(report.bankDiagnostics) == ["E0201 49:1 第 1 题缺少参考答案"])
        #expect(report.rowsNeedingAttention == [29])
    }

    @Test("GIFT answers", arguments: [
        ("宪法是根本法。{T}", QuestionType.trueFalse, Answer.trueFalse(true), "宪法是根本法。"),
        ("宪法可以随意修改。{FALSE}", .trueFalse, .trueFalse(false), "宪法可以随意修改。"),
        ("宪法是根本法。｛对｝", .trueFalse, .trueFalse(true), "宪法是根本法。"),
        ("::Q1::一切权力属于（{=人民 ~政党}）。", .single, .choice(["A"]), "一切权力属于（  ）。"),
        ("下列正确的有（  ）。{~%50%甲 ~%50%乙 ~%-100%丙}", .multiple, .choice(["A", "B"]), "下列正确的有（  ）。"),
        ("只有一个对的（  ）。{~%100%甲 ~%0%乙}", .indefinite, .choice(["A"]), "只有一个对的（  ）。"),
        ("任期{=五年 =5年}。", .fillBlank, .blanks([["五年", "5年"]]), "任期____。"),
        ("转义：\\{a\\} \\= \\~ \\# \\: 都是字符{=x\\~y}", .fillBlank, .blanks([["x~y"]]), "转义：{a} = ~ # : 都是字符____"),
        ("简述宪法的地位。{}", .shortAnswer, .missing, "简述宪法的地位。"),
        ("[markdown]**加粗**的题干{T}", .trueFalse, .trueFalse(true), "**加粗**的题干"),
    ])
    func giftAnswers(text: String, type: QuestionType, answer: Answer, stem: String) throws {
        let questions = Self.compiled(try Self.gift(text + "\n"))
        #expect(questions.count == 1)
        #expect(questions.first?.type == type)
        #expect(questions.first?.answer == answer)
        #expect(questions.first?.stem == stem)
    }

    @Test("GIFT: a title that is a valid id is the id; [id:] and [tag:] comments give id and tags; a category names the topic")
    func giftIDsAndTags() throws {
        let report = try Self.gift("""
            $CATEGORY: $course$/top/国家机构

            // [id:XF-2001] [tag:中华人民共和国宪法] [tag:重点]
            ::第一题::全国人大是最高国家权力机关。{T}

            ::XF-2002::国务院是最高国家行政机关。{T}

            ::XF 2003::全国人大常委会是全国人大的常设机关。{T}
            """)
        #expect(Self.compiled(report).map { $0.id ?? "" } == ["XF-2001", "XF-2002", "Q-0001"])
        #expect(Self.compiled(report).map { $0.topic ?? "" } == ["国家机构", "国家机构", "国家机构"])
        #expect(Self.compiled(report)[0].tags == ["重点"] && Self.compiled(report)[0].law == "宪法")
        #expect(Support.lines(report.fileNotes) == [
            "W0809 1:1 第 1 行的类别“国家机构”用作其下 3 道题的知识点（这些题没有写知识点）",
            "W0808 4:1 2 道题（第 4、8 行）的题目名称（如“第一题”）没有导入",
        ])
        #expect(Support.lines(report.diagnostics) == [])
    }

    @Test("the Aiken fixture: half- and full-width markers, 答案：, several letters as 多选, no answer line, an answer that is an option's text")
    func aikenFixture() throws {
        let report = try AikenImporter.run(try Self.fixture("宪法.aiken"), sourcePath: "宪法.aiken", outputPath: "导入/导入.md",
                                           options: ImportOptions(law: "宪法"), existingBanks: [], catalog: Support.catalog).get()
        #expect(Support.lines(report.diagnostics) == [
            "W0809 15:1 第 15 行的题：题目前面的题号“3”已去掉（kaofa 自己编排题号）",
            "W0809 26:1 第 21 行的题：答案有 3 个字母（Aiken 格式每题只有一个答案），按多项选择题导入",
            "E0814 28:1 第 28 行的题没有答案行（ANSWER: 字母），没有导入",
            "W0809 36:1 第 33 行的题：答案“正确”是选项 A 的内容，已写成 A",
        ])
        #expect(report.droppedRows == [28])
        let questions = Self.compiled(report)
        #expect(questions.map(\.type) == [.single, .single, .single, .single, .multiple])
        #expect(questions.map(\.answer) == [.choice(["A"]), .choice(["C"]), .choice(["A"]), .choice(["A"]), .choice(["A", "B", "D"])])
        #expect(questions[2].stem == "根据宪法，国家实行（  ）。")
        #expect(questions[2].options.map(\.text) == ["依法治国", "以德治国", "人治"])
        #expect(questions[1].options.map(\.text) == ["国务院", "最高人民法院", "全国人民代表大会", "中央军事委员会"])
        #expect(Support.lines(report.bankDiagnostics) == [])
    }

    @Test("Aiken: a multi-line stem, an answer with nothing before it, an answer that is no letter")
    func aikenMistakes() throws {
        let report = try Self.aiken("""
            阅读下列条文：
            “中华人民共和国公民有劳动的权利和义务。”
            该条文规定的是（  ）。
            A. 劳动权
            B. 休息权
            ANSWER: A
            ANSWER: B

            宪法是根本法吗？
            A. 是
            B. 不是
            ANSWER: 也许
            """)
        #expect(Support.lines(report.diagnostics) == [
            "E0814 7:1 第 7 行的答案“ANSWER: B”前面没有题目，没有导入",
            "E0814 12:1 第 9 行的题：答案“也许”不是选项字母，这道题没有导入",
        ])
        #expect(Self.compiled(report).first?.stem == "阅读下列条文：\n“中华人民共和国公民有劳动的权利和义务。”\n该条文规定的是（  ）。")
    }

    @Test("files that are not text are refused with E0801", arguments: ["gift", "aiken"])
    func binary(format: String) {
        let bytes: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00]
        let result = format == "gift"
            ? GIFTImporter.run(bytes, sourcePath: "题库.\(format)", outputPath: "x.md", options: ImportOptions(), existingBanks: [], catalog: Support.catalog)
            : AikenImporter.run(bytes, sourcePath: "题库.\(format)", outputPath: "x.md", options: ImportOptions(), existingBanks: [], catalog: Support.catalog)
        guard case let .failure(diagnostic) = result else { Issue.record("read a binary file"); return }
        #expect(diagnostic.code == .unreadableImportFile)
        #expect(diagnostic.message == "这不是文本文件（第 1 行含有 NUL 字节），无法作为 \(format == "gift" ? "GIFT" : "Aiken") 文本读取")
    }
}
