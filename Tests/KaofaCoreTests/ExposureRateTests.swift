import Testing
@testable import KaofaCore

/// `exposure: {max_rate: …}`: parsed, estimated per stratum, and refused when a stratum's questions would appear on
/// more papers than the bound allows.
@Suite("Exposure rates")
struct ExposureRateTests {
    /// 4 questions of 宪法 and 12 of 民法典, all 易; papers of 4 single-choice items, half of each law.
    static let bank = AssemblyFixture.bank([("宪法", "易", "单项选择题", 4), ("民法典", "易", "单项选择题", 12)])

    static func blueprint(_ exposure: String) -> String {
        """
        title: 曝光测试
        audience: 领导干部
        duration: 30
        total: 8
        pass: 4
        sections:
          - type: 单选题
            count: 4
            points: 2
        law:
          宪法: 2
          民法典: 2
        \(exposure)
        """
    }

    @Test("max_rate as a percentage or a fraction, alone or with exclude_used; anything else refused", arguments: [
        ("exposure: {max_rate: 30%}", 0.3), ("exposure: {max_rate: 0.45}", 0.45), ("exposure: {max_rate: 100%}", 1.0),
    ])
    func parses(line: String, rate: Double) throws {
        let loaded = AssemblyFixture.blueprint(Self.blueprint(line))
        let exposure = try #require(loaded.blueprint?.exposure, "\(loaded.diagnostics)")
        #expect(exposure.maxRate == rate && exposure.scope == nil)
    }

    @Test("bad max_rate values are errors at the value", arguments: ["0", "150%", "三成", "-0.2"])
    func refuses(value: String) {
        let loaded = AssemblyFixture.blueprint(Self.blueprint("exposure: {max_rate: \(value)}"))
        #expect(loaded.blueprint == nil && loaded.diagnostics.map(\.code) == [.invalidBlueprintValue], "\(loaded.diagnostics)")
        let lonely = AssemblyFixture.blueprint(Self.blueprint("exposure: {last_builds: 2}"))
        #expect(lonely.blueprint == nil)
    }

    @Test("a blueprint without max_rate keeps its digest; with it, the digest changes")
    func digest() throws {
        let plain = try #require(AssemblyFixture.blueprint(Self.blueprint("")).blueprint)
        let bounded = try #require(AssemblyFixture.blueprint(Self.blueprint("exposure: {max_rate: 60%}")).blueprint)
        #expect(plain.digest != bounded.digest)
    }

    @Test("rates are the stratum's count over its questions: 宪法 2 of 4 (50%), 民法典 2 of 12 (17%)")
    func rates() throws {
        let plan = try AssemblyFixture.plan(bank: Self.bank, blueprint: Self.blueprint("")).get()
        let strata = ExposureRates.strata(plan)
        let constitution = try #require(strata.first { $0.lawGroup == "宪法" })
        let civil = try #require(strata.first { $0.lawGroup != "宪法" })
        #expect(constitution.questions == 4 && constitution.meanCount == 2 && constitution.rate == 0.5)
        #expect(civil.questions == 12 && civil.meanCount == 2 && abs(civil.rate - 2.0 / 12) < 1e-12)

        let (highest, problems) = ExposureRates.check(plan, maxRate: 0.3, at: .wholeFile("蓝图.yaml"))
        #expect(highest == 0.5 && problems.map(\.code) == [.exposureRateExceeded])
        #expect(problems.first?.message == "单项选择题·宪法：每份试卷平均要从 4 道题中选 2 道，其中的题最多约出现在 50% 的试卷中，超过曝光率上限 30%")
        #expect(problems.first?.notes.first?.message.contains("至少要有 7 道题") == true)
        #expect(ExposureRates.check(plan, maxRate: 0.5, at: .wholeFile("蓝图.yaml")).diagnostics.isEmpty)
    }
}
