import Foundation
import KaofaCore
import Testing
@testable import KaofaInterchange

/// `kaofa import --from moodle`: a bank exported to Moodle XML comes back the same in everything Moodle holds, and a
/// file made by Moodle itself imports with every question accounted for at its line.
@Suite("import Moodle XML")
struct MoodleImportTests {
    /// Imports Moodle XML text into `导入/导入.md` beside no other bank.
    static func importXML(_ xml: String, options: ImportOptions = ImportOptions(), path: String = "题库.xml") throws -> ImportReport {
        try MoodleXMLImporter.run(Array(xml.utf8), sourcePath: path, outputPath: "导入/导入.md", options: options,
                                  existingBanks: [], catalog: Support.catalog).get()
    }

    /// What Moodle XML carries of a question: the template's fields, and also 评分要点, 分值 (other than 1), 标签.
    struct Carried: Equatable, CustomStringConvertible {
        var fields: ExportRoundTripTests.Carried
        var rubric: [String]
        var points: Double?
        var tags: [String]

        init(_ question: Question) {
            fields = ExportRoundTripTests.Carried(question)
            if case let .written(_, rubric) = question.answer { self.rubric = rubric } else { rubric = [] }
            points = question.points == 1 ? nil : question.points
            tags = question.tags
        }

        var description: String { "\(fields) \(rubric) \(points.map { "\($0)" } ?? "-") \(tags)" }
    }

    /// Exports `questions` to Moodle XML, imports the file and compiles the written bank.
    static func roundTrip(_ questions: [Question]) throws -> (export: MoodleXMLExport, back: [Question], report: ImportReport) {
        let export = MoodleXMLExport(questions, catalog: Support.catalog)
        let report = try importXML(export.xml)
        let back = ExportRoundTripTests.compile([("导入/导入.md", Array((report.bankText ?? "").utf8))])
        return (export, back, report)
    }

    @Test("each sample bank → Moodle XML → import: every question Moodle holds compiles the same, nothing to report",
          arguments: ExportRoundTripTests.sampleBanks)
    func sampleBank(name: String) throws {
        let original = ExportRoundTripTests.compile([try Support.sampleBank(name)])
        let (export, back, report) = try Self.roundTrip(original)
        #expect(Support.lines(report.diagnostics + report.fileNotes) == [])
        #expect(Support.lines(report.bankDiagnostics) == [])
        let held = original.filter { MoodleXMLExport.whyNotHeld($0) == nil }
        #expect(held.count == original.count - original.count { $0.type == .caseAnalysis })
        #expect(export.exportedIDs == held.map(\.id))
        #expect(back.count == held.count)
        for (before, after) in zip(held, back) {
            #expect(Carried(before) == Carried(after))
        }
        // The import wrote nothing it was not given: the ids are the bank's, none was given out.
        #expect(report.generatedIDs == 0)
        #expect(report.importedCount == held.count)
    }

    static let trickyBank = """
        ---
        law: 宪法
        audience: 领导干部
        ---

        ## 一、单项选择题

        1. 下列属于 <国家机构> & 的是（  ）。 {#T-0001 难度=易 条文=第二条 分值=2 标签=重点,2024 互斥=甲}
        第二行题干
        A. 国务院
        B. 政党 **加粗**
        C. 以上都对 {固定}
        答案：A
        解析：解析]]>文字
        解析第二行

        2. 根据下表作答： {#T-0002 知识点=国家机构}
        | 机关 | 产生 |
        | --- | --- |
        | 国务院 | 全国人大 |
        国务院由谁产生？
        A. 全国人大
        B. 人民法院
        答案：A

        ## 二、不定项选择题

        1. 只有一个正确答案的不定项（  ）。 {#T-0101 知识点=甲}
        A. 对的
        B. 错的
        答案：A

        2. 两个正确答案的不定项（  ）。 {#T-0102 知识点=乙}
        A. 对的
        B. 也对
        C. 错的
        答案：AB

        ## 三、填空题

        1. 通配符____。 {#T-0201 知识点=丙}
        答案：5*/五*

        2. 两个空____和（  ）。 {#T-0202 知识点=丁}
        答案：甲/a~b}；乙#/"丙"

        ## 四、简答题

        1. 简述。 {#T-0301 知识点=戊 分值=10}
        参考答案：第一段。
        第二段 <b>。
        评分要点：
        - 要点一（5分）
        - 要点二（5分）

        """

