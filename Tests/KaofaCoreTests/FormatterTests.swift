import Testing
@testable import KaofaCore

@Suite("fmt")
struct FormatterTests {
    static func format(_ text: String, assignIDs: Bool = false) -> String {
        let source = SourceFile(path: "t.md", text: text)
        let bank = BankCompiler.compile([source], catalog: TestSupport.catalog)
        var allocator: BankFormatter.IDAllocator? = assignIDs
            ? .init(existingIDs: bank.questions.compactMap(\.id)) : nil
        return BankFormatter().format(bank.files[0], idPrefix: bank.defaults[0].idPrefix, allocator: &allocator)
    }

    /// `format(input)`, after expecting that it compiles to the same questions as `input` and that formatting it again
    /// changes nothing.
    static func formatKeepingContent(_ input: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let formatted = format(input)
        let before = TestSupport.compile(input), after = TestSupport.compile(formatted)
        #expect(BankJSON.digest(before.questions) == BankJSON.digest(after.questions), sourceLocation: sourceLocation)
        #expect(format(formatted) == formatted, sourceLocation: sourceLocation)
        return formatted
    }

    @Test("canonical form of markers, numbers, answers and attribute order")
    func canonical() {
        let input = """
            ---
            law:   宪法
            ---
            ## 单选题
            3、 题干一（  ）。 {条文=第二条 #T-0001 难度=易}
            Ａ．人民  Ｂ．政府
            答案：ａ
            解析：第一行
            第二行
            ## 判断题
            (1) 题干二。 {#T-0002}
            答案：√
            """
        let expected = """
            ---
            law: 宪法
            ---

            ## 一、单项选择题

            1. 题干一（  ）。 {#T-0001 难度=易 条文=第二条}
            A. 人民
            B. 政府
            答案：A
            解析：第一行
            第二行

            ## 二、判断题

            1. 题干二。 {#T-0002}
            答案：正确

            """
        #expect(Self.format(input) == expected)
    }

    @Test("a --- line that is not a front matter stays off the first line, where it would open one")
    func strayRule() {
        let formatted = Self.format("\n---\n## 单项选择题\n1. 题干（  ）。\nA. 甲\nB. 乙\n答案：A\n")
        #expect(formatted.hasPrefix("\n---\n"))
        #expect(Self.format(formatted) == formatted)
        let reparsed = BankCompiler.compile([SourceFile(path: "t.md", text: formatted)], catalog: TestSupport.catalog)
        #expect(!reparsed.diagnostics.contains { $0.code == .unterminatedFrontMatter })
    }

    @Test("a stem below its number that holds a brace stays below it, where it is not read as an attribute block")
    func braceInStemBelow() {
        // Found by the parser property: `1.` and then `人民#{固定}}` became `1. 人民#{固定}}`, an attribute block.
        for (input, stemLine) in [("## 填空题\n1. \r\n人民#{固定}}", "人民#{固定}}"),
                                  ("## 填空题\n1. {#T-0001}\n人民{#abc 与 ____\n答案：x", "人民{#abc 与 ____")] {
            let formatted = Self.format(input)
            #expect(formatted.contains("\n" + stemLine + "\n"), "\(formatted.debugDescription)")
            #expect(Self.format(formatted) == formatted)
            let before = BankCompiler.compile([SourceFile(path: "t.md", text: input)], catalog: TestSupport.catalog)
            let after = BankCompiler.compile([SourceFile(path: "t.md", text: formatted)], catalog: TestSupport.catalog)
            #expect(!after.diagnostics.contains(where: BankFormatter.blocksFormatting))
            #expect(after.questions.map(\.stem) == before.questions.map(\.stem))
        }
        // Without a brace the stem moves up to the number, as before.
        #expect(Self.format("## 填空题\n1.\n人民是____。\n答案：国家的主人").contains("1. 人民是____。\n"))
    }

