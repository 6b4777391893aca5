import Foundation
import Testing

/// A bank with one planted problem and the exact text `kaofa check 题库.md` must print for it.
struct PlantedError: Sendable, CustomTestStringConvertible {
    var code: String
    var source: String
    var status: Int32
    var stderr: [String]

    var testDescription: String { code }
}

extension PlantedError {
    static func named(_ code: String) throws -> PlantedError {
        try #require(all.first { $0.code == code }, "no planted error \(code)")
    }

    static let all: [PlantedError] = [
        PlantedError(code: "E0202", source: """
            ---
            law: 宪法
            audience: 全部
            ---

            ## 一、单项选择题

            1. 中华人民共和国的一切权力属于（  ）。 {#XF-0001 难度=易 条文=第二条}
            A. 人民
            B. 中国共产党
            C. 全国人民代表大会
            D. 国务院
            答案：E
            解析：《宪法》第二条。

            """, status: 1, stderr: [
                "题库.md:13:4: error[E0202]: 答案中的“E”没有对应的选项",
                Snippet.source(13, "答案：E"),
                Snippet.caret(13, offset: 6),
                "  help: 本题的选项是 A、B、C、D；把答案改为其中的字母，或补上选项 E",
                "检查了 1 个文件、1 道题：发现 1 个错误",
            ]),
        PlantedError(code: "E0201", source: """
            ---
            law: 宪法
            audience: 全部
            ---

            ## 一、单项选择题

            1. 中华人民共和国的一切权力属于（  ）。 {#XF-0001 难度=易 条文=第二条}
            A. 人民
            B. 中国共产党
            C. 全国人民代表大会
            D. 国务院

            """, status: 1, stderr: [
                "题库.md:8:1: error[E0201]: 第 1 题缺少答案",
                Snippet.source(8, "1. 中华人民共和国的一切权力属于（  ）。 {#XF-0001 难度=易 条文=第二条}"),
                Snippet.caret(8, offset: 0, width: 2),
                "  help: 在选项之后加一行答案，例如 答案：A",
                "检查了 1 个文件、1 道题：发现 1 个错误",
            ]),
        // The example of docs/diagnostics.md: the error is on the later id, the note on the first one.
        PlantedError(code: "E0302", source: """
            ---
            law: 宪法
            ---

            ## 单项选择题

            1. 中华人民共和国的一切权力属于（  ）。 {#XF-0001}
            A. 人民
            B. 中国共产党
            答案：A

            2. 人民行使国家权力的机关是（  ）。 {#XF-0001}
            A. 全国人民代表大会和地方各级人民代表大会
            B. 国务院和地方各级人民政府
            答案：A

            """, status: 1, stderr: [
                "题库.md:12:24: error[E0302]: 题目编号“XF-0001”重复",
                Snippet.source(12, "2. 人民行使国家权力的机关是（  ）。 {#XF-0001}"),
                // "2. " 3 + 12 characters ×2 + "（  ）。" 8 + " {#" 3 = 38 columns before "XF-0001".
                Snippet.caret(12, offset: 38, width: 7),
                "  help: 每道题的编号在整个题库中必须唯一；删除这里的编号后运行 kaofa fmt --assign-ids 可分配新编号",
                "题库.md:7:26: note: “XF-0001”第一次用在这里",
                Snippet.source(7, "1. 中华人民共和国的一切权力属于（  ）。 {#XF-0001}"),
                Snippet.caret(7, offset: 42, width: 7),
                "检查了 1 个文件、2 道题：发现 1 个错误",
            ]),
        // A warning only: exit status 0.
        PlantedError(code: "W0406", source: """
            ---
            law: 合同法
            ---

            ## 判断题

            1. 当事人订立合同，应当具有相应的民事权利能力和民事行为能力。 {#HT-0001 条文=第九条}
            答案：正确

            """, status: 0, stderr: [
                "题库.md:2:6: warning[W0406]: 《中华人民共和国合同法》已经废止",
                Snippet.source(2, "law: 合同法"),
                Snippet.caret(2, offset: 5, width: 6),
                "  help: 改为引用现行有效的《中华人民共和国民法典》，并核对条文",
                "  note: 《中华人民共和国合同法》已于 2021-01-01 废止，由《中华人民共和国民法典》取代",
                "检查了 1 个文件、1 道题：发现 1 个警告",
            ]),
        // The example of docs/diagnostics.md: a law revised after the text kaofa holds.
        PlantedError(code: "W0411", source: """
            ---
            law: 村民委员会组织法
            ---

            ## 判断题

            1. 村民委员会实行民主选举、民主协商、民主决策、民主管理、民主监督。 {#CW-0001 条文=第二条}
            答案：正确

            """, status: 0, stderr: [
                "题库.md:2:6: warning[W0411]: 《中华人民共和国村民委员会组织法》已于 2025-10-28 修改，kaofa 没有收录修改后的文本，无法核对条文序号和引文",
                Snippet.source(2, "law: 村民委员会组织法"),
                Snippet.caret(2, offset: 5, width: 16),
                "  note: 2025年10月28日第十四届全国人民代表大会常务委员会第十八次会议修正，2026年1月1日起施行；修正后的原文 kaofa 尚未收录，条文序号和引文不作核对",
                "  help: 对照现行正式文本核对这些题的条文序号、引文和答案；把现行文本放进 Laws/ 目录，kaofa 就能核对（docs/law-catalog.md 6.1 节）",
                "检查了 1 个文件、1 道题：发现 1 个警告",
            ]),
        // The example of docs/diagnostics.md: a quotation that is not the law's words.
        PlantedError(code: "W0410", source: """
            ---
            law: 宪法
            ---

            ## 判断题

            1. 中华人民共和国公民在法律面前一律平等。 {#XF-0301 条文=第三十三条第二款}
            答案：正确
            解析：《中华人民共和国宪法》第三十三条第二款规定：“中华人民共和国公民在法律面前人人平等。”

            """, status: 0, stderr: [
                "题库.md:9:26: warning[W0410]: 引用的文字在《中华人民共和国宪法》中找不到：“中华人民共和国公民在法律面前人人平等”",
                Snippet.source(9, "解析：《中华人民共和国宪法》第三十三条第二款规定：“中华人民共和国公民在法律面前人人平等。”"),
                // 25 full-width characters before the opening quotation mark; the quotation is 19 of them between two
                // quotation marks, which take one column each.
                Snippet.caret(9, offset: 50, width: 40),
                "  help: 对照原文改正引文，原文用 kaofa law 宪法 第三十三条 查看；省略的部分写成“……”",
                "检查了 1 个文件、1 道题：发现 1 个警告",
            ]),
        PlantedError(code: "E0203", source: """
            ---
            law: 宪法
            ---

            ## 单项选择题

            1. 中华人民共和国的一切权力属于（  ）。 {#XF-0001}
            A. 人民
            B. 中国共产党
            答案：AB

            """, status: 1, stderr: [
                "题库.md:10:4: error[E0203]: 单项选择题只能有一个答案，这里有 2 个",
                Snippet.source(10, "答案：AB"),
                Snippet.caret(10, offset: 6, width: 2),
                "  help: 只保留一个正确选项；如果确有多个正确答案，请把本题移到“多项选择题”或“不定项选择题”之下",
                "检查了 1 个文件、1 道题：发现 1 个错误",
            ]),
        PlantedError(code: "E0205", source: """
            ---
            law: 宪法
            ---

            ## 判断题

            1. 宪法是国家的根本法。 {#XF-0001}
            答案：也许

            """, status: 1, stderr: [
                "题库.md:8:4: error[E0205]: 判断题的答案应是“正确”或“错误”，这里写的是“也许”",
                Snippet.source(8, "答案：也许"),
                Snippet.caret(8, offset: 6, width: 4),
                "  help: 写成 答案：正确 或 答案：错误（也可以写 对/错、√/×）",
                "检查了 1 个文件、1 道题：发现 1 个错误",
            ]),
        PlantedError(code: "E0207", source: """
            ---
            law: 宪法
            ---

            ## 填空题

            1. 中华人民共和国的一切权力属于____。 {#XF-0001}
            答案：人民；国家

            """, status: 1, stderr: [
                "题库.md:8:4: error[E0207]: 题干有 1 个空，答案却有 2 个",
                Snippet.source(8, "答案：人民；国家"),
                Snippet.caret(8, offset: 6, width: 10),
                "  help: 每个空一个答案，用“；”分隔；同一个空的几种写法用“/”分隔",
                "检查了 1 个文件、1 道题：发现 1 个错误",
            ]),
        PlantedError(code: "E0404", source: """
            ---
            law: 宪法
            ---

            ## 单项选择题

            1. 中华人民共和国的一切权力属于（  ）。 {#XF-0001 条文=第二百条}
            A. 人民
            B. 中国共产党
            答案：A

            """, status: 1, stderr: [
                "题库.md:7:37: error[E0404]: 《中华人民共和国宪法》没有第二百条（共 143 条）",
                Snippet.source(7, "1. 中华人民共和国的一切权力属于（  ）。 {#XF-0001 条文=第二百条}"),
                // 3 + 14×2 + 8 + " {#XF-0001 " 11 + "条文=" 5 = 55
                Snippet.caret(7, offset: 55, width: 8),
                "  help: 核对条文序号；用 kaofa law 宪法 第一条 可以查看条文原文",
                "检查了 1 个文件、1 道题：发现 1 个错误",
            ]),
        PlantedError(code: "E0401", source: """
            ---
            law: 宪法法
            ---

            ## 判断题

            1. 宪法是国家的根本法。 {#XF-0001}
            答案：正确

            """, status: 1, stderr: [
                "题库.md:2:6: error[E0401]: 法律目录中没有“宪法法”",
                Snippet.source(2, "law: 宪法法"),
                Snippet.caret(2, offset: 5, width: 6),
                "  help: 是不是想写“宪法”？",
                "  note: 运行 kaofa law --list 查看法律目录中的全部名称；目录中没有的法规，可以把原文放进 Laws/ 目录（docs/law-catalog.md 6.1 节）",
                "检查了 1 个文件、1 道题：发现 1 个错误",
            ]),
        PlantedError(code: "E0104", source: """
            ## 单项选择题

            1. 题干（  ）。 {#A-1 法律=宪法 难度=易
            A. 甲
            B. 乙
            答案：A

            """, status: 1, stderr: [
                "题库.md:3:12: error[E0104]: 属性块没有以 } 结束",
                Snippet.source(3, "1. 题干（  ）。 {#A-1 法律=宪法 难度=易"),
                // 3 + 2×2 + 8 + 1 = 16 columns before "{"; the block runs to the end of the line (23 columns).
                Snippet.caret(3, offset: 16, width: 23),
                "  help: 在行末补上 }，例如 {#XF-0001 难度=易}",
                "检查了 1 个文件、1 道题：发现 1 个错误",
            ]),
    ]
}

