import Foundation
import Testing

@Suite("kaofa law")
struct LawTests {
    @Test("--list shows the catalog by category, with article counts and repeals", arguments: [["law", "--list"], ["law"]])
    func list(arguments: [String]) async throws {
        let result = try await Kaofa.run(arguments)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr == "")
        let lines = result.stdoutLines
        #expect(lines.first == "【宪法】")
        #expect(lines.dropFirst().first == "  宪法（中华人民共和国宪法） 共143条 [含原文]")
        #expect(lines.contains("  民法典（中华人民共和国民法典） 共1260条 [含原文]"))
        #expect(lines.contains("  合同法（中华人民共和国合同法） 共428条 已于2021-01-01废止，由民法典取代"))
    }

    @Test("an article's text", arguments: [
        ("第二条", "《中华人民共和国宪法》第二条"),
        ("第2条", "《中华人民共和国宪法》第二条"),
        ("第二条第一款", "《中华人民共和国宪法》第二条第一款"),
    ])
    func article(reference: String, title: String) async throws {
        let result = try await kaofa("law", "宪法", reference)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr == "")
        let lines = result.stdoutLines
        #expect(lines.first == title)
        #expect(lines.dropFirst().first == "")
        #expect(lines.dropFirst(2).first == "第二条 中华人民共和国的一切权力属于人民。")
    }

    @Test("the whole of 宪法 第二条 has its three paragraphs")
    func wholeArticle() async throws {
        let result = try await kaofa("law", "宪法", "第二条")
        #expect(result.stdoutLines == [
            "《中华人民共和国宪法》第二条",
            "",
            "第二条 中华人民共和国的一切权力属于人民。",
            "人民行使国家权力的机关是全国人民代表大会和地方各级人民代表大会。",
            "人民依照法律规定，通过各种途径和形式，管理国家事务，管理经济和文化事业，管理社会事务。",
        ])
    }

    @Test("an article that does not exist: exit status 2")
    func missingArticle() async throws {
        let result = try await kaofa("law", "宪法", "第二百条")
        #expect(result.status == 2, "\(result)")
        #expect(result.stdout == "")
        #expect(result.stderr == "kaofa: 《中华人民共和国宪法》没有第二百条（共 143 条）\n")
    }

    @Test("bad references and paragraphs: exit status 2", arguments: [
        ("第x条", "kaofa: 无法识别条文“第x条”，请写成 第二条、第2条 或 第二条第一款"),
        ("第二条第九款", "kaofa: 《中华人民共和国宪法》第二条只有 3 款"),
    ])
    func badReference(reference: String, message: String) async throws {
        let result = try await kaofa("law", "宪法", reference)
        #expect(result.status == 2, "\(result)")
        #expect(result.stderrLines == [message])
    }

    @Test("a repealed law says when it was repealed and what replaced it")
    func repealed() async throws {
        let result = try await kaofa("law", "合同法")
        #expect(result.status == 0, "\(result)")
        let lines = result.stdoutLines
        #expect(lines.first == "《中华人民共和国合同法》")
        #expect(lines.contains("  状态：已于 2021-01-01 废止，由《中华人民共和国民法典》取代"))
        #expect(lines.contains("  原文：未收录"))
    }

    @Test("a law in force says so")
    func inForce() async throws {
        let result = try await kaofa("law", "宪法")
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutLines.first == "《中华人民共和国宪法》")
        #expect(result.stdoutLines.contains("  状态：现行有效"))
    }

    @Test("an unknown law: exit status 2 with a suggestion")
    func unknownLaw() async throws {
        let result = try await kaofa("law", "宪法法")
        #expect(result.status == 2, "\(result)")
        #expect(result.stdout == "")
        #expect(result.stderrLines == ["kaofa: 法律目录中没有“宪法法”；是不是想找“宪法”？", "用 kaofa law --list 查看全部名称"])
    }
}

@Suite("Law texts kept next to the banks")
struct LocalLawTextTests {
    static let regulation = """
        ---
        category: 地方性法规
        region: 测试市
        aliases: 示例条例
        ---
        # 测试市示例条例

        第一条 为了示例，制定本条例。

        第二条 本条例自公布之日起施行。

        """

    static let bank = """
        ## 判断题

        1. 本条例自公布之日起施行。 {#T-1 法律=示例条例 条文=第三条 对象=全部}
        答案：正确

        """

