import Foundation
import KaofaRender
import Testing
@testable import KaofaCore

/// The results report on a small hand-made exam whose every figure was counted by hand: ten people in four units
/// under two levels of regions, six examined, one score from someone not on the roster.
@Suite("Results report")
struct ResultsReportTests {
    static let roster = """
        编号,姓名,单位,市,县
        p1,甲一,司法局,A市,甲县
        p2,甲二,司法局,A市,甲县
        p3,甲三,司法局,A市,甲县
        p4,甲四,司法局,A市,甲县
        p5,城一,城管局,A市,甲县
        p6,城二,城管局,A市,甲县
        p7,乙一,司法局,A市,乙县
        p8,乙二,司法局,A市,乙县
        p9,乙三,司法局,A市,乙县
        p10,教一,教育局,B市,丙县

        """
    static let scores = """
        编号,总分,待阅分值,满分
        p1,95,0,100
        p2,60,0,100
        p3,59.5,0,100
        p5,90,0,100
        p6,100,0,100
        p7,30,0,100
        X,80,0,100

        """

    static func report(scores: String = scores, allowPending: Bool = false) throws -> (ResultsReport?, [Diagnostic]) {
        let (enrolment, problems) = EnrolmentReader.csv(roster, path: "名单.csv")
        #expect(problems.isEmpty)
        let table = ScoreTableReader.csv(scores, path: "成绩.csv")
        #expect(table.diagnostics.isEmpty)
        return ResultsReport.compute(title: "测试", enrolment: try #require(enrolment), scores: table.scores,
                                     totalPoints: Points(hundredths: 10_000), passPoints: Points(hundredths: 6_000),
                                     excellentPoints: Points(hundredths: 9_000), allowPending: allowPending)
    }

    static func points(_ value: Double) -> Points { Points(value)! }