@Suite("kaofa check")
struct CheckTests {
    @Test("the repository's sample banks check clean")
    func sampleBanks() async throws {
        let banks = try Repository.root().appendingPathComponent("Banks")
        let result = try await kaofa("check", banks.path)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == "")
        let last = try #require(result.stderrLines.last)
        #expect(last.hasPrefix("检查了 6 个文件"), "last line: \(last)")
        #expect(last.hasSuffix("：未发现问题"), "last line: \(last)")
    }

    @Test("without a path, check reads Banks/ in the working directory")
    func defaultPath() async throws {
        let result = try await kaofa("check", in: try Repository.root())
        #expect(result.status == 0, "\(result)")
        #expect(try #require(result.stderrLines.last).hasPrefix("检查了 6 个文件"))
    }

    @Test("a planted problem is reported with its position, source line and caret", arguments: PlantedError.all)
    func planted(_ planted: PlantedError) async throws {
        try await withTemporaryDirectory(files: ["题库.md": planted.source]) { directory in
            let result = try await kaofa("check", "题库.md", in: directory)
            #expect(result.status == planted.status, "\(result)")
            #expect(result.stdout == "")
            #expect(result.stderrLines == planted.stderr)
        }
    }

    @Test("--werror turns the repealed-law warning into an error and exit status 1")
    func werror() async throws {
        let bank = try PlantedError.named("W0406").source
        try await withTemporaryDirectory(files: ["题库.md": bank]) { directory in
            let plain = try await kaofa("check", "题库.md", in: directory)
            #expect(plain.status == 0, "\(plain)")
            let strict = try await kaofa("check", "--werror", "题库.md", in: directory)
            #expect(strict.status == 1, "\(strict)")
            #expect(strict.stderrLines.first == "题库.md:2:6: error[W0406]: 《中华人民共和国合同法》已经废止")
            #expect(strict.stderrLines.last == "检查了 1 个文件、1 道题：发现 1 个错误")
        }
    }

    @Test("a duplicate id across files: the note points at the file given first")
    func duplicateAcrossFiles() async throws {
        let first = """
            ---
            law: 宪法
            ---

            ## 单项选择题

            1. 人民行使国家权力的机关是（  ）。 {#XF-0001}
            A. 全国人民代表大会和地方各级人民代表大会
            B. 国务院和地方各级人民政府
            答案：A

            """
        let second = """
            ---
            law: 宪法
            ---

            ## 单项选择题

            1. 中华人民共和国的一切权力属于（  ）。 {#XF-0001}
            A. 人民
            B. 中国共产党
            答案：A

            """
        try await withTemporaryDirectory(files: ["b.md": first, "a.md": second]) { directory in
            let result = try await kaofa("check", "b.md", "a.md", in: directory)
            #expect(result.status == 1, "\(result)")
            #expect(result.stderrLines == [
                "a.md:7:26: error[E0302]: 题目编号“XF-0001”重复",
                Snippet.source(7, "1. 中华人民共和国的一切权力属于（  ）。 {#XF-0001}"),
                Snippet.caret(7, offset: 42, width: 7),
                "  help: 每道题的编号在整个题库中必须唯一；删除这里的编号后运行 kaofa fmt --assign-ids 可分配新编号",
                "b.md:7:24: note: “XF-0001”第一次用在这里",
                Snippet.source(7, "1. 人民行使国家权力的机关是（  ）。 {#XF-0001}"),
                Snippet.caret(7, offset: 38, width: 7),
                "检查了 2 个文件、2 道题：发现 1 个错误",
            ])
        }
    }

    @Test("a byte-order mark and CRLF line ends do not move positions")
    func bomAndCRLF() async throws {
        let lf = "## 单选题\n\n1. 题干（  ）。 {#A-1 法律=宪法}\nA. 甲\nB. 乙\n答案：E\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        try await withTemporaryDirectory(files: ["lf.md": lf], bytes: ["crlf.md": [0xEF, 0xBB, 0xBF] + Array(crlf.utf8)]) { directory in
            for name in ["lf.md", "crlf.md"] {
                let result = try await kaofa("check", name, in: directory)
                #expect(result.status == 1, "\(result)")
                #expect(result.stderrLines == [
                    "\(name):6:4: error[E0202]: 答案中的“E”没有对应的选项",
                    Snippet.source(6, "答案：E"),
                    Snippet.caret(6, offset: 6),
                    "  help: 本题的选项是 A、B；把答案改为其中的字母，或补上选项 E",
                    "检查了 1 个文件、1 道题：发现 1 个错误",
                ])
            }
        }
    }

    @Test("directories are searched recursively for .md files; hidden files and README.md are skipped, a .txt file named")
    func directoryCollection() async throws {
        let valid = try Fixtures.text("valid-xianfa.md")
        let broken = "## 判断题\n\n1. 宪法是国家的根本法。 {#XF-0009 法律=宪法}\n答案：也许\n"
        try await withTemporaryDirectory(files: [
            "题库/子目录/宪法.md": valid,
            "题库/.草稿.md": broken,
            "题库/README.md": broken,
            "题库/说明.txt": broken,
        ]) { directory in
            let result = try await kaofa("check", "题库", in: directory)
            #expect(result.status == 0, "\(result)")
            #expect(result.stderrLines == ["检查了 1 个文件、3 道题：未发现问题",
                                           "注意：题库/说明.txt 不是 kaofa 题库文件（.md），没有检查；Word、Excel 中的题库可以用 kaofa import 转换"])
        }
    }

    /// bank-format.md §4 accepts `1、` as a question number, and a stem may well start with a digit
    /// (`17周岁的小李…`, `2022年修改后的党章…`): `2、17周岁…` must start question 2 (regression test).
    @Test("a question numbered 2、 whose stem starts with a digit is a question")
    func numberFollowedByDigit() async throws {
        let bank = """
            ## 单项选择题

            1. 十六周岁以上的未成年人，以自己的劳动收入为主要生活来源的，视为（  ）。 {#MF-0001 法律=民法典}
            A. 完全民事行为能力人
            B. 限制民事行为能力人
            答案：A
            解析：民法典第十八条第二款。

            2、17周岁的小李以自己的劳动收入为主要生活来源，他属于（  ）。 {#MF-0002 法律=民法典}
            A. 视为完全民事行为能力人
            B. 无民事行为能力人
            答案：A

            """
        try await withTemporaryDirectory(files: ["题库.md": bank]) { directory in
            let result = try await kaofa("check", "题库.md", in: directory)
            expectNoCrash(result)
            #expect(result.status == 0, "\(result)")
            #expect(result.stderrLines == ["检查了 1 个文件、2 道题：未发现问题"])
        }
    }
}