    @Test("markup, HTML special characters, tables, 不定项, wildcards, Cloze escapes, rubric and points come back")
    func trickyContent() throws {
        let original = ExportRoundTripTests.compile([("Banks/测试.md", Array(Self.trickyBank.utf8))])
        let (export, back, report) = try Self.roundTrip(original)
        #expect(Support.lines(export.diagnostics) == [
            "W0813 8:1 题目 T-0001 已导出，但 Moodle XML 中没有：选项 C 的 {固定} 标记（Moodle 打乱选项时不能固定某个选项）；互斥=甲",
            "W0813 17:1 题目 T-0002 已导出，但 Moodle XML 中没有：表格（题目中是以 | 分隔的文字）",
        ])
        #expect(Support.lines(report.diagnostics + report.fileNotes) == [])
        #expect(back.map(Carried.init) == original.map(Carried.init))
        #expect(back.map(\.type) == [.single, .single, .indefinite, .indefinite, .fillBlank, .fillBlank, .shortAnswer])
        #expect(back[4].answer == .blanks([["5*", "五*"]]))
        #expect(back[5].answer == .blanks([["甲", "a~b}"], ["乙#", "\"丙\""]]))
        #expect(back[6].answer == .written(reference: "第一段。\n第二段 <b>。", rubric: ["要点一（5分）", "要点二（5分）"]))
        #expect(back[0].points == 2 && back[6].points == 10)
        // What Moodle cannot hold is exactly what the export reported: {固定} and 互斥.
        #expect(back[0].options[2].pinned == false && back[0].enemyGroups == [])
    }

    @Test("a file from Moodle itself: each type, HTML, feedback, partial credit, categories and unsupported types at their lines")
    func foreignFile() throws {
        let xml = try String(contentsOf: Support.fixture("moodle-foreign.xml"), encoding: .utf8)
        let report = try Self.importXML(xml, path: "moodle.xml")
        #expect(Support.lines(report.fileNotes) == [
            "W0809 4:1 第 4 行的类别“宪法”用作其下 5 道题的法律（这些题没有写法律）",
            "W0808 14:1 7 道题（第 14、71、103、136、162、177、218 行）的题目名称（如“宪法第1题”）没有导入",
            "W0809 212:1 第 212 行的类别“国家机构”用作其下 1 道题的知识点（这些题没有写知识点）",
        ])
        #expect(Support.lines(report.diagnostics) == [
            "W0808 14:1 第 14 行的题：答对时、答错时的反馈没有导入（题库中只有解析）",
            "W0808 48:1 第 14 行的题：选项 B 的反馈没有导入（题库中只有整道题的解析）",
            "W0809 54:1 第 14 行的题：选项 C 在 Moodle 中得 50% 的分；kaofa 的单选题只有一个正确答案，它按错误选项导入",
            "W0808 75:1 第 71 行的题：题干中的图片 @@PLUGINFILE@@/npc.png 没有导入（题库中的图片另存为文件，在题干中用 ![说明](图片/图1.png) 引用）",
            "W0809 85:1 第 71 行的题：编号“全国人大-1”不能用作题目编号（只能由字母、数字和 - _ . 组成，以字母或数字开头），已改用新编号",
            "W0808 87:1 第 71 行的题：Moodle 中设为不打乱选项，这个设置没有导入（kaofa 由组卷蓝图决定是否打乱，选项可以标 {固定}）",
            "W0809 136:1 第 136 行的题：题干中没有空（Moodle 的简答题在题干下面作答），已在题干末尾加上 ____",
            "W0808 157:1 第 136 行的题：答案“五”在 Moodle 中得 50% 的分，kaofa 的填空题只认完全正确的答案，它没有导入",
            "W0808 162:1 第 162 行的题：第 1 个空的答案“民主”得 50% 的分，kaofa 的填空题只认完全正确的答案，它没有导入",
            "E0807 177:1 第 177 行的完形填空题中有“MULTICHOICE”类型的空，kaofa 的填空题只有填写文字的空，这道题没有导入",
            "E0807 192:1 第 192 行的题是 Moodle 的“配对题”（matching），kaofa 没有对应的题型，这道题没有导入",
            "E0807 245:1 第 245 行的题是 Moodle 的“数字题”（numerical），kaofa 没有对应的题型，这道题没有导入",
        ])
        #expect(report.rows.map(\.number) == [14, 71, 103, 136, 162, 177, 192, 218, 245])
        #expect(report.droppedRows == [177, 192, 245])
        #expect(report.bankText == """
            <!-- 由 kaofa import 从 moodle.xml 导入 -->

            ## 一、单项选择题

            1. 中华人民共和国的一切权力属于**（  ）**。 {#XF-0001 法律=宪法 分值=2 标签=重点}
            A. 人民
            B. 中国共产党
            C. 全国人民代表大会
            D. 国务院
            答案：A
            解析：《宪法》第二条第一款。

            ## 二、多项选择题

            1. 根据宪法，下列属于全国人民代表大会职权的有（   ）。 {#Q-0001 法律=宪法}
            A. 修改宪法
            B. 监督宪法的实施
            C. 解释宪法
            D. 选举中华人民共和国主席、副主席
            答案：ABD

            ## 三、判断题

            1. 中华人民共和国实行依法治国， {#Q-0002 法律=中华人民共和国宪法 难度=易}
            建设社会主义法治国家。
            答案：正确
            解析：宪法第五条。

            ## 四、填空题

            1. 全国人民代表大会每届任期几年？____ {#Q-0003 法律=宪法}
            答案：五年/5年

            2. 国家机构实行____的原则，国家的一切权力属于（  ）。 {#Q-0004 法律=宪法}
            答案：民主集中制；人民

            ## 五、简答题

            1. 简述我国国家机构的组织原则。 {#Q-0005 知识点=国家机构 分值=10}
            参考答案：民主集中制原则。
            中央和地方的国家机构职权的划分（5分）

            """)
        // The written bank passes check but for the question without a law (W0408).
        #expect(report.bankDiagnostics.map(\.code) == [.missingLaw])
        #expect(report.hasErrors)
    }

    @Test("the report lists each finding under its question, what is about the whole file before the first question")
    func reportText() throws {
        let xml = try String(contentsOf: Support.fixture("moodle-foreign.xml"), encoding: .utf8)
        let text = ImportReportText().render(try Self.importXML(xml, path: "moodle.xml"))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "读取 moodle.xml（Moodle XML）")
        #expect(lines[1].hasPrefix("moodle.xml:4:1: warning[W0809]: 第 4 行的类别“宪法”"))
        // The file's own line is shown under a finding.
        #expect(lines[2] == "  4 |   <question type=\"category\">")
        let row71 = try #require(lines.firstIndex(of: "第 71 行：导入为 Q-0001（多项选择题）"))
        #expect(lines[row71 + 1].hasPrefix("moodle.xml:75:1: warning[W0808]: 第 71 行的题：题干中的图片"))
        #expect(lines.contains("第 192 行：没有导入"))
        #expect(lines.last == "kaofa check 导入/导入.md：发现 1 个警告，没有错误")
    }

    @Test("what cannot be read is one E0801 at its line, and nothing is written",
          arguments: [
            ("<?xml version=\"1.0\"?>\n<quiz>\n  <question type=\"truefalse\">\n  </quiz>\n", "E0801 4:1 第 4 行：XML 格式不正确，无法作为 Moodle XML 读取"),
            ("<?xml version=\"1.0\"?>\n<questions>\n</questions>\n", "E0801 2:1 这不是 Moodle XML 题目文件：最外层的元素是 <questions>，应当是 <quiz>"),
            ("<?xml version=\"1.0\"?>\n<!DOCTYPE quiz [<!ENTITY a \"aaaa\">]>\n<quiz/>\n", "E0801 1:1 文件中有 DOCTYPE 或实体声明，Moodle XML 文件不会有这些内容，kaofa 不读取这样的文件"),
            ("\n", "E0801 1:1 文件是空的"),
          ])
    func unreadable(xml: String, expected: String) throws {
        let result = MoodleXMLImporter.run(Array(xml.utf8), sourcePath: "题库.xml", outputPath: "导入.md", options: ImportOptions(),
                                           existingBanks: [], catalog: Support.catalog)
        guard case let .failure(diagnostic) = result else {
            Issue.record("read: \(xml)")
            return
        }
        #expect(Support.lines([diagnostic]) == [expected])
    }

    @Test("a file in GBK without saying so is refused at its first line that is not UTF-8; one that declares it is read")
    func encoding() throws {
        let gbk: [UInt8] = [0xCF, 0xDC, 0xB7, 0xA8]  // 宪法 in GB18030
        let undeclared = Array("<?xml version=\"1.0\"?>\n<quiz>\n<!-- ".utf8) + gbk + Array(" -->\n</quiz>\n".utf8)
        let result = MoodleXMLImporter.run(undeclared, sourcePath: "题库.xml", outputPath: "导入.md", options: ImportOptions(),
                                           existingBanks: [], catalog: Support.catalog)
        guard case let .failure(diagnostic) = result else { Issue.record("read GBK as UTF-8"); return }
        #expect(Support.lines([diagnostic]) == ["E0801 3:1 第 3 行不是有效的 UTF-8 文本（文件可能是 GBK 编码，或已损坏），无法作为 Moodle XML 读取"])
        let declared = Array("<?xml version=\"1.0\" encoding=\"GB18030\"?>\n<quiz>\n<question type=\"truefalse\"><questiontext format=\"html\"><text>".utf8)
            + gbk + [0xCA, 0xC7, 0xB8, 0xF9, 0xB1, 0xBE, 0xB7, 0xA8, 0xA1, 0xA3] + Array("</text></questiontext><answer fraction=\"100\"><text>true</text></answer></question>\n</quiz>\n".utf8)
        let report = try MoodleXMLImporter.run(declared, sourcePath: "题库.xml", outputPath: "导入/导入.md", options: ImportOptions(),
                                               existingBanks: [], catalog: Support.catalog).get()
        #expect(report.bankText?.contains("1. 宪法是根本法。 {#Q-0001}\n答案：正确\n") == true, "\(report.bankText ?? "")")
    }

    /// Through Foundation on Linux, libxml2 crashes the process on a document declared as GB18030 that holds bytes
    /// invalid in it; XMLEvents (Moodle XML and XLSX parts alike) decodes such a document itself and refuses it.
    @Test("a document declared in one encoding but holding bytes invalid in it is refused, never a crash", arguments: [
        ("GB18030", [0xCF, 0xDC, 0xB7, 0xA8, 0xE6, 0x98, 0xAF] as [UInt8], "文件声明为 GB18030 编码，内容却不是有效的 GB18030 文本"),
        ("EBCDIC-CP-US", Array("abc".utf8), "文件声明的编码“EBCDIC-CP-US”kaofa 不能读取，请另存为 UTF-8"),
    ])
    func declaredEncoding(name: String, content: [UInt8], reason: String) throws {
        final class Ignore: XMLEventHandler {
            func start(_ name: Substring, attributes: [String: String]) {}
            func end(_ name: Substring) {}
            func text(_ text: String) {}
        }
        let bytes = Array("<?xml version=\"1.0\" encoding=\"\(name)\"?>\n<quiz>\n<a>".utf8) + content + Array("</a>\n</quiz>\n".utf8)
        #expect(throws: TabularError.malformedXML(part: "题库.xml", line: 1, reason: reason)) {
            try XMLEvents.parse(bytes, part: "题库.xml", into: Ignore())
        }
        let result = MoodleXMLImporter.run(bytes, sourcePath: "题库.xml", outputPath: "导入.md", options: ImportOptions(),
                                           existingBanks: [], catalog: Support.catalog)
        guard case let .failure(diagnostic) = result else { Issue.record("read \(name)"); return }
        #expect(Support.lines([diagnostic]) == ["E0801 1:1 第 1 行：XML 格式不正确（\(reason)），无法作为 Moodle XML 读取"])
    }

    @Test("a quiz with no questions writes nothing and says so")
    func empty() throws {
        let report = try Self.importXML("<quiz>\n<question type=\"category\"><category><text>$course$/top/宪法</text></category></question>\n</quiz>\n")
        #expect(report.bankText == nil)
        #expect(Support.lines(report.diagnostics) == ["E0007 1:1 Moodle XML 文件中没有可以导入的题目，没有写出题库"])
    }

    @Test("HTML as bank text", arguments: [
        ("<p>甲</p><p>乙<br>丙</p>", "甲\n乙\n丙"),
        ("<p>a &lt; b &amp;&amp; c &gt; d &quot;e&quot; &#20013;&#x6587; &nbsp;f</p>", "a < b && c > d \"e\" 中文  f"),
        ("<p>（  ）与（&nbsp;&nbsp;）</p>", "（  ）与（  ）"),
        ("<p>两行\n   之间\t只有一个空格</p>", "两行 之间 只有一个空格"),
        ("<p><b>粗</b><em>斜</em><u>下划线</u>填<u>&nbsp;&nbsp;&nbsp;</u>空</p>", "**粗***斜*下划线填____空"),
        ("<table><tr><th>机关</th><th>产生</th></tr><tr><td>国务院</td><td>全国人大</td></tr></table>", "| 机关 | 产生 |\n| --- | --- |\n| 国务院 | 全国人大 |"),
        ("<ul><li>一</li><li>二</li></ul>", "一\n二"),
        ("a < b 而 c>d", "a < b 而 c>d"),
        ("&unknown; &amp", "&unknown; &amp"),
        ("<p>前<script>alert(1)</script>后<!-- 注释 --></p>", "前后"),
    ])
    func html(html: String, text: String) {
        #expect(HTMLToText.convert(html).text == text)
    }

    @Test("pictures, link targets and scripts are collected, not dropped silently")
    func htmlLosses() {
        let result = HTMLToText.convert("<p><img src=\"@@PLUGINFILE@@/a.png\" alt=\"图\">见<a href=\"https://flk.npc.gov.cn\">国家法律法规数据库</a><script>x</script></p>")
        #expect(result == HTMLToText.Result(text: "见国家法律法规数据库", images: ["@@PLUGINFILE@@/a.png"], links: ["https://flk.npc.gov.cn"], omitted: ["脚本"]))
    }

    @Test("Cloze fields: short answers become blanks, the rest is reported", arguments: [
        ("国家{1:SHORTANSWER:=甲~=a\\~b~%50%半#反馈}和（{2:SA:=乙}）", "国家____和（  ）", [["甲", "a~b"], ["乙"]], nil as String?, 3),
        ("{1:MULTICHOICE:=甲~乙}", "", [], "MULTICHOICE", 0),
        ("大括号{不是空}和{1:MW:=\\}\\#\\*}", "大括号{不是空}和____", [["}#*"]], nil, 0),
    ])
    func cloze(text: String, stem: String, blanks: [[String]], unsupported: String?, dropped: Int) {
        let result = MoodleClozeReading.read(text)
        #expect(result.unsupported == unsupported)
        guard unsupported == nil else { return }
        #expect(result.stem == stem)
        #expect(result.blanks == blanks)
        #expect(result.dropped.count == dropped, "\(result.dropped)")
    }
}
