import Foundation
import KaofaCore
import Testing
@testable import KaofaInterchange

@Suite("Reading imported values")
struct ImportValueTests {
    @Test("headers of kaofa's template and of exam platforms", arguments: [
        ("编号", ImportColumn.id), ("题目编号", .id), ("序号", .sequence), ("题型", .type), ("题目类型", .type), ("题型（必填）", .type),
        (" 题 干 ", .stem), ("题目", .stem), ("*题干", .stem), ("试题内容", .stem), ("选项A", .option(0)), ("A", .option(0)),
        ("Ａ", .option(0)), ("选项 B", .option(1)), ("B选项", .option(1)), ("选项ｃ", .option(2)), ("选项H", .option(7)),
        ("选项I", .option(8)), ("正确答案", .answer), ("答案", .answer), ("答案解析", .explanation), ("难易度", .difficulty),
        ("难度(1-3)", .difficulty), ("法律法规", .law), ("条文", .article), ("知识点", .topic), ("适用对象", .audience),
        ("分值", .points), ("标签", .tags),
    ] as [(String, ImportColumn)])
    func headers(_ header: String, _ column: ImportColumn) {
        #expect(ImportColumn.named(header) == column)
    }

    @Test("not headers kaofa knows")
    func unknownHeaders() {
        for header in ["备注", "选项AB", "", "章节", "题干2", "所属课程"] { #expect(ImportColumn.named(header) == nil, "\(header)") }
    }

    @Test("type names", arguments: [
        ("单选题", ImportValues.TypeName.type(.single)), ("单选", .type(.single)), ("单项选择题", .type(.single)), ("单选题（A型）", .type(.single)),
        ("多选题", .type(.multiple)), ("多项选择", .type(.multiple)), ("不定项", .type(.indefinite)), ("判断题", .type(.trueFalse)),
        ("是非题", .type(.trueFalse)), ("填空题", .type(.fillBlank)), ("简答题", .type(.shortAnswer)), ("问答题", .type(.shortAnswer)),
        ("名词解释", .type(.shortAnswer)), ("一、单项选择题", .type(.single)), ("案例分析题", .notInTables(.caseAnalysis)),
        ("连线题", .unknown), ("排序题", .unknown), ("阅读理解", .unknown),
    ] as [(String, ImportValues.TypeName)])
    func typeNames(_ text: String, _ expected: ImportValues.TypeName) {
        #expect(ImportValues.typeName(text) == expected)
    }

    @Test("choice answers", arguments: [
        ("B", [1]), ("ABD", [0, 1, 3]), ("A,B", [0, 1]), ("A、B", [0, 1]), ("Ａ", [0]), ("ａｃ", [0, 2]), ("d b", [1, 3]),
        ("A；C", [0, 2]), ("BA", [0, 1]), ("AAB", [0, 1]),
    ] as [(String, [Int])])
    func choiceAnswers(_ text: String, _ expected: [Int]) {
        #expect(ImportValues.choiceLetters(text) == expected)
    }

    @Test("not choice answers")
    func notChoiceAnswers() {
        for text in ["", "正确", "A1", "全国人民代表大会", "A.", " "] { #expect(ImportValues.choiceLetters(text) == nil, "\(text)") }
    }

    @Test("true/false answers", arguments: [
        ("正确", true), ("对", true), ("√", true), ("T", true), ("true", true), ("TRUE", true), ("是", true), ("对。", true),
        ("错误", false), ("错", false), ("×", false), ("F", false), ("False", false), ("否", false), ("Ｆ", false),
    ])
    func truthValues(_ text: String, _ value: Bool) {
        #expect(ImportValues.truthValue(text) == value)
    }

    @Test("difficulty words and numbers")
    func difficulty() {
        let threePoint = ["易": Difficulty.easy, "简单": .easy, "中等": .medium, "一般": .medium, "困难": .hard, "难": .hard, "1": .easy, "2": .medium, "3": .hard, "３": .hard]
        for (text, level) in threePoint.sorted(by: { $0.key < $1.key }) { #expect(ImportValues.difficulty(text, fivePointScale: false) == level, "\(text)") }
        let fivePoint = ["1": Difficulty.easy, "2": .easy, "3": .medium, "4": .hard, "5": .hard, "中等": .medium]
        for (text, level) in fivePoint.sorted(by: { $0.key < $1.key }) { #expect(ImportValues.difficulty(text, fivePointScale: true) == level, "\(text)") }
        #expect(ImportValues.difficulty("很难", fivePointScale: false) == nil)
        #expect(ImportValues.isFivePointScale(["1", "3", "5"]) && !ImportValues.isFivePointScale(["1", "2", "3", "易"]))
    }

    @Test("a five-point difficulty column; a difficulty kaofa does not know is written for check to report")
    func difficultyColumn() {
        let report = Support.importCells([["题型", "题干", "答案", "难度"],
                                          ["判断题", "宪法是国家的根本法。", "对", "2"],
                                          ["判断题", "全国人大是最高国家权力机关。", "对", "5"],
                                          ["判断题", "国务院是最高国家行政机关。", "对", "很难"]], options: ImportOptions(law: "宪法"))
        #expect(report.bankText?.contains("宪法是国家的根本法。 {#Q-0001 难度=易}") == true)
        #expect(report.bankText?.contains("全国人大是最高国家权力机关。 {#Q-0002 难度=难}") == true)
        #expect(report.bankText?.contains("国务院是最高国家行政机关。 {#Q-0003 难度=很难}") == true)
        #expect(report.bankDiagnostics.map(\.code) == [.unknownDifficulty])
        #expect(report.rowsNeedingAttention == [4])
    }

    @Test("判断题 given as options 正确/错误 with a letter answer: the letter becomes the truth value, nothing is reported")
    func trueFalseOptions() {
        let report = Support.importCells([["题型", "题干", "选项A", "选项B", "答案"],
                                          ["判断题", "宪法是国家的根本法。", "正确", "错误", "A"],
                                          ["判断题", "宪法可以随意修改。", "对", "错", "B"],
                                          ["判断题", "宪法由国务院制定。", "正确", "错误", "不确定"]], options: ImportOptions(law: "宪法"))
        #expect(report.bankText?.contains("1. 宪法是国家的根本法。 {#Q-0001}\n答案：正确\n") == true)
        #expect(report.bankText?.contains("2. 宪法可以随意修改。 {#Q-0002}\n答案：错误\n") == true)
        #expect(report.diagnostics.isEmpty)
        // An answer that is no truth value is written as it is: check reports it.
        #expect(report.bankDiagnostics.map(\.code) == [.invalidTrueFalseAnswer])
    }

    @Test("a value that cannot go into an attribute block is dropped and reported; lists are normalised")
    func attributes() {
        let report = Support.importCells([["题型", "题干", "答案", "知识点", "对象", "标签"],
                                          ["判断题", "宪法是国家的根本法。", "对", "集合{1,2}", "领导干部 村两委", "重点；2024"],
                                          ["判断题", "全国人大是最高国家权力机关。", "对", "人大 制度", "全部", ""]], options: ImportOptions(law: "宪法"))
        #expect(report.bankText?.contains("宪法是国家的根本法。 {#Q-0001 对象=领导干部,村两委 标签=重点,2024}") == true)
        #expect(report.bankText?.contains("全国人大是最高国家权力机关。 {#Q-0002 知识点=\"人大 制度\" 对象=全部}") == true)
        #expect(Support.lines(report.diagnostics) == ["W0808 2:4 第 2 行：“知识点”“集合{1,2}”含有大括号或英文引号，无法写进题目的属性块，没有导入"])
        #expect(report.bankDiagnostics.isEmpty)
    }

    @Test("row lists in messages are shortened to runs")
    func rowLists() {
        #expect(RowList.describe([2, 3, 4, 7]) == "第 2–4、7 行")
        #expect(RowList.describe(Array(2...501)) == "第 2–501 行")
        #expect(RowList.describe([2, 4, 6], limit: 2) == "第 2、4 等 行")
    }

    @Test("the bank language's own rules decide which continuation lines would start something else", arguments: [
        ("1. 第一点", true), ("（2）第二点", true), ("(3)第三点", true), ("A. 甲", true), ("Ｂ、乙", true), ("（C）丙", true),
        ("答案：A", true), ("【解析】见", true), ("解析:见", true), ("参考答案：", true), ("材料：", true), ("# 标题", true),
        ("## 二、单选题", true), ("<!-- 注释 -->", true), ("3.5万元", false), ("#2 标注", false), ("甲：乙", false),
        ("A5纸", false), ("答：是", false), ("一、总则", false), ("", false),
    ])
    func structuralLines(_ line: String, _ starts: Bool) {
        #expect(BankTextRules.startsNewElement(line) == starts)
    }
}