    @Test("Laws/ in the current directory, or KAOFA_LAWS: check and law use its texts; without it the law is unknown")
    func lawsDirectory() async throws {
        try await withTemporaryDirectory(files: ["Laws/测试市示例条例.md": Self.regulation, "Banks/题库.md": Self.bank]) { directory in
            let checked = try await Kaofa.run(["check", "Banks"], in: directory)
            #expect(checked.status == 1)
            #expect(checked.stderrLines.first == "Banks/题库.md:3:34: error[E0404]: 《测试市示例条例》没有第三条（共 2 条）", "\(checked)")
            let listed = try await Kaofa.run(["law", "--list"], in: directory)
            #expect(listed.stdoutLines.contains("  测试市示例条例 共2条 [原文：Laws/测试市示例条例.md]"), "\(listed)")
            let article = try await Kaofa.run(["law", "示例条例", "第二条"], in: directory)
            #expect(article.status == 0 && article.stdoutLines.last == "第二条 本条例自公布之日起施行。", "\(article)")

            try FileManager.default.moveItem(at: directory.appendingPathComponent("Laws"), to: directory.appendingPathComponent("法规"))
            let unknown = try await Kaofa.run(["check", "Banks"], in: directory)
            #expect(unknown.status == 1 && unknown.stderr.contains("error[E0401]"), "\(unknown)")
            let named = try await Kaofa.run(["check", "Banks"], in: directory, environment: ["KAOFA_LAWS": "法规"])
            #expect(named.stderrLines.first == "Banks/题库.md:3:34: error[E0404]: 《测试市示例条例》没有第三条（共 2 条）", "\(named)")
            let missing = try await Kaofa.run(["check", "Banks"], in: directory, environment: ["KAOFA_LAWS": "nope"])
            #expect(missing.status == 2 && missing.stderr == "kaofa: KAOFA_LAWS=nope 不是一个目录；它应当是放法规原文（.md）的目录\n", "\(missing)")
        }
    }

    @Test("papers of a bank on a law from Laws/ reproduce byte for byte with it; without it, E0401 says where laws go")
    func reproduceWithLocalLaw() async throws {
        var bank = "---\nlaw: 示例条例\naudience: 全部\ndifficulty: 中\n---\n\n## 单项选择题\n"
        for number in 1...4 {
            bank += "\n\(number). 示例题\(number)：依照本条例，本条例自（  ）起施行。 {#SL-000\(number) 条文=第二条}\nA. 公布之日\nB. 示例日\(number)\n答案：A\n"
        }
        let blueprint = "title: 示例测试\naudience: 村两委\nduration: 10\ntotal: 4\npass: 2\nsections:\n  - type: 单选题\n    count: 2\n    points: 2\n"
        try await withTemporaryDirectory(files: ["Laws/测试市示例条例.md": Self.regulation, "Banks/示例.md": bank, "蓝图.yaml": blueprint]) { directory in
            let built = try await Kaofa.run(["build", "--bank", "Banks", "--blueprint", "蓝图.yaml", "--seed", "s", "--out", "out",
                                             "--format", "json", "--db", "k.sqlite"], in: directory)
            #expect(built.status == 0, "\(built)")
            let id = try #require(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("out").path)
                .first { $0.hasSuffix(".paper.json") }).replacingOccurrences(of: ".paper.json", with: "")
            let paper = try String(contentsOf: directory.appendingPathComponent("out/\(id).paper.json"), encoding: .utf8)
            #expect(paper.contains("测试市示例条例"))
            let again = try await Kaofa.run(["reproduce", id, "--db", "k.sqlite", "--bank", "Banks"], in: directory)
            #expect(again.status == 0 && again.stdout.contains("逐字节相同"), "\(again)")
            try FileManager.default.removeItem(at: directory.appendingPathComponent("Laws"))
            let without = try await Kaofa.run(["reproduce", id, "--db", "k.sqlite", "--bank", "Banks"], in: directory)
            #expect(without.status != 0 && without.stderr.contains("error[E0401]: 法律目录中没有“示例条例”")
                    && without.stderr.contains("可以把原文放进 Laws/ 目录"), "\(without)")
        }
    }

    @Test("a law text that cannot be used stops every command with E0412 at its line (exit status 2)")
    func unusableText() async throws {
        let broken = Self.regulation.replacingOccurrences(of: "category: 地方性法规", with: "category: 地方法规")
        try await withTemporaryDirectory(files: ["Laws/测试市示例条例.md": broken, "Banks/题库.md": Self.bank]) { directory in
            for arguments in [["check", "Banks"], ["law", "--list"]] {
                let result = try await Kaofa.run(arguments, in: directory)
                #expect(result.status == 2, "\(result)")
                #expect(result.stderrLines.first == "Laws/测试市示例条例.md:2:1: error[E0412]: 没有“地方法规”这个类别", "\(result)")
            }
            // A file that is not UTF-8 (saved as GBK).
            try Data([0xB5, 0xDA, 0xD2, 0xBB, 0xCC, 0xF5]).write(to: directory.appendingPathComponent("Laws/测试市示例条例.md"))
            let unreadable = try await Kaofa.run(["check", "Banks"], in: directory)
            #expect(unreadable.status == 2 && unreadable.stderrLines.first == "Laws/测试市示例条例.md:1:1: error[E0412]: 无法读取这个法规原文文件，或者它不是 UTF-8 编码的文字",
                    "\(unreadable)")
        }
    }
}
