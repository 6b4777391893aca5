import CoreFoundation
import Foundation
import Testing

/// `kaofa import` and `kaofa template`, run as a teacher would.
///
/// Fixtures: `xuexitong-bank.xlsx` is `xuexitong-bank.csv` (学习通-style headers), saved as `学习通题库.csv` and
/// converted by LibreOffice (`soffice --headless --infilter="CSV:44,34,76,1" --convert-to xlsx 学习通题库.csv`, hence
/// its sheet name): a workbook written by another program than kaofa, with shared strings.
@Suite("import and template")
struct ImportTests {
    static let xuexitongBank = """
        ---
        law: 宪法
        audience: 领导干部, 村两委
        id-prefix: XF
        ---

        <!-- 由 kaofa import 从 学习通题库.xlsx（工作表“学习通题库”）导入 -->

        ## 一、单项选择题

        1. 根据宪法，人民行使国家权力的机关是（  ）。 {#XF-0001 难度=易 知识点=人民代表大会制度}
        A. 全国人民代表大会和地方各级人民代表大会
        B. 全国人民代表大会和国务院
        C. 中央人民政府和地方各级人民政府
        D. 全国人民代表大会常务委员会
        答案：A
        解析：《中华人民共和国宪法》第二条第二款规定：“人民行使国家权力的机关是全国人民代表大会和地方各级人民代表大会。”

        ## 二、多项选择题

        1. 根据宪法，下列属于全国人民代表大会职权的有（  ）。 {#XF-0002 难度=中 知识点=全国人大职权}
        A. 修改宪法
        B. 监督宪法的实施
        C. 解释宪法
        D. 选举中华人民共和国主席、副主席
        答案：ABD
        解析：解释宪法是全国人民代表大会常务委员会的职权。

        ## 三、判断题

        1. 中华人民共和国实行依法治国，建设社会主义法治国家。 {#XF-0003 难度=易 知识点=依法治国}
        答案：正确

        """

