import Foundation
import KaofaRender
import Testing
@testable import KaofaCore

/// Scoring an answer sheet: the key scores full marks, 多选 partial credit follows the blueprint's rule, blanks
/// accept every written form after width and spacing are folded, written items wait for a marker, and a sheet that
/// does not fit its paper is refused with every problem named.
@Suite("Scoring")
struct ScorerTests {
    /// Every objective number of `paper` answered from its key (`"43.1"` for case parts).
    static func keyAnswers(_ paper: Paper) -> [String: [String]] {
        var answers: [String: [String]] = [:]
        for item in paper.items {
            if item.question.type == .caseAnalysis {
                for part in item.parts where part.question.type != .shortAnswer { answers["\(item.number).\(part.number)"] = part.answer }
            } else if item.question.type != .shortAnswer {
                answers["\(item.number)"] = item.answer
            }
        }
        return answers
    }

    @Test("the key scores every objective point of each sample paper; written items wait for a marker")
    func keyScoresFull() throws {
        for (name, plan, digest) in try PaperContractTests.plans() {
            let paper = try PaperAssembler(plan: plan, seed: "score", bankDigest: digest).paper(for: .examinee("9")).get()
            let result = try Scorer.score(paper, answers: Self.keyAnswers(paper)).get()
            #expect(result.maxPoints == paper.totalPoints, "\(name)")
            #expect(result.objective + result.pendingPoints == paper.totalPoints, "\(name)")
            #expect(result.items.allSatisfy { $0.outcome == .correct || $0.outcome == .needsMarking }, "\(name)")
            #expect(result.sections.map(\.maxPoints) == paper.sections.map(\.points))
            #expect(result.passed == true || result.objective < paper.passPoints)

            let empty = try Scorer.score(paper, answers: [:]).get()
            #expect(empty.objective == .zero && empty.items.allSatisfy { $0.outcome == .unanswered || $0.outcome == .needsMarking })
            // Nothing answered: failing is certain only if the written items cannot reach the pass mark alone.
            #expect(empty.passed == (empty.pendingPoints < paper.passPoints ? false : nil), "\(name)")
        }
    }

    static let bank = TestSupport.bank(section: "多项选择题", question: """
        1. 下列属于国家机构的有（  ）。 {#S-1}
        A. 全国人民代表大会
        B. 国务院
        C. 中国共产党
        D. 人民法院
        答案：ABD

        ## 填空题

        2. 中华人民共和国的一切权力属于____，行使国家权力的机关是____。 {#S-2}
        答案：人民；全国人民代表大会和地方各级人民代表大会/全国人大和地方各级人大

        ## 判断题

        3. 宪法是国家的根本法。 {#S-3}
        答案：正确
        """)

    static func paper(rule: String) throws -> Paper {
        let plan = try AssemblyFixture.plan(bank: bank, blueprint: """
            title: 计分测试
            audience: 村两委
            duration: 10
            total: 10
            pass: 6
            shuffle: false
            sections:
              - type: 多选题
                count: 1
                points: 4
                scoring: \(rule)
              - type: 填空题
                count: 1
                points: 4
              - type: 判断题
                count: 1
                points: 2
            """).get()
        return try PaperAssembler(plan: plan, seed: "rules", bankDigest: "0").paper(for: .variant("A")).get()
    }

    @Test("多选: all right scores; a correct subset scores by the rule; any wrong label scores nothing", arguments: [
        ("全对得分", ["A", "B", "D"], 400), ("全对得分", ["A", "B"], 0), ("少选得一半", ["A", "B"], 200), ("少选得一半", ["A"], 200),
        ("少选按比例", ["A", "B"], 266), ("少选按比例", ["D"], 133), ("少选按比例", ["A", "B", "C"], 0), ("少选得一半", ["A", "C"], 0),
        ("全对得分", ["ABD"], 400), ("全对得分", ["a", "b", "ｄ"], 400),
    ])
    func multipleRules(rule: String, chosen: [String], hundredths: Int) throws {
        let paper = try Self.paper(rule: rule)
        let result = try Scorer.score(paper, answers: ["1": chosen]).get()
        #expect(result.items[0].points.hundredths == hundredths, "\(rule) \(chosen)")
        #expect(result.items[0].outcome == (hundredths == 400 ? .correct : hundredths == 0 ? .wrong : .partial))
    }

