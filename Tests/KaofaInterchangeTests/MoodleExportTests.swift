import Foundation
import KaofaCore
import Testing
@testable import KaofaInterchange

/// `kaofa export --to moodle`: the file is well-formed XML (read back with the same parser the importers use), every
/// question's fractions add up as Moodle requires, and what Moodle cannot hold is reported.
@Suite("export to Moodle XML")
struct MoodleExportTests {
    /// One `<question>` as read back.
    struct ReadQuestion: Equatable {
        var type = ""
        var idnumber = ""
        var single: String?
        var fractions: [Double] = []
        var answers: [String] = []
        var tags: [String] = []
        var defaultGrade = ""
        var graderInfo = ""
        var feedback = ""
        var questionText = ""
    }

    /// Collects questions from the XML events; `<text>` goes to the enclosing element that holds it.
    final class Reader: XMLEventHandler {
        var questions: [ReadQuestion] = []
        var path: [Substring] = []
        var current = ""

        func start(_ name: Substring, attributes: [String: String]) {
            path.append(name)
            current = ""
            if name == "question" { questions.append(ReadQuestion(type: attributes["type"] ?? "")) }
            if name == "answer", let fraction = attributes["fraction"].flatMap(Double.init) { questions[questions.count - 1].fractions.append(fraction) }
        }

        func text(_ text: String) { current += text }

        func end(_ name: Substring) {
            defer { path.removeLast() }
            guard !questions.isEmpty else { return }
            let parent = path.count >= 2 ? path[path.count - 2] : ""
            switch (name, parent) {
            case ("idnumber", _): questions[questions.count - 1].idnumber = current
            case ("single", _): questions[questions.count - 1].single = current
            case ("defaultgrade", _): questions[questions.count - 1].defaultGrade = current
            case ("text", "answer"): questions[questions.count - 1].answers.append(current)
            case ("text", "tag"): questions[questions.count - 1].tags.append(current)
            case ("text", "graderinfo"): questions[questions.count - 1].graderInfo = current
            case ("text", "generalfeedback"): questions[questions.count - 1].feedback = current
            case ("text", "questiontext"): questions[questions.count - 1].questionText = current
            default: break
            }
            current = ""
        }
    }

    static func read(_ xml: String) throws -> [ReadQuestion] {
        let reader = Reader()
        try XMLEvents.parse(Array(xml.utf8), part: "moodle.xml", into: reader)
        return reader.questions
    }

