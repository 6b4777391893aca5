import Testing
@testable import KaofaCore

/// Item statistics brought back to the bank: warnings at the questions, and 难度 proposals as a patch.
@Suite("Calibration")
struct CalibrationTests {
    static let bank = """
        ---
        law: 宪法
        difficulty: 中
        ---

        ## 单项选择题

        1. 中华人民共和国的一切权力属于（  ）。 {#XF-0001 难度=难  条文=第二条}
        A. 人民
        B. 中国共产党
        答案：A

        2. 人民行使国家权力的机关是（  ）。 {#XF-0002}
        A. 全国人民代表大会和地方各级人民代表大会
        B. 国务院和地方各级人民政府
        答案：A

        """

    static let statistics = """
        {"schema":"kaofa.analysis/1","examinees":40,"reliability":{"kr20":null,"alpha":null},"items":[
        {"questionId":"XF-0001","type":"single","presented":40,"answered":40,"difficulty":0.9,"discrimination":0.2,"pointBiserial":0.3,"options":[],"flags":[]},
        {"questionId":"XF-0002","type":"single","presented":40,"answered":40,"difficulty":0.1,"discrimination":-0.4,"pointBiserial":-0.3,"options":[],"flags":["negative-discrimination","too-hard"]},
        {"questionId":"XF-9999","type":"single","presented":5,"answered":5,"difficulty":0.5,"discrimination":null,"pointBiserial":null,"options":[],"flags":[]}
        ],"flagged":[]}
        """

    @Test("warnings at the flagged questions' ids; a 难度 patch for the others, attribute blocks otherwise untouched")
    func calibrate() throws {
        let (bank, _) = BankCompiler.compile(raw: [(path: "宪法.md", bytes: Array(Self.bank.utf8))], catalog: TestSupport.catalog, keepSyntax: false)
        #expect(!bank.diagnostics.hasErrors)
        let statistics = try ItemStatistics.read(Array(Self.statistics.utf8), path: "分析.json").get()
        let warnings = statistics.warnings(for: bank.questions)
        #expect(warnings.map(\.code) == [.itemStatistics])
        #expect(warnings.first?.range.start.line == 13)
        #expect(warnings.first?.message == "考试数据（40 人次）：通过率 10%，区分度 −0.40；区分度为负：成绩好的考生反而更常答错，多半是答案错误或题干有歧义；答对的考生很少（通过率低于 20%），请核对答案和题干")

        // XF-0001 (p 0.9) becomes 易; XF-0002 is left alone while its key is in doubt.
        let proposals = DifficultyCalibration.proposals(statistics, questions: bank.questions)
        #expect(proposals.map(\.questionID) == ["XF-0001"] && proposals[0].current == .hard && proposals[0].proposed == .easy)
        let patch = DifficultyCalibration.patch(proposals, sources: ["宪法.md": Self.bank])
        #expect(patch == """
            --- a/宪法.md
            +++ b/宪法.md
            @@ -5,7 +5,7 @@
             
             ## 单项选择题
             
            -1. 中华人民共和国的一切权力属于（  ）。 {#XF-0001 难度=难  条文=第二条}
            +1. 中华人民共和国的一切权力属于（  ）。 {#XF-0001 难度=易  条文=第二条}
             A. 人民
             B. 中国共产党
             答案：A

            """)
        #expect(DifficultyCalibration.retagged("2. 题 {#XF-0002}", id: "XF-0002", difficulty: .medium) == "2. 题 {#XF-0002 难度=中}")
        #expect(DifficultyCalibration.retagged("2. 题", id: "XF-0002", difficulty: .medium) == nil)
    }

    @Test("a file that is not an analysis is refused with E0915")
    func refused() {
        guard case let .failure(diagnostic) = ItemStatistics.read(Array(#"{"schema":"kaofa.paper/1"}"#.utf8), path: "x.json") else {
            Issue.record("read")
            return
        }
        #expect(diagnostic.code == .invalidItemStatistics)
    }
}
