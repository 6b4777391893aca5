/// How often each question appears on per-examinee papers, and the check of a blueprint's `exposure: {max_rate: …}`.
///
/// A question's exposure rate is the probability that it is on one examinee's paper. Papers are a pure function of
/// (bank, blueprint, seed, examinee), so the rate is a property of the plan, known before any paper is issued:
/// kaofa estimates it by drawing `calibrationPapers` papers for examinees that cannot exist, with a fixed seed.
/// Within a stratum (section × law group × difficulty group) the questions are chosen uniformly, so every question
/// of a stratum has the same rate — the stratum's mean count on a paper over its number of questions — and the
/// estimate uses that mean, which is far steadier than counting single questions. Required questions are on every
/// paper and are not bounded.
public enum ExposureRates {
    public static let calibrationPapers = 2_000
    static let calibrationSeed = "kaofa-exposure-calibration"

    /// A stratum whose questions appear more often than the bound allows.
    public struct Stratum: Sendable, Equatable {
        public var section: String
        public var lawGroup: String
        public var difficultyGroup: String
        /// Questions of the stratum that may be drawn.
        public var questions: Int
        /// The mean number of them on a paper.
        public var meanCount: Double
        /// The rate of its questions: the highest of its cells (cells split a stratum by what they cover).
        public var highestCellRate: Double
        public var rate: Double { highestCellRate }
        /// How many questions the stratum needs for its rate to be within `maxRate`.
        public func questionsNeeded(for maxRate: Double) -> Int { Int((meanCount / maxRate).rounded(.up)) }
    }

    /// Every stratum with questions to draw from, with its estimated rate.
    public static func strata(_ plan: AssemblyPlan, papers: Int = calibrationPapers) -> [Stratum] {
        let assembler = PaperAssembler(plan: plan, seed: calibrationSeed, bankDigest: "")
        let workspace = assembler.makeWorkspace()
        var cellOf = Array(repeating: -1, count: plan.questions.count)
        for (cell, members) in plan.cellMembers.enumerated() { for member in members { cellOf[member] = cell } }
        var drawnPerCell = Array(repeating: 0, count: plan.cellMembers.count)
        var drawnPapers = 0
        for index in 0..<papers {
            // Ids with a character a roster cannot hold, so no real examinee's paper is among them.
            guard let drawn = try? assembler.draw(.examinee("\u{0}exposure-\(index)"), in: workspace) else { continue }
            drawnPapers += 1
            for question in drawn.questions where cellOf[question] >= 0 { drawnPerCell[cellOf[question]] += 1 }
        }
        // Cells that differ only in what they cover for `must_cover` are one stratum to a teacher: merged, keeping the
        // highest rate of their cells.
        var strata: [Stratum] = []
        var index: [String: Int] = [:]
        for cell in plan.cellMembers.indices {
            let members = plan.cellMembers[cell]
            guard let first = members.first, drawnPapers > 0 else { continue }
            let question = plan.questions[first]
            let section = plan.sectionIndex(of: question.type).map { plan.blueprint.sections[$0].title } ?? question.type.chineseName
            let law = plan.lawGroupNames[plan.questionLawGroup[first]], difficulty = plan.difficultyGroupNames[plan.questionDifficultyGroup[first]]
            let mean = Double(drawnPerCell[cell]) / Double(drawnPapers)
            let name = "\(section)\u{0}\(law)\u{0}\(difficulty)"
            if let existing = index[name] {
                strata[existing].questions += members.count
                strata[existing].meanCount += mean
                strata[existing].highestCellRate = max(strata[existing].highestCellRate, mean / Double(members.count))
            } else {
                index[name] = strata.count
                strata.append(Stratum(section: section, lawGroup: law, difficultyGroup: difficulty, questions: members.count,
                                      meanCount: mean, highestCellRate: mean / Double(members.count)))
            }
        }
        return strata
    }

    /// The strata over `maxRate`, each as an error at the rule; none when the bound holds.
    public static func check(_ plan: AssemblyPlan, maxRate: Double, at range: SourceRange) -> (highest: Double, diagnostics: [Diagnostic]) {
        let all = strata(plan)
        let highest = all.map(\.rate).max() ?? 0
        let diagnostics = all.filter { $0.rate > maxRate }.sorted { ($0.rate, $0.section, $0.lawGroup) > ($1.rate, $1.section, $1.lawGroup) }.map { stratum in
            // Groups without a quota are one group, 全部: not worth naming.
            let named = [stratum.section, stratum.lawGroup, stratum.difficultyGroup == "全部" ? "全部" : "难度\(stratum.difficultyGroup)"].filter { $0 != "全部" }
            return Diagnostic(.exposureRateExceeded,
                       "\(named.joined(separator: "·"))：每份试卷平均要从 \(stratum.questions) 道题中选 \(percentless(stratum.meanCount)) 道，"
                           + "其中的题最多约出现在 \(percent(stratum.rate)) 的试卷中，超过曝光率上限 \(percent(maxRate))",
                       at: range,
                       notes: [.help("在这一层（\(named.joined(separator: "、"))）至少要有 \(stratum.questionsNeeded(for: maxRate)) 道题；"
                                     + "或者调低相应的法律、难度配额，或者提高 max_rate")])
        }
        return (highest, diagnostics)
    }

    public static func percent(_ rate: Double) -> String {
        let tenths = Int((rate * 1000).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)%" : "\(tenths / 10).\(tenths % 10)%"
    }

    static func percentless(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }
}