    @Test("every sample bank: well-formed, one question per held question, fractions add up per type")
    func sampleBanks() throws {
        let original = ExportRoundTripTests.compile(try ExportRoundTripTests.sampleBanks.map(Support.sampleBank))
        let export = MoodleXMLExport(original, catalog: Support.catalog)
        let read = try Self.read(export.xml)
        #expect(read.filter { $0.type == "category" }.count == 6)
        let questions = read.filter { $0.type != "category" }
        let held = original.filter { MoodleXMLExport.whyNotHeld($0) == nil }
        #expect(questions.map(\.idnumber) == held.map { $0.id ?? "" })
        #expect(export.exportedIDs == held.map(\.id))
        #expect(questions.count == 491)
        #expect(questions.count(where: { $0.type == "cloze" }) == 28)
        #expect(export.omittedCount == 16)
        #expect(original.count - held.count == 16)
        #expect(export.multipleChoiceCount == 117)
        for (question, source) in zip(questions, held) {
            switch source.answer {
            case let .choice(keys):
                #expect(question.type == "multichoice")
                #expect(question.single == (source.type == .single ? "true" : "false"))
                #expect(question.fractions.count == source.options.count)
                let positive = question.fractions.filter { $0 > 0 }
                #expect(positive.count == keys.count, "\(source.id ?? "")")
                #expect(abs(positive.reduce(0, +) - 100) < 0.001, "\(source.id ?? ""): \(question.fractions)")
                let others = question.fractions.filter { $0 <= 0 }
                #expect(others.allSatisfy { $0 == (source.type == .single ? 0 : -100) })
            case let .trueFalse(value):
                #expect(question.type == "truefalse")
                #expect(question.answers == ["true", "false"])
                #expect(question.fractions == (value ? [100, 0] : [0, 100]))
            case let .blanks(blanks) where blanks.count == 1:
                #expect(question.type == "shortanswer")
                #expect(question.answers == blanks[0])
                #expect(question.fractions == Array(repeating: 100, count: blanks[0].count))
            case let .blanks(blanks):
                // Cloze: one field per blank, in order, every accepted form right.
                #expect(question.type == "cloze")
                #expect(question.fractions == [])
                let fields = question.questionText.components(separatedBy: "{1:SHORTANSWER:").dropFirst()
                    .map { $0.prefix { $0 != "}" }.split(separator: "~").map { String($0.dropFirst()) } }
                #expect(fields == blanks, "\(source.id ?? "")")
            case let .written(reference, rubric):
                #expect(question.type == "essay")
                #expect(question.fractions == [])
                #expect(question.graderInfo.contains(MoodleXMLExport.htmlEscape(reference.split(separator: "\n")[0].description)))
                #expect(question.graderInfo.hasSuffix("<li>" + MoodleXMLExport.htmlEscape(rubric.last ?? "") + "</li></ol>"))
            default:
                Issue.record("unexpected answer for \(source.id ?? "")")
            }
            if let law = source.law { #expect(question.tags.first == Support.catalog.law(id: law)?.name) }
            #expect(question.defaultGrade == "1")
        }
    }

    @Test("one question of each kind, exactly as written")
    func exactQuestions() throws {
        let bank = """
            ---
            law: 宪法
            ---

            ## 一、多项选择题

            1. 下列属于 <国家机构> & 的有（  ）。 {#M-0001 难度=中 条文=第三条 分值=2 互斥=甲}
            A. 国务院
            B. 最高人民法院
            C. 政党
            D. 以上都对 {固定}
            答案：ABD
            解析：解析]]>文字

            ## 二、填空题

            1. 全国人大每届任期____年。 {#M-0101 对象=村两委}
            答案：五/5*

            2. 两个空____和（  ）。 {#M-0102}
            答案：甲/a~b；乙

            3. 又一个空____ {#M-0103}
            答案：甲

            """
        let original = ExportRoundTripTests.compile([("Banks/测试.md", Array(bank.utf8))])
        let export = MoodleXMLExport(original, catalog: Support.catalog)
        #expect(Support.lines(export.diagnostics) == [
            "W0813 7:1 题目 M-0001 已导出，但 Moodle XML 中没有：选项 D 的 {固定} 标记（Moodle 打乱选项时不能固定某个选项）；互斥=甲",
        ])
        let read = try Self.read(export.xml)
        #expect(read.map(\.type) == ["category", "multichoice", "shortanswer", "cloze", "shortanswer"])
        #expect(read[3].questionText == "<p>两个空{1:SHORTANSWER:=甲~=a\\~b}和（{1:SHORTANSWER:=乙}）。</p>")
        #expect(read[1] == ReadQuestion(type: "multichoice", idnumber: "M-0001", single: "false",
                                        fractions: [33.33333, 33.33333, -100, 33.33333],
                                        answers: ["<p>国务院</p>", "<p>最高人民法院</p>", "<p>政党</p>", "<p>以上都对</p>"],
                                        tags: ["中华人民共和国宪法", "条文:第三条", "难度:中"], defaultGrade: "2", graderInfo: "",
                                        feedback: "<p>解析]]&gt;文字</p>", questionText: "<p>下列属于 &lt;国家机构&gt; &amp; 的有（  ）。</p>"))
        #expect(read[2] == ReadQuestion(type: "shortanswer", idnumber: "M-0101", single: nil, fractions: [100, 100], answers: ["五", "5\\*"],
                                        tags: ["中华人民共和国宪法", "对象:村两委"], defaultGrade: "1", questionText: "<p>全国人大每届任期____年。</p>"))
        #expect(export.xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n  <question type=\"category\">\n    <category><text>$course$/top/测试</text></category>\n    <info format=\"html\"><text>由 kaofa 导出自题库文件 测试.md</text></info>\n  </question>\n"))
        #expect(ExportSummary.moodleScoringNote(export)
                == "注意：1 道多选题、不定项选择题在 Moodle 中按选对的比例得分（每个正确选项 100/k 分，选错任何一项得 0 分）；Moodle 自带的题型不能设为 kaofa 默认的“全部选对才得分”")
    }

    @Test("control characters a bank can hold but XML cannot are removed, and said so; the file stays well-formed")
    func controlCharacters() throws {
        let bank = "---\nlaw: 宪法\n---\n\n## 一、判断题\n\n1. 宪法是\u{0C}根本法\u{01}\u{0C}。 {#XF-0001}\n答案：正确\n"
        let original = ExportRoundTripTests.compile([("Banks/测试.md", Array(bank.utf8))])
        let export = MoodleXMLExport(original, catalog: Support.catalog)
        #expect(Support.lines(export.diagnostics) == ["W0813 7:1 题目 XF-0001 已导出，但 Moodle XML 中没有：控制字符 U+000C、U+0001（XML 中不能出现，已去掉）"])
        let read = try Self.read(export.xml)
        #expect(read.last?.questionText == "<p>宪法是根本法。</p>")
    }
}
