import Foundation
import KaofaCore
import Testing
@testable import KaofaInterchange

@Suite("Importing tables")
struct TableImportTests {
    /// A 学习通-style export: its own headers, one row of every kind and every problem the report must name.
    static let platformRows: [[String]] = [
        ["序号", "题目类型", "题目", "A", "B", "C", "D", "E", "F", "G", "H", "I", "正确答案", "答案解析", "难易度", "知识点", "备注"],
        ["1", "单选题", "中华人民共和国的一切权力属于（  ）。", "人民", "中国共产党", "全国人民代表大会", "国务院", "", "", "", "", "", "A",
         "《宪法》第二条第一款规定：“中华人民共和国的一切权力属于人民。”", "简单", "人民主权", "第一章"],
        ["2", "多选题", "根据宪法，下列属于全国人民代表大会职权的有（  ）。", "修改宪法", "监督宪法的实施", "解释宪法", "选举中华人民共和国主席、副主席",
         "", "", "", "", "", "A,B,D", "", "中等", "", ""],
        ["3", "判断题", "中华人民共和国实行依法治国，建设社会主义法治国家。", "对", "错", "", "", "", "", "", "", "", "A", "", "1", "", ""],
        ["4", "填空题", "中华人民共和国的一切权力属于____。", "", "", "", "", "", "", "", "", "", "人民", "", "", "", ""],
        ["5", "简答题", "简述我国宪法规定的国家根本任务。", "", "", "", "", "", "", "", "", "",
         "沿着中国特色社会主义道路，\n集中力量进行社会主义现代化建设。", "宪法序言第七自然段。", "困难", "", ""],
        ["6", "连线题", "把法律与施行日期连起来。", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        ["", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        ["7", "单选题", "", "甲", "乙", "", "", "", "", "", "", "", "A", "", "", "", ""],
        ["8", "单项选择题", "阅读下列情形：\n（1）甲未经批准占用耕地；\n（2）乙拒不执行处罚决定。\n上述情形中，属于行政违法行为的是（  ）。",
         "仅（1）", "仅（2）", "（1）和（2）", "都不是", "", "", "", "", "另一个选项", "Ｃ", "", "", "", ""],
        ["9", "", "依照宪法，下列属于公民基本权利的有（  ）。", "选举权", "受教育的权利", "劳动的权利", "纳税", "", "", "", "", "", "ABC", "", "", "", ""],
        ["10", "单选题", "全国人民代表大会常务委员会是（  ）的常设机关。", "国务院", "最高人民法院", "全国人民代表大会", "中央军事委员会", "", "", "", "", "",
         "全国人民代表大会", "", "", "", ""],
        ["11", "判断题", "宪法是国家的根本法，但不具有最高的法律效力。", "", "", "", "", "", "", "", "", "", "×", "", "", "", ""],
    ]

    static let platformBank = """
        ---
        law: 宪法
        ---

        <!-- 由 kaofa import 从 题库.csv 导入 -->

        ## 一、单项选择题

        1. 中华人民共和国的一切权力属于（  ）。 {#Q-0001 难度=易 知识点=人民主权}
        A. 人民
        B. 中国共产党
        C. 全国人民代表大会
        D. 国务院
        答案：A
        解析：《宪法》第二条第一款规定：“中华人民共和国的一切权力属于人民。”

        2. 阅读下列情形： （1）甲未经批准占用耕地； （2）乙拒不执行处罚决定。 {#Q-0006}
        上述情形中，属于行政违法行为的是（  ）。
        A. 仅（1）
        B. 仅（2）
        C. （1）和（2）
        D. 都不是
        答案：C

        3. 全国人民代表大会常务委员会是（  ）的常设机关。 {#Q-0008}
        A. 国务院
        B. 最高人民法院
        C. 全国人民代表大会
        D. 中央军事委员会
        答案：C

        ## 二、多项选择题

        1. 根据宪法，下列属于全国人民代表大会职权的有（  ）。 {#Q-0002 难度=中}
        A. 修改宪法
        B. 监督宪法的实施
        C. 解释宪法
        D. 选举中华人民共和国主席、副主席
        答案：ABD

        2. 依照宪法，下列属于公民基本权利的有（  ）。 {#Q-0007}
        A. 选举权
        B. 受教育的权利
        C. 劳动的权利
        D. 纳税
        答案：ABC

        ## 三、判断题

        1. 中华人民共和国实行依法治国，建设社会主义法治国家。 {#Q-0003 难度=易}
        答案：正确

        2. 宪法是国家的根本法，但不具有最高的法律效力。 {#Q-0009}
        答案：错误

        ## 四、填空题

        1. 中华人民共和国的一切权力属于____。 {#Q-0004}
        答案：人民

        ## 五、简答题

        1. 简述我国宪法规定的国家根本任务。 {#Q-0005 难度=难}
        参考答案：沿着中国特色社会主义道路，
        集中力量进行社会主义现代化建设。
        解析：宪法序言第七自然段。

        """

    @Test("a 学习通-style table: every row imported or dropped with its reason, every change reported, the bank checks clean")
    func platformTable() throws {
        let report = Support.importCells(Self.platformRows, options: ImportOptions(law: "宪法"))
        #expect(report.bankText == Self.platformBank)
        #expect(report.rows.map(\.number) == [2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13])
        #expect(report.droppedRows == [7, 9])
        #expect(report.blankRows == 1)
        #expect(Support.lines(report.diagnostics) == [
            "W0805 1:17 第 Q 列“备注”不是 kaofa 认识的列，其中的内容没有导入（第 2 行有内容）",
            "E0807 7:2 第 7 行的题型“连线题”无法识别，这一行没有导入",
            "E0806 9:3 第 9 行的题干是空的，这一行没有导入",
            "W0809 10:3 第 10 行：题干第 2 行以“（1）甲未经…”开头，在题库中会被读成新的题目、选项或栏目，已并入上一行",
            "W0809 10:3 第 10 行：题干第 3 行以“（2）乙拒不…”开头，在题库中会被读成新的题目、选项或栏目，已并入上一行",
            "W0808 10:12 第 10 行：选项I“另一个选项”没有导入：kaofa 的选择题最多有 8 个选项（A–H）",
            "W0809 11:2 第 11 行：题型是空的，按选项和答案推断为多项选择题",
            "W0809 12:13 第 12 行：答案“全国人民代表大会”是选项 C 的内容，已写成 C",
        ])
        #expect(report.bankDiagnostics.isEmpty)
        #expect(report.hasErrors, "dropped rows make the import fail")

        // The bank is what `kaofa fmt` would write, and compiles to the rows' content.
        let source = SourceFile(path: "Banks/导入.md", text: Self.platformBank)
        let bank = BankCompiler.compile([source], catalog: Support.catalog)
        #expect(bank.diagnostics.isEmpty)
        let (syntax, _) = BankParser.parse(source)
        var allocator: BankFormatter.IDAllocator? = nil
        #expect(BankFormatter().format(syntax, allocator: &allocator) == Self.platformBank)
        let byID = Dictionary(uniqueKeysWithValues: bank.questions.map { ($0.id!, $0) })
        #expect(byID["Q-0003"]?.answer == .trueFalse(true) && byID["Q-0009"]?.answer == .trueFalse(false))
        #expect(byID["Q-0002"]?.answer == .choice(["A", "B", "D"]) && byID["Q-0004"]?.answer == .blanks([["人民"]]))
        #expect(byID["Q-0005"]?.answer == .written(reference: "沿着中国特色社会主义道路，\n集中力量进行社会主义现代化建设。", rubric: []))
        #expect(byID["Q-0001"]?.law == "宪法" && byID["Q-0001"]?.topic == "人民主权")
    }

