import Foundation
import Testing
@testable import KaofaCore

/// A large bank file is parsed in parts, each from a fresh parser state; the parts must give the whole file's tree and
/// diagnostics, and a file whose parts would not (a comment or a type heading across a part's start) is parsed whole.
@Suite("Parsing in parts")
struct ParseInPartsTests {
    /// Lines that a part must not start inside: a comment over blank lines with a numbered line in it, a heading that
    /// names no type, a case with sub-questions after blank lines, scoring points numbered like questions, a decimal
    /// number at a line's start, a question before any type heading.
    static let awkward = """
        ---
        law: 宪法
        audience: 全部
        ---

        1. 在任何类型标题之前的题目。{#AW-0001}
        A. 甲
        B. 乙
        答案：A

        ## 说明

        下面的说明文字不属于任何题目。

        ## 一、单项选择题

        1. 第一题题干。{#AW-0002}
        A. 甲
        B. 乙
        答案：A

        <!-- 一段跨越空行的注释

        2. 注释里像题目的一行

        注释到这里结束 -->

        2. 第二题题干。{#AW-0003}
        A. 甲
        B. 乙
        答案：B

        ## 附注

        3. 没有新的类型标题时仍是单选题。{#AW-0004}
        A. 甲
        B. 乙
        答案：B

        ## 二、简答题

        1. 简述宪法的地位。{#AW-0005}
        参考答案：宪法是国家的根本法。
        评分要点：
        1. 根本法
        2. 最高法律效力

        2. 第二道简答题。{#AW-0006}
        3.5万元是否属于数额较大？（题干的续行）
        参考答案：要点一。

        3.5万元在空行之后是第 3 题。{#AW-0008}
        参考答案：要点二。

        ## 三、案例分析题

        1. 案例一。{#AW-0007}
        材料：某村村民委员会……

        （1）第一小题。

        （2）第二小题。
        参考答案：答案。

        """

    static func formatted(_ files: [BankFileSyntax]) -> [String] {
        files.map { file in
            var allocator: BankFormatter.IDAllocator? = nil
            return BankFormatter().format(file, allocator: &allocator)
        }
    }

    static func parts(_ text: String, partLines: Int) -> [BankParser.Part] {
        let file = SourceFile(path: "t.md", text: text)
        var diagnostics: [Diagnostic] = []
        let (_, bodyStart) = FrontMatterParser.parse(file, diagnostics: &diagnostics)
        return BankParser.partRanges(file, bodyStart: bodyStart, partLines: partLines).map {
            BankParser.parsePart(file, lines: $0, bodyStart: bodyStart)
        }
    }

    @Test("every part size gives the whole file's tree and diagnostics", arguments: Array(2...30) + [64, 200])
    func sameTree(partLines: Int) throws {
        let joined = TestSupport.sampleBankFiles().map { String(decoding: $0.bytes, as: UTF8.self) }.joined(separator: "\n")
        let planted = String(decoding: try Data(contentsOf: TestSupport.fixtureURL(GoldenDiagnosticsTests.fixture)), as: UTF8.self)
        for text in [Self.awkward, planted, joined, Self.awkward + "\n" + joined] {
            let file = SourceFile(path: "t.md", text: text)
            let (whole, wholeDiagnostics) = BankParser.parse(file, partLines: .max)
            let (inParts, partDiagnostics) = BankParser.parse(file, partLines: partLines)
            #expect(Self.formatted([inParts]) == Self.formatted([whole]))
            #expect(inParts.items.count == whole.items.count)
            #expect(partDiagnostics == wholeDiagnostics)
        }
    }

    @Test("parts join where nothing is open across their starts, and not across a comment or an untyped guess")
    func joins() {
        // The sample banks in one text: many parts, all joining, so the parts are really used.
        let joined = TestSupport.sampleBankFiles().map { String(decoding: $0.bytes, as: UTF8.self) }.joined(separator: "\n")
        let parts = Self.parts(joined, partLines: 40)
        #expect(parts.count > 10)
        #expect(BankParser.partsJoin(parts))

        // A part that would start at the numbered line inside the comment does not join.
        let file = SourceFile(path: "t.md", text: Self.awkward)
        let commentLine = Self.awkward.components(separatedBy: "\n").firstIndex { $0.hasPrefix("2. 注释里") }!
        var diagnostics: [Diagnostic] = []
        let (_, bodyStart) = FrontMatterParser.parse(file, diagnostics: &diagnostics)
        let split = [bodyStart..<commentLine, commentLine..<file.lineCount].map {
            BankParser.parsePart(file, lines: $0, bodyStart: bodyStart)
        }
        #expect(split[0].endsInComment)
        #expect(!BankParser.partsJoin(split))

        // Split at each question start in turn: the parts join exactly where no comment is open.
        let lines = Self.awkward.components(separatedBy: "\n")
        for start in lines.indices.dropFirst() where lines[start].first?.isNumber == true && lines[start - 1].isEmpty {
            let pair = [bodyStart..<start, start..<file.lineCount].map { BankParser.parsePart(file, lines: $0, bodyStart: bodyStart) }
            #expect(BankParser.partsJoin(pair) == (start != commentLine), "split at line \(start + 1)")
        }
    }
}

/// Large text is checked for UTF-8 in parts on all cores; the first invalid byte must be the one a check of the whole
/// text finds, wherever the parts fall.
@Suite("UTF-8 checked in parts")
struct UTF8InPartsTests {
    @Test("the first invalid byte is the whole text's, for parts of any size")
    func sameOffset() {
        let valid: [[UInt8]] = [Array("a".utf8), Array("é".utf8), Array("题".utf8), Array("𠀀".utf8), Array("\n".utf8)]
        let invalid: [[UInt8]] = [[0x80], [0xBF, 0xBF, 0xBF, 0xBF, 0xBF], [0xE9, 0xA2], [0xFF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80],
                                  [0xF0, 0x9F], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80]]
        var generator = SplitMix64(seed: 3)
        for round in 0..<2_000 {
            var bytes: [UInt8] = []
            for _ in 0..<(20 + generator.bounded(120)) {
                bytes += generator.bounded(40) == 0 ? invalid[generator.bounded(invalid.count)] : valid[generator.bounded(valid.count)]
            }
            let whole = bytes.withUnsafeBufferPointer { SourceDecoder.firstInvalidUTF8($0) }
            #expect((whole == bytes.count) == (String(validating: bytes, as: UTF8.self) != nil), "round \(round)")
            for partSize in [1, 2, 3, 5, 8, 13] {
                #expect(SourceDecoder.firstInvalidUTF8(bytes, partSize: partSize) == whole, "round \(round), parts of \(partSize)")
            }
        }
    }
}
