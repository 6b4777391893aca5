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