    @Test("a stem that starts after a blank line below its number has no leading line break, and fmt moves it up")
    func stemAfterBlankLine() {
        // Found by the fmt properties: the blank line became a leading `\n` of the stem, and fmt wrote `1. ` and the
        // stem below it, which the next fmt moved up.
        let input = "---\nlaw: 宪法\n---\n## 判断题\n1. {#XF-0001}\n\n人民是国家的主人。\n\n第二段。\n答案：正确\n"
        let bank = TestSupport.compile(input)
        #expect(bank.questions.map(\.stem) == ["人民是国家的主人。\n\n第二段。"])
        let formatted = Self.format(input)
        #expect(formatted.contains("1. 人民是国家的主人。 {#XF-0001}\n\n第二段。\n答案：正确\n"), "\(formatted.debugDescription)")
        #expect(Self.format(formatted) == formatted)
    }

    @Test("an option whose text begins with the next option's marker stays one option")
    func optionTextLikeNextMarker() {
        // `Ａ．B．…` is one option (no space before `B．`); `A. B．…` would be two.
        let input = "## 单选题\n1. 题干（  ）。 {#T-0001}\nＡ．B．是第二个字母\nＢ．乙\n答案：A\n"
        let formatted = Self.formatKeepingContent(input)
        #expect(formatted.contains("\nA．B．是第二个字母\nB. 乙\n"), "\(formatted.debugDescription)")
        #expect(TestSupport.compile(formatted).questions.first?.options.map(\.text) == ["B．是第二个字母", "乙"])
        // `A.5` is no marker, so an option starting `B.5…` needs nothing special.
        #expect(!BankFormatter.startsWithOptionMarker("B.5万元", label: "B"))
        #expect(BankFormatter.startsWithOptionMarker("（B）乙", label: "B"))
        #expect(!BankFormatter.startsWithOptionMarker("C．丙", label: "B"))
    }

    @Test("options written above a case question's 材料 stay above it, where they are not read as its text")
    func optionsAboveMaterial() {
        let input = "## 案例分析题\n1. 阅读材料并回答。\nA. 甲\n材料：\n某县政府作出决定。\n（1）问题？\n参考答案：答\n"
        let formatted = Self.formatKeepingContent(input)
        #expect(formatted.contains("A. 甲\n材料：\n某县政府作出决定。"), "\(formatted.debugDescription)")
    }

    @Test("fmt is idempotent and never changes compiled content, on every sample bank")
    func idempotentOnSamples() throws {
        for file in TestSupport.sampleBankFiles() {
            let text = String(decoding: file.bytes, as: UTF8.self)
            let once = Self.format(text)
            let twice = Self.format(once)
            #expect(once == twice, "fmt is not idempotent on \(file.path)")
            let before = TestSupport.compile(text), after = TestSupport.compile(once)
            #expect(BankJSON.digest(before.questions) == BankJSON.digest(after.questions), "fmt changed content of \(file.path)")
        }
    }

    @Test("--assign-ids continues after the highest existing number of the prefix")
    func assignIDs() {
        let input = """
            ---
            law: 宪法
            id-prefix: XF
            ---

            ## 判断题

            1. 第一题。 {#XF-0007}
            答案：正确

            2. 第二题。 {条文=第二条}
            答案：错误

            3. 第三题。
            答案：正确
            """
        let output = Self.format(input, assignIDs: true)
        #expect(output.contains("2. 第二题。 {#XF-0008 条文=第二条}"))
        #expect(output.contains("3. 第三题。 {#XF-0009}"))
        #expect(TestSupport.compile(output).diagnostics.isEmpty)
    }

    @Test("files with syntax errors are not formatted")
    func blocking() {
        let bank = TestSupport.compile(TestSupport.bank(question: "1. 题干 {#T-1}\nA. 甲\nB. 乙\n答按：A"))
        #expect(bank.diagnostics.contains(where: BankFormatter.blocksFormatting))
    }
}