    @Test("every figure of every unit, region and the whole exam, as counted by hand")
    func handCounted() throws {
        let (computed, diagnostics) = try Self.report()
        let report = try #require(computed)
        #expect(report.levels == ["市", "县"])
        #expect(diagnostics.map(\.code) == [.unlistedExaminee] && diagnostics[0].range.start.line == 8)
        #expect(report.unlisted.map(\.examinee) == ["X"] && report.unlisted[0].total == Self.points(80))

        typealias F = ResultsReport.Figures
        func figures(_ name: String, _ path: [String], _ level: String?, enrolled: Int, examined: Int, passed: Int, excellent: Int,
                     mean: Double?, min: Double?, max: Double?, median: Double?, bands: [Int]) -> F {
            F(name: name, path: path, level: level, enrolled: enrolled, examined: examined, passed: passed, excellent: excellent,
              meanHundredths: mean, minScore: min.map(Self.points), maxScore: max.map(Self.points), medianHundredths: median, bands: bands)
        }
        #expect(report.units == [
            figures("司法局", ["A市", "甲县"], nil, enrolled: 4, examined: 3, passed: 2, excellent: 1, mean: 21_450.0 / 3,
                    min: 59.5, max: 95, median: 6_000, bands: [0, 0, 0, 0, 0, 1, 1, 0, 0, 1]),
            figures("城管局", ["A市", "甲县"], nil, enrolled: 2, examined: 2, passed: 2, excellent: 2, mean: 9_500,
                    min: 90, max: 100, median: 9_500, bands: [0, 0, 0, 0, 0, 0, 0, 0, 0, 2]),
            figures("司法局", ["A市", "乙县"], nil, enrolled: 3, examined: 1, passed: 0, excellent: 0, mean: 3_000,
                    min: 30, max: 30, median: 3_000, bands: [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]),
            figures("教育局", ["B市", "丙县"], nil, enrolled: 1, examined: 0, passed: 0, excellent: 0, mean: nil,
                    min: nil, max: nil, median: nil, bands: Array(repeating: 0, count: 10)),
        ])
        #expect(report.regions.map(\.name) == ["A市", "甲县", "乙县", "B市", "丙县"])
        #expect(report.regions[0] == figures("A市", [], "市", enrolled: 9, examined: 6, passed: 4, excellent: 3, mean: 43_450.0 / 6,
                                             min: 30, max: 100, median: 7_500, bands: [0, 0, 0, 1, 0, 1, 1, 0, 0, 3]))
        #expect(report.regions[1] == figures("甲县", ["A市"], "县", enrolled: 6, examined: 5, passed: 4, excellent: 3, mean: 8_090,
                                             min: 59.5, max: 100, median: 9_000, bands: [0, 0, 0, 0, 0, 1, 1, 0, 0, 3]))
        #expect(report.overall.enrolled == 10 && report.overall.examined == 6 && report.overall.participationRate == 0.6)
        #expect(report.lowParticipation.map { report.units[$0].name } == ["教育局", "司法局", "司法局"])
        #expect(report.lowParticipation == [3, 2, 0])
        #expect(report.absences.map { $0.absentees.map(\.id) } == [["p4"], ["p8", "p9"], ["p10"]])

        // The JSON: rates to four decimals, scores to two, as documented.
        let json = ReportJSON.document(report)
        let unit = json["units"]?.arrayValue?.first
        #expect(unit?["participationRate"] == .double(0.75) && unit?["passRate"] == .double(0.6667)
                && unit?["excellentRate"] == .double(0.3333) && unit?["meanScore"] == .double(71.5) && unit?["medianScore"] == .int(60))
        #expect(json["regions"]?.arrayValue?.first?["meanScore"] == .double(72.42))
        #expect(json["units"]?.arrayValue?.last?["passRate"] == .null)
        let instance = try JSONSerialization.jsonObject(with: Data(json.serialized(pretty: false)))
        let validator = SchemaValidator(root: try PaperContractTests.schema("kaofa.report.schema.json"))
        #expect(validator.validate(instance).isEmpty, "\(validator.validate(instance).prefix(3))")
        #expect(ReportHTML.percent(1.0 / 3) == "33.33%" && ReportHTML.percent(0.9531) == "95.31%" && ReportHTML.percent(0.05) == "5.00%")
    }

    @Test("a person with two scores, another paper's full marks, and scores waiting for a marker are refused")
    func refusals() throws {
        let doubled = try Self.report(scores: Self.scores + "p1,90,0,100\np4,50,0,120\np8,40,5,100\n")
        #expect(doubled.0 == nil)
        #expect(doubled.1.filter { $0.severity == .error }.map(\.code) == [.duplicateScore, .fullMarksMismatch, .scoresPending])
        let pending = try Self.report(scores: "编号,总分,待阅分值\np1,55,10\n")
        #expect(pending.0 == nil && pending.1.map(\.code) == [.scoresPending])
        let allowed = try Self.report(scores: "编号,总分,待阅分值\np1,55,10\n", allowPending: true)
        #expect(allowed.0?.pendingExaminees == 1 && allowed.0?.overall.examined == 1)
    }

    @Test("roster and score table problems are reported at their lines")
    func badInput() {
        let roster = EnrolmentReader.csv("编号,姓名,单位\n1,张三,司法局\n1,李四,城管局\n2,王五,\n", path: "r.csv")
        #expect(roster.enrolment == nil)
        #expect(roster.diagnostics.map(\.message) == ["编号 1 重复（第 2 行已有）", "第 4 行（编号 2）没有单位"])
        #expect(roster.diagnostics.map(\.range.start.line) == [3, 4])
        let levels = EnrolmentReader.csv("编号,单位,片区\n1,司法局,东\n", path: "r.csv", levels: ["街道"])
        #expect(levels.diagnostics.map(\.message) == ["名单中没有“街道”列（--levels 中的地区层级）"])
        let named = EnrolmentReader.csv("编号,单位,片区\n1,司法局,东\n", path: "r.csv", levels: ["片区"])
        #expect(named.enrolment?.levels == ["片区"] && named.enrolment?.people.first?.path == ["东"])
        let table = ScoreTableReader.csv("编号,成绩\n1,九十\n2,\n3,88\n", path: "s.csv")
        #expect(table.scores.map(\.examinee) == ["3"])
        #expect(table.diagnostics.map(\.message) == ["第 2 行的总分“九十”不是分数", "第 3 行（编号 2）没有总分"])
    }
}
