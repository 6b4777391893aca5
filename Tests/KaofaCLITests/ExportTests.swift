import Foundation
import Testing

/// `kaofa export`, run as a teacher would: a bank with errors writes nothing; a good bank is written, every question
/// held back is listed, and the file imports back.
@Suite("export")
struct ExportTests {
    static let bank = """
        ---
        law: 宪法
        ---

        ## 一、判断题

        1. 宪法是国家的根本法。 {#XF-0001 难度=易}
        答案：正确

        ## 二、案例分析题

        1. 阅读下列材料，回答问题。 {#XF-0002}
        材料：某村村民委员会决定……

        （1）村民委员会的决定是否合法？ {题型=判断}
        答案：错误

        """

    @Test("a bank with errors: no file, exit 1, the errors as kaofa check shows them")
    func errors() async throws {
        let broken = "---\nlaw: 宪法\n---\n\n## 一、单项选择题\n\n1. 题干（  ）。 {#XF-0001}\nA. 甲\nB. 乙\n答案：C\n"
        try await withTemporaryDirectory(files: ["题库.md": broken]) { directory in
            let run = try await kaofa("export", "题库.md", "--to", "csv", "-o", "导出.csv", "--color", "never", in: directory)
            expectNoCrash(run)
            #expect(run.status == 1)
            #expect(run.stderrLines.first == "题库.md:10:4: error[E0202]: 答案中的“C”没有对应的选项")
            #expect(run.stderrLines.last == "题库有错误，没有导出；改正后再运行 kaofa export")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("导出.csv").path))
        }
    }

    @Test("a good bank: the file is written, the case question is listed and summed up, and the file imports back")
    func written() async throws {
        try await withTemporaryDirectory(files: ["题库.md": Self.bank, "导入/.keep": ""]) { directory in
            let run = try await kaofa("export", "题库.md", "-o", "导出.csv", "--color", "never", in: directory)
            expectNoCrash(run)
            #expect(run.status == 0)
            #expect(run.stderrLines == [
                "题库.md:12:1: warning[W0812]: 题目 XF-0002 没有导出：案例分析题有材料和 1 道小题，表格的一行写不下",
                "  12 | 1. 阅读下列材料，回答问题。 {#XF-0002}",
                "     | ^~",
                "  help: 这道题留在题库中；需要在其他系统中使用时，请在那里手工录入",
                "已导出 1 道题（共 2 道）到 导出.csv；1 道题没有导出（W0812），见上面的列表",
            ])
            let csv = String(decoding: try Data(contentsOf: directory.appendingPathComponent("导出.csv")), as: UTF8.self)
            #expect(csv == "\u{FEFF}编号,题型,题干,选项A,选项B,选项C,选项D,选项E,选项F,选项G,选项H,答案,解析,难度,法律,条文,知识点,对象\r\n"
                    + "XF-0001,判断题,宪法是国家的根本法。,,,,,,,,,正确,,易,中华人民共和国宪法,,,\r\n")
            let back = try await kaofa("import", "导出.csv", "-o", "导入/宪法.md", "--color", "never", in: directory)
            #expect(back.status == 0, "\(back)")
            let imported = try String(contentsOf: directory.appendingPathComponent("导入/宪法.md"), encoding: .utf8)
            #expect(imported.contains("1. 宪法是国家的根本法。 {#XF-0001 法律=中华人民共和国宪法 难度=易}\n答案：正确\n"), "\(imported)")
        }
    }

    @Test("an existing file is kept unless --force; xlsx is inferred from -o")
    func existingFile() async throws {
        try await withTemporaryDirectory(files: ["题库.md": Self.bank, "导出.xlsx": "旧文件"]) { directory in
            let refused = try await kaofa("export", "题库.md", "-o", "导出.xlsx", in: directory)
            #expect(refused.status == 2)
            #expect(refused.stderrLines == ["kaofa: 导出.xlsx 已经存在；确认要覆盖时加 --force"])
            let forced = try await kaofa("export", "题库.md", "-o", "导出.xlsx", "--force", "--color", "never", in: directory)
            #expect(forced.status == 0)
            let bytes = try Data(contentsOf: directory.appendingPathComponent("导出.xlsx"))
            #expect(bytes.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]))
        }
    }

    @Test("--to moodle is inferred from .xml: the case question is listed, the file is Moodle XML")
    func moodle() async throws {
        try await withTemporaryDirectory(files: ["题库.md": Self.bank]) { directory in
            let run = try await kaofa("export", "题库.md", "-o", "题库.xml", "--color", "never", in: directory)
            expectNoCrash(run)
            #expect(run.status == 0)
            #expect(run.stderrLines == [
                "题库.md:12:1: warning[W0812]: 题目 XF-0002 没有导出：案例分析题有材料和 1 道小题，Moodle XML 的题型中没有对应的",
                "  12 | 1. 阅读下列材料，回答问题。 {#XF-0002}",
                "     | ^~",
                "  help: 这道题留在题库中；需要在 Moodle 中使用时，请在那里手工录入",
                "已导出 1 道题（共 2 道）到 题库.xml；1 道题没有导出（W0812），见上面的列表",
            ])
            let xml = try String(contentsOf: directory.appendingPathComponent("题库.xml"), encoding: .utf8)
            #expect(xml.contains("""
                  <question type="truefalse">
                    <name><text>XF-0001</text></name>
                    <questiontext format="html"><text><![CDATA[<p>宪法是国家的根本法。</p>]]></text></questiontext>
                """))
            #expect(xml.contains("<idnumber>XF-0001</idnumber>"))
            #expect(xml.hasSuffix("</quiz>\n"))
        }
    }
}
