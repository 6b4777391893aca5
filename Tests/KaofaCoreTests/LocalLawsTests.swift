import Foundation
import Testing
@testable import KaofaCore

@Suite("Law texts kept next to the banks (Laws/)")
struct LocalLawsTests {
    /// An official text in the shipped form, from `../shared/laws` (here the 2018 text of a law kaofa now lacks:
    /// only the mechanics are tested, not which version is current).
    static func shared(_ name: String) throws -> String {
        try String(contentsOf: TestSupport.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/laws/\(name).md"),
                   encoding: .utf8)
    }

    static let localRegulation = """
        ---
        category: 地方性法规
        region: 测试市
        aliases: 示例条例、测试示例条例
        revised: 2025-01-01
        ---
        # 测试市示例条例

        第一条 为了示例，制定本条例。

        第二条 村民委员会应当协助做好示例工作。

        本条例自公布之日起施行。
        """

    static func extend(_ files: [(String, String)]) -> Result<LawCatalog, Diagnostic> {
        LocalLaws.extend(TestSupport.catalog, with: files.map { LocalLaws.File(path: "Laws/\($0.0)", text: $0.1) })
    }

    static func compile(_ catalog: LawCatalog, _ question: String) -> CompiledBank {
        BankCompiler.compile([SourceFile(path: "题库.md", text: "## 判断题\n\n" + question)], catalog: catalog)
    }

    @Test("the text of a law kaofa lacks: its article numbers and quotations are checked again, and W0411 is gone")
    func textOfAPendingLaw() throws {
        let catalog = try Self.extend([("城市居民委员会组织法.md", try Self.shared("城市居民委员会组织法"))]).get()
        let law = try #require(catalog.law(id: "城市居民委员会组织法"))
        #expect(law.pendingText == nil && law.articles == 23 && law.text == "Laws/城市居民委员会组织法.md")
        #expect(catalog.text(of: "居委会组织法")?.articles.count == 23)
        let outOfRange = Self.compile(catalog, "1. 题干。 {#T-1 法律=城市居民委员会组织法 条文=第二十四条 对象=全部}\n答案：正确\n")
        #expect(TestSupport.codes(outOfRange) == ["E0404"])
        let misquoted = Self.compile(catalog, "1. 题干。 {#T-1 法律=城市居民委员会组织法 条文=第二条 对象=全部}\n答案：正确\n"
            + "解析：《中华人民共和国城市居民委员会组织法》第二条规定：“居民委员会是居民自我管理的组织。”\n")
        #expect(TestSupport.codes(misquoted) == ["W0410"])
        // The shipped catalog is untouched.
        #expect(TestSupport.catalog.law(id: "城市居民委员会组织法")?.pendingText != nil)
    }

    @Test("a law the catalog does not have: named by its file, title and aliases, cited and quoted like a shipped one")
    func newLocalRegulation() throws {
        let catalog = try Self.extend([("测试市示例条例.md", Self.localRegulation)]).get()
        let law = try #require(catalog.law(named: "示例条例"))
        #expect(law.id == "测试市示例条例" && law.name == "测试市示例条例" && law.category == "地方性法规")
        #expect(law.region == "测试市" && law.articles == 2 && law.revised == "2025-01-01" && law.aliases == ["示例条例", "测试示例条例"])
        let clean = Self.compile(catalog, "1. 题干。 {#T-1 法律=示例条例 条文=第二条第二款 对象=村两委}\n答案：正确\n"
            + "解析：《测试市示例条例》第二条第二款规定：“本条例自公布之日起施行。”\n")
        #expect(clean.diagnostics.isEmpty, "\(clean.diagnostics)")
        #expect(TestSupport.codes(Self.compile(catalog, "1. 题干。 {#T-1 法律=示例条例 条文=第三条 对象=全部}\n答案：正确\n")) == ["E0404"])
        #expect(LawReport.list(catalog).contains("  测试市示例条例 共2条 [原文：Laws/测试市示例条例.md]"))
    }

    @Test("a file that cannot be used is one E0412 at its line, with what to do", arguments: [
        ("x.md", "---\ncategory: 地方法规\n---\n# 某市条例\n\n第一条 甲。\n", 2, "没有“地方法规”这个类别"),
        ("x.md", "# 某市条例\n\n第一条 甲。\n", 1, "法律目录中没有《某市条例》，要在文件头写明它的类别"),
        ("x.md", "---\ncategory: 地方性法规\n---\n# 某市条例\n\n第一条 甲。\n\n第三条 丙。\n", 8, "条文不连续：没有第二条"),
        ("x.md", "---\ncategory: 地方性法规\naliases: 宪法\n---\n# 某市条例\n\n第一条 甲。\n", 3, "“宪法”已经是法律目录中《中华人民共和国宪法》的名称"),
        ("x.md", "---\ncategory: 地方性法规\n---\n# 某市条例\n\n没有条文。\n", 1, "没有找到条文：每一条应当另起一行，以“第一条”这样的序号开头"),
        ("x.md", "---\ncategory: 地方性法规\n# 某市条例\n", 1, "文件头没有结束的 ---"),
        ("x.md", "---\n类型: 地方性法规\n---\n# 某市条例\n\n第一条 甲。\n", 2, "文件头中没有“类型”这一项"),
        ("x.md", "第一条 甲。\n", 1, "没有“# 全称”标题行"),
        ("宪法.md", "# 中华人民共和国民法典\n\n第一条 甲。\n", 1, "这是《中华人民共和国宪法》的文件（宪法），标题却是《中华人民共和国民法典》"),
        ("合同法.md", "# 中华人民共和国合同法\n\n第一条 甲。\n", 1, "《中华人民共和国合同法》已于 2021-01-01 废止，不能提供它的现行文本"),
    ])
    func unusable(name: String, text: String, line: Int, message: String) {
        guard case let .failure(diagnostic) = Self.extend([(name, text)]) else {
            Issue.record("\(name) should be refused"); return
        }
        #expect(diagnostic.code == .invalidLawText && diagnostic.severity == .error)
        #expect(diagnostic.message == message && diagnostic.range.file == "Laws/\(name)" && diagnostic.range.start.line == line,
                "\(diagnostic)")
        #expect(diagnostic.notes.contains { $0.kind == .help })
    }

    @Test("two files for one law (by id and by alias) are refused")
    func twoFilesForOneLaw() throws {
        let text = try Self.shared("城市居民委员会组织法")
        guard case let .failure(diagnostic) = Self.extend([("城市居民委员会组织法.md", text), ("居委会组织法.md", text)]) else {
            Issue.record("the second file should be refused"); return
        }
        #expect(diagnostic.message == "《中华人民共和国城市居民委员会组织法》的原文在 Laws/城市居民委员会组织法.md 中已经有了")
        #expect(diagnostic.range.file == "Laws/居委会组织法.md")
    }
}