    @Test("填空: each blank a share, any accepted form, width and spacing folded; 判断: 正确/对/√")
    func blanksAndTrueFalse() throws {
        let paper = try Self.paper(rule: "全对得分")
        let full = try Scorer.score(paper, answers: ["2": [" 人民 ", "全国人大和地方各级人大"], "3": ["√"]]).get()
        #expect(full.items[1].outcome == .correct && full.items[1].points.hundredths == 400)
        #expect(full.items[2].outcome == .correct && full.items[2].points.hundredths == 200)
        let half = try Scorer.score(paper, answers: ["2": ["人民", "国务院"], "3": ["错"]]).get()
        #expect(half.items[1].outcome == .partial && half.items[1].points.hundredths == 200)
        #expect(half.items[2].outcome == .wrong)
        #expect(half.objective.hundredths == 200 && half.passed == false)
    }

    @Test("a sheet that does not fit its paper is refused, every problem named", arguments: [
        (["9": ["A"]], "9"), (["1": ["E"]], "1"), (["3": ["也许"]], "3"), (["3": ["正确", "错误"]], "3"),
        (["2": ["人民", "全国人大", "多余"]], "2"), (["一": ["A"]], "一"), (["1.1": ["A"]], "1.1"),
    ])
    func refused(answers: [String: [String]], item: String) throws {
        let paper = try Self.paper(rule: "全对得分")
        guard case let .failure(rejection) = Scorer.score(paper, answers: answers) else {
            Issue.record("\(answers) was scored")
            return
        }
        #expect(rejection.problems.map(\.item) == [item], "\(rejection)")
        #expect(rejection.problems.allSatisfy { !$0.message.isEmpty })
    }

    @Test("the score document conforms to kaofa.score/1; the sheet example to kaofa.response")
    func contracts() throws {
        let score = SchemaValidator(root: try PaperContractTests.schema("kaofa.score.schema.json"))
        for (name, plan, digest) in try PaperContractTests.plans() {
            let paper = try PaperAssembler(plan: plan, seed: "contract", bankDigest: digest).paper(for: .examinee("1")).get()
            var answers = Self.keyAnswers(paper)
            answers.removeValue(forKey: "2")
            let result = try Scorer.score(paper, answers: answers).get()
            let document = ScoreJSON.document(result, paper: paper, examinee: "1").serialized(pretty: false)
            let instance = try JSONSerialization.jsonObject(with: Data(document))
            #expect(score.validate(instance).isEmpty, "\(name): \(score.validate(instance).prefix(3))")
            let text = String(decoding: document, as: UTF8.self)
            #expect(!text.contains("\"answer") && text.contains("\"outcome\":\"unanswered\""))
        }
        let response = try PaperContractTests.schema("kaofa.response.schema.json")
        let validator = SchemaValidator(root: response)
        for example in (response as? [String: Any])?["examples"] as? [Any] ?? [] {
            #expect(validator.validate(example).isEmpty, "\(validator.validate(example))")
        }
        #expect(!validator.validate(["examinee": "1", "answers": ["1": "A"]]).isEmpty)
    }

    @Test("case parts are numbered 43.1, and 43-1, 43(1), 43（1） mean the same")
    func numbers() {
        #expect(Scorer.canonicalNumber("43.1") == "43.1" && Scorer.canonicalNumber("43-1") == "43.1")
        #expect(Scorer.canonicalNumber("43(1)") == "43.1" && Scorer.canonicalNumber("43（1）") == "43.1")
        #expect(Scorer.canonicalNumber(" 7 ") == "7" && Scorer.canonicalNumber("07") == "7")
        #expect(Scorer.canonicalNumber("x") == nil && Scorer.canonicalNumber("1.2.3") == nil && Scorer.canonicalNumber("0") == nil)
    }
}
