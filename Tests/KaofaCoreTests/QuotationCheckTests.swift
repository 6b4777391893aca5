import Testing
@testable import KaofaCore

/// W0410: quotations of a law in explanations are checked against the law's text.
@Suite("Quotations of the law")
struct QuotationCheckTests {
    static func warnings(_ explanation: String, law: String = "民法典", article: String = "第十四条") -> [Diagnostic] {
        let bank = TestSupport.compile("---\nlaw: \(law)\n---\n\n## 判断题\n\n1. 题干。 {#T-0001 条文=\(article)}\n答案：正确\n解析：\(explanation)\n")
        return bank.diagnostics.filter { $0.code == .misquotedLaw }
    }

    @Test("the law's words pass, however the quotation is abridged, spaced or punctuated")
    func exact() {
        #expect(Self.warnings("《中华人民共和国民法典》第十四条规定：“自然人的民事权利能力一律平等。”").isEmpty)
        // Spaces, half-width colon before the quotation, an abridged quotation.
        #expect(Self.warnings("第十四条规定: “自然人的 民事权利能力一律平等。”").isEmpty)
        #expect(Self.warnings("第十八条规定：“成年人为完全民事行为能力人……十六周岁以上的未成年人，以自己的劳动收入为主要生活来源的，视为完全民事行为能力人。”",
                              article: "第十八条").isEmpty)
        #expect(Self.warnings("第十八条规定：“成年人为完全民事行为能力人...视为完全民事行为能力人。”", article: "第十八条").isEmpty)
        // Another article of the same law, and another law named before the quotation.
        #expect(Self.warnings("第十八条第一款规定：“成年人为完全民事行为能力人，可以独立实施民事法律行为。”").isEmpty)
        #expect(Self.warnings("《宪法》第三十三条规定：“中华人民共和国公民在法律面前一律平等。”").isEmpty)
        // Quotation marks inside a quotation: ‘’ in the explanation, “” in the law.
        #expect(Self.warnings("第一千二百五十九条规定：“民法所称的‘以上’、‘以下’、‘以内’、‘届满’，包括本数；所称的‘不满’、‘超过’、‘以外’，不包括本数。”",
                              article: "第一千二百五十九条").isEmpty)
    }

    @Test("numbers written in digits quote the law's numerals: 18 is 十八, and a wrong number is still wrong")
    func numbers() {
        #expect(Self.warnings("第十八条规定：“16周岁以上的未成年人，以自己的劳动收入为主要生活来源的，视为完全民事行为能力人。”", article: "第十八条").isEmpty)
        #expect(Self.warnings("第一千二百五十九条规定：“民法所称的‘以上’、‘以下’、‘以内’、‘届满’，包括本数”", article: "第1259条").isEmpty)
        #expect(Self.warnings("《宪法》第三十四条规定：“中华人民共和国年满１８周岁的公民，不分民族、种族、性别”").isEmpty)
        #expect(Self.warnings("第十八条规定：“17周岁以上的未成年人，以自己的劳动收入为主要生活来源的，视为完全民事行为能力人。”", article: "第十八条").count == 1)
    }

    @Test("words that are not the law's are reported at the quotation, with the article to look up")
    func misquoted() throws {
        let found = Self.warnings("《中华人民共和国宪法》第三十三条规定：“中华人民共和国公民在法律面前人人平等。”")
        let warning = try #require(found.first)
        #expect(found.count == 1)
        #expect(warning.message == "引用的文字在《中华人民共和国宪法》中找不到：“中华人民共和国公民在法律面前人人平等”")
        #expect(warning.range.start.line == 9 && warning.range.start.column == 23 && warning.range.end.column == 44)
        #expect(warning.notes.first?.message.contains("kaofa law 宪法 第三十三条") == true)
        // One wrong piece of an abridged quotation is enough; a long piece is shown shortened.
        let abridged = Self.warnings("第十八条规定：“成年人为完全民事行为能力人……十六周岁以上的未成年人，以自己的工资收入为主要生活来源的，视为完全民事行为能力人。”",
                                     article: "第十八条")
        #expect(abridged.map(\.message) == ["引用的文字在《中华人民共和国民法典》中找不到：“十六周岁以上的未成年人，以自己的工资收入为主要生……”"])
    }

    @Test("a question that cites no article is checked against the whole law, before and after others")
    func noArticles() {
        // Found by the import tests: the texts of no articles were kept under the whole law's key, so that a later
        // quotation checked against the whole law found nothing.
        let explanation = "《宪法》第二条第一款规定：“中华人民共和国的一切权力属于人民。”"
        let bank = TestSupport.compile("---\nlaw: 宪法\n---\n\n## 判断题\n\n1. 题干。 {#T-0001}\n答案：正确\n解析：\(explanation)\n\n"
                                       + "2. 题干二。 {#T-0002}\n答案：正确\n解析：\(explanation)\n")
        #expect(!bank.diagnostics.contains { $0.code == .misquotedLaw }, "\(bank.diagnostics.map(\.message))")
    }

    @Test("the law's words under another article's number are reported with the article they are in")
    func wrongArticle() throws {
        let found = Self.warnings("《中华人民共和国宪法》第三十四条规定：“中华人民共和国公民在法律面前一律平等。”", law: "宪法", article: "第三十三条")
        let warning = try #require(found.first)
        #expect(found.count == 1)
        #expect(warning.message == "引文不在《中华人民共和国宪法》第三十四条中，在第三十三条")
        #expect(warning.notes.first?.message.contains("kaofa law 宪法 第三十三条") == true)
        // Any of the articles named before the quotation will do, paragraphs aside; with none named, the law does.
        #expect(Self.warnings("宪法第一条、第二条规定：“中华人民共和国的一切权力属于人民。”", law: "宪法", article: "第二条").isEmpty)
        #expect(Self.warnings("第二条第一款规定：“中华人民共和国的一切权力属于人民。”", law: "宪法", article: "第二条").isEmpty)
        #expect(Self.warnings("宪法规定：“中华人民共和国的一切权力属于人民。”", law: "宪法", article: "第二条").isEmpty)
        // The articles named count from the law's name, the last quotation or the last sentence on.
        #expect(Self.warnings("第三十四条另有规定。第二条规定：“中华人民共和国的一切权力属于人民。”", law: "宪法", article: "第二条").isEmpty)
        #expect(QuotationCheck.articlesNamed(ArraySlice("《民法典》第九条、第10条第二款规定：".unicodeScalars)) == [9, 10])
    }

    @Test("only quotations of a provision are checked, and only pieces long enough to tell")
    func scope() {
        // Not after 规定: a term in quotation marks, or a quotation of someone else.
        #expect(Self.warnings("这里的“自然人的权利能力人人平等”是题干的说法。").isEmpty)
        // Too short to tell.
        #expect(Self.warnings("第十四条规定：“一律平等”。").isEmpty)
        // A law kaofa has no text of (党章) is not checked.
        #expect(Self.warnings("《中国共产党章程》第一条规定：“年满十六岁的中国工人、农民……”", law: "党章", article: "第一条").isEmpty)
    }
}