    @Test("an Excel bank in the 学习通 layout becomes a kaofa bank in one command; the report names every row; check passes")
    func xlsx() async throws {
        let workbook = [UInt8](try Data(contentsOf: Fixtures.url("xuexitong-bank.xlsx")))
        try await withTemporaryDirectory(files: ["Banks/.keep": ""], bytes: ["学习通题库.xlsx": workbook]) { directory in
            let run = try await kaofa("import", "学习通题库.xlsx", "--law", "宪法", "--audience", "领导干部,村两委", "--id-prefix", "XF",
                                      "-o", "Banks/宪法导入.md", in: directory)
            expectNoCrash(run)
            #expect(run.status == 1, "row 5 has no stem: \(run)")
            #expect(run.stderrLines == [
                "读取 学习通题库.xlsx（Excel 工作表“学习通题库”）",
                "  表头在第 1 行；认出的列：A 题目类型 → 题型，B 题目 → 题干，C 选项A，D 选项B，E 选项C，F 选项D，G 正确答案 → 答案，H 答案解析 → 解析，I 难易度 → 难度，J 知识点",
                "第 2 行：导入为 XF-0001（单项选择题）",
                "第 3 行：导入为 XF-0002（多项选择题）",
                "第 4 行：导入为 XF-0003（判断题）",
                "第 5 行：没有导入",
                "学习通题库.xlsx:5:2: error[E0806]: 第 5 行的题干是空的，这一行没有导入",
                "  help: 在“题目”（题干）列填写题目内容；不要的行可以删除",
                "导入 3 道题（单项选择题 1，多项选择题 1，判断题 1），写出 Banks/宪法导入.md；其中 3 道题的编号是新给的",
                "没有导入的行：第 5 行，共 1 行，原因见上",
                "kaofa check Banks/宪法导入.md：未发现问题",
            ])
            #expect(try directory.appendingPathComponent("Banks/宪法导入.md").text() == Self.xuexitongBank)
            let check = try await kaofa("check", "Banks", in: directory)
            #expect(check.status == 0 && check.stderrLines.last == "检查了 1 个文件、3 道题：未发现问题", "\(check)")
            let fmt = try await kaofa("fmt", "--check", "Banks", in: directory)
            #expect(fmt.status == 0, "\(fmt)")
            // An existing bank is not overwritten unless asked.
            let again = try await kaofa("import", "学习通题库.xlsx", "-o", "Banks/宪法导入.md", in: directory)
            #expect(again.status == 2 && again.stderr == "kaofa: Banks/宪法导入.md 已经存在；确认要覆盖时加 --force\n")
        }
    }

    static let gb18030 = String.Encoding(rawValue: CFStringConvertEncodingToNSStringEncoding(CFStringEncoding(0x0632)))

    @Test("a CSV saved by Excel on Chinese Windows (GB18030) is converted; ids and laws of the template are kept; the banks beside it are respected")
    func csvGB18030() async throws {
        let csv = """
            编号,题型,题干,选项A,选项B,答案,法律,条文\r
            XF-0001,判断题,中华人民共和国的一切权力属于人民。,,,对,宪法,第二条\r
            MF-0001,单选题,"民事主体在民事活动中的法律地位一律（  ）。",平等,不平等,A,民法典,第四条\r

            """
        let bytes = [UInt8](try #require(csv.data(using: Self.gb18030)))
        #expect(bytes.count < Array(csv.utf8).count, "GB18030 takes two bytes a character")
        let neighbour = try String(contentsOf: Repository.root().appendingPathComponent("Banks/宪法.md"), encoding: .utf8)
        try await withTemporaryDirectory(files: ["Banks/宪法.md": neighbour], bytes: ["题库.csv": bytes]) { directory in
            let run = try await kaofa("import", "题库.csv", "-o", "Banks/导入.md", in: directory)
            expectNoCrash(run)
            #expect(run.status == 0, "\(run)")
            #expect(Array(run.stderrLines.prefix(3)) == [
                "读取 题库.csv（CSV，GB18030 编码）",
                "  文件是 GB18030（GBK）编码，已转换为 UTF-8",
                "  表头在第 1 行；认出的列：A 编号，B 题型，C 题干，D 选项A，E 选项B，F 答案，G 法律，H 条文",
            ])
            #expect(run.stderr.contains("题库.csv:2:1: warning[W0809]: 第 2 行：编号“XF-0001”已被 Banks/宪法.md 使用，已改用新编号\n"))
            #expect(run.stderrLines.suffix(2) == ["导入 2 道题（单项选择题 1，判断题 1），写出 Banks/导入.md；其中 1 道题的编号是新给的",
                                                  "kaofa check Banks/导入.md：未发现问题"])
            let bank = try directory.appendingPathComponent("Banks/导入.md").text()
            #expect(bank.contains("1. 中华人民共和国的一切权力属于人民。 {#Q-0001 法律=宪法 条文=第二条}\n答案：正确\n"))
            #expect(bank.contains("1. 民事主体在民事活动中的法律地位一律（  ）。 {#MF-0001 法律=民法典 条文=第四条}\nA. 平等\nB. 不平等\n答案：A\n"))
            let check = try await kaofa("check", "Banks", in: directory)
            #expect(check.status == 0, "\(check)")
        }
    }

    @Test("kaofa template writes the CSV template byte for byte, refuses to overwrite, and the Excel template imports and checks clean")
    func template() async throws {
        try await withTemporaryDirectory(files: ["Banks/.keep": ""]) { directory in
            let csv = try await kaofa("template", "--to", "csv", "-o", "模板.csv", in: directory)
            #expect(csv.status == 0 && csv.stderr == "已写出模板 模板.csv：填好后运行 kaofa import 模板.csv -o Banks/题库名.md\n")
            let expected = "\u{FEFF}编号,题型,题干,选项A,选项B,选项C,选项D,选项E,选项F,选项G,选项H,答案,解析,难度,法律,条文,知识点,对象\r\n"
                + "XF-0001,单项选择题,根据宪法，中国特色社会主义最本质的特征是（  ）。,中国共产党领导,生产资料的社会主义公有制,人民代表大会制度,社会主义市场经济,,,,,A,"
                + "《中华人民共和国宪法》第一条第二款规定：“社会主义制度是中华人民共和国的根本制度。中国共产党领导是中国特色社会主义最本质的特征。禁止任何组织或者个人破坏社会主义制度。”,"
                + "易,宪法,第一条第二款,党的领导,\"领导干部,行政执法人员,村两委\"\r\n"
            #expect(try Data(contentsOf: directory.appendingPathComponent("模板.csv")) == Data(expected.utf8))
            let again = try await kaofa("template", "-o", "模板.csv", in: directory)
            #expect(again.status == 2 && again.stderr == "kaofa: 模板.csv 已经存在；确认要覆盖时加 --force\n")

            let xlsx = try await kaofa("template", "-o", "模板.xlsx", in: directory)
            #expect(xlsx.status == 0, "\(xlsx)")
            let run = try await kaofa("import", "模板.xlsx", "-o", "Banks/示例.md", in: directory)
            #expect(run.status == 0, "\(run)")
            #expect(run.stderrLines.contains("第 2 行：导入为 XF-0001（单项选择题）"))
            #expect(run.stderrLines.last == "kaofa check Banks/示例.md：未发现问题")
            let check = try await kaofa("check", "Banks", in: directory)
            #expect(check.status == 0 && check.stderrLines.last == "检查了 1 个文件、1 道题：未发现问题", "\(check)")
        }
    }

    /// A bad input: the file's bytes, the command's extra arguments, the exit status and lines of standard error.
    struct BadInput: Sendable, CustomTestStringConvertible {
        var name: String
        var file: String
        var bytes: @Sendable () throws -> [UInt8]
        /// The arguments after `import` and before `-o 导入.md`; nil for just the file.
        var arguments: [String]? = nil
        var status: Int32
        var lines: [String]

        var testDescription: String { name }
    }

    static let badInputs: [BadInput] = [
        BadInput(name: "an .xlsx that is CSV text", file: "题库.xlsx", bytes: { Array("题型,题干\n单选题,x\n".utf8) }, status: 1, lines: [
            "题库.xlsx:1:1: error[E0801]: 这不是有效的 Excel（.xlsx）文件：文件不是 zip 压缩包，或已损坏、不完整",
            "  help: 这个文件看起来是文本（CSV），改用 --from csv，或把扩展名改为 .csv",
            "没有导入任何题目",
        ]),
        BadInput(name: "a truncated .xlsx", file: "题库.xlsx",
                 bytes: { let whole = [UInt8](try Data(contentsOf: Fixtures.url("xuexitong-bank.xlsx"))); return Array(whole.prefix(whole.count / 2)) },
                 status: 1, lines: ["题库.xlsx:1:1: error[E0801]: 这不是有效的 Excel（.xlsx）文件：文件不是 zip 压缩包，或已损坏、不完整"]),
        BadInput(name: "an .xlsx whose sheet is damaged", file: "题库.xlsx",
                 bytes: {
                     var whole = [UInt8](try Data(contentsOf: Fixtures.url("xuexitong-bank.xlsx")))
                     // Flip bytes inside the first entry's compressed data: its CRC no longer matches.
                     for index in 200..<260 { whole[index] ^= 0x5A }
                     return whole
                 },
                 status: 1, lines: ["  help: 在 Excel 或 WPS 中打开这个文件，确认内容完好后重新“另存为”.xlsx；也可以另存为“CSV UTF-8（逗号分隔）”再导入"]),
        BadInput(name: "an old .xls", file: "题库.xls", bytes: { [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504) },
                 arguments: ["题库.xls", "--from", "xlsx"], status: 1, lines: [
                    "题库.xls:1:1: error[E0801]: 这是旧版 Excel 97-2003（.xls）文件，kaofa 只能读取 .xlsx 和 .csv",
                    "  help: 在 Excel 或 WPS 中打开，“另存为”选择“Excel 工作簿（*.xlsx）”，再导入新文件",
                 ]),
        BadInput(name: "a CSV with a quote that never closes", file: "题库.csv",
                 bytes: { Array("题型,题干,答案\n判断题,宪法是根本法。,对\n判断题,\"全国人大是\n最高国家权力机关。,对\n".utf8) }, status: 1, lines: [
                    "题库.csv:3:1: error[E0802]: 第 3 行开始的带引号的内容没有结束引号（\"）",
                    "  note: 引号之后直到文件末尾的内容都被当成了这一格，所以无法读取",
                 ]),
        BadInput(name: "a CSV in neither UTF-8 nor GB18030", file: "题库.csv",
                 bytes: { Array("题型,题干\n".utf8) + [0xFF, 0xFE, 0xFF, 0x0A] }, status: 1, lines: [
                    "题库.csv:2:1: error[E0802]: 文件在第 2 行处既不是 UTF-8 也不是 GB18030（GBK）编码的文字",
                 ]),
        BadInput(name: "an empty CSV", file: "题库.csv", bytes: { [] }, status: 1, lines: [
            "题库.csv:1:1: error[E0803]: 在表格的前 20 行中找不到表头：没有一行同时有“题干”列和另一个 kaofa 认识的列",
            "没有导入任何题目，没有写出题库",
        ]),
        BadInput(name: "a roster instead of a bank", file: "名单.csv", bytes: { Array("编号,姓名\n1,张三\n".utf8) }, status: 1, lines: [
            "名单.csv:1:1: error[E0803]: 在表格的前 20 行中找不到表头：没有一行同时有“题干”列和另一个 kaofa 认识的列",
        ]),
        BadInput(name: "a sheet that does not exist", file: "题库.xlsx",
                 bytes: { [UInt8](try Data(contentsOf: Fixtures.url("xuexitong-bank.xlsx"))) }, arguments: ["题库.xlsx", "--sheet", "Sheet2"], status: 1, lines: [
                    "题库.xlsx:1:1: error[E0804]: 工作簿中没有名为“Sheet2”的工作表；现有的工作表：“学习通题库”",
                 ]),
        BadInput(name: "a binary file as CSV", file: "题库.csv", bytes: { Array("题型,题干\n".utf8) + [0, 1, 2] }, status: 1, lines: [
            "题库.csv:2:1: error[E0801]: 这不是文本文件（第 2 行含有 NUL 字节），无法作为 CSV 读取",
        ]),
        BadInput(name: "a file that does not exist", file: "题库.csv", bytes: { [] }, arguments: ["不存在.csv"], status: 2, lines: [
            "不存在.csv:1:1: error[E0001]: 找不到文件“不存在.csv”",
        ]),
        BadInput(name: "a law that is not in the catalog", file: "题库.csv", bytes: { Array("题型,题干\n".utf8) }, arguments: ["题库.csv", "--law", "宪发"], status: 2,
                 lines: ["Error: 法律目录中没有“宪发”：是不是想写“宪法”？"]),
        BadInput(name: "an unknown audience", file: "题库.csv", bytes: { Array("题型,题干\n".utf8) }, arguments: ["题库.csv", "--audience", "学生"], status: 2,
                 lines: ["Error: 未知的适用对象“学生”：可以是 领导干部、行政执法人员、村两委，或 全部"]),
        BadInput(name: "a file name whose format is unknown", file: "题库.dat", bytes: { Array("题型,题干\n".utf8) }, status: 2,
                 lines: ["Error: 无法从文件名“题库.dat”判断格式：用 --from xlsx、csv、text、word、moodle、gift 或 aiken 指明"]),
    ]

    @Test("bad input: a clear message at its line, an exit status, nothing written, never a crash", arguments: badInputs)
    func badInput(_ input: BadInput) async throws {
        let bytes = try input.bytes()
        try await withTemporaryDirectory(bytes: [input.file: bytes]) { directory in
            let run = try await Kaofa.run(["import"] + (input.arguments ?? [input.file]) + ["-o", "导入.md"], in: directory)
            expectNoCrash(run)
            #expect(run.status == input.status, "\(run)")
            for line in input.lines { #expect(run.stderrLines.contains(line), "missing: \(line)\n\(run.stderr)") }
            #expect(!directory.appendingPathComponent("导入.md").exists())
        }
    }
}

