import Testing
@testable import KaofaCore

@Suite("Sample banks")
struct SampleBankTests {
    static let bank = BankCompiler.compile(raw: TestSupport.sampleBankFiles(), catalog: TestSupport.catalog).0

    @Test("compile without a single diagnostic")
    func clean() {
        #expect(Self.bank.diagnostics.isEmpty, "\(Self.bank.diagnostics.prefix(5))")
    }

    @Test("at least 240 questions in at least five files, every type, audience and difficulty")
    func coverage() {
        let questions = Self.bank.questions
        #expect(questions.count >= 240)
        #expect(Set(questions.map(\.source.file)).count >= 5)
        #expect(Set(questions.map(\.type)) == Set(QuestionType.allCases))
        #expect(Set(questions.flatMap(\.audience)) == Set(Audience.allCases))
        #expect(Set(questions.compactMap(\.difficulty)) == Set(Difficulty.allCases))
    }

    @Test("every question has an id, a law, an article, a difficulty, an audience and an explanation")
    func complete() {
        for q in Self.bank.questions {
            #expect(q.id != nil)
            #expect(q.law != nil, "\(q.id ?? "?")")
            #expect(!q.articles.isEmpty || q.type == .caseAnalysis, "\(q.id ?? "?") has no 条文")
            #expect(q.difficulty != nil, "\(q.id ?? "?")")
            #expect(!q.audience.isEmpty, "\(q.id ?? "?")")
            #expect(q.explanation != nil || q.type == .caseAnalysis, "\(q.id ?? "?") has no 解析")
        }
    }

    @Test("rich enough for audience blueprints: tens of questions per core law and objective type")
    func richness() {
        func count(_ law: String, _ type: QuestionType) -> Int {
            Self.bank.questions.filter { $0.law == law && $0.type == type }.count
        }
        for law in ["宪法", "民法典", "行政处罚法", "乡村振兴促进法"] {
            #expect(count(law, .single) >= 10, "\(law) 单选")
            #expect(count(law, .trueFalse) + count(law, .multiple) >= 10, "\(law) 多选/判断")
        }
        #expect(Set(Self.bank.questions.compactMap(\.law)).contains { TestSupport.catalog.law(id: $0)?.category == "地方性法规" })
        #expect(Set(Self.bank.questions.compactMap(\.law)).contains { TestSupport.catalog.law(id: $0)?.category == "党内法规" })
    }
}
