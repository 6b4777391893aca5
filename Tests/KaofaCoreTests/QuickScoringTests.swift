import Foundation
import KaofaRender
import Testing
@testable import KaofaCore

/// The quick lane of scoring regenerated papers must give every sheet it takes exactly what the general lane gives
/// (reader, key, scorer and score-table row), and must leave every sheet with a problem to the general lane.
@Suite("Quick scoring lane")
struct QuickScoringTests {
    /// Blueprints over the sample bank without case items: every 多选 rule (half of 2.25 points too), a 简答 section
    /// waiting for a marker, half points, one without an excellent mark, one that starts with 判断.
    static let blueprints = [
        try! String(contentsOf: TestSupport.repositoryRoot.appendingPathComponent("Blueprints/村(社区)两委法律知识测试.yaml"), encoding: .utf8),
        """
        title: 执法人员测试（按比例）
        audience: 行政执法人员
        duration: 60
        total: 70
        pass: 42
        excellent: 63
        sections:
          - type: 单选题
            count: 10
            points: 2
          - type: 多选题
            count: 6
            points: 5
            scoring: 少选按比例
          - type: 判断题
            count: 10
            points: 1
          - type: 简答题
            count: 1
            points: 10
        """,
        """
        title: 小测
        audience: 行政执法人员
        duration: 30
        total: 18.75
        pass: 11.25
        sections:
          - type: 单选题
            count: 5
            points: 1.5
          - type: 多选题
            count: 5
            points: 2.25
            scoring: 少选得一半
        """,
        """
        title: 领导干部小测
        audience: 领导干部
        duration: 30
        total: 15
        pass: 9
        excellent: 13.5
        sections:
          - type: 判断题
            count: 5
            points: 1
          - type: 多选题
            count: 5
            points: 2
            scoring: 全对得分
        """,
    ]

    static func assemblers() throws -> [PaperAssembler] {
        let bank = BankCompiler.compile(raw: TestSupport.sampleBankFiles(), catalog: TestSupport.catalog, keepSyntax: false).0
        let digest = BankJSON.digest(bank.questions)
        return try blueprints.enumerated().map { index, yaml in
            let blueprint = try #require(AssemblyFixture.blueprint(yaml, path: "quick-\(index).yaml").blueprint)
            let plan = try AssemblyPlan.make(blueprint: blueprint, bank: bank.questions, catalog: TestSupport.catalog).get()
            return PaperAssembler(plan: plan, seed: "quick", bankDigest: digest)
        }
    }