@Suite("import --from text")
struct TextImportCLITests {
    @Test("a bank pasted from Word becomes a kaofa bank in one command, and check passes on it")
    func pastedBank() async throws {
        let pasted = """
            一、单项选择题
            1．中华人民共和国的一切权力属于（ A ）。
            A．人民    B．中国共产党    C．全国人民代表大会    D．国务院
            解析：《宪法》第二条第一款规定：“中华人民共和国的一切权力属于人民。”
            2、全国人民代表大会常务委员会是（  ）的常设机关。
            A、国务院  B、最高人民法院  C、全国人民代表大会  D、中央军事委员会
            二、判断题
            1. 中华人民共和国实行依法治国，建设社会主义法治国家。
            2. 宪法是国家的根本法，但不具有最高的法律效力。
            参考答案
            一、单项选择题
            1-2 AC
            二、判断题
            1-2 √×
            """
        try await withTemporaryDirectory(files: ["粘贴.txt": pasted, "Banks/.keep": ""]) { directory in
            let run = try await kaofa("import", "粘贴.txt", "--law", "宪法", "--id-prefix", "XF", "-o", "Banks/宪法.md", in: directory)
            expectNoCrash(run)
            #expect(run.status == 0, "\(run)")
            #expect(run.stderrLines == [
                "读取 粘贴.txt（文本，UTF-8 编码）",
                "第 2 行：导入为 XF-0001（单项选择题）",
                "粘贴.txt:2:1: warning[W0809]: 第 2 行的题：答案“A”写在题干的括号中，已移到答案行",
                "  2 | 1．中华人民共和国的一切权力属于（ A ）。",
                "    | ^",
                "第 5 行：导入为 XF-0002（单项选择题）",
                "第 8 行：导入为 XF-0003（判断题）",
                "第 9 行：导入为 XF-0004（判断题）",
                "导入 4 道题（单项选择题 2，判断题 2），写出 Banks/宪法.md；其中 4 道题的编号是新给的",
                "kaofa check Banks/宪法.md：未发现问题",
            ])
            let bank = try directory.appendingPathComponent("Banks/宪法.md").text()
            #expect(bank.contains("1. 中华人民共和国的一切权力属于（  ）。 {#XF-0001}\nA. 人民\n"))
            #expect(bank.contains("2. 宪法是国家的根本法，但不具有最高的法律效力。 {#XF-0004}\n答案：错误\n"))
            let check = try await kaofa("check", "Banks", in: directory)
            #expect(check.status == 0 && check.stderrLines.last == "检查了 1 个文件、4 道题：未发现问题", "\(check)")
        }
    }

    @Test("a Word document whose question numbers and option letters are Word's automatic lists imports in one command",
          .enabled(if: BuildTests.libreOfficeAvailable, "needs libreoffice-writer-nogui (.ci/run installs it)"))
    func wordDocument() async throws {
        // LibreOffice writes the HTML lists as Word list numbering (numbering.xml), as Word does for a typed bank.
        let html = """
            <html><head><meta charset="utf-8"></head><body>
            <p>一、单项选择题</p>
            <ol><li>中华人民共和国的一切权力属于（　　）。</li></ol>
            <ol type="A"><li>人民</li><li>中国共产党</li><li>国务院</li><li>全国人民代表大会</li></ol>
            <p>答案：A</p>
            <ol start="2"><li>国家的根本任务是（　　）。</li></ol>
            <ol type="A"><li>发展经济</li><li>沿着中国特色社会主义道路，集中力量进行社会主义现代化建设</li></ol>
            <p>答案：B</p>
            <p>二、判断题</p>
            <ol><li>宪法是国家的根本法。（√）</li><li>国家尊重和保障人权。 答案：对</li></ol>
            </body></html>
            """
        try await withTemporaryDirectory(files: ["题库.html": html]) { directory in
            try BuildTests.libreOffice(convertTo: "docx:MS Word 2007 XML", [directory.appendingPathComponent("题库.html")], into: directory)
            let run = try await kaofa("import", "题库.docx", "--law", "宪法", "-o", "宪法.md", in: directory)
            expectNoCrash(run)
            #expect(run.status == 0, "\(run)")
            #expect(run.stderrLines.first?.hasPrefix("读取 题库.docx（Word 文档，") == true, "\(run)")
            #expect(run.stderrLines.last == "kaofa check 宪法.md：未发现问题", "\(run)")
            let bank = try directory.appendingPathComponent("宪法.md").text()
            #expect(bank.contains("1. 中华人民共和国的一切权力属于（　　）。 {#Q-0001}\nA. 人民\nB. 中国共产党\nC. 国务院\nD. 全国人民代表大会\n答案：A\n"), "\(bank)")
            #expect(bank.contains("2. 国家的根本任务是（　　）。 {#Q-0002}\nA. 发展经济\n"), "\(bank)")
            #expect(bank.contains("2. 国家尊重和保障人权。 {#Q-0004}\n答案：正确\n"), "\(bank)")
        }
    }

    @Test("--sheet is for Excel files only; a Word document saved as .txt without converting is refused")
    func misuse() async throws {
        try await withTemporaryDirectory(files: ["题库.txt": "1. 题\n"], bytes: ["文档.txt": [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]]) { directory in
            let sheet = try await kaofa("import", "题库.txt", "--sheet", "Sheet1", "-o", "x.md", in: directory)
            #expect(sheet.status == 2 && sheet.stderrLines.first == "Error: --sheet 只用于 Excel（.xlsx）文件")
            let docx = try await kaofa("import", "文档.txt", "-o", "x.md", in: directory)
            #expect(docx.status == 1)
            #expect(docx.stderrLines.first == "文档.txt:1:1: error[E0801]: 这不是文本文件（第 1 行含有 NUL 字节），无法作为文本读取")
            #expect(!directory.appendingPathComponent("x.md").exists())
            // An old Word document, an old Excel workbook or a PDF given as it is: how to make a file kaofa reads.
            for (name, advice) in [("题库.DOC", "另存为” Word 文档（*.docx），或纯文本（*.txt"), ("题库.wps", "另存为” Word 文档（*.docx）"),
                                   ("题库.xls", "另存为” Excel 工作簿（*.xlsx）"), ("题库.pdf", "保存为 UTF-8 的 .txt 文件")] {
                let result = try await kaofa("import", name, "-o", "x.md", in: directory)
                #expect(result.status == 2 && result.stderrLines.first?.contains(advice) == true, "\(result)")
                #expect(!directory.appendingPathComponent("x.md").exists())
            }
        }
    }
}
