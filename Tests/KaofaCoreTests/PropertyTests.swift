import Foundation
import PropertyBased
import Testing
@testable import KaofaCore

/// Random and mutated input never crashes the front end: it always returns a bank, and anything it could
/// not read is reported as diagnostics with positions inside the file.
@Suite("Parser properties")
struct PropertyTests {
    /// Pieces of the bank language, so random input reaches deep into the parser.
    static let fragments = [
        "---\n", "law: 宪法\n", "## 单项选择题\n", "## 案例分析题\n", "## 填空题\n", "# 标题\n", "1. ", "（1）", "2、", "A. ", "B．",
        "（C）", "答案：", "解析：", "材料：", "参考答案：", "评分要点：\n", "- 要点\n", "{#X-1 难度=易 条文=第二条}", "{", "}", "{固定}",
        "____", "（  ）", "人民", "宪法", "\n", "\n\n", "<!--", "-->", "正确", "ABD", "；", "/", "第一千二百六十条", "\u{3000}", "\t",
        "\r\n", "#", "=", "“", "”", "\"", "Ａ．", "１．", "题型=简答", "法律=民法典", "\u{FEFF}", "𠀀", "é",
    ]

    static func check(_ text: String) {
        let source = SourceFile(path: "p.md", text: text)
        let bank = BankCompiler.compile([source], catalog: TestSupport.catalog)
        for diagnostic in bank.diagnostics where diagnostic.range.file == "p.md" {
            #expect(diagnostic.range.start.line >= 1 && diagnostic.range.start.line <= max(source.lineCount, 1))
            #expect(diagnostic.range.start.column >= 1)
        }
        // Every question that compiled without errors has a resolved answer.
        if !bank.hasErrors {
            for question in bank.questions where question.type != .caseAnalysis {
                #expect(question.answer != .missing)
            }
        }
        // fmt output of a file without syntax errors parses without syntax errors, compiles to the same questions,
        // and is already formatted.
        if !bank.diagnostics.contains(where: BankFormatter.blocksFormatting) {
            let formatted = format(bank)
            let again = BankCompiler.compile([SourceFile(path: "p.md", text: formatted)], catalog: TestSupport.catalog)
            guard !again.diagnostics.contains(where: BankFormatter.blocksFormatting) else {
                Issue.record("fmt produced unparsable text from \(text.debugDescription)")
                return
            }
            #expect(BankJSON.digest(again.questions) == BankJSON.digest(bank.questions),
                    "fmt changed the content of \(text.debugDescription): \(formatted.debugDescription)")
            #expect(format(again) == formatted, "fmt is not idempotent on \(text.debugDescription): \(formatted.debugDescription)")
        }
    }

    static func format(_ bank: CompiledBank) -> String {
        var allocator: BankFormatter.IDAllocator? = nil
        return BankFormatter().format(bank.files[0], allocator: &allocator)
    }

    @Test("random sequences of language fragments never crash")
    func randomFragments() async {
        // Found by this property: a `---` line below a blank first line became a front matter after fmt.
        Self.check("\n---\n## 单项选择题\n1. ")
        // And: a stem below its number ending in `{固定}}` became an attribute block on the number line.
        Self.check("## 填空题\n1. \r\n人民#{固定}}")
        // And, once fmt had to keep content and be idempotent: a blank line between an empty number line and the
        // stem; a case question's options written above its `材料：`; an option whose text begins with the next marker.
        Self.check("## 填空题\n1. \n\n人民")
        Self.check("## 填空题\n1. \n\n{")
        Self.check("## 案例分析题\n2、\n（C）## 填空题\n材料：")
        Self.check("## 填空题\n1. 题\nＡ．B．解析：é")
        await propertyCheck(count: 300, input: Gen.int(in: 0...(Self.fragments.count - 1)).array(of: 0...60)) { indices in
            Self.check(indices.map { Self.fragments[$0] }.joined())
        }
    }

    @Test("arbitrary Unicode text never crashes")
    func randomText() async {
        await propertyCheck(count: 200, input: Gen.character(in: "\u{1}"..."\u{9FA5}").string(of: 0...400)) { text in
            Self.check(text)
        }
    }

    @Test("mutated sample banks never crash and keep reporting inside the file")
    func mutatedSamples() throws {
        let samples = TestSupport.sampleBankFiles().map { String(decoding: $0.bytes, as: UTF8.self) }
        var rng = SplitMix64(seed: 20261124)
        for round in 0..<60 {
            var characters = Array(samples[round % samples.count].unicodeScalars.prefix(6000))
            for _ in 0..<(1 + Int(rng.next() % 20)) {
                guard !characters.isEmpty else { break }
                let at = Int(rng.next() % UInt64(characters.count))
                switch rng.next() % 4 {
                case 0: characters.remove(at: at)
                case 1: characters.insert(Self.fragments[Int(rng.next() % UInt64(Self.fragments.count))].unicodeScalars.first ?? "x", at: at)
                case 2: characters.swapAt(at, Int(rng.next() % UInt64(characters.count)))
                default:
                    let end = min(characters.count, at + Int(rng.next() % 200))
                    characters.removeSubrange(at..<end)  // truncate a region
                }
            }
            Self.check(String(String.UnicodeScalarView(characters)))
        }
    }

    @Test("bytes that are not valid UTF-8 are reported, never decoded as mojibake")
    func invalidBytes() {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<200 {
            let bytes = (0..<Int(rng.next() % 300)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            switch SourceDecoder.decode(bytes, path: "b.md") {
            case let .success(file): #expect(String(validating: file.bytes, as: UTF8.self) != nil)
            case let .failure(diagnostic): #expect([.binaryFile, .notUTF8, .notUTF8GB18030].contains(diagnostic.code))
            }
        }
    }

    @Test("GB18030 text is recognised and explained")
    func gb18030() {
        // 中华人民共和国宪法 in GB18030.
        let bytes: [UInt8] = [0xD6, 0xD0, 0xBB, 0xAA, 0xC8, 0xCB, 0xC3, 0xF1, 0xB9, 0xB2, 0xBA, 0xCD, 0xB9, 0xFA, 0xCF, 0xDC, 0xB7, 0xA8]
        guard case let .failure(diagnostic) = SourceDecoder.decode(bytes, path: "g.md") else {
            Issue.record("GB18030 bytes were accepted as UTF-8")
            return
        }
        #expect(diagnostic.code == .notUTF8GB18030)
        #expect(diagnostic.notes.contains { $0.message.contains("iconv -f GB18030 -t UTF-8") })
    }
}