    /// Sheet lines for papers of `assembler`: plain ones in many spellings, and ones with every kind of problem.
    static func lines(_ assembler: PaperAssembler, count: Int, seed: UInt64) throws -> [String] {
        var generator = SplitMix64(seed: seed)
        let trueWords = ["正确", "对", "√", "✓", "是", "T", "true", "TRUE"], falseWords = ["错误", "错", "×", "✗", "否", "F", "x", "False"]
        var lines: [String] = []
        for index in 0..<count {
            let examinee = String(format: "%05d", index)
            let paper = try assembler.paper(for: .examinee(examinee)).get()
            var answers: [(String, [String])] = []
            var number = 0
            for section in paper.sections {
                for item in section.items {
                    number += 1
                    let labels = item.options.map(\.label)
                    let roll = generator.bounded(100)
                    let value: [String]?
                    switch item.question.type {
                    case .trueFalse:
                        let right = item.answer == ["正确"]
                        switch roll {
                        case 0..<10: value = nil
                        case 10..<60: value = [(right ? trueWords : falseWords)[generator.bounded(8)]]
                        case 60..<95: value = [(right ? falseWords : trueWords)[generator.bounded(8)]]
                        default: value = []
                        }
                    case .single, .multiple, .indefinite:
                        switch roll {
                        case 0..<8: value = nil
                        case 8..<40: value = item.answer
                        case 40..<55: value = [item.answer.joined()]
                        case 55..<65: value = [item.answer.joined().lowercased()]
                        case 65..<95:
                            let subset = labels.filter { _ in generator.bounded(2) == 0 }
                            value = subset.isEmpty ? [labels[0]] : subset
                        case 95..<97: value = []
                        default: value = [labels[0], labels[0]]
                        }
                    default:
                        value = roll < 50 ? nil : ["依法行政"]
                    }
                    if let value { answers.append(("\(number)", value)) }
                }
            }
            // One answer in four sheets spelt oddly: some the general lane reads (spaces, commas, full-width letters), some
            // it refuses (a letter the item does not have, a 判断 word for a choice item and letters for a 判断 item …).
            let odd = [["Z"], ["正确"], ["A,B"], ["Ａ"], [""], [" 对"], ["也许"], ["A"], ["正确", "错误"], ["b d"], ["  "]]
            if !answers.isEmpty, generator.bounded(4) == 0 {
                answers[generator.bounded(answers.count)].1 = odd[generator.bounded(odd.count)]
            }
            // Sheet-level variations: most lines plain, some with a problem or an unusual spelling.
            let form = generator.bounded(40)
            var paperID = paper.id, who = examinee
            switch form {
            case 0: paperID = "KF-000000000000"
            case 1: who = String(format: "%05d", index + 1)
            case 2: answers.append(("999", ["A"]))
            case 3: answers.append(("01", ["A"]))
            case 4: if !answers.isEmpty { answers.append(answers[0]) }
            case 5: who = " \(examinee)"
            case 6: answers.shuffle(using: &generator)
            default: break
            }
            func json(_ text: String) -> String { "\"" + text + "\"" }
            var members = answers.map { json($0.0) + ":[" + $0.1.map(json).joined(separator: ",") + "]" }.joined(separator: ",")
            if form == 7 { members = members.replacingOccurrences(of: ":[\"A\"]", with: ":[\"\\u0041\"]") }
            let answersMember = json("answers") + ":{" + members + "}"
            switch form {
            case 8: lines.append("{ \(answersMember) , \"examinee\" : \(json(who)), \"paperId\":\(json(paperID)) }")
            case 9: lines.append("{\"paperId\":\(json(paperID)),\"examinee\":\(json(who)),\(answersMember),\"note\":\"x\"}")
            default: lines.append("{\"paperId\":\(json(paperID)),\"examinee\":\(json(who)),\(answersMember)}")
            }
        }
        return lines
    }

