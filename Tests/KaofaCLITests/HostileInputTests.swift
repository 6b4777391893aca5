import Foundation
import Testing

/// Input that might make a parser crash, hang or print megabytes: each must finish within the limit with
/// an ordinary exit status.
struct HostileInput: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: @Sendable () -> [UInt8]
    var status: Int32
    /// The summary line `kaofa check` ends with.
    var summary: String
    /// Lines that must appear somewhere on standard error.
    var lines: [String] = []

    var testDescription: String { name }

    /// A file without any question is an error (E0007).
    static let noQuestions = "big.md:1:1: error[E0007]: 文件中没有任何题目"

    static let tenMiB = 10 << 20
    /// Characters in a 10 MiB line of the three-byte character 法.
    static let fa = tenMiB / 3

    static let all: [HostileInput] = [
        HostileInput(name: "a 10 MB single line of text, no newline",
                     bytes: { Array(String(repeating: "法", count: fa).utf8) },
                     status: 1, summary: "检查了 1 个文件、0 道题：发现 1 个错误",
                     lines: [noQuestions]),
        HostileInput(name: "a 10 MB single-line question with an unterminated attribute block",
                     bytes: { Array(("1. " + String(repeating: "法", count: fa) + " {#A-1").utf8) },
                     status: 1, summary: "检查了 1 个文件、1 道题：发现 4 个错误、1 个警告",
                     lines: ["big.md:1:1: error[E0107]: 第 1 题前面没有题型标题，无法确定题型",
                             // "1. " is 3 columns, then `fa` characters and a space: the brace is at fa + 5.
                             "big.md:1:\(fa + 5): error[E0104]: 属性块没有以 } 结束"]),
        HostileInput(name: "10 MB of {",
                     bytes: { [UInt8](repeating: UInt8(ascii: "{"), count: tenMiB) },
                     status: 1, summary: "检查了 1 个文件、0 道题：发现 1 个错误",
                     lines: [noQuestions]),
        HostileInput(name: "a question line of 10 MB of {",
                     bytes: { Array("## 单项选择题\n1. x ".utf8) + [UInt8](repeating: UInt8(ascii: "{"), count: tenMiB) },
                     status: 1, summary: "检查了 1 个文件、1 道题：发现 2 个错误、2 个警告",
                     lines: ["big.md:2:1: error[E0201]: 第 1 题缺少答案"]),
        HostileInput(name: "a file of only {{{{",
                     bytes: { Array("{{{{".utf8) },
                     status: 1, summary: "检查了 1 个文件、0 道题：发现 1 个错误",
                     lines: [noQuestions]),
        HostileInput(name: "extra { before the attribute block",
                     bytes: { Array("## 单项选择题\n\n1. 题干（  ）。 {{{{#A-1 法律=宪法}\nA. 甲\nB. 乙\n答案：A\n".utf8) },
                     status: 0, summary: "检查了 1 个文件、1 道题：未发现问题"),
        HostileInput(name: "extra } after the attribute block",
                     bytes: { Array("## 单项选择题\n\n1. 题干（  ）。 {#A-1 法律=宪法}}}}\nA. 甲\nB. 乙\n答案：A\n".utf8) },
                     status: 1, summary: "检查了 1 个文件、1 道题：发现 1 个错误",
                     lines: ["big.md:3:24: error[E0105]: 属性块之后多了“}}}”"]),
        HostileInput(name: "braces as stem, options and answer",
                     bytes: { Array("## 单项选择题\n\n1. {\nA. {\nB. }\n答案：{\n".utf8) },
                     status: 1, summary: "检查了 1 个文件、1 道题：发现 2 个错误、2 个警告",
                     lines: ["big.md:6:4: error[E0215]: 选择题的答案应是选项字母，这里写的是“{”"]),
        HostileInput(name: "an unterminated quote inside the attribute block",
                     bytes: { Array("## 单项选择题\n\n1. 题干 {#A-1 法律=\"宪法 }\nA. 甲\nB. 乙\n答案：A\n".utf8) },
                     status: 1, summary: "检查了 1 个文件、1 道题：发现 1 个错误",
                     lines: ["big.md:3:16: error[E0105]: 属性“法律”的值缺少右引号"]),
        HostileInput(name: "a truncated multi-byte character at the end of the file",
                     bytes: { Array("## 判断题\n\n1. 宪法是国家的根本法。 {#XF-0001 法律=宪法}\n答案：正确\n宪".utf8) + [0xE6, 0xB3] },
                     status: 1, summary: "检查了 0 个文件、0 道题：发现 1 个错误",
                     lines: ["big.md:5:2: error[E0004]: 文件在第 5 行第 2 列处不是有效的 UTF-8 文本"]),
        HostileInput(name: "a lone lead byte as the whole file",
                     bytes: { [0xE6] },
                     status: 1, summary: "检查了 0 个文件、0 道题：发现 1 个错误",
                     lines: ["big.md:1:1: error[E0004]: 文件在第 1 行第 1 列处不是有效的 UTF-8 文本"]),
        HostileInput(name: "an article number too large for an integer",
                     bytes: { Array("## 判断题\n\n1. 宪法是国家的根本法。 {#A-1 法律=宪法 条文=第99999999999999999999条}\n答案：正确\n".utf8) },
                     status: 1, summary: "检查了 1 个文件、1 道题：发现 1 个错误",
                     lines: ["big.md:3:30: error[E0405]: 无法识别条文“第99999999999999999999条”"]),
        HostileInput(name: "points that overflow a Double",
                     bytes: { Array("## 判断题\n\n1. 宪法是国家的根本法。 {#A-1 法律=宪法 分值=1e309}\n答案：正确\n".utf8) },
                     status: 1, summary: "检查了 1 个文件、1 道题：发现 1 个错误",
                     lines: ["big.md:3:30: error[E0409]: 分值“1e309”无效，应是大于 0、不超过 1000 的数"]),
        HostileInput(name: "5 000 identical questions",
                     bytes: {
                         var text = "---\nlaw: 宪法\n---\n\n## 判断题\n\n"
                         for i in 1...5_000 { text += "\(i). 中华人民共和国实行依法治国，建设社会主义法治国家。 {#A-\(i)}\n答案：正确\n\n" }
                         return Array(text.utf8)
                     },
                     status: 1, summary: "检查了 1 个文件、5000 道题：发现 4999 个错误",
                     lines: ["big.md:10:4: error[E0303]: 这道题与“A-1”完全相同（忽略标点、空格和全半角）"]),
        HostileInput(name: "an empty file",
                     bytes: { [] },
                     status: 1, summary: "检查了 1 个文件、0 道题：发现 1 个错误",
                     lines: [noQuestions]),
    ]
}