    @Test("the report names every row, and ends with what kaofa check says")
    func platformReportText() {
        let report = Support.importCells(Self.platformRows, options: ImportOptions(law: "宪法"))
        #expect(ImportReportText().render(report) == """
            读取 题库.csv（CSV，UTF-8 编码）
              表头在第 1 行；认出的列：A 序号 → 题号（不导入，kaofa 自己编排题号），B 题目类型 → 题型，C 题目 → 题干，D A → 选项A，E B → 选项B，F C → 选项C，G D → 选项D，H E → 选项E，I F → 选项F，J G → 选项G，K H → 选项H，L I → 选项I，M 正确答案 → 答案，N 答案解析 → 解析，O 难易度 → 难度，P 知识点
            题库.csv:1:17: warning[W0805]: 第 Q 列“备注”不是 kaofa 认识的列，其中的内容没有导入（第 2 行有内容）
              help: kaofa 的列：编号、题型、题干、选项A、选项B、选项C、选项D、选项E、选项F、选项G、选项H、答案、解析、难度、法律、条文、知识点、对象，以及 分值、标签
            第 2 行：导入为 Q-0001（单项选择题）
            第 3 行：导入为 Q-0002（多项选择题）
            第 4 行：导入为 Q-0003（判断题）
            第 5 行：导入为 Q-0004（填空题）
            第 6 行：导入为 Q-0005（简答题）
            第 7 行：没有导入
            题库.csv:7:2: error[E0807]: 第 7 行的题型“连线题”无法识别，这一行没有导入
              help: 题型可以写 单选题、多选题、不定项选择题、判断题、填空题、简答题（也可以写 单项选择题、多项选择题、是非题、问答题 等）
            第 9 行：没有导入
            题库.csv:9:3: error[E0806]: 第 9 行的题干是空的，这一行没有导入
              help: 在“题目”（题干）列填写题目内容；不要的行可以删除
            第 10 行：导入为 Q-0006（单项选择题）
            题库.csv:10:3: warning[W0809]: 第 10 行：题干第 2 行以“（1）甲未经…”开头，在题库中会被读成新的题目、选项或栏目，已并入上一行
            题库.csv:10:3: warning[W0809]: 第 10 行：题干第 3 行以“（2）乙拒不…”开头，在题库中会被读成新的题目、选项或栏目，已并入上一行
            题库.csv:10:12: warning[W0808]: 第 10 行：选项I“另一个选项”没有导入：kaofa 的选择题最多有 8 个选项（A–H）
            第 11 行：导入为 Q-0007（多项选择题）
            题库.csv:11:2: warning[W0809]: 第 11 行：题型是空的，按选项和答案推断为多项选择题
            第 12 行：导入为 Q-0008（单项选择题）
            题库.csv:12:13: warning[W0809]: 第 12 行：答案“全国人民代表大会”是选项 C 的内容，已写成 C
            第 13 行：导入为 Q-0009（判断题）
            导入 9 道题（单项选择题 3，多项选择题 2，判断题 2，填空题 1，简答题 1），写出 Banks/导入.md；其中 9 道题的编号是新给的
            没有导入的行：第 7、9 行，共 2 行，原因见上
            跳过了 1 个空行
            kaofa check Banks/导入.md：未发现问题

            """)
    }

    /// kaofa's own template columns, with ids, laws and the problems only they can have.
    static let templateRows: [[String]] = [
        ImportTemplate.header + ["分值"],
        ["XF-0001", "单选题", "根据宪法，中国特色社会主义最本质的特征是（  ）。", "中国共产党领导", "生产资料的社会主义公有制", "人民代表大会制度", "社会主义市场经济",
         "", "", "", "", "A", "", "易", "《中华人民共和国宪法》", "第一条第二款", "党的领导", "领导干部、村两委", "2"],
        ["MF-1", "判断题", "民事主体在民事活动中的法律地位一律平等。", "", "", "", "", "", "", "", "", "对", "", "", "民法典", "第四条", "", "全部", ""],
        ["MF-1", "判断题", "民事主体从事民事活动，应当遵循自愿原则。", "", "", "", "", "", "", "", "", "正确", "", "", "民法典", "第五条", "", "", ""],
        ["第 3 题", "多选题", "下列属于民法基本原则的有（  ）。", "平等原则", "自愿原则", "", "诚信原则", "", "", "", "", "ABE", "", "中", "民法典", "", "", "", ""],
        ["", "单选题", "中华人民共和国的一切权力属于（  ）。", "人民", "政党", "", "", "", "", "", "", "A", "", "容易", "村规民约法", "第二条", "", "", ""],
    ]

    @Test("kaofa's template columns: ids kept, taken or invalid ones replaced, laws and attributes written, check's errors mapped to rows")
    func templateColumns() throws {
        let neighbour = try Support.sampleBank("宪法.md")
        let report = Support.importCells(Self.templateRows, options: ImportOptions(idPrefix: "MF"), existing: [neighbour])
        let text = try #require(report.bankText)
        #expect(text == """
            ---
            id-prefix: MF
            ---

            <!-- 由 kaofa import 从 题库.csv 导入 -->

            ## 一、单项选择题

            1. 根据宪法，中国特色社会主义最本质的特征是（  ）。 {#MF-0002 法律=中华人民共和国宪法 难度=易 条文=第一条第二款 知识点=党的领导 对象=领导干部,村两委 分值=2}
            A. 中国共产党领导
            B. 生产资料的社会主义公有制
            C. 人民代表大会制度
            D. 社会主义市场经济
            答案：A

            2. 中华人民共和国的一切权力属于（  ）。 {#MF-0005 法律=村规民约法 难度=易 条文=第二条}
            A. 人民
            B. 政党
            答案：A

            ## 二、多项选择题

            1. 下列属于民法基本原则的有（  ）。 {#MF-0004 法律=民法典 难度=中}
            A. 平等原则
            B. 自愿原则
            C. 
            D. 诚信原则
            答案：ABE

            ## 三、判断题

            1. 民事主体在民事活动中的法律地位一律平等。 {#MF-1 法律=民法典 条文=第四条 对象=全部}
            答案：正确

            2. 民事主体从事民事活动，应当遵循自愿原则。 {#MF-0003 法律=民法典 条文=第五条}
            答案：正确

            """)
        #expect(Support.lines(report.diagnostics) == [
            "W0809 2:1 第 2 行：编号“XF-0001”已被 Banks/宪法.md 使用，已改用新编号",
            "W0809 4:1 第 4 行：编号“MF-1”与第 3 行重复，已改用新编号",
            "W0809 5:1 第 5 行：编号“第 3 题”不能用作题目编号（只能由字母、数字和 - _ . 组成，以字母或数字开头），已改用新编号",
        ])
        // What kaofa check says, each at the row the question came from.
        let checked = report.bankDiagnostics.map { "\($0.code.rawValue) \(report.row(of: $0).map(String.init) ?? "-")" }
        #expect(checked == ["E0303 2", "E0401 6", "E0216 5", "E0202 5"])
        #expect(report.rowsNeedingAttention == [2, 5, 6])
        #expect(report.rowsWithoutLaw.isEmpty)
        let rendered = ImportReportText().render(report)
        #expect(rendered.contains("  note: 这道题来自 题库.csv 第 5 行\n"))
        #expect(rendered.hasSuffix("""
            kaofa check Banks/导入.md：发现 4 个错误，题库还不能通过检查
            需要老师处理的题：第 2 行（MF-0002）、第 5 行（MF-0004）、第 6 行（MF-0005），共 3 道，修改办法见上

            """))
    }

    @Test("no law anywhere: the report says every question lacks one and what that means for papers")
    func missingLaw() {
        let report = Support.importCells([["题型", "题干", "答案"], ["判断题", "宪法是国家的根本法。", "对"], ["判断题", "全国人大是最高国家权力机关。", "对"]])
        #expect(report.rowsWithoutLaw == [2, 3])
        #expect(!report.hasErrors)
        let rendered = ImportReportText().render(report)
        #expect(rendered.hasSuffix("""
            全部 2 道题没有所属法律法规：kaofa check 会逐题给出警告 W0408，组卷蓝图按法律配额抽题时用不到这些题。导入时用 --law 指定法律，或在“法律”列填写后重新导入，或在题库的文件头写 law: 法律名称
            kaofa check Banks/导入.md：发现 2 个警告，没有错误

            """))
        #expect(!rendered.contains("W0408]"), "the missing laws are summarised, not listed question by question")
    }

    @Test("no header in the first 20 rows, or a header and no questions: nothing is written")
    func nothingToImport() {
        let noHeader = Support.importCells([["姓名", "单位"], ["张三", "城关镇"]])
        #expect(noHeader.bankText == nil && noHeader.mapping == nil)
        #expect(Support.lines(noHeader.diagnostics) == ["E0803 1:1 在表格的前 20 行中找不到表头：没有一行同时有“题干”列和另一个 kaofa 认识的列"])
        let empty = Support.importCells([["题型", "题干"], ["", ""], ["单选题", ""]])
        #expect(empty.bankText == nil && empty.droppedRows == [3] && empty.blankRows == 1)
        #expect(Support.lines(empty.diagnostics) == ["E0007 1:1 表格中没有可以导入的题目，没有写出题库", "E0806 3:2 第 3 行的题干是空的，这一行没有导入"])
    }

    @Test("a title row above the header, a header with notes and full-width letters, a cell under no header")
    func headerFinding() throws {
        let report = Support.importCells([
            ["2026 年学法考法题库", "", "", "", ""],
            ["题型（必填）", "*题干", "选项Ａ", "选项 B", "正确答案"],
            ["单选", "依法治国的主体是（  ）。", "人民群众", "少数人", "A", "多出来的"],
        ], options: ImportOptions(law: "宪法"))
        #expect(report.mapping?.headerRow == 2)
        #expect(report.mapping?.entries.map(\.column) == [.type, .stem, .option(0), .option(1), .answer])
        #expect(Support.lines(report.diagnostics) == ["W0805 2:6 第 F 列（没有表头）不是 kaofa 认识的列，其中的内容没有导入（第 3 行有内容）"])
        #expect(report.rows == [.init(number: 3, outcome: .imported(id: "Q-0001", type: .single))])
    }

    @Test("lines of a stem, an explanation or a reference answer that would start something else are joined, and nothing else changes")
    func structuralLines() {
        let report = Support.importCells([
            ["题型", "题干", "答案", "解析"],
            ["简答题", "某村发生以下事项：\n3.5万元的集体资金被挪用\nA、村委会未公开账目", "答：\n1. 依法追回资金\n【解析】见第二十四条", "解析：第一行\n#2 标注\n## 二、单选题"],
        ], options: ImportOptions(law: "村民委员会组织法"))
        #expect(report.bankText?.contains("""
            1. 某村发生以下事项： {#Q-0001}
            3.5万元的集体资金被挪用 A、村委会未公开账目
            参考答案：答： 1. 依法追回资金 【解析】见第二十四条
            解析：解析：第一行
            #2 标注 ## 二、单选题
            """) == true)
        #expect(report.diagnostics.filter { $0.code == .importValueChanged }.count == 4)
        #expect(!report.hasErrors)
    }

    @Test("a table of thousands of rows (read in chunks on all cores) reports its rows and findings in row order")
    func manyRows() throws {
        var rows: [[String]] = [["编号", "题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "难度", "法律"]]
        let blankStems: Set<Int> = [11, 1500, 1025, 2999]
        for number in 2...3001 {
            rows.append(["", "单选题", blankStems.contains(number) ? "" : "第 \(number) 行的题目：宪法规定国家的根本任务是（  ）。",
                         "甲\(number)", "乙\(number)", "丙\(number)", "丁\(number)", "B", "中", "宪法"])
        }
        guard case let .success(loaded) = TableSource.load(Array(CSVWriter.write(rows)), format: .csv, path: "题库.csv") else {
            Issue.record("the table did not load")
            return
        }
        let report = TableImporter.run(loaded, sourcePath: "题库.csv", outputPath: "导入.md", options: ImportOptions(),
                                       existingBanks: [], catalog: Support.catalog)
        let dropped = report.rows.filter { $0.outcome == .dropped }.map(\.number)
        #expect(dropped == blankStems.sorted())
        let imported = report.rows.filter { $0.outcome != .dropped }
        #expect(imported.count == 3000 - blankStems.count)
        let lines = report.diagnostics.filter { $0.range.file == "题库.csv" }.map(\.range.start.line)
        // One finding per dropped row, across three chunks (rows 2–1025, 1026–2049, 2050–3001), in row order.
        #expect(lines == blankStems.sorted(), "\(lines)")
    }

}

@Suite("Import order")
struct ImportOrderTests {
    @Test("questions are put in kaofa's type order, keeping the order read within a type, whatever the mix")
    func orderByType() {
        var generator = SplitMix64(seed: 5)
        for round in 0..<200 {
            let types = (0..<generator.bounded(40)).map { _ in QuestionType.allCases[generator.bounded(QuestionType.allCases.count)] }
            var questions = types.enumerated().map { index, type in
                ImportedQuestion(row: index + 2, id: "Q-\(index)", type: type, stem: ["题干\(index)"], options: [], answer: .none,
                                 explanation: [], attributes: [])
            }
            let expected = QuestionType.allCases.flatMap { type in questions.filter { $0.type == type } }.map(\.row)
            ImportAssembly.orderByType(&questions)
            #expect(questions.map(\.row) == expected, "round \(round)")
            #expect(questions.map { $0.stem[0] } == expected.map { "题干\($0 - 2)" })
        }
    }
}
