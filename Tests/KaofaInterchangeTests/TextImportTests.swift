import Foundation
import KaofaCore
import Testing
@testable import KaofaInterchange

@Suite("Importing text pasted from Word")
struct TextImportTests {
    static func importText(_ text: String, options: ImportOptions = ImportOptions(law: "宪法")) throws -> ImportReport {
        try TextImporter.run(Array(text.utf8), sourcePath: "题库.txt", outputPath: "Banks/导入.md", options: options,
                             existingBanks: [], catalog: Support.catalog).get()
    }

    /// A bank as teachers paste it: a title, full-width markers, options on one line, an answer in the stem's
    /// brackets, 【答案】 markers, a 判断题 marked （√）, a written answer over two lines, and a key at the end.
    static let wordBank = """
        2024年度领导干部学法考试题库（宪法部分）

        一、单项选择题（每题2分，共6分）
        1．中华人民共和国的一切权力属于（  ）。
        A．人民    B．中国共产党    C．全国人民代表大会    D．国务院
        答案：A
        解析：《宪法》第二条第一款规定：“中华人民共和国的一切权力属于人民。”
        2、全国人民代表大会常务委员会是（ C ）的常设机关。
        A、国务院
        B、最高人民法院
        C、全国人民代表大会
        D、中央军事委员会
        3. 国家的根本任务是（  ）。
        (A) 发展经济
        (B) 沿着中国特色社会主义道路，集中力量进行社会主义现代化建设
        (C) 维护稳定
        (D) 扩大开放

        二、多项选择题
        1. 根据宪法，下列属于全国人民代表大会职权的有（  ）。
        A. 修改宪法  B. 监督宪法的实施  C. 解释宪法  D. 选举中华人民共和国主席、副主席
        【答案】ABD
        【解析】解释宪法是全国人民代表大会常务委员会的职权。

        三、判断题
        1. 中华人民共和国实行依法治国，建设社会主义法治国家。（√）
        2. 宪法是国家的根本法，但不具有最高的法律效力。
        答案：错误

        四、简答题
        1. 简述我国宪法规定的国家根本任务。
        答案：沿着中国特色社会主义道路，
        集中力量进行社会主义现代化建设。

        参考答案
        一、单项选择题
        1-3 ACB

        """

