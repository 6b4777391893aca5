import Testing
@testable import KaofaCore

@Suite("Chinese numerals and article citations")
struct NumbersAndCitationsTests {
    @Test(arguments: [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("一百零五", 105), ("一百一十", 110),
                      ("一千二百六十", 1260), ("二百", 200), ("1260", 1260), ("１２", 12), ("一千零一", 1001)])
    func parse(text: String, value: Int) {
        #expect(ChineseNumber.parse(text) == value)
    }

    @Test(arguments: [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (105, "一百零五"), (110, "一百一十"),
                      (1260, "一千二百六十"), (1001, "一千零一"), (143, "一百四十三")])
    func format(value: Int, text: String) {
        #expect(ChineseNumber.format(value) == text)
        #expect(ChineseNumber.parse(text) == value)
    }

    @Test("format and parse agree for every article number up to 2000")
    func roundTrip() {
        for n in 1...2000 { #expect(ChineseNumber.parse(ChineseNumber.format(n)) == n) }
    }

    @Test(arguments: [
        ("第二条", [ArticleCitation(article: 2)]),
        ("第2条", [ArticleCitation(article: 2)]),
        ("第一千二百六十条", [ArticleCitation(article: 1260)]),
        ("第二条第一款", [ArticleCitation(article: 2, paragraph: 1)]),
        ("第六十二条第（四）项", [ArticleCitation(article: 62, item: 4)]),
        ("第三条第二款第一项", [ArticleCitation(article: 3, paragraph: 2, item: 1)]),
        ("第九条至第十一条", [ArticleCitation(article: 9), ArticleCitation(article: 10), ArticleCitation(article: 11)]),
        ("序言", [ArticleCitation(article: 0)]),
    ])
    func citations(text: String, expected: [ArticleCitation]) {
        #expect(ArticleCitationParser.parse(text) == expected)
    }

    @Test(arguments: ["第条", "二条款", "第二", "abc", "第零条"])
    func invalidCitations(text: String) {
        #expect(ArticleCitationParser.parse(text) == nil)
    }

    @Test("article citations are checked against the law's text", arguments: [
        ("第一百四十三条", true), ("第一百四十四条", false), ("第二条第三款", true), ("第二条第四款", false),
        ("第六十二条第（十六）项", true), ("第六十二条第（十七）项", false), ("序言", true),
    ])
    func againstText(citation: String, valid: Bool) {
        let bank = TestSupport.compile(TestSupport.bank(section: "判断题", question: "1. 题干。 {#T-1 条文=\(citation)}\n答案：正确"))
        #expect(bank.diagnostics.contains { $0.code == .articleOutOfRange } == !valid, "\(bank.diagnostics)")
    }

    @Test("a law awaiting its current text is cited without a check of the number and without W0410, and W0411 says so where it is named", arguments: [
        "第四十五条", "第六条第三款", "第二条",
    ])
    func awaitingCurrentText(citation: String) throws {
        let question = "1. 村民委员会实行民主选举、民主协商、民主决策、民主管理、民主监督。 {#T-1 法律=村民委员会组织法 条文=\(citation)}\n答案：正确\n"
            + "解析：《中华人民共和国村民委员会组织法》第二条规定：“村民委员会是村民自我管理、自我服务、自我教育、自我监督的基层群众性自治组织。”"
        let bank = TestSupport.compile(TestSupport.bank(section: "判断题", question: question))
        #expect(bank.diagnostics.map(\.code) == [.lawTextPending], "\(bank.diagnostics)")
        let named = try #require(bank.diagnostics.first)
        #expect(named.severity == .warning && named.message.contains("2025-10-28 修改"))
        #expect(ArticleCitation.text(try #require(bank.questions.first).articles) == citation)
    }
}
