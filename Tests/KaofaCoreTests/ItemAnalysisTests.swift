import Foundation
import KaofaRender
import Testing
@testable import KaofaCore

/// Item analysis on forty hand-made sheets whose every figure is worked out in the comments: twenty strong examinees,
/// twenty weak ones, and question Q2 keyed A although B is right — the strong examinees choose B.
@Suite("Item analysis")
struct ItemAnalysisTests {
    static func key() -> ScoringKey {
        func item(_ number: String, _ id: String, options: [String]) -> ScoringKey.Item {
            ScoringKey.Item(number: number, questionID: id, type: .single,
                            options: options.enumerated().map { ScoringKey.Option(label: ["A", "B", "C"][$0.offset], text: $0.element) },
                            expected: .labels(["A"]), points: Points(hundredths: 100), rule: .allOrNothing, section: 0)
        }
        return ScoringKey(paperID: "KF-000000000001", blueprintID: "测试", title: "测试", examinee: nil,
                          items: [item("1", "Q1", options: ["甲", "乙"]), item("2", "Q2", options: ["子", "丑", "寅"]), item("3", "Q3", options: ["天", "地"])],
                          sections: [ScoringKey.Section(title: "单项选择题", maxPoints: Points(hundredths: 300))],
                          totalPoints: Points(hundredths: 300), passPoints: Points(hundredths: 200), excellentPoints: nil)
    }

    /// Examinees 0–19 answer Q1 and Q3 right and choose B on Q2 (total 2); 20–29 get Q1 and Q3 wrong and choose the
    /// key A on Q2 (total 1); 30–39 get everything wrong, choosing C on Q2 (total 0).
    static func sheets() -> [AnswerSheet] {
        (0..<40).map { index in
            let strong = index < 20
            let answers: [String: [String]] = [
                "1": [strong ? "A" : "B"], "2": [strong ? "B" : index < 30 ? "A" : "C"], "3": [strong ? "A" : "B"],
            ]
            return AnswerSheet(paperID: "KF-000000000001", examinee: "\(index)", answers: answers,
                               origin: SourceRange(file: "s", start: .init(line: index + 1, column: 1), end: .init(line: index + 1, column: 1)))
        }
    }

    @Test("difficulty, discrimination, option shares, flags and KR-20 as worked out by hand")
    func handWorked() throws {
        let (scored, problems) = SheetScoring.score(Self.sheets(), keys: [Self.key()])
        #expect(problems.isEmpty && scored.count == 40)
        let analysis = ItemAnalysis.analyze(scored, keys: [Self.key()])
        #expect(analysis.items.map(\.questionID) == ["Q1", "Q2", "Q3"])
        let (q1, q2) = (analysis.items[0], analysis.items[1])
        // Q1: half right; the upper 27% (11 sheets: totals of 2) all right, the lower 11 (examinee 20 and 30–39) none.
        #expect(q1.presented == 40 && q1.difficulty == 0.5 && q1.discrimination == 1 && q1.flags.isEmpty)
        #expect(q1.options == [.init(text: "甲", correct: true, chosen: 20, share: 0.5), .init(text: "乙", correct: false, chosen: 20, share: 0.5)])
        // Q2: right only for 20–29 (p = 0.25); upper group 0 right, lower group 1 of 11 (examinee 20): D = −1/11.
        #expect(q2.difficulty == 0.25 && abs((q2.discrimination ?? 0) + 1.0 / 11) < 1e-12)
        #expect(q2.flags == [.likelyWrongKey, .negativeDiscrimination])
        #expect(q2.options.map(\.chosen) == [10, 20, 10] && q2.options.map(\.correct) == [true, false, false])
        #expect((q2.pointBiserial ?? 0) < -0.5)
        #expect(analysis.flagged == [1])
        // Σpq = 0.25 + 0.1875 + 0.25 = 0.6875 equals the variance of the totals (0.6875): KR-20 = 1.5 × (1 − 1) = 0.
        #expect(abs((analysis.kr20 ?? 1) - 0) < 1e-12)
        #expect(analysis.alpha != nil)

        let json = AnalysisJSON.document(analysis)
        #expect(json["flagged"]?.arrayValue?.first?["questionId"] == .string("Q2"))
        #expect(json["items"]?.arrayValue?[1]["discrimination"] == .double(-0.0909))
        let instance = try JSONSerialization.jsonObject(with: Data(json.serialized(pretty: false)))
        let validator = SchemaValidator(root: try PaperContractTests.schema("kaofa.analysis.schema.json"))
        #expect(validator.validate(instance).isEmpty, "\(validator.validate(instance).prefix(3))")
    }

    @Test("fewer than twenty sheets with a question: figures, but no flags")
    func smallSamples() {
        let (scored, _) = SheetScoring.score(Array(Self.sheets().prefix(19)), keys: [Self.key()])
        let analysis = ItemAnalysis.analyze(scored, keys: [Self.key()])
        #expect(analysis.items.count == 3 && analysis.flagged.isEmpty)
        // Which is not the same as “nothing needs attention”.
        #expect(analysis.unflaggedVerdict == "答卷太少：每道题不到 20 人次，结论不可靠，没有判断哪些题需要注意。")
        #expect(ItemAnalysis.analyze(SheetScoring.score(Array(Self.sheets().prefix(20)), keys: [Self.key()]).scored, keys: [Self.key()])
            .unflaggedVerdict == "没有需要注意的题。")
        var mixed = analysis
        mixed.items[0].presented = 25
        #expect(mixed.unflaggedVerdict == "没有需要注意的题（只判断了人次不少于 20 的 1 道题，其余 2 道人次太少）。")
    }
}
