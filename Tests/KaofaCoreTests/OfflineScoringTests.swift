import Foundation
import KaofaRender
import Testing
@testable import KaofaCore

/// Offline scoring: the JSON reader, keys read back from the files `kaofa build` writes, answer sheets from JSON Lines
/// and CSV, and a batch of sheets in which every bad sheet is refused at its line.
@Suite("Offline scoring")
struct OfflineScoringTests {
    // MARK: JSON reader

    @Test("reads what Foundation reads, member order kept", arguments: [
        #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#,
        #"[1.5,-2,0,1e3,-0.25E-2,"\u4e2d\u6587","\ud83d\ude00","a\"b\\c\/d\n\t"]"#,
        #"  {"答案":["正确"], "空":[]}  "#,
        "\"\"", "0", "[]", "{}",
    ])
    func readsJSON(text: String) throws {
        let value = try JSONReader.read(Array(text.utf8)).get()
        let mine = try JSONSerialization.jsonObject(with: Data(value.serialized(pretty: false)), options: [.fragmentsAllowed])
        let theirs = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        #expect(NSDictionary(dictionary: ["v": mine]).isEqual(to: ["v": theirs]))
    }

    @Test("keeps members in document order")
    func memberOrder() throws {
        let value = try JSONReader.read(Array(#"{"z":1,"a":2,"m":3}"#.utf8)).get()
        guard case let .object(members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.0) == ["z", "a", "m"])
    }

    @Test("refuses malformed JSON at the offending byte", arguments: [
        (#"{"a":1"#, 6, "JSON 不完整：对象没有结束"),
        (#"{"a" 1}"#, 5, "键名后面应当是冒号 “:”"),
        (#"[1,]"#, 3, "这里应当是一个 JSON 值（对象、数组、字符串、数字、true、false 或 null）"),
        (#""abc"#, 4, "JSON 不完整：字符串没有结束（缺少右引号）"),
        (#""\x""#, 1, #"无效的转义 \x"#),
        (#""\ud83d""#, 7, #"\u 转义是不成对的代理项"#),
        (#"01"#, 0, "数字不能以 0 开头"),
        (#"{} x"#, 3, "JSON 值后面还有多余的内容"),
        (#"tru"#, 0, "这里应当是 true"),
    ])
    func refusesMalformed(text: String, offset: Int, message: String) {
        guard case let .failure(failure) = JSONReader.read(Array(text.utf8)) else {
            Issue.record("\(text) was read")
            return
        }
        #expect(failure == JSONReader.Failure(offset: offset, message: message))
    }

    @Test("limits nesting instead of exhausting the stack")
    func nesting() {
        let deep = String(repeating: "[", count: 100_000)
        guard case let .failure(failure) = JSONReader.read(Array(deep.utf8)) else {
            Issue.record("read")
            return
        }
        #expect(failure.message == "JSON 嵌套超过 64 层")
        #expect((try? JSONReader.read(Array((String(repeating: "[", count: 64) + String(repeating: "]", count: 64)).utf8)).get()) != nil)
    }

    @Test("refuses a string that is not UTF-8")
    func invalidUTF8() {
        guard case let .failure(failure) = JSONReader.read([0x22, 0xC4, 0xE3, 0x22]) else {
            Issue.record("read")
            return
        }
        #expect(failure.message == "字符串不是有效的 UTF-8 文本")
    }

    // MARK: Keys from files

    @Test("the key read from paper and key JSON is the key of the assembled paper, for every sample paper")
    func keysFromFiles() throws {
        for (name, plan, digest) in try PaperContractTests.plans() {
            let assembler = PaperAssembler(plan: plan, seed: "offline", bankDigest: digest)
            for subject in [Randomness.Subject.variant("A"), .examinee("2026-01")] {
                let paper = try assembler.paper(for: subject).get()
                let paperJSON = try JSONReader.read(PaperJSON.document(paper, catalog: TestSupport.catalog)).get()
                let keyJSON = try JSONReader.read(KeyJSON.document(paper, catalog: TestSupport.catalog)).get()
                let read = try ScoringKey.read(paper: paperJSON, key: keyJSON).get()
                #expect(read == ScoringKey(paper: paper), "\(name) \(subject)")
                #expect(read.items.count >= paper.items.count)
            }
        }
    }

    @Test("keys regenerated from the bank are the keys of the assembled papers")
    func regeneratedKeys() throws {
        for (name, plan, digest) in try PaperContractTests.plans() {
            let assembler = PaperAssembler(plan: plan, seed: "regenerate", bankDigest: digest)
            let source = ScoringKeySource(assembler: assembler)
            let workspace = source.makeWorkspace()
            for index in 0..<20 {
                let paper = try assembler.paper(for: .examinee("R\(index)")).get()
                let sheet = AnswerSheet(paperID: paper.id, examinee: "R\(index)", answers: [:], origin: .wholeFile("s"))
                #expect(try source.key(for: sheet, in: workspace).get() == ScoringKey(paper: paper), "\(name) R\(index)")
                let wrong = AnswerSheet(paperID: paper.id, examinee: "R\(index + 100)", answers: [:], origin: .wholeFile("s"))
                #expect((try? source.key(for: wrong, in: workspace).get()) == nil)
            }
            let numbers = Set(source.itemNumbers)
            let paper = try assembler.paper(for: .examinee("R0")).get()
            #expect(ScoringKey(paper: paper).items.allSatisfy { numbers.contains($0.number) }, "\(name)")
        }
    }

    @Test("a key that belongs to another paper, or that was edited, is refused with the file at fault")
    func mismatchedKey() throws {
        let (_, plan, digest) = try #require(try PaperContractTests.plans().first)
        let assembler = PaperAssembler(plan: plan, seed: "offline", bankDigest: digest)
        let a = try assembler.paper(for: .variant("A")).get(), b = try assembler.paper(for: .variant("B")).get()
        let paperA = try JSONReader.read(PaperJSON.document(a, catalog: TestSupport.catalog)).get()
        let keyB = try JSONReader.read(KeyJSON.document(b, catalog: TestSupport.catalog)).get()
        #expect(ScoringKey.read(paper: paperA, key: keyB) == .failure(.init(file: .key, message: "答案属于试卷 \(b.id)，不是 \(a.id)")))

        var edited = String(decoding: KeyJSON.document(a, catalog: TestSupport.catalog), as: UTF8.self)
        let firstID = try #require(a.items.first?.question.id)
        edited = edited.replacingOccurrences(of: "\"id\": \"\(firstID)\"", with: "\"id\": \"X-9999\"")
        let keyEdited = try JSONReader.read(Array(edited.utf8)).get()
        #expect(ScoringKey.read(paper: paperA, key: keyEdited)
            == .failure(.init(file: .key, message: "第 1 题在试卷上是 \(firstID)，在答案中是 X-9999")))
    }

    // MARK: Sheets

    @Test("JSON Lines: BOM, CRLF and blank lines are fine; each bad line is reported with its line and why")
    func jsonLines() {
        let text = "\u{FEFF}{\"paperId\":\"KF-000000000001\",\"examinee\":\"1\",\"answers\":{\"1\":[\"A\"]}}\r\n\n"
            + "{\"paperId\":\"KF-000000000001\",\"examinee\":\"2\",\"answers\":{\"1\":\"A\"}}\n"
            + "[1]\n"
            + "{\"paperId\":\"KF-000000000001\",\"examinee\":\"3\",\"answers\":{},\"extra\":1}\n"
            + "{\"paperId\":\"KF-000000000001\",\"examinee\":\"4\",\"answers\":{\"1\":[\"B\""
        let (sheets, diagnostics) = AnswerSheetReader.jsonLines(Array(text.utf8), path: "r.jsonl")
        #expect(sheets == [AnswerSheet(paperID: "KF-000000000001", examinee: "1", answers: ["1": ["A"]],
                                       origin: SourceRange(file: "r.jsonl", start: .init(line: 1, column: 1), end: .init(line: 1, column: 1)))])
        #expect(diagnostics.map(\.range.start.line) == [3, 4, 5, 6])
        #expect(diagnostics.allSatisfy { $0.code == .invalidAnswerSheet })
        #expect(diagnostics[0].message == "第 3 行的答卷有误：第 1 题的答案应当是字符串数组，如 [\"A\"]、[\"B\",\"D\"]、[\"正确\"]")
        #expect(diagnostics[1].message == "第 4 行应当是一个 JSON 对象")
        #expect(diagnostics[2].message == "第 5 行的答卷有误：未知的键 “extra”")
        #expect(diagnostics[3].message == "第 6 行不是有效的 JSON：JSON 不完整：数组没有结束")
        #expect(diagnostics[3].notes.contains { $0.message.contains("被截断") })
    }

    @Test("the fast scanner and the full reader read the same sheets: spacing, key order, escapes, empty answers")
    func scanner() {
        let lines = [
            #"{"paperId":"KF-000000000001","examinee":"1","answers":{"1":["A"],"2":["B","D"],"43.1":["正确"]}}"#,
            #"  { "answers" : { "3" : [ "人民" , "全国人大" ] , "4":[] } , "examinee" : " 2 " , "paperId" : "KF-000000000001" }  "#,
            #"{"paperId":"KF-000000000001","examinee":"3","answers":{"5":["引号\"和\\反斜杠"],"6":["\u4e2d"]}}"#,
            #"{"paperId":"KF-000000000001","examinee":"4","answers":{}}"#,
        ]
        let (sheets, diagnostics) = AnswerSheetReader.jsonLines(Array(lines.joined(separator: "\n").utf8), path: "r")
        #expect(diagnostics.isEmpty)
        #expect(sheets.map(\.examinee) == ["1", "2", "3", "4"])
        #expect(sheets[0].answers == ["1": ["A"], "2": ["B", "D"], "43.1": ["正确"]])
        #expect(sheets[1].answers == ["3": ["人民", "全国人大"], "4": []])
        #expect(sheets[2].answers == ["5": ["引号\"和\\反斜杠"], "6": ["中"]])
        #expect(sheets[3].answers == [:])
        #expect(SheetScanner.scan(Array(lines[2].utf8)[...]) == nil)  // escapes take the full reader
        #expect(SheetScanner.scan(Array(lines[1].utf8)[...]) != nil)
    }

    @Test("CSV sheets: item columns by printed number, 第n题 headers, empty cells unanswered, a broken row reported")
    func csvSheets() {
        let text = "\u{FEFF}编号,姓名,试卷编号,第1题,2,43.1\r\n"
            + "001,张三,KF-000000000001,A,\"B,D\",\r\n"
            + "002,李四,KF-000000000002,,正确,C\r\n"
            + "003,王五,,A,B,C\r\n"
            + "004,赵六,KF-000000000001,A,B,C,D\r\n"
        let (sheets, diagnostics) = AnswerSheetReader.csv(text, path: "s.csv")
        #expect(sheets.map(\.examinee) == ["001", "002"])
        #expect(sheets[0].answers == ["1": ["A"], "2": ["B,D"]])
        #expect(sheets[1].answers == ["2": ["正确"], "43.1": ["C"]])
        // The names written on the sheets are kept for the score table (there is no 单位 column here).
        #expect(sheets.map(\.person) == [Examinee(id: "001", name: "张三"), Examinee(id: "002", name: "李四")])
        #expect(diagnostics.map(\.message) == ["第 4 行缺少试卷编号", "第 5 行有 7 列，表头只有 6 列"])
        let unnamed = AnswerSheetReader.csv("编号,试卷编号,单位,1\n001,KF-000000000001,延庆区司法局,A\n002,KF-000000000001,,B\n", path: "s.csv")
        #expect(unnamed.sheets.map(\.person) == [Examinee(id: "001", unit: "延庆区司法局"), nil])

        let badHeader = AnswerSheetReader.csv("编号,试卷编号,一\n1,KF-000000000001,A\n", path: "s.csv")
        #expect(badHeader.sheets.isEmpty && badHeader.diagnostics.map(\.message) == ["表头第 3 列“一”不是题号"])
        let noPaper = AnswerSheetReader.csv("编号,1\n1,A\n", path: "s.csv")
        #expect(noPaper.diagnostics.map(\.message) == ["答卷表缺少“编号”或“试卷编号”列"])
    }

    @Test("a batch refuses unknown papers, someone else's paper, a second sheet and a sheet that does not fit; the rest is scored")
    func batch() throws {
        let (_, plan, digest) = try #require(try PaperContractTests.plans().first)
        let assembler = PaperAssembler(plan: plan, seed: "batch", bankDigest: digest)
        let mine = try assembler.paper(for: .examinee("001")).get(), shared = try assembler.paper(for: .variant("A")).get()
        let keys = [ScoringKey(paper: mine), ScoringKey(paper: shared)]
        func sheet(_ paper: String, _ examinee: String, _ answers: [String: [String]], line: Int) -> AnswerSheet {
            AnswerSheet(paperID: paper, examinee: examinee, answers: answers,
                        origin: SourceRange(file: "r", start: .init(line: line, column: 1), end: .init(line: line, column: 1)))
        }
        let firstKey = mine.items[0].answer
        let sheets = [
            sheet(mine.id, "001", ["1": firstKey], line: 1),
            sheet(shared.id, "002", ["1": shared.items[0].answer], line: 2),
            sheet("KF-ffffffffffff", "003", [:], line: 3),
            sheet(mine.id, "004", [:], line: 4),
            sheet(shared.id, "001", [:], line: 5),
            sheet(shared.id, "005", ["999": ["A"]], line: 6),
        ]
        let (scored, diagnostics) = SheetScoring.score(sheets, keys: keys)
        #expect(scored.map(\.sheet.examinee) == ["001", "002"])
        #expect(scored[0].result.objective == (mine.items[0].points ?? mine.sections[0].pointsEach))
        #expect(diagnostics.map(\.code) == [.unknownPaper, .wrongExaminee, .duplicateAnswerSheet, .answerSheetMismatch])
        #expect(diagnostics.map(\.range.start.line) == [3, 4, 5, 6])
        #expect(diagnostics[2].notes.first?.range?.start.line == 1)
        #expect(diagnostics[3].message == "考生 005 的答卷与试卷 \(shared.id) 对不上：试卷上没有第 999 题")
    }

    @Test("blanks typed into one cell are split at ；")
    func blanksInOneCell() throws {
        let key = ScoringKey(paper: try ScorerTests.paper(rule: "全对得分"))
        let blank = try #require(key.items.first { $0.type == .fillBlank })
        let result = try Scorer.score(key, answers: [blank.number: ["人民；全国人大和地方各级人大"]]).get()
        #expect(result.items.first { $0.number == blank.number }?.outcome == .correct)
        let half = try Scorer.score(key, answers: [blank.number: ["；全国人大和地方各级人大"]]).get()
        #expect(half.items.first { $0.number == blank.number }?.outcome == .partial)
    }
}
