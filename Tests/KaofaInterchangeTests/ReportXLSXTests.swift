import Foundation
import KaofaCore
import KaofaRender
import Testing
@testable import KaofaInterchange

/// report.xlsx read back holds the figures of report.json: counts equal, rates as percentages of the same fractions.
@Suite("Report workbook")
struct ReportXLSXTests {
    static let roster = """
        编号,姓名,单位,市,县
        p1,甲一,司法局,A市,甲县
        p2,甲二,司法局,A市,甲县
        p3,甲三,司法局,A市,甲县
        p4,乙一,城管局,A市,乙县
        p5,丙一,教育局,B市,丙县

        """
    static let scores = "编号,总分\np1,95\np2,59.5\np4,72\np5,90\nX,10\n"

    @Test("every unit and region row of the workbook matches report.json; sheets in order; the GBK roster reads the same")
    func roundTrip() throws {
        let rosterRows = try TableInput.rows(Array(Self.roster.utf8), path: "名单.csv").get()
        let (enrolment, problems) = EnrolmentReader.read(rosterRows, path: "名单.csv")
        #expect(problems.isEmpty)
        let scores = ScoreTableReader.read(try TableInput.rows(Array(Self.scores.utf8), path: "成绩.csv").get(), path: "成绩.csv")
        let people = try #require(enrolment)
        let computed = ResultsReport.compute(title: "测试", enrolment: people, scores: scores.scores, totalPoints: Points(hundredths: 10_000),
                                             passPoints: Points(hundredths: 6_000), excellentPoints: Points(hundredths: 9_000))
        let report = try #require(computed.report)
        var workbook = try XLSXWorkbook(bytes: try ReportXLSX.workbook(report))
        #expect(workbook.sheets.map(\.name) == ["汇总", "按市", "按县", "按单位", "提示名单", "缺考人员", "名单以外"])
        let json = ReportJSON.document(report)
        func number(_ value: JSONValue?) -> Double? {
            switch value {
            case let .int(n)?: Double(n)
            case let .double(d)?: d
            default: nil
            }
        }
        let units = try workbook.table(sheet: "按单位").rows
        #expect(units.count == 1 + report.units.count)
        #expect(units[0].cells == ["市", "县", "单位", "应考人数", "实考人数", "参考率（%）", "及格人数", "及格率（%）", "优秀人数", "优秀率（%）", "平均分", "最高分", "最低分", "中位数"])
        for (row, unit) in zip(units.dropFirst(), json["units"]?.arrayValue ?? []) {
            #expect(row.cells[2] == unit["name"]?.stringValue)
            #expect(Double(row.cells[3]) == number(unit["enrolled"]) && Double(row.cells[4]) == number(unit["examined"]))
            // Percentages with two decimals are the four-decimal fractions of the JSON times 100.
            #expect(abs(Double(row.cells[5])! - number(unit["participationRate"])! * 100) < 1e-9, "\(row.cells)")
            if let passRate = number(unit["passRate"]) { #expect(abs(Double(row.cells[7])! - passRate * 100) < 1e-9) }
            if let mean = number(unit["meanScore"]) { #expect(Double(row.cells[10]) == mean) }
        }
        let counties = try workbook.table(sheet: "按县").rows
        #expect(counties.dropFirst().map { $0.cells[1] } == ["甲县", "乙县", "丙县"] && counties.dropFirst().map { $0.cells[0] } == ["A市", "A市", "B市"])
        #expect(try workbook.table(sheet: "缺考人员").rows.dropFirst().map { $0.cells[3] } == ["p3"])
        #expect(try workbook.table(sheet: "名单以外").rows.dropFirst().map(\.cells) == [["X", "10"]])

        // The same roster saved by Excel on Chinese Windows (GBK) reads the same.
        let gbk: [UInt8] = [177, 224, 186, 197, 44, 181, 165, 206, 187, 10, 112, 49, 44, 203, 190, 183, 168, 190, 214, 10]  // 编号,单位 / p1,司法局
        #expect(try TableInput.rows(gbk, path: "名单.csv").get() == TableInput.rows(Array("编号,单位\np1,司法局\n".utf8), path: "名单.csv").get())
        // Byte for byte the same workbook twice.
        #expect(try ReportXLSX.workbook(report) == ReportXLSX.workbook(report))
    }
}