    @Test("every sheet the quick lane scores gets the general lane's score and row; problems go to the general lane")
    func sameAsGeneral() throws {
        for (index, assembler) in try Self.assemblers().enumerated() {
            let quick = try #require(QuickScoring(assembler: assembler))
            let workspace = quick.makeWorkspace()
            let source = ScoringKeySource(assembler: assembler, optionTexts: false)
            let general = source.makeWorkspace()
            var quickCount = 0, generalScored = 0
            for (offset, line) in try Self.lines(assembler, count: 400, seed: UInt64(index)).enumerated() {
                let bytes = Array(line.utf8)
                let fast = bytes.withUnsafeBufferPointer { quick.score(line: $0, in: workspace) }
                let outcome: ScoringRun.Outcome
                switch AnswerSheetReader.sheet(bytes[...], path: "s.jsonl", line: offset + 1, isLast: false) {
                case let .success(sheet):
                    outcome = ScoringRun.scoreOne(sheet, source: source, workspace: general, marks: [:], keepResponses: false)
                case .failure:
                    #expect(fast == nil, "line \(offset + 1) is unreadable but scored quickly: \(line)")
                    continue
                }
                guard case let .scored(scored, _) = outcome else {
                    #expect(fast == nil, "line \(offset + 1) is refused but scored quickly: \(line)")
                    continue
                }
                generalScored += 1
                guard let fast else { continue }
                quickCount += 1
                let titles = source.sectionTitles, numbers = source.itemNumbers
                let person = Examinee(id: scored.sheet.examinee, name: "张三", unit: "司法局")
                #expect(String(decoding: ScoresCSV.row(fast, sectionTitles: titles, itemNumbers: numbers, person: person), as: UTF8.self)
                        == String(decoding: ScoresCSV.row(scored.sheet, key: scored.key, result: scored.result, sectionTitles: titles,
                                                          itemNumbers: numbers, person: person), as: UTF8.self),
                        "line \(offset + 1): \(line)")
                #expect(fast.passed == scored.result.passed && fast.excellent == scored.result.excellent)
                #expect(fast.examinee == scored.sheet.examinee && fast.paperID == scored.sheet.paperID)
            }
            // Most plain sheets take the quick lane; the sheets with odd spellings are still scored, by the general lane.
            #expect(quickCount > 100, "blueprint \(index): \(quickCount) of \(generalScored)")
            #expect(generalScored > quickCount, "blueprint \(index)")
        }
    }

    @Test("a run gives the same rows and problems, in the same order, with the quick lane and without it")
    func runWithAndWithoutQuickLane() throws {
        for (index, assembler) in try Self.assemblers().enumerated() {
            var lines = try Self.lines(assembler, count: 600, seed: UInt64(10 + index))
            // A second sheet of one examinee, the first read by the quick lane and the second (its answer spelt with a
            // space) by the general one; a blank line; a truncated last line.
            let paper = try assembler.paper(for: .examinee("dup")).get()
            lines.insert("{\"paperId\":\"\(paper.id)\",\"examinee\":\"dup\",\"answers\":{\"1\":[\"A\"]}}", at: 2)
            lines.insert("{\"paperId\":\"\(paper.id)\",\"examinee\":\"dup\",\"answers\":{\"1\":[\" A\"]}}", at: 300)
            lines.insert("", at: 10)
            let text = lines.joined(separator: "\n") + "\n" + String(lines[0].prefix(30))
            let bytes = Array(text.utf8)
            let runs = ScoringRun.LineRun.runs(of: bytes, lines: 64)
            let source = ScoringKeySource(assembler: assembler, optionTexts: false)
            let titles = source.sectionTitles, numbers = source.itemNumbers
            let render: @Sendable (ScoringRun.Scored) -> [UInt8] = {
                ScoresCSV.row($0.sheet, key: $0.key, result: $0.result, sectionTitles: titles, itemNumbers: numbers)
            }
            let renderQuick: @Sendable (QuickScore) -> [UInt8] = {
                ScoresCSV.row($0, sectionTitles: titles, itemNumbers: numbers, person: nil)
            }
            var plain = ScoringRun(source: source, marks: []), quick = ScoringRun(source: source, marks: [])
            let expected = plain.score(jsonLines: bytes, path: "s.jsonl", runs: runs, render: render, renderQuick: nil)
            let actual = quick.score(jsonLines: bytes, path: "s.jsonl", runs: runs, render: render, renderQuick: renderQuick)
            #expect(actual.output == expected.output, "blueprint \(index)")
            #expect(actual.diagnostics == expected.diagnostics, "blueprint \(index)")
            #expect(expected.diagnostics.contains { $0.code == .duplicateAnswerSheet && $0.range.start.line == 302 })
            #expect(expected.diagnostics.contains { $0.code == .invalidAnswerSheet && $0.range.start.line == lines.count + 1 })
            #expect((quick.scored, quick.passed, quick.excellent, quick.waiting) == (plain.scored, plain.passed, plain.excellent, plain.waiting))
            #expect(plain.scored > 400)
        }
    }

    @Test("blueprints with case items have no quick lane")
    func caseItems() throws {
        for (_, plan, digest) in try PaperContractTests.plans() {
            let assembler = PaperAssembler(plan: plan, seed: "quick", bankDigest: digest)
            let hasCase = plan.blueprint.sections.contains { $0.type == .caseAnalysis }
            #expect((QuickScoring(assembler: assembler) == nil) == hasCase)
        }
    }
}