@Suite("Hostile input")
struct HostileInputTests {
    @Test("check finishes within 60 s without crashing", arguments: HostileInput.all)
    func hostile(_ input: HostileInput) async throws {
        try await withTemporaryDirectory(bytes: ["big.md": input.bytes()]) { directory in
            let result = try await kaofa("check", "big.md", in: directory, timeout: .seconds(60))
            expectNoCrash(result)
            #expect(result.status == input.status, "\(result)")
            let lines = result.stderrLines
            #expect(lines.last == input.summary)
            for line in input.lines {
                #expect(lines.contains(line), "missing \(line.debugDescription)")
            }
            // Snippets of long lines are cut around the caret: nothing near 10 MB reaches the terminal.
            #expect(lines.allSatisfy { $0.unicodeScalars.count < 300 })
        }
    }

    /// Columns of the many ranges on one line are counted left to right, once (regression test: counting each
    /// from the start of the line made a 10 MB tag list take hours).
    @Test("a 10 MB line with a huge tag list finishes within 3 minutes (it took hours before the fix; 14 s alone in a debug build)")
    func hugeAttributeBlock() async throws {
        let line = "1. 题干（  ）。 {#A-1 法律=宪法 标签=" + String(repeating: "a,", count: HostileInput.tenMiB / 2) + "}"
        let bank = "## 单项选择题\n\n" + line + "\nA. 甲\nB. 乙\n答案：A\n"
        try await withTemporaryDirectory(files: ["big.md": bank]) { directory in
            // Generous: test runs in parallel share two cores with heavier tests.
            let result = try await kaofa("check", "big.md", in: directory, timeout: .seconds(180))
            #expect(!result.timedOut, "kaofa did not finish within 3 minutes")
            #expect(result.status == 0, "\(result)")
            #expect(result.stderrLines == ["检查了 1 个文件、1 道题：未发现问题"])
            #expect(!result.terminatedBySignal)
        }
    }
}