    @Test("a Word bank: sections, every marker style, answers in brackets and in the key; the bank checks clean")
    func wordBank() throws {
        let report = try Self.importText(Self.wordBank)
        #expect(report.bankText == """
            ---
            law: 宪法
            ---

            <!-- 由 kaofa import 从 题库.txt 导入 -->

            ## 一、单项选择题

            1. 中华人民共和国的一切权力属于（  ）。 {#Q-0001}
            A. 人民
            B. 中国共产党
            C. 全国人民代表大会
            D. 国务院
            答案：A
            解析：《宪法》第二条第一款规定：“中华人民共和国的一切权力属于人民。”

            2. 全国人民代表大会常务委员会是（  ）的常设机关。 {#Q-0002}
            A. 国务院
            B. 最高人民法院
            C. 全国人民代表大会
            D. 中央军事委员会
            答案：C

            3. 国家的根本任务是（  ）。 {#Q-0003}
            A. 发展经济
            B. 沿着中国特色社会主义道路，集中力量进行社会主义现代化建设
            C. 维护稳定
            D. 扩大开放
            答案：B

            ## 二、多项选择题

            1. 根据宪法，下列属于全国人民代表大会职权的有（  ）。 {#Q-0004}
            A. 修改宪法
            B. 监督宪法的实施
            C. 解释宪法
            D. 选举中华人民共和国主席、副主席
            答案：ABD
            解析：解释宪法是全国人民代表大会常务委员会的职权。

            ## 三、判断题

            1. 中华人民共和国实行依法治国，建设社会主义法治国家。 {#Q-0005}
            答案：正确

            2. 宪法是国家的根本法，但不具有最高的法律效力。 {#Q-0006}
            答案：错误

            ## 四、简答题

            1. 简述我国宪法规定的国家根本任务。 {#Q-0007}
            参考答案：沿着中国特色社会主义道路，
            集中力量进行社会主义现代化建设。

            """)
        #expect(Support.lines(report.diagnostics) == [
            "W0811 1:1 第 1 行“2024年度领导干部学法考试题库（宪法部…”不属于任何题目，没有导入",
            "W0809 8:1 第 8 行的题：答案“C”写在题干的括号中，已移到答案行",
            "W0809 26:1 第 26 行的题：答案“√”写在题干的括号中，已移到答案行",
        ])
        #expect(report.rows.map(\.number) == [4, 8, 13, 20, 26, 27, 31])
        #expect(report.bankDiagnostics.isEmpty && !report.hasErrors)
        let rendered = ImportReportText().render(report)
        #expect(rendered.hasPrefix("读取 题库.txt（文本，UTF-8 编码）\n题库.txt:1:1: warning[W0811]: "))
        #expect(rendered.contains("  8 | 2、全国人民代表大会常务委员会是（ C ）的常设机关。\n"), "the text's own line is shown")
        #expect(rendered.hasSuffix("""
            导入 7 道题（单项选择题 3，多项选择题 1，判断题 2，简答题 1），写出 Banks/导入.md；其中 7 道题的编号是新给的
            kaofa check Banks/导入.md：未发现问题

            """))
    }

    @Test("no headings: types follow from the answers, given in a key line after the questions")
    func typesFromAnswers() throws {
        let report = try Self.importText("""
            1、依照宪法，下列属于公民基本权利的有（ ）
            A、选举权 B、受教育的权利 C、劳动的权利 D、纳税
            2、宪法规定，中华人民共和国年满十八周岁的公民，都有选举权和被选举权。
            3、全国人民代表大会每届任期（ ）年。
            A、三 B、四 C、五 D、六
            4、国家机构实行（  ）原则。
            5、中华人民共和国的一切权力属于____。
            6、简述宪法的地位。
            答案：1.ABC 2.对 3.C 4.民主集中制 5.人民
            """)
        #expect(report.rows.map { row -> String in
            guard case let .imported(_, type) = row.outcome else { return "dropped" }
            return "\(row.number) \(type.shortName)"
        } == ["1 多选", "3 判断", "4 单选", "6 填空", "7 填空", "8 简答"])
        // 6 has no answer: kaofa check says so, at the question's row.
        #expect(report.bankDiagnostics.map { "\($0.code.rawValue) \(report.row(of: $0) ?? 0)" } == ["E0201 8"])
        #expect(report.diagnostics.isEmpty)
    }

    @Test("numbering restarted in each part: a key without part headings cannot say which question it means")
    func ambiguousKey() throws {
        let report = try Self.importText("""
            一、判断题
            1. 宪法是国家的根本法。
            二、单选题
            1. 国务院是（  ）。
            A. 最高国家行政机关 B. 最高国家权力机关
            参考答案
            1. 对
            """)
        #expect(Support.lines(report.diagnostics) == [
            "W0811 7:1 第 7 行：答案表中第 1 题对应不止一道题（各部分的题号重新编排时，答案表也要按部分写，并写上各部分的标题），这个答案没有使用",
        ])
        let keyed = try Self.importText("""
            一、判断题
            1. 宪法是国家的根本法。
            二、单选题
            1. 国务院是（  ）。
            A. 最高国家行政机关 B. 最高国家权力机关
            参考答案
            一、判断题
            1. 对
            二、单选题
            1. A
            """)
        #expect(keyed.diagnostics.isEmpty && keyed.bankDiagnostics.isEmpty)
        #expect(keyed.bankText?.contains("1. 宪法是国家的根本法。 {#Q-0001}\n答案：正确\n") == true)
        #expect(keyed.bankText?.contains("B. 最高国家权力机关\n答案：A\n") == true)
    }

    @Test("numbers inside an explanation, a line that continues an option, an answer in the key that differs")
    func continuations() throws {
        let report = try Self.importText("""
            1. 下列说法正确的是（  ）。
            A. 宪法是根本法
            具有最高法律效力
            B. 宪法可以随意修改
            答案：A
            解析：理由有二：
            1. 宪法规定了国家的根本制度；
            2. 宪法具有最高的法律效力。
            2. 宪法的修改由（  ）提议。
            A. 全国人大常委会或者五分之一以上的全国人大代表 B. 国务院
            答案：A
            答案：1-2 AB
            """)
        let text = try #require(report.bankText)
        #expect(text.contains("A. 宪法是根本法 具有最高法律效力\nB. 宪法可以随意修改\n答案：A\n"))
        // The explanation's numbered points would read as questions in the bank: they are joined to its first line.
        #expect(text.contains("答案：A\n解析：理由有二： 1. 宪法规定了国家的根本制度； 2. 宪法具有最高的法律效力。\n"))
        #expect(report.rows.count == 2)
        #expect(Support.lines(report.diagnostics).contains("W0809 3:1 第 3 行接在选项 A 之后，已并入这个选项"))
        #expect(Support.lines(report.diagnostics).contains("W0809 12:1 第 9 行的题：答案表中第 2 题的答案是“B”，题目下写的是“A”；用了题目下的"))
    }

    @Test("an answer at the end of a stem or option line is moved to the answer; an answer line below wins over it")
    func trailingAnswers() throws {
        let report = try Self.importText("""
            一、单项选择题
            1．中华人民共和国的国家机构实行（ ）原则。【答案】C
            A．三权分立 B．议行合一 C．民主集中制 D．多党合作
            2. 中华人民共和国的一切权力属于（  ）。
            A. 人民  B. 中国共产党
            C. 国务院  D. 全国人民代表大会 答案：A
            3. 关于答案：下列说法正确的是（  ）。
            A. 宪法是根本法 B. 宪法可以随意修改
            答案：A
            4. 全国人民代表大会常务委员会是（  ）的常设机关。（答案：D）
            A. 国务院 B. 最高人民法院 C. 最高人民检察院 D. 全国人民代表大会
            答案：B
            二、判断题
            1. 国家尊重和保障人权。 答案：对
            2. 宪法是国家的根本法。（答案：√）
            3. 宪法可以随意修改。正确答案：错误。
            4. 宪法具有最高的法律效力。
            答案：正确
            解析：宪法序言规定，宪法具有最高的法律效力。
            所以本题答案：对
            """)
        let text = try #require(report.bankText)
        #expect(text.contains("1. 中华人民共和国的国家机构实行（ ）原则。 {#Q-0001}\nA. 三权分立\nB. 议行合一\nC. 民主集中制\nD. 多党合作\n答案：C\n"))
        #expect(text.contains("D. 全国人民代表大会\n答案：A\n"))
        // “关于答案：” in a stem is not an answer: what follows is not a choice or a truth value.
        #expect(text.contains("3. 关于答案：下列说法正确的是（  ）。 {#Q-0003}"))
        #expect(text.contains("4. 全国人民代表大会常务委员会是（  ）的常设机关。 {#Q-0004}"))
        #expect(text.contains("D. 全国人民代表大会\n答案：B\n"))
        #expect(text.contains("1. 国家尊重和保障人权。 {#Q-0005}\n答案：正确\n"))
        #expect(text.contains("2. 宪法是国家的根本法。 {#Q-0006}\n答案：正确\n"))
        #expect(text.contains("3. 宪法可以随意修改。 {#Q-0007}\n答案：错误\n"))
        // In an explanation, the words are the explanation's.
        #expect(text.contains("答案：正确\n解析：宪法序言规定，宪法具有最高的法律效力。\n所以本题答案：对\n"), "\(text)")
        #expect(Support.lines(report.diagnostics) == [
            "W0809 2:1 第 2 行的题：答案“C”写在第 2 行的末尾，已移到答案行",
            "W0809 6:1 第 4 行的题：答案“A”写在第 6 行的末尾，已移到答案行",
            "W0809 10:1 第 10 行的题：第 10 行末尾的答案“D”没有使用，用了答案行的“B”",
            "W0809 14:1 第 14 行的题：答案“对”写在第 14 行的末尾，已移到答案行",
            "W0809 15:1 第 15 行的题：答案“√”写在第 15 行的末尾，已移到答案行",
            "W0809 16:1 第 16 行的题：答案“错误”写在第 16 行的末尾，已移到答案行",
        ])
        #expect(report.rows.count == 8 && !report.hasErrors)
        #expect(TextLineReading.trailingAnswer("答案：A") == nil, "a marker at the start is a field line")
        #expect(TextLineReading.trailingAnswer("宪法是根本法答案：A") == nil, "the marker must follow a space or punctuation")
        #expect(TextLineReading.trailingAnswer("依照宪法。 答案：民主集中制") == nil, "only choices and true/false values")
    }

    @Test("answer-key lines", arguments: [
        ("1-5 ABCDA", ["1 A", "2 B", "3 C", "4 D", "5 A"]), ("1～3：ACB", ["1 A", "2 C", "3 B"]),
        ("6-7 AB ACD", ["6 AB", "7 ACD"]), ("1.A 2.B 3.AC", ["1 A", "2 B", "3 AC"]), ("11、对 12、错", ["11 对", "12 错"]),
        ("13-15 √×√", ["13 √", "14 ×", "15 √"]), ("１．Ｂ　２．Ｃ", ["1 B", "2 C"]),
    ])
    func keyLines(_ line: String, _ expected: [String]) {
        #expect(TextLineReading.keyEntries(line)?.map { "\($0.number) \($0.answer)" } == expected)
    }

    @Test("not answer-key lines")
    func notKeyLines() {
        for line in ["1-5 ABC", "2019年修正", "中华人民共和国", "1. 下列说法正确的是", "3-1 AB"] {
            #expect(TextLineReading.keyEntries(line) == nil, "\(line)")
        }
        #expect(TextLineReading.keyEntries("4.民主集中制 5.人民", text: true)?.map(\.answer) == ["民主集中制", "人民"])
    }

    @Test("question numbers, options and markers as Word writes them")
    func markers() {
        #expect(TextLineReading.questionNumber("１２．题干")?.number == 12)
        #expect(TextLineReading.questionNumber("（3）题干")?.style == .parenthesized)
        #expect(TextLineReading.questionNumber("3.5万元") == nil)
        #expect(TextLineReading.options("A．甲  B．乙　C、丙 D)丁")?.map(\.text) == ["甲", "乙", "丙", "丁"])
        #expect(TextLineReading.options("（Ａ）甲 （Ｂ）乙")?.map(\.label) == [0, 1])
        #expect(TextLineReading.options("A5纸") == nil)
        #expect(TextLineReading.field("【答案】B")?.rest == "B" && TextLineReading.field("答案解析：见")?.field == .explanation)
        #expect(TextLineReading.field("答案在第二条") == nil)
        #expect(TextLineReading.sectionType("二、多项选择题（每题2分）：") == .multiple)
        #expect(TextLineReading.isKeyHeading("参考答案") && TextLineReading.isKeyHeading("四、答案及解析") && !TextLineReading.isKeyHeading("答案："))
    }

    @Test("a case-analysis part cannot be split from text; a file with no question writes nothing; binary and GB18030 input")
    func edges() throws {
        let cases = try Self.importText("五、案例分析题\n1. 阅读下列材料，回答问题。\n某村……\n")
        #expect(Support.lines(cases.diagnostics) == [
            "E0007 1:1 文本中没有可以导入的题目，没有写出题库",
            "E0807 2:1 第 2 行的第 1 题是案例分析题，从文本导入时无法分出它的材料和小题，没有导入",
        ])
        #expect(cases.bankText == nil && cases.droppedRows == [2])
        let nothing = try Self.importText("这是一段说明。\n没有题目。\n")
        #expect(nothing.bankText == nil && nothing.rows.isEmpty)
        #expect(ImportReportText().render(nothing).hasSuffix("没有导入任何题目，没有写出题库\n"))
        let binary = TextImporter.run([0x50, 0x4B, 0x03, 0x04, 0x00], sourcePath: "题库.txt", outputPath: "x.md", options: ImportOptions(),
                                      existingBanks: [], catalog: Support.catalog)
        #expect(throws: Diagnostic.self) { try binary.get() }
        let gbk = try #require("1. 宪法是国家的根本法。\n答案：对\n".data(using: CSVReader.gb18030))
        let report = try TextImporter.run([UInt8](gbk), sourcePath: "题库.txt", outputPath: "x.md", options: ImportOptions(law: "宪法"),
                                          existingBanks: [], catalog: Support.catalog).get()
        #expect(report.sourceSummary == "文本，GB18030 编码" && report.importedCount == 1)
    }
}
